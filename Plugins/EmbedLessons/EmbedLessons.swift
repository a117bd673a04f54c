import Foundation
import PackagePlugin

/// Builds the package's `Lessons/*.md` into the target as Swift source, so the `tutor`
/// binary carries its lessons and runs from anywhere, with no folder beside it.
@main
struct EmbedLessons: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let lessons = context.package.directoryURL.appending(path: "Lessons")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: lessons.path())) ?? []
        let inputs = names.filter { $0.hasSuffix(".md") }.sorted().map { lessons.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedLessons.swift")
        return [.buildCommand(
            displayName: "Embedding \(inputs.count) lessons",
            executable: try context.tool(named: "EmbedLessonsTool").url,
            arguments: [output.path()] + inputs.map { $0.path() },
            // Listing every lesson as an input rebuilds the source whenever one changes.
            inputFiles: inputs,
            outputFiles: [output]
        )]
    }
}
