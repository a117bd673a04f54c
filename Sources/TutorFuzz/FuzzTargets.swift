import Foundation
import LessonKit
import StepScript

/// The inputs `tutor-fuzz` feeds to the program's parsers and interpreter. Each target takes raw
/// bytes, the way a hostile file reaches `tutor`, and must end normally on every input: a trap,
/// abort, overflowed stack or runaway allocation is a finding.
enum FuzzTarget: String, CaseIterable {
    /// A script through the decoder, lexer, parser and interpreter (`tutor exec`).
    case script
    /// A lesson through the Markdown parser, the runner and every renderer (`tutor run/export`).
    case lesson
    /// A quiz answer line through the answer reader and grader (`tutor quiz --answers`).
    case answers

    /// The targets' names, for usage messages.
    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Limits small enough that a fuzzer gets through many inputs a second.
    static let limits = Limits(seconds: 0.25, callDepth: 200, outputCharacters: 100_000, elements: 100_000)

    func run(_ data: Data) {
        switch self {
        case .script:
            guard case .success(let source) = ScriptRunner.decode(data) else { return }
            _ = ScriptRunner.run(source, limits: Self.limits)
        case .lesson:
            guard let text = String(data: data, encoding: .utf8),
                  let lesson = try? MarkdownParser.parse(text, path: "fuzz.md", number: 1) else { return }
            let run = LessonSession(lesson: lesson, limits: Self.limits).runToEnd()
            _ = TerminalRenderer(width: 60, color: true).pieces(run)
            _ = HTMLExporter.render(run, date: Date(timeIntervalSince1970: 0))
            _ = MarkdownExporter.render(run)
            _ = NotebookExporter.render(run)
        case .answers:
            let input = String(decoding: data, as: UTF8.self)
            for (answer, tolerance, choices) in Self.answerKinds {
                _ = QuizGrader.judge(input, answer: answer, tolerance: tolerance, choices: choices)
            }
        }
    }

    /// One right answer of each kind a quiz can have.
    static let answerKinds: [(EvaluatedValue, Double?, [String])] = [
        (EvaluatedValue(kind: .number(0.2379), repr: "0.2379"), nil, []),
        (EvaluatedValue(kind: .tensor(shape: [2, 2], values: [0.1, 0.2, 0.3, 0.4], isInteger: false),
                        repr: "tensor([[0.1000, 0.2000],\n        [0.3000, 0.4000]])"), 0.01, []),
        (EvaluatedValue(kind: .shape([6, 2]), repr: "torch.Size([6, 2])"), nil, []),
        (EvaluatedValue(kind: .bool(true), repr: "True"), nil, []),
        (EvaluatedValue(kind: .integer(6), repr: "6"), nil, []),
        (EvaluatedValue(kind: .string("rows"), repr: "'rows'"), nil, ["rows", "columns", "both"]),
    ]
}
