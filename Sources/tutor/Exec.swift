import ArgumentParser
import Foundation
import StepScript

extension Tutor {
    /// `tutor exec FILE.py`: runs a step-language script like `python3 FILE.py` would.
    struct Exec: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a step-language script and print what Python with PyTorch would print."
        )

        @Argument(help: "The script to run (a .py file in the step language).")
        var file: String

        @Option(name: .long, help: "Stop the script after this many seconds.")
        var timeLimit: Double = 10

        func validate() throws {
            if timeLimit <= 0 { throw ValidationError("--time-limit must be positive") }
        }

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                let reason = FileManager.default.fileExists(atPath: file) ? "it cannot be read" : "no such file"
                printError("tutor: error: cannot open '\(file)': \(reason)")
                throw ExitCode(1)
            }
            let source: String
            switch ScriptRunner.decode(data) {
            case .success(let text): source = text
            case .failure(let error):
                printError("\(file):\(error.line ?? 1): \(error)")
                throw ExitCode(1)
            }
            let result = ScriptRunner.run(source, limits: Limits(seconds: timeLimit))
            FileHandle.standardOutput.write(Data(result.output.utf8))
            if let error = result.error {
                printError("\(file):\(error.line ?? 1): \(error)")
                throw ExitCode(1)
            }
        }
    }
}
