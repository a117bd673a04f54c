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
            (6, 2), torch.Size([6, 2]), True, a choice's number or its text. Each question
            says how precisely to answer: numbers count as right within the question's
            tolerance (to 2 decimals, ±0.01, unless the lesson says otherwise); whole
            numbers, shapes and True/False exactly.

            ? or hint shows the question's hint and asks again. A wrong answer gets one more
            try (the next line), except on two-way questions: right the first time scores 1
            point, right on the second try 1/2. An empty line skips a question (or, on a
            second try, shows the answer); q stops the quiz. A quiz stopped early, or whose
            input ends early, is kept as unfinished and never counts as your best.

            Scores are kept in $XDG_STATE_HOME/tutor/progress.json (default
            ~/.local/state/tutor/progress.json); `tutor list` shows your best.
            """
        )

        @OptionGroup var options: LessonOptions

        @Argument(help: "The lesson number (see `tutor list`).", completion: lessonNumberCompletion)
        var number: Int

        @Option(name: .long, help: ArgumentHelp("Read the answers from FILE, one a line (an empty line skips a question); '-' is stdin.", valueName: "FILE"), completion: .file())
        var answers: String?

        @Flag(name: .long, help: "Print one JSON document with every question, the answer given, the right answer, the verdict and the score.")
        var json = false

        @Option(name: .long, help: ArgumentHelp("Also write the session as Markdown to PATH (the lesson with your predictions); '-' is stdout, after the session.", valueName: "PATH"), completion: .file())
        var transcript: String?

        func validate() throws {
            if answers?.isEmpty == true { throw ValidationError("--answers needs a file name.") }
            if transcript?.isEmpty == true { throw ValidationError("--transcript needs a file name.") }
            if transcript == "-" && json { throw ValidationError("--transcript - and --json would both write to stdout; give the transcript a file name.") }
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
                let run = LessonSession(lesson: lesson).runToEnd()
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
            let screen: ((String) -> Void)? = json ? (interactive ? { _ = FileWriter.writeAll(STDERR_FILENO, Data($0.utf8)) } : nil)
                                                   : { printOut($0, terminator: "") }
            let color = json ? false : options.useColor
            let renderer = TerminalRenderer(width: json ? 80 : terminalWidth(), color: color)
            var remaining = given?[...]
            let input = StandardInputLines()
            let nextLine: () -> String? = {
                if remaining != nil { return remaining!.popFirst() }
                return input.next()
            }
            let write: (String) -> Void = { text in screen?(text) }
            let session = QuizSession(run: run, renderer: renderer)
            let outcome = session.play(nextLine: nextLine, interactive: interactive, write: write)

            let store = ProgressStore(path: ProgressStore.defaultPath())
            var previousBest: QuizScore? = nil
            var best: QuizScore? = nil
            var saved = false
            var record: LessonProgress? = nil
            if outcome.answeredAny {
                let recorded = store.record(lesson: run.lesson.number, title: run.lesson.title, score: outcome.score,
                                            right: outcome.rightAnswers, finished: outcome.isFinished)
                recorded.warnings.forEach(printError)
                previousBest = recorded.before?.best?.score
                best = recorded.after.best?.score
                saved = recorded.saved
                record = recorded.after
            } else {
                let loaded = store.load()
                loaded.warnings.forEach(printError)
                record = loaded.lessons[run.lesson.number]
                previousBest = record?.best?.score
                best = previousBest
            }
            write(session.summary(outcome, previousBest: previousBest))
            write(renderer.style.dim(next(after: outcome)) + "\n")
            if json {
                let report = QuizReport(run: run, outcome: outcome, previousBest: previousBest, best: best, saved: saved,
                                        attempts: record?.attempts ?? 0, unfinished: record?.unfinished ?? 0)
                printOut(try report.json())
            }
            if let path = transcript {
                do {
                    try writeOutput(MarkdownExporter.render(run, responses: outcome.byIndex), to: path)
                } catch let e as FileWriter.WriteError {
                    printError("tutor: error: the transcript was not written: \(e.description)")
                    throw ExitCode(1)
                }
                if !json && path != "-" { write(renderer.style.dim("Wrote the session to \(path).") + "\n") }
            }
        }

        /// What to do after the quiz: finish it, or go on to the next lesson.
        private func next(after outcome: QuizOutcome) -> String {
            let n = outcome.lesson.number
            if outcome.endedEarly { return "Next: tutor quiz \(n) to take the whole quiz (or tutor run \(n) to reread the lesson)" }
            let later = (try? options.library().entries().map(\.number).filter { $0 > n }.min()) ?? nil
            if let m = later { return "Next: lesson \(m) — tutor run \(m)" }
            return "Next: that was the last lesson; tutor list shows your best scores"
        }

        /// The lines of --answers (a file, a FIFO, `-` or `/dev/stdin` for standard input,
        /// `/dev/null` for none), or nil to read stdin as the quiz goes.
        private func answerLines() throws -> [String]? {
            guard let path = answers else { return nil }
            let data: Data
            do {
                data = try FileReader.read(path)
            } catch let e as FileReader.ReadError {
                printError("tutor: error: cannot read --answers '\(path)': \(e.reason)")
                throw ExitCode(1)
            }
            guard let text = String(data: data, encoding: .utf8) else {
                printError("tutor: error: cannot read --answers '\(path)': it is not UTF-8 text")
                throw ExitCode(1)
            }
            return FileReader.lines(text)
        }

        /// Fails before the quiz starts when the transcript could not be written afterwards.
        private func checkWritable(_ path: String) throws {
            if path == "-" { return }
            do {
                try FileWriter.checkWritable(path)
            } catch let e as FileWriter.WriteError {
                printError("tutor: error: cannot write the transcript '\(path)': \(e.reason)")
                throw ExitCode(1)
            }
        }
    }
}
