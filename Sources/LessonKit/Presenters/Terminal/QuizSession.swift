import Foundation
import StepScript

/// The terminal quiz: a presenter over `QuizFlow`. It shows each of the flow's displays as
/// terminal text, prompts for what the flow awaits, and feeds it the learner's lines.
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

    /// Runs the quiz.
    /// - Parameters:
    ///   - nextLine: the next line of input, nil at its end.
    ///   - interactive: a learner at a terminal: unreadable answers are asked again, and
    ///     what they type is already on screen.
    ///   - write: where the lesson, questions and verdicts go (may discard them).
    public func play(nextLine: () -> String?, interactive: Bool, write: (String) -> Void) -> QuizOutcome {
        var flow = QuizFlow(run: run, interactive: interactive)
        var skippedTitle = false
        write(renderer.header(run.lesson) + "\n")
        for display in flow.start() { write(render(display, skippedTitle: &skippedTitle)) }
        while flow.awaiting != .nothing {
            let awaiting = flow.awaiting
            write(prompt(awaiting))
            let line = nextLine()
            switch (line, awaiting) {
            case (nil, .answer):
                write(interactive ? "\n" : renderer.style.dim("(no more answers)") + "\n")
            case (nil, _):
                write("\n")
            case (let text?, .answer) where !interactive:
                // From a file the answer is not on screen yet.
                write(text.hasSuffix("\r") ? String(text.dropLast()) + "\n" : text + "\n")
            default:
                break
            }
            for display in flow.take(line.map { .line($0) } ?? .end) {
                write(render(display, skippedTitle: &skippedTitle))
            }
        }
        return flow.outcome
    }

    /// The prompt for what the flow awaits.
    func prompt(_ awaiting: QuizFlow.Awaiting) -> String {
        let style = renderer.style
        switch awaiting {
        case .answer(_, let attempt): return style.magenta(attempt > 1 ? "  second try > " : "  > ")
        case .goOn: return style.dim("Press Enter to go on (q to stop)… ")
        case .nothing: return ""
        }
    }

    /// One display as terminal text.
    func render(_ display: QuizFlow.Display, skippedTitle: inout Bool) -> String {
        let style = renderer.style
        switch display {
        case .intro(let count, let secondTries):
            var intro = "Predict each answer before it is revealed: \(count) question\(count == 1 ? "" : "s"), a point each. "
            if secondTries {
                intro += "A wrong answer gets one more try, for half a point; questions with two possible answers get one try. "
            }
            intro += "Type ? for a hint, Enter to skip a question, q to stop."
            return wrapPlain(intro, first: "", rest: "").split(separator: "\n").map { style.dim(String($0)) }.joined(separator: "\n") + "\n\n"
        case .prose(let prose):
            let text = renderer.renderProse(prose, skippingTitle: &skippedTitle)
            return text.isEmpty ? "" : text + "\n"
        case .code(let r, let outputFollows):
            return renderer.renderStepCode(r) + (outputFollows ? "" : "\n")
        case .output(let r, let afterQuestion):
            // After a question, the output is labelled with its step: the code is further up.
            let text = renderer.renderStepResult(r, revealedLater: afterQuestion)
            return text.isEmpty ? "" : text + "\n"
        case .heatmap(let map, let data):
            return renderer.renderHeatmap(map, data) + "\n"
        case .question(let q):
            var text = renderer.renderQuiz(q.quiz, answer: nil, number: q.number)
            let instruction = q.instruction + (q.hint != nil ? " Type ? for a hint." : "")
            text += wrapPlain(instruction, first: "  ", rest: "  ").split(separator: "\n").map { style.dim(String($0)) }.joined(separator: "\n") + "\n"
            return text
        case .hint(_, let hint?):
            return hintLines(hint) + "\n"
        case .hint:
            return style.dim("  This question has no hint.") + "\n"
        case .unreadable(_, let note):
            let message = "\(capitalized(note)). Try again, or press Enter to skip."
            return wrapPlain(message, first: "  " + style.yellow("? "), rest: "    ") + "\n"
        case .secondTry(_, let first, let hint):
            var lines = [String]()
            let why: String
            switch first.verdict {
            case .unparseable: why = capitalized(first.note ?? "that is not an answer") + "."
            default: why = first.note.map { capitalized($0) + "." } ?? ""
            }
            let head = style.red("  ✗ Not quite.") + " "
            lines.append(wrapPlain(why + " One more try, for half a point (Enter shows the answer).",
                                   first: head, rest: "    "))
            if let hint { lines.append(hintLines(hint)) }
            return lines.joined(separator: "\n") + "\n"
        case .verdict(let q, let r, let hint):
            return verdict(r, quiz: q.quiz, hint: hint)
        case .stopped:
            return "\n"
        case .finished:
            return ""
        }
    }

    private func hintLines(_ hint: String) -> String {
        renderer.wrap(renderer.words([.text(hint)]), first: "  " + renderer.style.cyan("Hint: "), rest: "        ")
    }

    /// ✓ or ✗, the right value, the difference, and the hint when the answer was not right.
    public func verdict(_ r: QuizResponse, quiz: Quiz, hint: String? = nil) -> String {
        let style = renderer.style
        var lines = [String]()
        // A right answer's difference is news only when it shows in four decimals.
        let difference = r.difference.flatMap { d -> String? in
            d > 0 && (r.verdict != .correct || d >= 5e-5) ? "off by \(OutputChecker.short(d))" : nil
        }
        let answer = shown(r.rightAnswer)
        switch r.verdict {
        case .correct where r.tries >= 2:
            var line = style.green("  ✓ Right on the second try:") + " half a point. The answer is" + answer
            if let d = difference { line = appending(style.dim("(yours is \(d), within \(OutputChecker.short(quiz.tolerance ?? QuizGrader.defaultTolerance)))"), to: line) }
            lines.append(line)
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
        if let hint { lines.append(hintLines(hint)) }
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
        var scoreLine = style.bold("Score: \(score)") + percent
        let second = outcome.rightOnSecondTry
        if second > 0 {
            let first = outcome.rightAnswers - second
            scoreLine += ": \(first) right the first time, \(second) on the second try (half a point\(second == 1 ? "" : " each"))"
        }
        lines.append(wrapPlain(scoreLine, first: "", rest: "  "))
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
                default:
                    let last = r.given?.trimmingCharacters(in: .whitespaces) ?? ""
                    what = r.firstGiven.map { "you said \($0.trimmingCharacters(in: .whitespaces)), then \(last)" } ?? "you said \(last)"
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
        } else if outcome.endedEarly {
            let best = previousBest.map { " Your best is \($0)." } ?? ""
            lines.append(wrapPlain("This attempt is kept as unfinished; only a finished quiz can be your best.\(best)", first: "", rest: ""))
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
        return renderer.wrapped(kept, first: first, rest: rest).replacingOccurrences(of: "\u{00A0}", with: " ")
    }

    private func oneLine(_ s: String) -> String {
        s.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    private func capitalized(_ s: String) -> String {
        s.prefix(1).uppercased() + s.dropFirst()
    }
}
