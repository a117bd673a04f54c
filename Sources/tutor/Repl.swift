import ArgumentParser
import Foundation
import LessonKit

extension Tutor {
    /// `tutor repl N [--after K]`: a Python prompt in a lesson's namespace.
    struct Repl: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Try your own code in a lesson's namespace, at a Python prompt.",
            discussion: """
            The lesson's steps run first (all of them, or the first K with --after K); then each \
            line you type runs in the same namespace, with the same limits as the steps. A bare \
            expression shows its value; a block (a line ending in ':') goes on until a blank \
            line. With standard input not a terminal, the lines are read without prompts.
            """
        )

        @OptionGroup var options: LessonOptions

        @Argument(help: "The lesson number (see `tutor list`).", completion: lessonNumberCompletion)
        var number: Int

        @Option(name: .long, help: "Start after step K of the lesson instead of after all of them (0: before any).")
        var after: Int?

        func validate() throws {
            if let k = after, k < 0 { throw ValidationError("--after must be 0 or more (got \(k)).") }
        }

        func run() throws {
            try reportingLessonErrors {
                let lesson = try options.library().load(number)
                let total = lesson.steps.count
                if let k = after, k > total {
                    printError("tutor: error: lesson \(number) has \(total) step\(total == 1 ? "" : "s"); --after must be at most \(total)")
                    throw ExitCode(64)
                }
                let session = LessonSession(lesson: lesson)
                let events = session.advance(throughSteps: after ?? total)
                // Steps that failed leave the namespace short of what the lesson means: say so.
                for case .step(let r) in events {
                    if let e = r.error { printError("tutor: warning: step \(r.step.index + 1) raised \(e.pythonMessage) (\(e.location))") }
                }
                let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
                if interactive {
                    let style = TerminalStyle(color: options.useColor)
                    printOut(style.bold("Lesson \(lesson.number): \(lesson.title)"))
                    printOut(style.dim("The namespace after step \(session.stepsRun) of \(total). "
                        + "A blank line ends a block; Ctrl-D leaves."))
                }
                prompt(session, interactive: interactive)
            }
        }

        private func prompt(_ session: LessonSession, interactive: Bool) {
            var buffer = ReplBuffer()
            let editor = interactive ? LineEditor() : nil
            let piped = interactive ? nil : StandardInputLines()
            while true {
                let typed: String?
                if let editor {
                    switch editor.read(prompt: buffer.prompt) {
                    case .line(let line): typed = line
                    case .interrupt:
                        buffer.clear()
                        printOut("KeyboardInterrupt")
                        continue
                    case .end: typed = nil
                    }
                } else {
                    typed = piped?.next()
                }
                // At the end of input a cell still open runs as it stands, as Python does.
                guard let line = typed else {
                    if !buffer.isEmpty, let source = buffer.add("") { show(session.execute(source)) }
                    return
                }
                if let source = buffer.add(line) { show(session.execute(source)) }
            }
        }

        private func show(_ cell: LessonSession.CellResult) {
            if !cell.output.isEmpty { printOut(cell.output, terminator: "") }
            if let e = cell.error { printError(e.description) }
        }
    }
}
