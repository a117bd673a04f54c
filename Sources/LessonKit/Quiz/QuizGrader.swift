import Foundation
import StepScript

/// Reads a learner's typed answer and judges it against the value the lesson computed.
///
/// The right answer is always the quiz's computed `answer:` value; what the learner typed is
/// read in the light of that value's kind, so `6, 2` is a shape for a shape question and two
/// numbers for a tensor question.
public enum QuizGrader {
    /// The tolerance for numbers when a quiz sets none (absolute).
    public static let defaultTolerance = 0.01

    /// What became of one typed answer.
    public enum Outcome: Sendable, Equatable {
        /// An empty answer.
        case skipped
        /// Text that cannot be read as an answer to this question; `note` says why.
        case unreadable(note: String)
        /// A readable answer: right or wrong, with |given - right| where that means something.
        case judged(correct: Bool, difference: Double?, note: String?)
    }

    /// Judges `input` against `answer`. Numbers count as right within `tolerance` (absolute,
    /// default 0.01), tensors and lists element by element with the same shape, ints, shapes
    /// and bools exactly, strings case-insensitively, and a multiple-choice answer by the
    /// choice's number or text.
    public static func judge(_ input: String, answer: EvaluatedValue, tolerance: Double? = nil, choices: [String] = []) -> Outcome {
        // Reading is linear, but an answer no one types by hand is not worth reading at all.
        if input.utf8.count > AnswerText.maxLength {
            return .unreadable(note: "the answer is \(input.utf8.count) bytes long; answers are read up to \(AnswerText.maxLength)")
        }
        let text = input.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return .skipped }
        if !choices.isEmpty { return judgeChoice(text, answer: answer, choices: choices) }
        let tolerance = tolerance.map(usable)
        let tol = tolerance ?? defaultTolerance
        let quoted = AnswerText.quoted(text)
        switch answer.kind {
        case .integer(let right):
            guard let given = AnswerText.number(text) else {
                return .unreadable(note: "could not read \(quoted) as a whole number")
            }
            let difference = abs(given - Double(right))
            // Integers are exact unless the author allows some slack explicitly.
            let correct = tolerance.map { within(difference, $0, of: Double(right)) } ?? (difference == 0)
            return .judged(correct: correct, difference: finite(difference), note: nil)
        case .number(let right):
            guard let given = AnswerText.number(text) else {
                switch AnswerText.read(text) {
                case .success(let r) where r.values.count > 1:
                    return .unreadable(note: "the answer is one number, not a list")
                case .failure(let problem) where problem != .notNumbers:
                    return .unreadable(note: "could not read \(quoted) as a number: \(problem)")
                default:
                    return .unreadable(note: "could not read \(quoted) as a number")
                }
            }
            if right.isNaN || given.isNaN { return .judged(correct: right.isNaN && given.isNaN, difference: nil, note: nil) }
            if right.isInfinite || given.isInfinite { return .judged(correct: right == given, difference: nil, note: nil) }
            let difference = abs(given - right)
            return .judged(correct: within(difference, tol, of: right), difference: difference, note: nil)
        case .bool(let right):
            guard let given = AnswerText.bool(text) else {
                return .unreadable(note: "could not read \(quoted) as True or False")
            }
            return .judged(correct: given == right, difference: nil, note: nil)
        case .string(let right):
            return .judged(correct: AnswerText.unquoted(text).lowercased() == right.trimmingCharacters(in: .whitespaces).lowercased(),
                           difference: nil, note: nil)
        case .shape(let right):
            guard let given = AnswerText.shape(text) else {
                return .unreadable(note: "could not read \(quoted) as a shape; write it like 6, 2 or torch.Size([6, 2])")
            }
            return .judged(correct: given == right, difference: nil, note: nil)
        case .tensor(let shape, let values, _):
            let given: (shape: [Int], values: [Double])
            switch AnswerText.read(text) {
            case .success(let r): given = r
            case .failure(let problem) where problem != .notNumbers:
                return .unreadable(note: "could not read \(quoted) as numbers: \(problem)")
            case .failure:
                return .unreadable(note: "could not read \(quoted) as numbers; write them like [0.15, 0.23] or [[1, 2], [3, 4]]")
            }
            // A single number answers a one-element tensor.
            let givenShape = given.shape == [] && shape.elementCount == 1 ? shape : given.shape
            guard givenShape == shape else {
                return .judged(correct: false, difference: nil,
                               note: "your answer has shape \(describe(given.shape)), the answer has shape \(describe(shape))")
            }
            var largest = 0.0
            var allClose = true
            for (g, r) in zip(given.values, values) {
                if g.isNaN || r.isNaN {
                    if !(g.isNaN && r.isNaN) { allClose = false; largest = .infinity }
                    continue
                }
                if g.isInfinite || r.isInfinite {
                    if g != r { allClose = false; largest = .infinity }
                    continue
                }
                let d = abs(g - r)
                largest = max(largest, d)
                if !within(d, tol, of: r) { allClose = false }
            }
            return .judged(correct: allClose, difference: finite(largest), note: nil)
        case .other:
            let squeeze: (String) -> String = { $0.filter { !$0.isWhitespace }.lowercased() }
            return .judged(correct: squeeze(text) == squeeze(answer.repr), difference: nil, note: nil)
        }
    }

    /// Judges `input` and packages the result for a session, transcript or report.
    public static func response(quizIndex: Int, input: String?, answer: EvaluatedValue, tolerance: Double?, choices: [String]) -> QuizResponse {
        let shown = shownAnswer(answer, tolerance: tolerance, choices: choices)
        guard let input else {
            return QuizResponse(quizIndex: quizIndex, given: nil, verdict: .unanswered, rightAnswer: shown)
        }
        switch judge(input, answer: answer, tolerance: tolerance, choices: choices) {
        case .skipped:
            return QuizResponse(quizIndex: quizIndex, given: "", verdict: .skipped, rightAnswer: shown)
        case .unreadable(let note):
            return QuizResponse(quizIndex: quizIndex, given: input, verdict: .unparseable, rightAnswer: shown, note: note)
        case .judged(let correct, let difference, let note):
            return QuizResponse(quizIndex: quizIndex, given: input, verdict: correct ? .correct : .wrong, rightAnswer: shown,
                                difference: difference, note: note)
        }
    }

    /// The right answer as a learner reads it, everywhere it is shown: a choice's text as
    /// written, a string without quotes, a float rounded as PyTorch prints it (4 decimals,
    /// `1.2345e-05` for the very small or large; more decimals only when the tolerance asks
    /// for them), a list of floats likewise, anything else by its repr (a tensor's repr is
    /// already PyTorch's).
    public static func shownAnswer(_ answer: EvaluatedValue, tolerance: Double? = nil, choices: [String] = []) -> String {
        if let choice = choices.first(where: { LessonSession.choiceMatches($0, answer) }) { return choice }
        switch answer.kind {
        case .string(let s):
            return s
        case .number(let d):
            return shownNumber(d, repr: answer.repr, tolerance: tolerance)
        case .tensor(let shape, let values, false) where !answer.repr.hasPrefix("tensor("):
            // A Python list of floats: Python would print every digit.
            return shownList(shape: shape, values: values.map { shownNumber($0, repr: nil, tolerance: tolerance) })
        default:
            return answer.repr
        }
    }

    /// A float as PyTorch prints a number: 4 decimals, scientific for magnitudes below 1e-4
    /// or from 1e8; Python's own repr where it is no longer (`32.0`, `0.25`).
    static func shownNumber(_ d: Double, repr: String?, tolerance: Double?) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d > 0 ? "inf" : "-inf" }
        let a = abs(d)
        if a != 0 && (a < 1e-4 || a >= 1e8) { return String(format: "%.4e", d) }
        // A tolerance finer than 4 decimals can tell apart: show the decimals it judges.
        var decimals = 4
        if let tol = tolerance.map(usable), tol > 0, tol < 1e-4 {
            decimals = min(17, Int(min(20, (-log10(tol)).rounded(.up))))
        }
        let repr = repr ?? {
            var r = "\(d)"
            if !r.contains(".") && !r.contains("e") { r += ".0" }
            return r
        }()
        if let dot = repr.firstIndex(of: "."), !repr.contains("e"),
           repr.distance(from: dot, to: repr.endIndex) - 1 <= decimals {
            return repr
        }
        let s = String(format: "%.\(decimals)f", d)
        return s.hasPrefix("-") && Double(s) == 0 ? String(s.dropFirst()) : s
    }

    /// Nested brackets around shown values, row-major in `shape`.
    private static func shownList(shape: [Int], values: [String]) -> String {
        guard let first = shape.first else { return values.first ?? "" }
        let inner = Array(shape.dropFirst())
        let step = inner.reduce(1, *)
        guard step > 0 else { return "[" + Array(repeating: "[]", count: first).joined(separator: ", ") + "]" }
        let parts = (0..<first).map { i in
            shownList(shape: inner, values: Array(values[min(values.count, i * step)..<min(values.count, (i + 1) * step)]))
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }

    /// How precisely an answer must be given to count as right.
    public static func precision(_ answer: EvaluatedValue, tolerance quizTolerance: Double?, choices: [String]) -> AnswerPrecision {
        if !choices.isEmpty { return .choices(choices) }
        switch answer.kind {
        case .string: return .text
        case .bool, .shape, .other: return .exactly
        case .integer, .number, .tensor:
            guard let tol = tolerance(for: answer, quizTolerance: quizTolerance, choices: choices), tol > 0 else { return .exactly }
            let places = -log10(tol)
            if tol.isFinite, places >= 0.5, abs(places - places.rounded()) < 1e-9, places <= 17 {
                return .decimals(Int(places.rounded()), tolerance: tol)
            }
            return .within(tol)
        }
    }

    /// A shape as a learner writes it: `(6, 2)`, `(3,)`, `()`.
    public static func describe(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// The absolute tolerance an answer is judged with; nil where it must be exact.
    public static func tolerance(for answer: EvaluatedValue, quizTolerance: Double?, choices: [String]) -> Double? {
        if !choices.isEmpty { return nil }
        switch answer.kind {
        case .number, .tensor: return quizTolerance.map(usable) ?? defaultTolerance
        case .integer: return quizTolerance.map(usable)
        default: return nil
        }
    }

    /// What kind of answer a question wants, as a short instruction for the prompt.
    public static func expectedForm(_ answer: EvaluatedValue, choices: [String]) -> String {
        if !choices.isEmpty { return "a choice's number or its text" }
        switch answer.kind {
        case .integer: return "a whole number"
        case .number: return "a number, e.g. 0.25"
        case .bool: return "True or False"
        case .string: return "text"
        case .shape: return "a shape, e.g. 6, 2"
        case .tensor: return "numbers, e.g. [0.15, 0.23]"
        case .other: return "Python's repr of the value"
        }
    }

    /// The prompt's instruction: what to type and how precisely, e.g. `Answer with a number,
    /// to 2 decimals (±0.01).` or `Answer with 1–4 or a choice's text.`
    public static func instruction(_ answer: EvaluatedValue, tolerance: Double?, choices: [String]) -> String {
        let precision = precision(answer, tolerance: tolerance, choices: choices)
        if !choices.isEmpty { return "Answer with \(precision)." }
        switch answer.kind {
        case .bool: return "Answer True or False."
        case .string: return "Answer with text, in any case."
        case .shape: return "Answer with a shape (e.g. 6, 2), exactly."
        case .tensor: return "Answer with numbers like [0.15, 0.23], each \(precision)."
        default: return "Answer with \(expectedForm(answer, choices: choices).replacingOccurrences(of: ", e.g. 0.25", with: "")), \(precision)."
        }
    }

    private static func judgeChoice(_ text: String, answer: EvaluatedValue, choices: [String]) -> Outcome {
        guard let chosen = choice(text, in: choices) else {
            return .unreadable(note: "\(AnswerText.quoted(text)) is not one of the choices; type a number from 1 to \(choices.count) or a choice's text")
        }
        return .judged(correct: LessonSession.choiceMatches(choices[chosen], answer), difference: nil, note: nil)
    }

    /// The index of the choice `text` names: its text (case-insensitive) first, then its
    /// number (1-based), then a numeric value equal to a numeric choice, then yes/no for
    /// True/False.
    public static func choice(_ text: String, in choices: [String]) -> Int? {
        let t = AnswerText.unquoted(text.trimmingCharacters(in: .whitespaces)).lowercased()
        if let i = choices.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).lowercased() == t }) { return i }
        var numberText = t
        if numberText.hasSuffix(")") || numberText.hasSuffix(".") { numberText.removeLast() }
        if let n = Int(numberText), n >= 1, n <= choices.count { return n - 1 }
        if let v = AnswerText.number(t),
           let i = choices.firstIndex(where: { c in AnswerText.number(c).map { $0 == v || ($0.isNaN && v.isNaN) } ?? false }) {
            return i
        }
        if let b = AnswerText.bool(t), let i = choices.firstIndex(where: { $0.lowercased() == (b ? "true" : "false") }) { return i }
        return nil
    }

    /// A tolerance the grader can use, whatever a caller passes: the parser only lets finite
    /// values of 0 or more through, but a nan or negative one means exact here, and an
    /// infinite one accepts every finite answer (`within` stays false for a nan difference).
    static func usable(_ tolerance: Double) -> Double {
        tolerance.isNaN || tolerance < 0 ? 0 : tolerance
    }

    private static func within(_ difference: Double, _ tolerance: Double, of right: Double) -> Bool {
        // Decimal input like 0.24 against 0.23 with tolerance 0.01 must not fail by one ulp.
        difference <= tolerance + 1e-9 * max(1, abs(right))
    }

    private static func finite(_ d: Double) -> Double? { d.isFinite ? d : nil }
}

