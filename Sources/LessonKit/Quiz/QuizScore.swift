/// A quiz score: right answers out of the lesson's questions.
public struct QuizScore: Sendable, Codable, Equatable, CustomStringConvertible {
    public let correct: Int
    public let total: Int

    public init(correct: Int, total: Int) {
        self.correct = correct
        self.total = total
    }

    /// `7/9`.
    public var description: String { "\(correct)/\(total)" }

    /// The share of right answers, 0...1 (0 for a lesson without questions).
    public var fraction: Double { total > 0 ? Double(correct) / Double(total) : 0 }

    /// Whether this score beats `other`; scores of a lesson whose question count changed
    /// compare by their share of right answers.
    public func isBetter(than other: QuizScore) -> Bool {
        correct * max(other.total, 1) > other.correct * max(total, 1)
    }

    /// Whether the two scores are worth the same.
    public func isEqual(to other: QuizScore) -> Bool {
        !isBetter(than: other) && !other.isBetter(than: self)
    }
}
