import StepScript

/// A fenced `exercise` block: a function or class the learner writes, checked against the
/// lesson's reference on many inputs.
///
/// ````
/// ```exercise
/// name: softmax_stable
/// hint: a nudge first
/// hint: then a more precise one
/// %% task
/// Write `softmax_stable(x)` ...
/// %% starter
/// def softmax_stable(x):
///     return x
/// %% solution
/// def softmax_stable(x): ...
/// %% cases
/// cases = {"the lesson's scores": (attn_scores,), "large scores": (torch.tensor([[1000., 1001.]]),)}
/// %% mistake: softmax without subtracting the maximum overflows on large scores
/// def softmax_stable(x): ...
/// ```
/// ````
///
/// Every section of code runs in the lesson's namespace at the block's place: the expected
/// values come from running the solution, never from text in the lesson.
public struct Exercise: Sendable {
    /// The function or class the learner defines, e.g. `softmax_stable`.
    public let name: String
    /// What to write: Markdown, parsed as the lesson's prose is.
    public let task: Prose
    /// The code the learner starts from; it must not pass.
    public let starter: Code
    /// The reference: code that defines `name` correctly.
    public let solution: Code
    /// Code that sets `cases`: a dict from a short description to a tuple of arguments.
    public let cases: Code
    /// Code that defines `call(impl, arg1, ...)`, when calling `impl` on the case is not how the
    /// exercise is used (a class to build and then apply, a seed to set first).
    public let call: Code?
    /// Known wrong answers, each named in plain words.
    public let mistakes: [Mistake]
    /// Hints, a nudge first, each more precise than the one before.
    public let hints: [String]
    /// A value matches the reference when |got - expected| <= atol + rtol * |expected|
    /// (PyTorch's `assert_close` rule; its float32 defaults unless the block sets them).
    public let absoluteTolerance: Double
    public let relativeTolerance: Double
    public let location: SourceLocation
    /// Zero-based position among the lesson's exercises.
    public let index: Int
    /// The step it follows (it runs after that step); nil before any step.
    public let afterStep: Int?

    public static let defaultAbsoluteTolerance = 1e-5
    public static let defaultRelativeTolerance = 1.3e-6

    /// A section of code with the lesson line its first line is on.
    public struct Code: Sendable {
        public let text: String
        public let firstLine: Int
    }

    /// A known mistake: code that makes it, and what to tell a learner whose answers match it.
    public struct Mistake: Sendable {
        public let description: String
        public let code: Code
    }
}

extension Exercise {
    /// Why `got` does not match `expected` within this exercise's tolerances; nil when it does.
    public func difference(expected: EvaluatedValue, got: EvaluatedValue) -> String? {
        ValueComparison.difference(expected: expected, got: got, atol: absoluteTolerance, rtol: relativeTolerance)
    }
}

/// Reading an exercise block's text.
enum ExerciseParser {
    static func parse(_ literal: String, _ location: SourceLocation, afterStep: Int?, index: Int) throws -> Exercise {
        var header = [(text: String, line: Int)]()
        var sections = [(title: String, line: Int, body: [String])]()
        for (offset, line) in literal.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = location.line + 1 + offset
            if line.hasPrefix("%%") {
                sections.append((line.dropFirst(2).trimmingCharacters(in: .whitespaces), lineNumber, []))
            } else if sections.isEmpty {
                header.append((String(line), lineNumber))
            } else {
                sections[sections.count - 1].body.append(String(line))
            }
        }
        func here(_ line: Int) -> SourceLocation { SourceLocation(path: location.path, line: line) }

        var name: String? = nil
        var hints = [String]()
        var atol = Exercise.defaultAbsoluteTolerance, rtol = Exercise.defaultRelativeTolerance
        for (text, line) in header {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw LessonError.badBlockLine(here(line), kind: "exercise", text: trimmed)
            }
            let key = trimmed[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "name":
                guard isIdentifier(value) else {
                    throw LessonError.valueOutOfRange(here(line), key: "name", value: value, rule: "a Python name")
                }
                name = value
            case "hint" where !value.isEmpty: hints.append(value)
            case "atol": atol = try MarkdownParser.tolerance(value, key: "atol", at: here(line))
            case "rtol": rtol = try MarkdownParser.tolerance(value, key: "rtol", at: here(line))
            default: throw LessonError.badBlockLine(here(line), kind: "exercise", text: trimmed)
            }
        }
        guard let name else { throw LessonError.exerciseMissing(location, part: "a 'name:' line") }

        var code = [String: Exercise.Code]()
        var task: Prose? = nil
        var mistakes = [Exercise.Mistake]()
        for section in sections {
            // Trailing blank lines belong to the layout, not to the section.
            var body = section.body
            while let last = body.last, last.trimmingCharacters(in: .whitespaces).isEmpty { body.removeLast() }
            let text = body.joined(separator: "\n")
            let lowered = section.title.lowercased()
            if lowered.hasPrefix("mistake") {
                let description = section.title.dropFirst("mistake".count).drop { $0 == ":" || $0 == " " }
                guard !description.isEmpty else {
                    throw LessonError.exerciseMissing(here(section.line), part: "words after '%% mistake:' that name the mistake")
                }
                mistakes.append(Exercise.Mistake(description: String(description),
                                                 code: Exercise.Code(text: text, firstLine: section.line + 1)))
                continue
            }
            guard ["task", "starter", "solution", "cases", "call"].contains(lowered) else {
                throw LessonError.badBlockLine(here(section.line), kind: "exercise",
                                               text: "%% " + section.title + " (sections: task, starter, solution, cases, call, mistake: ...)")
            }
            if lowered == "task" ? task != nil : code[lowered] != nil {
                throw LessonError.badBlockLine(here(section.line), kind: "exercise", text: "a second '%% \(lowered)' section")
            }
            if lowered == "task" {
                task = Prose(markdown: text, nodes: MarkdownParser.nodes(text), location: here(section.line + 1))
            } else {
                code[lowered] = Exercise.Code(text: text, firstLine: section.line + 1)
            }
        }
        for part in ["task", "starter", "solution", "cases"] where part == "task" ? (task?.markdown ?? "").isEmpty : (code[part]?.text ?? "").isEmpty {
            throw LessonError.exerciseMissing(location, part: "a '%% \(part)' section")
        }
        return Exercise(name: name, task: task!, starter: code["starter"]!, solution: code["solution"]!, cases: code["cases"]!,
                        call: code["call"], mistakes: mistakes, hints: hints,
                        absoluteTolerance: atol, relativeTolerance: rtol,
                        location: location, index: index, afterStep: afterStep)
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || first.properties.isXIDStart else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isXIDContinue }
    }
}
