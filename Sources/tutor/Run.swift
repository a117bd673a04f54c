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

        @Argument(help: "The lesson number (see `tutor list`).", completion: lessonNumberCompletion)
        var number: Int

        @Flag(name: .long, help: "Pause after each step: Enter goes on, q (or the end of input) stops and says how to resume.")
        var step = false

        @Option(name: .long, help: ArgumentHelp("Start showing at step K; the steps before it still run, silently.", valueName: "K"))
        var from: Int?

        @Flag(name: .long, help: "Print one JSON document instead of the lesson.")
        var json = false

        func validate() throws {
            if let k = from, k < 1 { throw ValidationError("--from counts steps from 1.") }
            if from != nil && json { throw ValidationError("--from chooses where the lesson starts showing; --json reports every step.") }
        }

        func run() throws {
            try reportingLessonErrors {
                let library = try options.library()
                let lesson = try library.load(number)
                if let k = from, k > lesson.steps.count {
                    let steps = lesson.steps.count
                    printError("tutor: error: --from \(k): lesson \(lesson.number) has \(steps) step\(steps == 1 ? "" : "s")")
                    throw ExitCode(64)
                }
                let run = LessonSession(lesson: lesson).runToEnd()
                if json {
                    printOut(try RunReport(run).json())
                } else {
                    show(run, library: library)
                }
                run.diagnostics.forEach(printError)
                if !run.isClean { throw ExitCode(1) }
            }
        }

        private func show(_ run: LessonRun, library: LessonLibrary) {
            let renderer = TerminalRenderer(width: terminalWidth(), color: options.useColor)
            let lesson = run.lesson
            let first = (from ?? 1) - 1
            let input = StandardInputLines()
            printOut(renderer.header(lesson))
            if first > 0 {
                let before = first == 1 ? "Step 1 ran" : "Steps 1–\(first) ran"
                printOut(renderer.style.dim("\(before) without being shown; starting at step \(first + 1) of \(lesson.steps.count).") + "\n")
            }
            // Everything after step K-1 and its questions is shown: from the prose that
            // leads into step K on. With --step the lesson waits at the same places.
            var showing = first == 0
            var skipping = false
            var pauseBefore: Int? = nil
            for piece in renderer.pieces(run) {
                if case .quiz(_, let text) = piece {
                    if showing && !skipping { printOut(text) }
                    continue
                }
                skipping = false
                if !showing {
                    if case .step(let index, _) = piece, index + 1 >= first {
                        showing = true
                        skipping = true
                    }
                    continue
                }
                if let next = pauseBefore {
                    pauseBefore = nil
                    if !pause(before: next, of: lesson, input: input, renderer: renderer) { return }
                }
                switch piece {
                case .prose(let text), .heatmap(let text), .quiz(_, let text):
                    printOut(text)
                case .step(let index, let text):
                    printOut(text)
                    if step && index + 2 <= lesson.steps.count { pauseBefore = index + 2 }
                }
            }
            printOut(renderer.summary(run))
            printOut(renderer.wrapped(nextAfterRun(lesson, library: library), styled: renderer.style.dim))
        }

        /// Waits for Enter before step `next`; false (having said how to resume) when the
        /// learner stops or the input ends.
        private func pause(before next: Int, of lesson: Lesson, input: StandardInputLines, renderer: TerminalRenderer) -> Bool {
            printOut(renderer.style.dim("Press Enter for step \(next) of \(lesson.steps.count) (q to stop)… "), terminator: "")
            let line = input.next()
            // At a terminal the learner's Enter ended the line; from a pipe or at the end it did not.
            if line == nil || isatty(STDIN_FILENO) != 1 { printOut("") }
            if let line, !["q", "quit", "exit"].contains(line.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()) {
                return true
            }
            printOut("Stopped at step \(next) of \(lesson.steps.count). To go on from there: tutor run \(lesson.number) --from \(next)")
            return false
        }

        /// What to do after reading a lesson: its quiz, else the next lesson.
        private func nextAfterRun(_ lesson: Lesson, library: LessonLibrary) -> String {
            let exercise = lesson.exercises.isEmpty ? "" : ", and tutor exercise \(lesson.number) to write its exercise\(lesson.exercises.count == 1 ? "" : "s")"
            if !lesson.quizzes.isEmpty { return "Next: tutor quiz \(lesson.number) to test yourself" + exercise }
            if !exercise.isEmpty { return "Next: tutor exercise \(lesson.number) to write its exercise\(lesson.exercises.count == 1 ? "" : "s")" }
            if let m = library.entries().map(\.number).filter({ $0 > lesson.number }).min() {
                return "Next: lesson \(m) — tutor run \(m)"
            }
            return "Next: that was the last lesson; tutor list shows them all"
        }
    }
}
