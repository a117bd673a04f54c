import ArgumentParser
import Foundation
import LessonKit

/// The `tutor` command: learn self-attention step by step.
@main
struct Tutor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tutor",
        abstract: "Learn how self-attention works, one runnable step at a time.",
        version: TutorVersion.current,
        subcommands: [List.self, Run.self, Quiz.self, Check.self, Exec.self, Export.self, Repl.self]
    )

    /// ArgumentParser's `main`, with the standard streams readied first and its help, version
    /// and error text written through `printOut`/`printError`, whose failures are seen.
    static func main() {
        Streams.prepare()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code.isSuccess { printOut(message) } else { printError(message) }
            }
            Foundation.exit(code.rawValue)
        }
    }
}
