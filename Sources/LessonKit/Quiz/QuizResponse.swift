/// A learner's answer to one quiz question and how it was judged; the quiz flow produces
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
    /// The text the learner gave, as typed (on the last try); nil when there was none.
    public let given: String?
    public let verdict: Verdict
    /// The right answer as shown to the learner.
    public let rightAnswer: String
    /// |given - right| for numeric answers (the largest element difference for tensors).
    public let difference: Double?
    /// Why an answer was not accepted as given, e.g. "could not read '0.2.3' as a number".
    public let note: String?
    /// How many tries the learner took: 0 for a question skipped or not reached, else 1 or 2.
    public let tries: Int
    /// What the learner typed on the first try, when there was a second.
    public let firstGiven: String?

    public init(quizIndex: Int, given: String?, verdict: Verdict, rightAnswer: String, difference: Double? = nil,
                note: String? = nil, tries: Int? = nil, firstGiven: String? = nil) {
        self.quizIndex = quizIndex
        self.given = given
        self.verdict = verdict
        self.rightAnswer = rightAnswer
        self.difference = difference
        self.note = note
        self.tries = tries ?? (verdict == .skipped || verdict == .unanswered ? 0 : 1)
        self.firstGiven = firstGiven
    }

    /// What this answer scores: a point right on the first try, half a point on the second.
    public var halfPoints: Int {
        guard verdict == .correct else { return 0 }
        return tries >= 2 ? 1 : 2
    }

    public var points: Double { Double(halfPoints) / 2 }

    /// This response after another try: the first try's answer is kept beside it.
    func afterSecondTry(first: QuizResponse) -> QuizResponse {
        QuizResponse(quizIndex: quizIndex, given: given, verdict: verdict, rightAnswer: rightAnswer, difference: difference,
                     note: note, tries: 2, firstGiven: first.given)
    }
}
