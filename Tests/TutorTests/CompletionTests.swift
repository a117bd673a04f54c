import Foundation
import Testing

/// Shell completion: lesson numbers for the lesson commands, files for scripts and outputs,
/// folders for --lessons.
@Suite struct CompletionTests {
    /// The numbers of the lesson files in a folder, as `tutor list` counts them.
    func numbers(in dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .compactMap { name in name.hasSuffix(".md") ? name.split(separator: "-").first.flatMap { Int($0) } : nil }
            .sorted().map(String.init)
    }

    @Test(arguments: ["run", "quiz", "export", "repl", "check"])
    func lessonNumbersComplete(_ command: String) throws {
        let lessons = ExportCommandTests.lessonsDirectory
        let run = try TutorBinary.run(["---completion", command, "--", "positional@0", "4", "0",
                                       "tutor", command, "--lessons", lessons.path, ""])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n").map(String.init) == (try numbers(in: lessons)))
    }

    @Test func theScriptOffersFilesAndFolders() throws {
        let run = try TutorBinary.run(["--generate-completion-script", "bash"])
        #expect(run.status == 0)
        // exec completes .py files; --lessons folders; -o and --answers any file.
        #expect(run.stdout.contains("-fX '!*.@(py)'"))
        #expect(run.stdout.contains("---completion run -- positional@0"))
        let lessonsCase = run.stdout.components(separatedBy: "'--lessons')").dropFirst().first ?? ""
        #expect(lessonsCase.prefix(120).contains("-d"), "\(lessonsCase.prefix(120))")
    }
}