/// How precisely a quiz answer must be given, as a prompt states it.
public enum AnswerPrecision: Sendable, Equatable, CustomStringConvertible {
    /// Ints, shapes, bools: only the value itself is right.
    case exactly
    /// Numbers within `tolerance` (a power of ten): right to `places` decimals.
    case decimals(Int, tolerance: Double)
    /// Numbers within an absolute tolerance that is not a power of ten (`±0.05`, `±20`).
    case within(Double)
    /// One of the choices, by its number or its text.
    case choices([String])
    /// Text, in any case.
    case text

    /// `to 2 decimals (±0.01)`, `within ±0.05`, `exactly`, `1–4 or a choice's text`, `in any case`.
    public var description: String {
        switch self {
        case .exactly: return "exactly"
        case .decimals(let places, let tolerance):
            return "to \(places) decimal\(places == 1 ? "" : "s") (±\(Self.number(tolerance)))"
        case .within(let tolerance): return tolerance.isInfinite ? "any number counts" : "within ±\(Self.number(tolerance))"
        case .choices(let choices): return choices.count == 1 ? "1 or the choice's text" : "1–\(choices.count) or a choice's text"
        case .text: return "in any case"
        }
    }

    /// A tolerance as written in a lesson: `0.01`, `20`, `1e-06`.
    static func number(_ t: Double) -> String {
        if t == t.rounded() && abs(t) < 1e15 { return String(Int(t)) }
        return String(format: "%g", t)
    }
}

