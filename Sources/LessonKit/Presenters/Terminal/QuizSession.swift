import Foundation
import StepScript

/// What a quiz session produced: one response per question of the lesson, in order.
public struct QuizOutcome: Sendable {
    public let lesson: Lesson
    /// One per quiz, in lesson order; questions after the end of input are `.unanswered`.
    public let responses: [QuizResponse]
    /// Whether the quiz ended (the input ran out, or the learner stopped) before the last question.
    public let endedEarly: Bool

    public var score: QuizScore {
        QuizScore(correct: responses.filter { $0.verdict == .correct }.count, total: lesson.quizzes.count)
    }

    /// Whether the learner answered (or skipped) at least one question.
    public var answeredAny: Bool { responses.contains { $0.verdict != .unanswered } }

    /// The responses by quiz index, as the Markdown exporter takes them.
    public var byIndex: [Int: QuizResponse] {
        Dictionary(responses.map { ($0.quizIndex, $0) }, uniquingKeysWith: { a, _ in a })
    }
}

/// Predict, then reveal: walks a lesson run in order, shows prose and step code, asks each
/// question where it stands, and only then reveals the output the question is about.
public struct QuizSession {
    public let run: LessonRun
    public let renderer: TerminalRenderer

    public init(run: LessonRun, renderer: TerminalRenderer) {
        self.run = run
        self.renderer = renderer
    }

    /// Quizzes whose right answer cannot be computed (a session cannot score them).
    public static func problems(_ run: LessonRun) -> [StepError] {
        run.lesson.quizzes.compactMap { q in
            if case .failure(let e)? = run.answers[q.index] { return e }
            return nil
        }
    }

    /// Runs the session.
    /// - Parameters:
    ///   - nextLine: the next line of input, nil at its end.
    ///   - interactive: a learner at a terminal: unreadable answers are asked again, and
    ///     what they type is already on screen.
    ///   - write: where the lesson, questions and verdicts go (may discard them).
    public func play(nextLine: () -> String?, interactive: Bool, write: (String) -> Void) -> QuizOutcome {
        let style = renderer.style
        let quizzes = run.lesson.quizzes
        let results = Dictionary(run.steps.map { ($0.step.index, $0) }, uniquingKeysWith: { a, _ in a })
        let outputLines = Dictionary(run.lesson.blocks.compactMap { b -> (Int, Int)? in
            if case .output(let o) = b { return (o.stepIndex, o.location.line) }
            return nil
        }, uniquingKeysWith: { a, _ in a })
        var responses = [QuizResponse]()
        // A step's output waits here from its code until its output block's place in the lesson.
        var held: (result: StepResult, line: Int?, asked: Bool)? = nil

        func reveal() {
            guard let h = held else { return }
            held = nil
            // After a question, the output is labelled with its step: the code is further up.
            let text = renderer.renderStepResult(h.result, revealedLater: h.asked)
            write(text + "\n")
        }

        write(renderer.header(run.lesson) + "\n")
        let count = quizzes.count
        let intro = "Predict each answer before it is revealed: \(count) question\(count == 1 ? "" : "s"). "
            + "An empty answer skips a question" + (interactive ? "; Ctrl-D stops the quiz." : ".")
        write(wrapPlain(intro, first: "", rest: "").split(separator: "\n").map { style.dim(String($0)) }.joined(separator: "\n") + "\n\n")
        var ended = false
        // At a terminal the lesson waits after each answer, so the verdict and the revealed
        // output do not scroll away under the next part of the lesson.
        var pausePending = false
        func pause() -> Bool {
            guard pausePending else { return true }
            pausePending = false
            write(style.dim("Press Enter to go on (q to stop)… "))
            guard let line = nextLine() else {
                write("\n")
                return false
            }
            // The learner's Enter already ended the line.
            return !line.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("q")
        }
        for piece in renderer.pieces(run, revealAnswers: false) {
            switch piece {
            case .quiz(let index, _):
                let quiz = quizzes[index]
                if let h = held {
                    if let line = h.line, quiz.location.line > line {
                        reveal()
                    } else if !h.asked {
                        write("\n")
                    }
                }
                guard case .success(let answer)? = run.answers[index] else { continue }
                if let response = ask(quiz, answer: answer, nextLine: nextLine, interactive: interactive, write: write) {
                    responses.append(response)
                    held?.asked = true
                    pausePending = interactive
                } else {
                    ended = true
                }
            case .step(let index, _):
                reveal()
                guard pause() else { ended = true; break }
                guard let r = results[index] else { continue }
                write(renderer.renderStepCode(r))
                if renderer.renderStepResult(r).isEmpty {
                    write("\n")
                } else {
                    held = (r, outputLines[index], false)
                }
            case .prose(let text), .heatmap(let text):
                reveal()
                guard pause() else { ended = true; break }
                write(text + "\n")
            }
            if ended { break }
        }
        if ended {
            write("\n")
        } else {
            reveal()
        }
        let asked = Set(responses.map(\.quizIndex))
        for quiz in quizzes where !asked.contains(quiz.index) {
            let shown = run.answers[quiz.index].flatMap { try? $0.get() }
                .map { QuizGrader.shownAnswer($0, tolerance: quiz.tolerance, choices: quiz.choices) } ?? ""
            responses.append(QuizResponse(quizIndex: quiz.index, given: nil, verdict: .unanswered, rightAnswer: shown))
        }
        responses.sort { $0.quizIndex < $1.quizIndex }
        return QuizOutcome(lesson: run.lesson, responses: responses, endedEarly: ended)
    }

