import ArgumentParser

/// The `tutor` command: learn self-attention step by step.
@main
struct Tutor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tutor",
        abstract: "Learn how self-attention works, one runnable step at a time.",
        subcommands: [List.self, Run.self, Check.self, Exec.self]
    )
}