/// Reading the forms learners type: numbers, lists, shapes, bools, quoted text.
///
/// Every reader here is linear in the answer's length and uses no recursion, so no answer
/// can exhaust the stack or the clock; `QuizGrader.judge` reads at most `maxLength` bytes.
public enum AnswerText {
    /// The longest answer read, in UTF-8 bytes: a 6 × 6 tensor's repr is about 500.
    public static let maxLength = 100_000
    /// The deepest bracket nesting read (PyTorch allows at most 64 dimensions as well).
    public static let maxDepth = 64

    /// Why text is not numbers.
    public enum ReadProblem: Error, Equatable, CustomStringConvertible {
        /// Not numbers in brackets, or ragged nesting.
        case notNumbers
        /// Brackets nested deeper than `maxDepth`.
        case tooDeep

        public var description: String {
            switch self {
            case .notNumbers: return "it is not numbers"
            case .tooDeep: return "the brackets nest more than \(AnswerText.maxDepth) deep"
            }
        }
    }

    /// Numbers with their nesting: `[0.15, 0.23]`, `6, 2`, `(6, 2)`, `[[1, 2], [3, 4]]`,
    /// `tensor([...])`, `torch.Size([6, 2])`; one number has shape `[]`. Nil for anything
    /// else or for ragged nesting.
    public static func numbers(_ text: String) -> (shape: [Int], values: [Double])? {
        try? read(text).get()
    }

