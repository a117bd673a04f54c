import Foundation

/// The `--json` document of `tutor run`: the lesson, every step with its line, code, output,
/// expected output and status, and a summary.
public struct RunReport: Codable, Sendable {
    public struct StepEntry: Codable, Sendable {
        public let index: Int
        public let line: Int
        public let code: String
        public let stdout: String
        public let expected: String?
        public let expectedLine: Int?
        public let status: String
        public let message: String?
        public let error: String?

        /// Absent values are written as `null`, so every step has the same keys.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(index, forKey: .index)
            try c.encode(line, forKey: .line)
            try c.encode(code, forKey: .code)
            try c.encode(stdout, forKey: .stdout)
            try c.encode(expected, forKey: .expected)
            try c.encode(expectedLine, forKey: .expectedLine)
            try c.encode(status, forKey: .status)
            try c.encode(message, forKey: .message)
            try c.encode(error, forKey: .error)
        }
    }

    public struct QuizEntry: Codable, Sendable {
        public let index: Int
        public let line: Int
        public let ask: String
        public let choices: [String]
        public let answer: String?
        public let error: String?
    }

    public struct Summary: Codable, Sendable {
        public let steps: Int
        public let passed: Int
        public let failed: Int
        public let errors: Int
        public let unchecked: Int
    }

    public let lesson: Int
    public let title: String
    public let path: String
    public let steps: [StepEntry]
    public let quizzes: [QuizEntry]
    public let summary: Summary

    public init(_ run: LessonRun) {
        lesson = run.lesson.number
        title = run.lesson.title
        path = run.lesson.path
        steps = run.steps.map { r in
            StepEntry(index: r.step.index, line: r.step.location.line, code: r.step.code, stdout: r.output,
                      expected: r.expected?.text, expectedLine: r.expected?.location.line, status: r.status.rawValue,
                      message: r.comparison.flatMap { $0.isMatch ? nil : $0.summary }, error: r.error?.pythonMessage)
        }
        quizzes = run.lesson.quizzes.map { q in
            let result = run.answers[q.index]
            var answer: String? = nil, error: String? = nil
            switch result {
            case .success(let v)?: answer = ExportText.answer(v, quiz: q)
            case .failure(let e)?: error = e.pythonMessage
            case nil: break
            }
            return QuizEntry(index: q.index, line: q.location.line, ask: q.ask, choices: q.choices, answer: answer, error: error)
        }
        summary = Summary(steps: run.steps.count, passed: run.passed,
                          failed: run.steps.filter { $0.status == .fail }.count,
                          errors: run.steps.filter { $0.status == .error }.count, unchecked: run.unchecked)
    }

    /// Pretty, key-sorted JSON.
    public func json() throws -> String {
        try ReportJSON.string(self)
    }
}
