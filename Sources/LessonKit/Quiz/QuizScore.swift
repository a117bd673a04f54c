import Foundation

/// A quiz score: points out of the lesson's questions. A right answer scores a point on the
/// first try and half a point on the second, so a score counts in halves (`6.5/9`).
public struct QuizScore: Sendable, Equatable, CustomStringConvertible {
    /// The points, counted in halves so that sums and comparisons stay exact.
    public let halfPoints: Int
    public let total: Int

    /// A score of `correct` whole points.
    public init(correct: Int, total: Int) {
        self.init(halfPoints: correct * 2, total: total)
    }

    public init(halfPoints: Int, total: Int) {
        self.halfPoints = halfPoints
        self.total = total
    }

    /// `points` rounded to the nearest half.
    public init(points: Double, total: Int) {
        let halves = (points * 2).rounded()
        self.init(halfPoints: halves.isFinite && abs(halves) < 1e15 ? Int(halves) : 0, total: total)
    }

    public var points: Double { Double(halfPoints) / 2 }

    /// The points as a learner reads them: `7`, `6.5`.
    public var pointsText: String {
        halfPoints % 2 == 0 ? String(halfPoints / 2) : String(format: "%.1f", points)
    }

    /// `7/9`, `6.5/9`.
    public var description: String { "\(pointsText)/\(total)" }

    /// `6.5 of 9`.
    public var spelledOut: String { "\(pointsText) of \(total)" }

    /// The share of points, 0...1 (0 for a lesson without questions).
    public var fraction: Double { total > 0 ? points / Double(total) : 0 }

    /// Whether this score beats `other`; scores of a lesson whose question count changed
    /// compare by their share of points.
    public func isBetter(than other: QuizScore) -> Bool {
        halfPoints * max(other.total, 1) > other.halfPoints * max(total, 1)
    }

    /// Whether the two scores are worth the same.
    public func isEqual(to other: QuizScore) -> Bool {
        !isBetter(than: other) && !other.isBetter(than: self)
    }
}