    /// `numbers`, saying why when the text is not numbers.
    public static func read(_ text: String) -> Result<(shape: [Int], values: [Double]), ReadProblem> {
        var s = strippingWrappers(text)
        if s.isEmpty { return .failure(.notNumbers) }
        s = s.replacingOccurrences(of: "−", with: "-")
        return NestedReader.read(Array(s.unicodeScalars))
    }

    /// One number: `0.23`, `-1e-3`, `inf`, `nan`, `tensor(0.2379)`, `[0.23]` is not one.
    public static func number(_ text: String) -> Double? {
        // `True` inside a list is 1 (a bool tensor), but on its own it is not a number.
        if bool(text) != nil { return nil }
        guard let r = numbers(text), r.shape.isEmpty else { return nil }
        return r.values.first
    }

    /// A shape: `6, 2`, `(6, 2)`, `[6, 2]`, `torch.Size([6, 2])`, `6 x 2`, `3`, `(3,)`, `()`.
    public static func shape(_ text: String) -> [Int]? {
        var s = text.trimmingCharacters(in: .whitespaces)
        // 6x2 and 6 × 2 are how people often write a shape.
        s = s.replacingOccurrences(of: "(?<=\\d)\\s*[x×]\\s*(?=\\d)", with: ", ", options: .regularExpression)
        let stripped = strippingWrappers(s)
        if stripped == "()" || stripped == "[]" || (stripped.isEmpty && !s.isEmpty) { return [] }
        guard let r = numbers(s), r.shape.count <= 1 else { return nil }
        var dims = [Int]()
        for v in r.values {
            guard v.isFinite, v >= 0, v == v.rounded(), v < 1e15 else { return nil }
            dims.append(Int(v))
        }
        return dims
    }

