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
        subcommands: [List.self, Run.self, Quiz.self, ExerciseCommand.self, Check.self, Exec.self, Export.self, Repl.self]
    )

    /// ArgumentParser's `main`, with the standard streams readied first and its help, version
    /// and error text written through `printOut`/`printError`, whose failures are seen.
    static func main() {
        Streams.prepare()
        let arguments = movingSharedOptions(Array(CommandLine.arguments.dropFirst()))
        if let problem = usageProblem(arguments) {
            printError("tutor: error: " + problem)
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            let code = exitCode(for: error)
            var message = fullMessage(for: error)
            // One style for every error tutor prints.
            if !code.isSuccess, message.hasPrefix("Error: ") { message = "tutor: error: " + message.dropFirst("Error: ".count) }
            if !message.isEmpty {
                if code.isSuccess { printOut(message) } else { printError(message) }
            }
            Foundation.exit(code.rawValue)
        }
    }

    /// `tutor --color never run 1` as `tutor run --color never 1`: the lesson commands' shared
    /// options (`--color`, `--lessons`) may come before the command too.
    static func movingSharedOptions(_ arguments: [String]) -> [String] {
        var leading = [String]()
        var rest = arguments[...]
        while let first = rest.first, let name = ["--color", "--lessons"].first(where: { first == $0 || first.hasPrefix($0 + "=") }) {
            leading.append(first)
            rest = rest.dropFirst()
            if first == name, let value = rest.first {
                leading.append(value)
                rest = rest.dropFirst()
            }
        }
        guard !leading.isEmpty, let command = rest.first else { return arguments }
        return [command] + leading + rest.dropFirst()
    }

    /// What ArgumentParser would word badly: an unknown command ("2 unexpected arguments")
    /// and a negative lesson number (read as an option).
    static func usageProblem(_ arguments: [String]) -> String? {
        let names = configuration.subcommands.map { $0._commandName }
        var words = arguments[...]
        if words.first == "help" { words = words.dropFirst() }
        guard let first = words.first, !first.hasPrefix("-") else { return nil }
        guard names.contains(first) else {
            let near = names.min { editDistance($0, first) < editDistance($1, first) }
            let hint = near.map { editDistance($0, first) <= 2 ? " Did you mean '\($0)'?" : "" } ?? ""
            return "unknown command '\(first)'.\(hint) Commands: \(names.joined(separator: ", "))"
        }
        let lessonCommands: Set<String> = ["run", "quiz", "export", "check", "repl", "exercise"]
        // A negative number standing alone (not an option's value) is a lesson number.
        let rest = Array(words.dropFirst())
        if lessonCommands.contains(first),
           let i = rest.indices.first(where: { Int(rest[$0]).map { $0 < 0 } ?? false }), i == 0 || !rest[i - 1].hasPrefix("-") {
            return "lesson numbers start at 1 (got \(rest[i])); see tutor list"
        }
        return nil
    }

    /// How many single-character edits turn `a` into `b`.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        var row = Array(0...y.count)
        for i in 1...max(x.count, 1) where i <= x.count {
            var previous = row[0]
            row[0] = i
            for j in 1...max(y.count, 1) where j <= y.count {
                let old = row[j]
                row[j] = x[i - 1] == y[j - 1] ? previous : min(previous, row[j], row[j - 1]) + 1
                previous = old
            }
        }
        return row[y.count]
    }
}
