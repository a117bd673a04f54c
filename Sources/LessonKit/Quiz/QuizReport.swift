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
        /// What the learner typed (on the last try); null when the quiz ended before this question.
        public let given: String?
        /// What the learner typed on the first try when there was a second; else null.
        public let firstGiven: String?
        /// 0 (skipped or not reached), 1 or 2.
        public let tries: Int
        /// 1 right on the first try, 0.5 right on the second, else 0.
        public let points: Double
        /// `correct`, `wrong`, `skipped`, `unparseable` or `unanswered`.
        public let verdict: String
        public let correct: Bool
        /// The right answer as shown to the learner (floats rounded as PyTorch prints them).
        public let rightAnswer: String
        /// Python's repr of the computed answer, every digit (data, not for showing).
        public let answerRepr: String
        /// |given - right| (the largest element difference for tensors).
        public let difference: Double?
        /// The absolute tolerance the answer was judged with; null where answers are exact.
        public let tolerance: Double?
        public let note: String?

        private enum CodingKeys: String, CodingKey {
            case index, line, ask, choices, given, firstGiven, tries, points, verdict, correct, rightAnswer, answerRepr,
                 difference, tolerance, note
        }

        // Absent values are written as null, so every question has the same keys.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(index, forKey: .index)
            try c.encode(line, forKey: .line)
            try c.encode(ask, forKey: .ask)
            try c.encode(choices, forKey: .choices)
            try c.encode(given, forKey: .given)
            try c.encode(firstGiven, forKey: .firstGiven)
            try c.encode(tries, forKey: .tries)
            try c.encode(points, forKey: .points)
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
        /// The score: a point for each answer right on the first try, half for the second.
        public let points: Double
        /// Right answers, on either try.
        public let correct: Int
        /// Right answers on the second try.
        public let secondTry: Int
        public let total: Int
        public let wrong: Int
        public let skipped: Int
        public let unparseable: Int
        public let unanswered: Int
        /// Whether every question was asked before the quiz ended; an attempt that is not
        /// complete is recorded as unfinished and never becomes the best.
        public let complete: Bool
    }

    public struct Progress: Codable, Sendable {
        /// The best finished score before this session, like `6.5/9`.
        public let previousBest: String?
        /// The best score now.
        public let best: String?
        public let isNewBest: Bool
        /// Whether the session was written to the progress file.
        public let saved: Bool
        /// The lesson's recorded attempts, finished or not, and how many of them are unfinished.
        public let attempts: Int
        public let unfinished: Int

        private enum CodingKeys: String, CodingKey { case previousBest, best, isNewBest, saved, attempts, unfinished }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(previousBest, forKey: .previousBest)
            try c.encode(best, forKey: .best)
            try c.encode(isNewBest, forKey: .isNewBest)
            try c.encode(saved, forKey: .saved)
            try c.encode(attempts, forKey: .attempts)
            try c.encode(unfinished, forKey: .unfinished)
        }
    }

    public let lesson: Int
    public let title: String
    public let path: String
    public let questions: [Question]
    public let score: Score
    public let progress: Progress

    public init(run: LessonRun, outcome: QuizOutcome, previousBest: QuizScore?, best: QuizScore?, saved: Bool,
                attempts: Int = 0, unfinished: Int = 0) {
        lesson = run.lesson.number
        title = run.lesson.title
        path = run.lesson.path
        let quizzes = run.lesson.quizzes
        questions = outcome.responses.map { r in
            let q = quizzes[r.quizIndex]
            let value = run.answers[q.index].flatMap { try? $0.get() }
            return Question(index: q.index, line: q.location.line, ask: q.ask, choices: q.choices, given: r.given,
                            firstGiven: r.firstGiven, tries: r.tries, points: r.points, verdict: r.verdict.rawValue, correct: r.verdict == .correct, rightAnswer: r.rightAnswer,
                            answerRepr: value?.repr ?? "", difference: r.difference,
                            tolerance: value.flatMap { QuizGrader.tolerance(for: $0, quizTolerance: q.tolerance, choices: q.choices) },
                            note: r.note)
        }
        func count(_ v: QuizResponse.Verdict) -> Int { outcome.responses.filter { $0.verdict == v }.count }
        score = Score(points: outcome.score.points, correct: outcome.rightAnswers, secondTry: outcome.rightOnSecondTry,
                      total: outcome.score.total, wrong: count(.wrong), skipped: count(.skipped),
                      unparseable: count(.unparseable), unanswered: count(.unanswered), complete: !outcome.endedEarly)
        let newBest = outcome.answeredAny && outcome.isFinished && (previousBest.map { outcome.score.isBetter(than: $0) } ?? true)
        progress = Progress(previousBest: previousBest?.description, best: best?.description, isNewBest: newBest, saved: saved,
                            attempts: attempts, unfinished: unfinished)
    }

    /// Pretty, key-sorted JSON.
    public func json() throws -> String {
        try ReportJSON.string(self)
    }
}
