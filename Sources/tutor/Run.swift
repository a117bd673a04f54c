import ArgumentParser
import Foundation
import LessonKit

extension Tutor {
    /// `tutor run N`: the lesson in the terminal, every step computed live and checked.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a lesson with every step run live and checked against the lesson."
        )

        @OptionGroup var options: LessonOptions

        @Argument(help: "The lesson number (see `tutor list`).")
        var number: Int

        @Flag(name: .long, help: "Pause after each step (at a terminal).")
        var step = false

        @Flag(name: .long, help: "Print one JSON document instead of the lesson.")
        var json = false

        func run() throws {
            try reportingLessonErrors {
                let lesson = try options.library().load(number)
                let run = LessonSession(lesson: lesson).runToEnd()
                if json {
                    printOut(try RunReport(run).json())
                } else {
                    show(run)
                }
                run.diagnostics.forEach(printError)
                if !run.isClean { throw ExitCode(1) }
            }
        }

        private func show(_ run: LessonRun) {
            let renderer = TerminalRenderer(width: terminalWidth(), color: options.useColor)
            let pause = step && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
            printOut(renderer.header(run.lesson))
            for piece in renderer.pieces(run) {
                switch piece {
                case .prose(let text), .heatmap(let text), .quiz(_, let text):
                    printOut(text)
                case .step(_, let text):
                    printOut(text)
                    if pause {
                        printOut(renderer.style.dim("Press Enter for the next step (q to stop)…"), terminator: "")
                        if let line = readLine(), line.lowercased().hasPrefix("q") { return }
                    }
                }
            }
            printOut(renderer.summary(run))
        }
    }
}
