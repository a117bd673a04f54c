import ArgumentParser
import Foundation
import LessonKit

extension Tutor {
    /// `tutor quiz N`: predict each value before the lesson reveals it; scored and saved.
    struct Quiz: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take a lesson's quiz: predict each value before it is revealed.",
            discussion: """
            The lesson is shown in order; each question comes where it stands, before the
            output that would give it away. Answers are read from the terminal, from
            --answers FILE or from piped stdin, one a line: 0.23, [0.15, 0.23], 6, 2,
            (6, 2), torch.Size([6, 2]), True, a choice's number or its text. An empty line
            skips a question; the end of the input ends the quiz with the score so far.
            Numbers count as right within the question's tolerance (0.01 unless the lesson
            says otherwise).

            Scores are kept in $XDG_STATE_HOME/tutor/progress.json (default
            ~/.local/state/tutor/progress.json); `tutor list` shows your best.
            """
        )

        @OptionGroup var options: LessonOptions

        @Argument(help: "The lesson number (see `tutor list`).")
        var number: Int

        @Option(name: .long, help: ArgumentHelp("Read the answers from FILE, one a line (an empty line skips a question).", valueName: "FILE"))
        var answers: String?

        @Flag(name: .long, help: "Print one JSON document with every question, the answer given, the right answer, the verdict and the score.")
        var json = false

        @Option(name: .long, help: ArgumentHelp("Also write the session as Markdown to PATH (the lesson with your predictions).", valueName: "PATH"))
        var transcript: String?

        func validate() throws {
            if answers?.isEmpty == true { throw ValidationError("--answers needs a file name.") }
            if transcript?.isEmpty == true { throw ValidationError("--transcript needs a file name.") }
        }

        func run() throws {
            try reportingLessonErrors {
                let lesson = try options.library().load(number)
                let given = try answerLines()
                if lesson.quizzes.isEmpty {
                    printError("\(lesson.path): error: lesson \(lesson.number) has no quiz questions")
                    throw ExitCode(1)
                }
                if let path = transcript { try checkWritable(path) }
                let run = LessonRunner.run(lesson)
                if !QuizSession.problems(run).isEmpty {
                    // An answer that cannot be computed cannot be scored: a broken lesson.
                    run.diagnostics.forEach(printError)
                    throw ExitCode(1)
                }
                try take(run, given: given)
                if !run.isClean {
                    run.diagnostics.forEach(printError)
                    throw ExitCode(1)
                }
            }
        }

        private func take(_ run: LessonRun, given: [String]?) throws {
            let interactive = given == nil && isatty(STDIN_FILENO) == 1
            // With --json stdout holds the one document; a learner at a terminal still sees
            // the questions, on stderr.
            let screen: FileHandle? = json ? (interactive ? .standardError : nil) : .standardOutput
            let color = json ? false : options.useColor
            let renderer = TerminalRenderer(width: json ? 80 : terminalWidth(), color: color)
            var remaining = given?[...]
            let nextLine: () -> String? = {
                if remaining != nil { return remaining!.popFirst() }
                return readLine(strippingNewline: true)
            }
            let write: (String) -> Void = { text in screen?.write(Data(text.utf8)) }
            let session = QuizSession(run: run, renderer: renderer)
            let outcome = session.play(nextLine: nextLine, interactive: interactive, write: write)

            let store = ProgressStore(path: ProgressStore.defaultPath())
            var previousBest: QuizScore? = nil
            var best: QuizScore? = nil
            var saved = false
            if outcome.answeredAny {
                let recorded = store.record(lesson: run.lesson.number, title: run.lesson.title, score: outcome.score)
                recorded.warnings.forEach(printError)
                previousBest = recorded.before?.best?.score
                best = recorded.after.best?.score
                saved = recorded.saved
            } else {
                let loaded = store.load()
                loaded.warnings.forEach(printError)
                previousBest = loaded.lessons[run.lesson.number]?.best?.score
                best = previousBest
            }
            write(session.summary(outcome, previousBest: previousBest))
            if json {
                let report = QuizReport(run: run, outcome: outcome, previousBest: previousBest, best: best, saved: saved)
                print(try report.json())
            }
            if let path = transcript {
                do {
                    try AtomicFile.write(MarkdownExporter.render(run, responses: outcome.byIndex), to: path)
                } catch let e as AtomicFile.WriteError {
                    printError("tutor: error: the transcript was not written: \(e.description)")
                    throw ExitCode(1)
                }
                if !json { write(renderer.style.dim("Wrote the session to \(path).") + "\n") }
            }
        }

        /// The lines of --answers, or nil to read stdin.
        private func answerLines() throws -> [String]? {
            guard let path = answers else { return nil }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                printError("tutor: error: cannot read --answers '\(path)': no such file")
                throw ExitCode(1)
            }
            guard !isDir.boolValue, let data = FileManager.default.contents(atPath: path) else {
                let reason = isDir.boolValue ? "it is a folder" : (access(path, R_OK) != 0 ? "permission denied" : "it cannot be read")
                printError("tutor: error: cannot read --answers '\(path)': \(reason)")
                throw ExitCode(1)
            }
            guard let text = String(data: data, encoding: .utf8) else {
                printError("tutor: error: cannot read --answers '\(path)': it is not UTF-8 text")
                throw ExitCode(1)
            }
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            // A final newline ends the last line; it does not start an empty one.
            if text.hasSuffix("\n") { lines.removeLast() }
            if text.isEmpty { lines = [] }
            return lines
        }

        /// Fails before the quiz starts when the transcript could not be written afterwards.
        private func checkWritable(_ path: String) throws {
            var isDir: ObjCBool = false
            let dir = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
            var problem: String? = nil
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
                problem = "it is a folder"
            } else if !FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) || !isDir.boolValue {
                problem = "the folder '\(dir)' does not exist"
            } else if access(dir, W_OK) != 0 {
                problem = "the folder '\(dir)' is not writable"
            }
            if let problem {
                printError("tutor: error: cannot write the transcript '\(path)': \(problem)")
                throw ExitCode(1)
            }
        }
    }
}