    /// Asks one question and judges the answer; nil when the input has ended.
    private func ask(_ quiz: Quiz, answer: EvaluatedValue, nextLine: () -> String?, interactive: Bool,
                     write: (String) -> Void) -> QuizResponse? {
        let style = renderer.style
        write(renderer.renderQuiz(quiz, answer: nil, number: quiz.index + 1))
        write(style.dim("  Answer with \(QuizGrader.expectedForm(answer, choices: quiz.choices)).") + "\n")
        while true {
            write(style.magenta("  > "))
            guard var line = nextLine() else {
                write(interactive ? "\n" : style.dim("(no more answers)") + "\n")
                return nil
            }
            if line.hasSuffix("\r") { line.removeLast() }
            if !interactive { write(line + "\n") }
            let response = QuizGrader.response(quizIndex: quiz.index, input: line, answer: answer,
                                               tolerance: quiz.tolerance, choices: quiz.choices)
            if response.verdict == .unparseable && interactive {
                let message = "\(capitalized(response.note ?? "that is not an answer")). Try again, or press Enter to skip."
                write(wrapPlain(message, first: "  " + style.yellow("? "), rest: "    ") + "\n")
                continue
            }
            write(verdict(response, quiz: quiz) + "\n")
            return response
        }
    }

    /// ✓ or ✗, the right value, the difference, and the hint when the answer was not right.
    public func verdict(_ r: QuizResponse, quiz: Quiz) -> String {
        let style = renderer.style
        var lines = [String]()
        // A right answer's difference is news only when it shows in four decimals.
        let difference = r.difference.flatMap { d -> String? in
            d > 0 && (r.verdict != .correct || d >= 5e-5) ? "off by \(OutputChecker.short(d))" : nil
        }
        let answer = shown(r.rightAnswer)
        switch r.verdict {
        case .correct:
            var line = style.green("  ✓ Right.") + " The answer is" + answer
            if let d = difference { line = appending(style.dim("(yours is \(d), within \(OutputChecker.short(quiz.tolerance ?? QuizGrader.defaultTolerance)))"), to: line) }
            lines.append(line)
        case .wrong:
            var line = style.red("  ✗ Not quite.") + " The answer is" + answer
            if let d = difference { line = appending("(yours is \(d))", to: line) }
            lines.append(line)
        case .unparseable:
            let note = "\(capitalized(r.note ?? "not an answer")), so it counts as wrong."
            lines.append(wrapPlain(note, first: "  " + style.red("✗") + " ", rest: "    "))
            lines.append("    The answer is" + answer)
        case .skipped:
            lines.append(style.yellow("  – Skipped.") + " The answer is" + answer)
        case .unanswered:
            lines.append(style.dim("  Not answered.") + " The answer is" + answer)
        }
        if r.verdict == .wrong, let note = r.note {
            lines.append(wrapPlain(capitalized(note) + ".", first: "    ", rest: "    "))
        }
        if r.verdict != .correct, let hint = quiz.hint, !hint.isEmpty {
            lines.append(renderer.wrap(renderer.words([.text(hint)]), first: "  " + style.cyan("Hint: "), rest: "        "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `extra` after the last line of `text`, or on a line of its own when it would not fit.
    private func appending(_ extra: String, to text: String) -> String {
        let last = text.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        if TerminalStyle.visibleWidth(last) + 1 + TerminalStyle.visibleWidth(extra) <= renderer.width {
            return text + " " + extra
        }
        return text + "\n    " + extra
    }

    /// An answer in bold after a space; one that spans lines (a matrix) starts on a line of its own.
    private func shown(_ answer: String) -> String {
        guard answer.contains("\n") else { return " " + renderer.style.bold(answer) }
        return ":\n" + answer.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "    " + renderer.style.bold(String($0)) }.joined(separator: "\n")
    }

    /// The closing summary: the score, the questions missed, and how it compares with the best.
    public func summary(_ outcome: QuizOutcome, previousBest: QuizScore?) -> String {
        let style = renderer.style
        let score = outcome.score
        var lines = [style.dim(String(repeating: "─", count: renderer.width))]
        let percent = score.total > 0 ? " (\(Int((score.fraction * 100).rounded()))%)" : ""
        lines.append(style.bold("Score: \(score)") + percent)
        // Questions never reached keep their answers for the next attempt.
        let missed = outcome.responses.filter { $0.verdict != .correct && $0.verdict != .unanswered }
        if !missed.isEmpty {
            lines.append("Missed:")
            for r in missed {
                let quiz = outcome.lesson.quizzes[r.quizIndex]
                let what: String
                switch r.verdict {
                case .skipped: what = "skipped"
                case .unparseable: what = "could not read \(AnswerText.quoted(r.given ?? ""))"
                default: what = "you said \(r.given?.trimmingCharacters(in: .whitespaces) ?? "")"
                }
                let head = "  \(r.quizIndex + 1). "
                let pad = String(repeating: " ", count: head.count)
                lines.append(renderer.wrap(renderer.words([.text(quiz.ask)]), first: head, rest: pad))
                lines.append(wrapPlain("\(what); the answer is \(oneLine(r.rightAnswer))", first: pad, rest: pad))
            }
        }
        let notReached = outcome.responses.filter { $0.verdict == .unanswered }.map { $0.quizIndex + 1 }
        if let first = notReached.first, let last = notReached.last {
            let which = first == last ? "Question \(first) was" : "Questions \(first)–\(last) were"
            lines.append("\(which) not answered: the quiz ended early.")
        }
        if !outcome.answeredAny {
            lines.append("No question was answered, so this session is not recorded.")
        } else if let best = previousBest {
            if score.isBetter(than: best) {
                lines.append(style.green("A new best! Your best before was \(best)."))
            } else if score.isEqual(to: best) {
                lines.append("That equals your best, \(best).")
            } else {
                lines.append("Your best is \(best).")
            }
        } else {
            lines.append("Your first score for this lesson.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Wraps text that may hold what the learner typed: no Markdown or math conversion, and
    /// a bracketed group such as `[1, 2]` stays on one line.
    func wrapPlain(_ text: String, first: String, rest: String) -> String {
        var kept = ""
        var depth = 0
        for ch in text {
            if ch == "[" || ch == "(" { depth += 1 }
            if ch == "]" || ch == ")" { depth = max(0, depth - 1) }
            kept.append(depth > 0 && ch == " " ? "\u{00A0}" : ch)
        }
        let words = kept.split(separator: " ").map { TerminalRenderer.Word(text: String($0), glueLeft: false) }
        return renderer.wrap(words, first: first, rest: rest).replacingOccurrences(of: "\u{00A0}", with: " ")
    }

    private func oneLine(_ s: String) -> String {
        s.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    private func capitalized(_ s: String) -> String {
        s.prefix(1).uppercased() + s.dropFirst()
    }
}