    /// `True`/`False`, `yes`/`no`, in any case.
    public static func bool(_ text: String) -> Bool? {
        switch unquoted(text.trimmingCharacters(in: .whitespaces)).lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: return nil
        }
    }

    /// Text without one pair of matching quotes around it.
    public static func unquoted(_ text: String) -> String {
        let t = text.trimmingCharacters(in: .whitespaces)
        for q in ["'", "\"", "`"] where t.count >= 2 && t.hasPrefix(q) && t.hasSuffix(q) {
            return String(t.dropFirst().dropLast())
        }
        return t
    }

    /// What the learner typed, in quotes for a note; a long answer is cut to its start.
    public static func quoted(_ text: String, limit: Int = 60) -> String {
        var shown = ""
        var count = 0
        for c in text {
            if count == limit { return "'\(shown)…' (\(text.utf8.count) bytes)" }
            shown.append(c)
            count += 1
        }
        return "'\(shown)'"
    }

    /// Drops `tensor(...)`, `torch.Size(...)` and the keyword arguments PyTorch prints inside
    /// them, so a copied repr reads like the list it shows.
    static func strippingWrappers(_ text: String) -> String {
        var s = text.trimmingCharacters(in: .whitespacesAndNewlines)
        for prefix in ["torch.tensor(", "tensor(", "torch.Size(", "Size("] where s.hasPrefix(prefix) && s.hasSuffix(")") {
            s = String(s.dropFirst(prefix.count).dropLast()).trimmingCharacters(in: .whitespaces)
            // `tensor([...], dtype=torch.int64, requires_grad=True)`: drop the trailing keywords.
            while let r = trailingKeyword(s) {
                s.removeSubrange(r)
            }
            break
        }
        return s.trimmingCharacters(in: .whitespaces)
    }

    /// The range of a last `, name=value` in `s` (no comma in the value) when `name` is one
    /// of the keywords PyTorch prints in a repr.
    private static func trailingKeyword(_ s: String) -> Range<String.Index>? {
        guard let comma = s.lastIndex(of: ",") else { return nil }
        let after = s[s.index(after: comma)...]
        guard let equals = after.firstIndex(of: "=") else { return nil }
        let name = after[..<equals].trimmingCharacters(in: .whitespacesAndNewlines)
        guard ["requires_grad", "grad_fn", "dtype", "device"].contains(name) else { return nil }
        return comma..<s.endIndex
    }
}

/// Reads `[1, 2]`, `(1, 2)`, `1, 2` and `1 2` into a shape and values in one pass with an
/// explicit stack: nesting costs no call depth, and each value is stored once.
private enum NestedReader {
    /// An open bracket: what closes it, how many items it has, the shape of its first item
    /// (every item must have the same), and whether a comma ended its last item.
    struct Frame {
        let close: Unicode.Scalar?
        var count = 0
        var itemShape: [Int]? = nil
        var trailingComma = false
        /// A lone value in parentheses stands for itself: `(0.5)`; `(3,)` is a tuple.
        var isParenthesised: Bool { close == ")" }
    }

