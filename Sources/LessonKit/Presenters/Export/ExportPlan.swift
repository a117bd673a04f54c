import Foundation
import StepScript

/// One piece of an exported transcript, in reading order.
enum ExportItem {
    case prose(Prose)
    case step(StepResult)
    /// A step's actual output with its check. It stands where the lesson put the step's
    /// `output` block (after any quiz that would give it away), or right after the step
    /// when the lesson has none.
    case output(StepResult)
    case quiz(Quiz, Result<EvaluatedValue, StepError>?)
    case heatmap(Heatmap, Result<HeatmapData, StepError>?)
    case exercise(Exercise)
    /// What follows questions, held back until they are answered; never holds another.
    case held(HeldRegion)
}

extension ExportItem {
    /// The item, or a held region's items: the lesson in reading order, whatever is held.
    var opened: [ExportItem] {
        if case .held(let region) = self { return region.items }
        return [self]
    }
}

/// What follows a run of questions up to the next step: the output that answers them, the
/// lesson's words on it, heatmaps. `tutor quiz` shows none of it before the questions are
/// answered, and neither may an exporter: it hides the region until they are (HTML), or
/// folds it (Markdown; a notebook when no output is in it, see `NotebookExporter`).
///
/// Consecutive questions share one region, revealed once all of them are answered. A
/// question within a region (after prose, say) is its last item, and starts the next
/// region: the terminal asks it only once the first is answered, and the page shows it
/// only then, so what follows it need wait for it alone. Regions are siblings, never
/// nested, so however many questions a lesson asks between two steps, the transcript
/// stays flat.
struct HeldRegion {
    /// The questions (quiz indices) to answer first; only those whose answer was computed,
    /// since a question that cannot be answered can never release anything.
    let questions: [Int]
    let items: [ExportItem]

    /// The output the region opens with: the answer to its questions, as a step printed it.
    var openingOutput: StepResult? {
        if case .output(let r)? = items.first { return r }
        return nil
    }

    /// Whether a step's output is in the region.
    var holdsOutput: Bool {
        items.contains { if case .output = $0 { return true }; return false }
    }

    /// What the region holds, in words: "the output of step 3", "the output of step 3 and
    /// what follows it", or "what follows".
    var contents: String {
        guard let r = openingOutput else { return "what follows" }
        return "the output of step \(r.step.index + 1)" + (items.count > 1 ? " and what follows it" : "")
    }

    /// What a folded region says, for a reader to open it only after answering.
    var summary: String {
        contents.prefix(1).uppercased() + contents.dropFirst() + ": answer " + ExportText.questions(questions) + " first, then open"
    }
}

/// The exporters' items: the session's events, in the session's reading order, with what
/// follows each question held back as `tutor quiz` holds it (`QuizFlow`).
enum ExportPlan {
    static func items(_ run: LessonRun) -> [ExportItem] {
        var out = [ExportItem]()
        // The region being read, the questions it waits for (none: the items are shown),
        // and the answerable questions of the run of questions just read (`asked`).
        var region = [ExportItem]()
        var waitingFor = [Int]()
        var asked = [Int]()
        func place(_ item: ExportItem) {
            if waitingFor.isEmpty { out.append(item) } else { region.append(item) }
        }
        func closeRegion() {
            if !region.isEmpty { out.append(.held(HeldRegion(questions: waitingFor, items: region))) }
            region = []
        }
        for event in run.events {
            let item: ExportItem
            switch event {
            case .prose(let prose): item = .prose(prose)
            case .step(let r):
                // A step ends what the questions before it hold back.
                closeRegion()
                waitingFor = []
                asked = []
                out.append(.step(r))
                continue
            case .output(let r): item = .output(r)
            case .question(let quiz, let answer):
                place(.quiz(quiz, answer))
                // A question whose answer cannot be computed cannot be answered: it holds nothing back.
                if case .success = answer { asked.append(quiz.index) }
                continue
            case .heatmap(let map, let data): item = .heatmap(map, data)
            case .exercise(let exercise): item = .exercise(exercise)
            }
            // The first item after a run of questions starts what they hold back.
            if !asked.isEmpty {
                closeRegion()
                waitingFor = asked
                asked = []
            }
            place(item)
        }
        closeRegion()
        return out
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
