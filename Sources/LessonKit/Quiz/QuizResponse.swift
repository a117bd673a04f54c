/// A learner's answer to one quiz question and how it was judged; quiz sessions produce
/// these, and transcripts and JSON reports show them.
public struct QuizResponse: Sendable, Codable, Equatable {
    /// How an answer was judged.
    public enum Verdict: String, Sendable, Codable {
        case correct
        case wrong
        /// An empty answer: the learner chose not to guess.
        case skipped
        /// Input that could not be read as an answer (counted wrong).
        case unparseable
        /// Input ended before this question.
        case unanswered
    }

    /// Zero-based position among the lesson's quizzes.
    public let quizIndex: Int
    /// The text the learner gave, as typed; nil when there was none.
    public let given: String?
    public let verdict: Verdict
    /// The right answer as shown to the learner.
    public let rightAnswer: String
    /// |given - right| for numeric answers (the largest element difference for tensors).
    public let difference: Double?
    /// Why an answer was not accepted as given, e.g. "could not read '0.2.3' as a number".
    public let note: String?

    public init(quizIndex: Int, given: String?, verdict: Verdict, rightAnswer: String, difference: Double? = nil, note: String? = nil) {
        self.quizIndex = quizIndex
        self.given = given
        self.verdict = verdict
        self.rightAnswer = rightAnswer
        self.difference = difference
        self.note = note
    }
}