    static func read(_ c: [Unicode.Scalar]) -> Result<(shape: [Int], values: [Double]), AnswerText.ReadProblem> {
        var values = [Double]()
        var stack = [Frame(close: nil)]
        var i = 0

        /// Adds a finished item of `shape` to the innermost open bracket.
        func add(_ shape: [Int]) -> Bool {
            let top = stack.count - 1
            if let first = stack[top].itemShape, first != shape { return false }
            stack[top].itemShape = shape
            stack[top].count += 1
            stack[top].trailingComma = false
            return true
        }

        /// The shape a closed bracket stands for.
        func shape(of frame: Frame) -> [Int] {
            if frame.isParenthesised && frame.count == 1 && !frame.trailingComma { return frame.itemShape ?? [] }
            return [frame.count] + (frame.itemShape ?? [])
        }

        while true {
            while i < c.count, c[i].properties.isWhitespace { i += 1 }
            guard i < c.count else { break }
            let ch = c[i]
            switch ch {
            case "[", "(":
                guard stack.count <= AnswerText.maxDepth else { return .failure(.tooDeep) }
                stack.append(Frame(close: ch == "[" ? "]" : ")"))
                i += 1
            case "]", ")":
                guard stack.count > 1, stack[stack.count - 1].close == ch else { return .failure(.notNumbers) }
                let frame = stack.removeLast()
                guard add(shape(of: frame)) else { return .failure(.notNumbers) }
                i += 1
            case ",":
                // A comma must follow a value: `[, 1]` and `[1,, 2]` are typos.
                let top = stack.count - 1
                guard stack[top].count > 0, !stack[top].trailingComma else { return .failure(.notNumbers) }
                stack[top].trailingComma = true
                i += 1
            default:
                let start = i
                while i < c.count, !c[i].properties.isWhitespace, !"[](),".unicodeScalars.contains(c[i]) { i += 1 }
                guard let v = scalar(c[start..<i]), add([]) else { return .failure(.notNumbers) }
                values.append(v)
            }
        }
        // Every bracket must be closed; at the top, one value stands for itself unless a
        // comma follows it.
        guard stack.count == 1 else { return .failure(.notNumbers) }
        let top = stack[0]
        if top.count == 0 { return .failure(.notNumbers) }
        if top.count == 1 && !top.trailingComma { return .success((top.itemShape ?? [], values)) }
        return .success(([top.count] + (top.itemShape ?? []), values))
    }

    /// One number in Python's float syntax (without Swift's hex floats; `1.` as PyTorch
    /// prints it), `inf`, `nan`, or a bool as 1 or 0.
    static func scalar(_ word: ArraySlice<Unicode.Scalar>) -> Double? {
        guard !word.isEmpty else { return nil }
        var w = String(String.UnicodeScalarView(word)).lowercased()
        switch w {
        case "inf", "+inf", "infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan", "+nan", "-nan": return .nan
        case "true": return 1
        case "false": return 0
        default: break
        }
        // [+-]? (digit [digit_]* .? digit* | . digit+) (e [+-]? digit+)?
        let u = Array(w.utf8)
        var j = 0
        func digits(allowUnderscore: Bool) -> Int {
            let from = j
            while j < u.count, (u[j] >= 48 && u[j] <= 57) || (allowUnderscore && u[j] == 95 && j > from) { j += 1 }
            return j - from
        }
        if j < u.count, u[j] == 43 || u[j] == 45 { j += 1 }
        if j < u.count, u[j] == 46 {
            j += 1
            guard digits(allowUnderscore: false) > 0 else { return nil }
        } else {
            guard digits(allowUnderscore: true) > 0 else { return nil }
            if j < u.count, u[j] == 46 {
                j += 1
                _ = digits(allowUnderscore: false)
            }
        }
        if j < u.count, u[j] == 101 {
            j += 1
            if j < u.count, u[j] == 43 || u[j] == 45 { j += 1 }
            guard digits(allowUnderscore: false) > 0 else { return nil }
        }
        guard j == u.count else { return nil }
        w.removeAll { $0 == "_" }
        return Double(w)
    }
}
