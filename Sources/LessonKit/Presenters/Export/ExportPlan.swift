import Foundation
import StepScript

/// One piece of an exported transcript, in reading order.
enum ExportItem {
    case prose(Prose)
    case step(StepResult)
    /// A step's actual output with its check. It stands where the lesson put the step's
    /// `output` block (after any quiz that would give it away), or right after the step
    /// when the lesson has none. `answers` are the questions (quiz indices) that stand
    /// between the step and its output: the output gives their answers away, so an
    /// exporter holds it back until they are answered, or folds it.
    case output(StepResult, answers: [Int])
    case quiz(Quiz, Result<EvaluatedValue, StepError>?)
    case heatmap(Heatmap, Result<HeatmapData, StepError>?)
    case exercise(Exercise)
}

/// The exporters' items: the session's events, in the session's reading order.
enum ExportPlan {
    static func items(_ run: LessonRun) -> [ExportItem] {
        // The questions asked since the last step, as `QuizFlow` holds that step's output back
        // behind them. Only the last step can have its output still to come: an `output`
        // block belongs to the step before it.
        var pending: (step: Int, questions: [Int])? = nil
        return run.events.map { event in
            switch event {
            case .prose(let prose): return .prose(prose)
            case .step(let r):
                pending = (r.step.index, [])
                return .step(r)
            case .output(let r):
                let answers = pending.flatMap { $0.step == r.step.index ? $0.questions : nil } ?? []
                pending = nil
                return .output(r, answers: answers)
            case .question(let quiz, let answer):
                // A question whose answer cannot be computed cannot be answered: it holds nothing back.
                if case .success = answer { pending?.questions.append(quiz.index) }
                return .quiz(quiz, answer)
            case .heatmap(let map, let data): return .heatmap(map, data)
            case .exercise(let exercise): return .exercise(exercise)
            }
        }
    }
}

/// Text helpers the terminal renderer and the exporters share.
enum ExportText {
    /// How a quiz answer is shown, the same in every presenter: a choice's text, strings
    /// without quotes, floats rounded as PyTorch prints them (`QuizGrader.shownAnswer`).
    static func answer(_ v: EvaluatedValue, quiz: Quiz) -> String {
        QuizGrader.shownAnswer(v, tolerance: quiz.tolerance, choices: quiz.choices)
    }

    /// How an exported exercise says where to write and check it.
    static func exerciseInstruction(_ exercise: Exercise, lesson: Lesson) -> String {
        "Write it in the exercise file (tutor exercise \(lesson.number) makes one), then check it with tutor exercise \(lesson.number)."
    }

    /// `question 2`, `questions 1 and 2`, `questions 1, 2 and 3`, for 0-based quiz indices.
    static func questions(_ indices: [Int]) -> String {
        let numbers = indices.map { String($0 + 1) }
        guard let last = numbers.last else { return "no question" }
        if numbers.count == 1 { return "question " + last }
        return "questions " + numbers.dropLast().joined(separator: ", ") + " and " + last
    }

    /// One line summing up a run: "12 of 12 steps match the lesson".
    static func summary(_ run: LessonRun) -> String {
        let total = run.steps.count
        let failed = run.steps.filter { $0.status == .fail }.count
        let errors = run.steps.filter { $0.status == .error }.count
        if total == 0 { return "The lesson has no steps" }
        // Steps without an output block only show what they print: nothing is wrong with them.
        if failed == 0 && errors == 0 {
            if run.unchecked == 0 { return total == 1 ? "The step ran and matches the lesson" : "All \(total) steps ran and match the lesson" }
            if run.passed == 0 { return total == 1 ? "The step ran" : "All \(total) steps ran" }
            return "All \(total) steps ran; " + (run.passed == 1 ? "the one with output in the lesson matches it" : "the \(run.passed) with output in the lesson match it")
        }
        var parts = ["\(total) step\(total == 1 ? "" : "s"): \(run.passed) match\(run.passed == 1 ? "es" : "") the lesson"]
        if failed > 0 { parts.append("\(failed) differ\(failed == 1 ? "s" : "")") }
        if errors > 0 { parts.append("\(errors) raised an error") }
        if run.unchecked > 0 { parts.append("\(run.unchecked) with nothing to check against") }
        return parts.joined(separator: ", ")
    }

    /// The line that heads a step's output: ✓, ✗ and why, or that it is unchecked.
    static func verdict(_ r: StepResult) -> String {
        switch r.status {
        case .pass: return "✓ matches the lesson"
        case .fail: return "✗ " + (r.comparison?.summary ?? "step output differs")
        case .error: return "✗ the step raised " + (r.error.map { "\($0.pythonMessage) at \(shortLocation($0.location))" } ?? "an error")
        case .unchecked: return "not checked: the lesson gives no expected output"
        }
    }

    /// `02-trainable-weights.md:41`: the file name without its folder.
    static func shortLocation(_ l: SourceLocation) -> String {
        "\((l.path as NSString).lastPathComponent):\(l.line)"
    }

    /// A heatmap cell's value as every renderer shows it: two decimals, scientific notation
    /// when two decimals would mislead (very large or very small), or inf/nan.
    static func cell(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        let a = Swift.abs(v)
        if a != 0 && (a >= 1e4 || a < 5e-3) { return String(format: "%.1e", v) }
        let s = String(format: "%.2f", v)
        return s == "-0.00" ? "0.00" : s
    }

    /// The smallest and largest finite values (0...1 when there are none).
    static func range(_ values: [Double]) -> (lo: Double, hi: Double) {
        let finite = values.filter { $0.isFinite }
        return (finite.min() ?? 0, finite.max() ?? 1)
    }

    /// Text split into lines without the final newline's empty line.
    static func lines(_ text: String) -> [String] {
        var l = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if l.last == "" { l.removeLast() }
        return l
    }

    /// A fence of `char` longer than any run of it in `text` (at least three).
    static func fence(for text: String, char: Character = "`") -> String {
        String(repeating: char, count: max(3, longestRun(of: char, in: text) + 1))
    }

    static func longestRun(of char: Character, in text: String) -> Int {
        var longest = 0, run = 0
        for c in text {
            if c == char { run += 1; longest = max(longest, run) } else { run = 0 }
        }
        return longest
    }

    /// Backslash-escapes what Markdown would read as markup, so lesson text that is not
    /// Markdown (quiz questions, labels, messages) shows as written. `$` stays, so math in
    /// a question still renders as math where the viewer supports it.
    static func markdownEscaped(_ s: String) -> String {
        let chars = Array(s)
        var out = ""
        for (i, c) in chars.enumerated() {
            // An underscore inside a word never starts emphasis, so `W_query` stays readable.
            let inWord = c == "_" && i > 0 && i + 1 < chars.count
                && (chars[i - 1].isLetter || chars[i - 1].isNumber) && (chars[i + 1].isLetter || chars[i + 1].isNumber)
            if "\\`*_[]<>|&#!~".contains(c) && !inWord { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// `text` as a Markdown code span, with a backtick run longer than any inside it.
    static func codeSpan(_ text: String) -> String {
        let ticks = String(repeating: "`", count: longestRun(of: "`", in: text) + 1)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") || text.hasPrefix(" ") ? " " : ""
        return ticks + pad + text + pad + ticks
    }

    /// Escapes text for HTML element content and attribute values.
    static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
