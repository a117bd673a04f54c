import ArgumentParser
import LessonKit

/// The `tutor` command: learn self-attention step by step.
@main
struct Tutor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tutor",
        abstract: "Learn how self-attention works, one runnable step at a time.",
        version: TutorVersion.current,
        subcommands: [List.self, Run.self, Quiz.self, Check.self, Exec.self, Export.self]
    )
}
