import ArgumentParser
import Foundation
import LessonKit
import StepScript

extension Tutor {
    /// `tutor exec FILE.py`: runs a step-language script like `python3 FILE.py` would.
    struct Exec: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a step-language script and print what Python with PyTorch would print."
        )

        @Argument(help: "The script to run (a .py file in the step language; '-' reads it from stdin).",
                  completion: .file(extensions: ["py"]))
        var file: String

        @Option(name: .long, help: "Stop the script after this many seconds (more than 0, at most 86400).")
        var timeLimit: Double = 10

        @Option(name: .long, help: "Stop the script when the process holds this many MiB of memory (64 to 65536).")
        var memoryLimit: Double = Double(Limits().memoryBytes >> 20)

        /// The longest --time-limit: a day. Longer is a typo, not a plan.
        static let longestTimeLimit: Double = 86_400

        func validate() throws {
            // `nan <= 0` is false: check for what is allowed, not for what is not.
            guard timeLimit.isFinite, timeLimit > 0, timeLimit <= Self.longestTimeLimit else {
                throw ValidationError("--time-limit must be a number of seconds greater than 0 and at most \(Int(Self.longestTimeLimit)) (got '\(timeLimit)').")
            }
            // Below 64 MiB the program itself does not fit; past 64 GiB is a typo.
            guard memoryLimit.isFinite, memoryLimit >= 64, memoryLimit <= 65536 else {
                throw ValidationError("--memory-limit must be a number of MiB from 64 to 65536 (got '\(memoryLimit)').")
            }
        }

        func run() throws {
            // Python calls standard input `<stdin>` in its tracebacks.
            let name = file == "-" ? "<stdin>" : file
            let data: Data
            do {
                data = try FileReader.read(file)
            } catch let e as FileReader.ReadError {
                printError("tutor: error: cannot open '\(file)': \(e.reason)")
                throw ExitCode(1)
            }
            let source: String
            switch ScriptRunner.decode(data) {
            case .success(let text): source = text
            case .failure(let error):
                printError("\(name):\(error.line ?? 1): \(error)")
                throw ExitCode(1)
            }
            let result = ScriptRunner.run(source, limits: Limits(seconds: timeLimit, memoryBytes: Int(memoryLimit * 1024 * 1024)))
            printOut(result.output, terminator: "")
            if let error = result.error {
                printError("\(name):\(error.line ?? 1): \(error)")
                throw ExitCode(1)
            }
        }
    }
}
