import Foundation

/// The `--json` document of `tutor quiz`: every question with the answer given, the right
/// answer and the verdict, the score, and how it compares with the learner's best.
public struct QuizReport: Codable, Sendable {
    public struct Question: Codable, Sendable {
        /// Zero-based position among the lesson's quizzes.
        public let index: Int
        /// The quiz block's line in the Markdown file.
        public let line: Int
        public let ask: String
        public let choices: [String]
        /// What the learner typed; null when the quiz ended before this question.
        public let given: String?
        /// `correct`, `wrong`, `skipped`, `unparseable` or `unanswered`.
        public let verdict: String
        public let correct: Bool
        /// The right answer as shown to the learner.
        public let rightAnswer: String
        /// Python's repr of the computed answer.
        public let answerRepr: String
        /// |given - right| (the largest element difference for tensors).
        public let difference: Double?
        /// The absolute tolerance the answer was judged with; null where answers are exact.
        public let tolerance: Double?
        public let note: String?

        private enum CodingKeys: String, CodingKey {
            case index, line, ask, choices, given, verdict, correct, rightAnswer, answerRepr, difference, tolerance, note
        }

        // Absent values are written as null, so every question has the same keys.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(index, forKey: .index)
            try c.encode(line, forKey: .line)
            try c.encode(ask, forKey: .ask)
            try c.encode(choices, forKey: .choices)
            try c.encode(given, forKey: .given)
            try c.encode(verdict, forKey: .verdict)
            try c.encode(correct, forKey: .correct)
            try c.encode(rightAnswer, forKey: .rightAnswer)
            try c.encode(answerRepr, forKey: .answerRepr)
            try c.encode(difference, forKey: .difference)
            try c.encode(tolerance, forKey: .tolerance)
            try c.encode(note, forKey: .note)
        }
    }

    public struct Score: Codable, Sendable {
        public let correct: Int
        public let total: Int
        public let wrong: Int
        public let skipped: Int
        public let unparseable: Int
        public let unanswered: Int
        /// Whether every question was asked before the quiz ended.
        public let complete: Bool
    }

    public struct Progress: Codable, Sendable {
        /// The best score before this session.
        public let previousBest: String?
        /// The best score now.
        public let best: String?
        public let isNewBest: Bool
        /// Whether the session was written to the progress file.
        public let saved: Bool

        private enum CodingKeys: String, CodingKey { case previousBest, best, isNewBest, saved }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(previousBest, forKey: .previousBest)
            try c.encode(best, forKey: .best)
            try c.encode(isNewBest, forKey: .isNewBest)
            try c.encode(saved, forKey: .saved)
        }
    }

    public let lesson: Int
    public let title: String
    public let path: String
    public let questions: [Question]
    public let score: Score
    public let progress: Progress

    public init(run: LessonRun, outcome: QuizOutcome, previousBest: QuizScore?, best: QuizScore?, saved: Bool) {
        lesson = run.lesson.number
        title = run.lesson.title
        path = run.lesson.path
        let quizzes = run.lesson.quizzes
        questions = outcome.responses.map { r in
            let q = quizzes[r.quizIndex]
            let value = run.answers[q.index].flatMap { try? $0.get() }
            return Question(index: q.index, line: q.location.line, ask: q.ask, choices: q.choices, given: r.given,
                            verdict: r.verdict.rawValue, correct: r.verdict == .correct, rightAnswer: r.rightAnswer,
                            answerRepr: value?.repr ?? "", difference: r.difference,
                            tolerance: value.flatMap { QuizGrader.tolerance(for: $0, quizTolerance: q.tolerance, choices: q.choices) },
                            note: r.note)
        }
        func count(_ v: QuizResponse.Verdict) -> Int { outcome.responses.filter { $0.verdict == v }.count }
        score = Score(correct: outcome.score.correct, total: outcome.score.total, wrong: count(.wrong), skipped: count(.skipped),
                      unparseable: count(.unparseable), unanswered: count(.unanswered), complete: !outcome.endedEarly)
        let newBest = outcome.answeredAny && (previousBest.map { outcome.score.isBetter(than: $0) } ?? true)
        progress = Progress(previousBest: previousBest?.description, best: best?.description, isNewBest: newBest, saved: saved)
    }

    /// Pretty, key-sorted JSON.
    public func json() throws -> String {
        try ReportJSON.string(self)
    }
}
