import Foundation
import StepScript

/// What a quiz produced: one response per question of the lesson, in order.
public struct QuizOutcome: Sendable {
    public let lesson: Lesson
    /// One per quiz, in lesson order; questions the quiz never reached are `.unanswered`.
    public let responses: [QuizResponse]
    /// Whether the learner stopped (or the input ran out) before the end of the lesson.
    public let stoppedEarly: Bool

    public init(lesson: Lesson, responses: [QuizResponse], stoppedEarly: Bool) {
        self.lesson = lesson
        self.responses = responses
        self.stoppedEarly = stoppedEarly
    }

    /// A point for each answer right on the first try, half a point on the second.
    public var score: QuizScore {
        QuizScore(halfPoints: responses.reduce(0) { $0 + $1.halfPoints }, total: lesson.quizzes.count)
    }

    /// Whether a question was left unanswered: such an attempt is unfinished, recorded as
    /// such, and never a best score.
    public var endedEarly: Bool { responses.contains { $0.verdict == .unanswered } }

    /// Whether every question was answered (or skipped on purpose).
    public var isFinished: Bool { !endedEarly }

    /// Whether the learner answered (or skipped) at least one question.
    public var answeredAny: Bool { responses.contains { $0.verdict != .unanswered } }

    /// How many answers were right, on either try.
    public var rightAnswers: Int { responses.filter { $0.verdict == .correct }.count }

    /// How many answers were right on the second try.
    public var rightOnSecondTry: Int { responses.filter { $0.verdict == .correct && $0.tries >= 2 }.count }

    /// The responses by quiz index, as the Markdown exporter takes them.
    public var byIndex: [Int: QuizResponse] {
        Dictionary(responses.map { ($0.quizIndex, $0) }, uniquingKeysWith: { a, _ in a })
    }
}

/// A question as the quiz asks it: the lesson's quiz, its computed answer, and how an
/// answer to it is read and scored.
public struct QuizQuestion: Sendable {
    public let quiz: Quiz
    public let answer: EvaluatedValue
    /// 1-based, as the learner reads it.
    public var number: Int { quiz.index + 1 }
    /// How precisely the answer must be given.
    public let precision: AnswerPrecision
    /// What to type and how precisely, as one sentence.
    public let instruction: String
    /// The right answer as it is shown.
    public let shownAnswer: String
    /// 2 when a wrong first answer gets another try; 1 for two-way questions (True/False,
    /// two choices), where a second try could not be wrong.
    public let triesAllowed: Int

    public init(quiz: Quiz, answer: EvaluatedValue) {
        self.quiz = quiz
        self.answer = answer
        precision = QuizGrader.precision(answer, tolerance: quiz.tolerance, choices: quiz.choices)
        instruction = QuizGrader.instruction(answer, tolerance: quiz.tolerance, choices: quiz.choices)
        shownAnswer = QuizGrader.shownAnswer(answer, tolerance: quiz.tolerance, choices: quiz.choices)
        var twoWay = quiz.choices.count == 2
        if quiz.choices.isEmpty, case .bool = answer.kind { twoWay = true }
        triesAllowed = twoWay ? 1 : 2
    }

    /// The quiz's hint, nil when it has none.
    public var hint: String? { quiz.hint.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
}

/// Predict, then reveal, as a pure state machine.
///
/// The flow walks a lesson session's events in reading order and turns them, with the
/// learner's input, into what to show: prose, step code, a question (before the output that
/// would give it away), a hint, a second try, a verdict, the held-back output. It does no
/// input or output of its own; a presenter (the terminal quiz, a test) shows each `Display`
/// and feeds each line the learner types to `take(_:)` while `awaiting` asks for one.
///
/// Rules: `?` or `hint` shows the question's hint and asks again; an empty answer skips the
/// question; `q` stops the quiz; a wrong answer gets one more try (except two-way
/// questions), and right on the second try scores half a point. At a terminal an answer
/// that cannot be read is asked again; from a file it counts as a wrong try. At a terminal
/// the lesson waits after each verdict, so it does not scroll away.
public struct QuizFlow: Sendable {
    /// What the flow waits for.
    public enum Awaiting: Sendable, Equatable {
        /// An answer to question `quiz` (0-based index) on try 1 or 2.
        case answer(quiz: Int, attempt: Int)
        /// Enter to go on (at a terminal, after a verdict), or `q` to stop.
        case goOn
        /// Nothing: the quiz is over and `outcome` holds its result.
        case nothing
    }

    /// What the learner gave.
    public enum Input: Sendable, Equatable {
        case line(String)
        /// The end of the input (Ctrl-D, the end of an answers file).
        case end
    }

    /// One thing to show, in order.
    public enum Display: Sendable {
        /// How the quiz goes: the number of questions, and whether wrong answers get a second try.
        case intro(questions: Int, secondTries: Bool)
        case prose(Prose)
        /// A step's code; `outputFollows` when its output comes right after it.
        case code(StepResult, outputFollows: Bool)
        /// A step's output, at its place; `afterQuestion` when a question stood between the
        /// step's code and it.
        case output(StepResult, afterQuestion: Bool)
        case heatmap(Heatmap, Result<HeatmapData, StepError>)
        /// A question, asked for the first time.
        case question(QuizQuestion)
        /// The learner asked for the hint (nil: the question has none).
        case hint(QuizQuestion, String?)
        /// At a terminal: the answer cannot be read, so it is asked again.
        case unreadable(QuizQuestion, note: String)
        /// The first try was wrong: one more try, for half a point. `hint` is the hint to
        /// show now (nil when there is none or it was already shown).
        case secondTry(QuizQuestion, first: QuizResponse, hint: String?)
        /// The question is settled. `hint` as for `secondTry`.
        case verdict(QuizQuestion, QuizResponse, hint: String?)
        /// The learner stopped (`q`) or the input ended before the lesson did.
        case stopped(byLearner: Bool)
        /// The lesson is over.
        case finished
    }

    public let lesson: Lesson
    public let interactive: Bool
    public private(set) var awaiting: Awaiting = .nothing

    private let events: [LessonEvent]
    private var position = 0
    private var responses = [QuizResponse]()
    private var stopped = false
    private var started = false
    /// Set after a verdict at a terminal: wait before the lesson goes on.
    private var pausePending = false
    /// The question being asked, its first try when it was wrong, and whether its hint was shown.
    private var current: (question: QuizQuestion, first: QuizResponse?, hintShown: Bool)?
    /// Steps whose code is shown and whose output is not yet; true once a question came between.
    private var outputsDue = [Int: Bool]()

    /// A flow over a lesson session's events, e.g. `LessonRun.events`.
    /// - Parameter interactive: a learner at a terminal: unreadable answers are asked again
    ///   and the lesson waits after each verdict.
    public init(lesson: Lesson, events: [LessonEvent], interactive: Bool) {
        self.lesson = lesson
        self.events = events
        self.interactive = interactive
    }

    public init(run: LessonRun, interactive: Bool) {
        self.init(lesson: run.lesson, events: run.events, interactive: interactive)
    }

    /// Whether wrong answers can get a second try in this lesson.
    private var anySecondTries: Bool {
        events.contains { event in
            if case .question(let quiz, .success(let v)) = event { return QuizQuestion(quiz: quiz, answer: v).triesAllowed > 1 }
            return false
        }
    }

    /// Starts the quiz: the intro and the lesson up to the first question.
    public mutating func start() -> [Display] {
        guard !started else { return [] }
        started = true
        return [.intro(questions: lesson.quizzes.count, secondTries: anySecondTries)] + advance()
    }

    /// Takes what the learner gave and returns what to show next.
    public mutating func take(_ input: Input) -> [Display] {
        if !started { return start() }
        switch awaiting {
        case .nothing:
            return []
        case .goOn:
            guard case .line(let line) = input, !Self.isStop(line) else {
                return stop(byLearner: input != .end)
            }
            return advance()
        case .answer(_, let attempt):
            guard case .line(var line) = input else { return stop(byLearner: false) }
            if line.hasSuffix("\r") { line.removeLast() }
            return answer(line, attempt: attempt)
        }
    }

    /// The result so far; every question not answered is `.unanswered`.
    public var outcome: QuizOutcome {
        var all = responses
        let asked = Set(responses.map(\.quizIndex))
        for quiz in lesson.quizzes where !asked.contains(quiz.index) {
            let shown = answer(of: quiz).map { QuizQuestion(quiz: quiz, answer: $0).shownAnswer } ?? ""
            all.append(QuizResponse(quizIndex: quiz.index, given: nil, verdict: .unanswered, rightAnswer: shown))
        }
        all.sort { $0.quizIndex < $1.quizIndex }
        return QuizOutcome(lesson: lesson, responses: all, stoppedEarly: stopped)
    }

    // MARK: Steps

    /// `q`, `quit` or `exit` (any case) stops the quiz.
    static func isStop(_ line: String) -> Bool {
        ["q", "quit", "exit"].contains(line.trimmingCharacters(in: .whitespacesAndNewlines).lowercased())
    }

    /// `?` or `hint` asks for the hint.
    static func isHintRequest(_ line: String) -> Bool {
        ["?", "hint"].contains(line.trimmingCharacters(in: .whitespacesAndNewlines).lowercased())
    }

    private func answer(of quiz: Quiz) -> EvaluatedValue? {
        for case .question(let q, .success(let v)) in events where q.index == quiz.index { return v }
        return nil
    }

    private mutating func answer(_ line: String, attempt: Int) -> [Display] {
        guard var c = current else { return [] }
        if Self.isStop(line) { return stop(byLearner: true) }
        let question = c.question
        if Self.isHintRequest(line) {
            c.hintShown = true
            current = c
            return [.hint(question, question.hint)]
        }
        let quiz = question.quiz
        let response = QuizGrader.response(quizIndex: quiz.index, input: line, answer: question.answer,
                                           tolerance: quiz.tolerance, choices: quiz.choices)
        switch response.verdict {
        case .unparseable where interactive:
            return [.unreadable(question, note: response.note ?? "that is not an answer")]
        case .skipped:
            // On the second try an empty answer gives up: the first try stands.
            return settle(c.first ?? response)
        case .correct:
            return settle(c.first.map { response.afterSecondTry(first: $0) } ?? response)
        case .wrong, .unparseable:
            if let first = c.first { return settle(response.afterSecondTry(first: first)) }
            if question.triesAllowed > 1 {
                let hint = c.hintShown ? nil : question.hint
                c.first = response
                c.hintShown = true
                current = c
                awaiting = .answer(quiz: quiz.index, attempt: attempt + 1)
                return [.secondTry(question, first: response, hint: hint)]
            }
            return settle(response)
        case .unanswered:
            return settle(response)
        }
    }

    /// Records the question's final response and goes on with the lesson.
    private mutating func settle(_ response: QuizResponse) -> [Display] {
        guard let c = current else { return [] }
        current = nil
        responses.append(response)
        for step in outputsDue.keys { outputsDue[step] = true }
        pausePending = interactive
        let hint = response.verdict == .correct || c.hintShown ? nil : c.question.hint
        return [.verdict(c.question, response, hint: hint)] + advance()
    }

    private mutating func stop(byLearner: Bool) -> [Display] {
        var out = [Display]()
        // A wrong first try with no second one is still an answer: it gets its verdict.
        if let c = current, let first = c.first {
            responses.append(first)
            out.append(.verdict(c.question, first, hint: nil))
        }
        current = nil
        stopped = true
        awaiting = .nothing
        return out + [.stopped(byLearner: byLearner)]
    }

    /// Shows the lesson up to the next question (or pause), or to its end.
    private mutating func advance() -> [Display] {
        var out = [Display]()
        awaiting = .nothing
        while position < events.count {
            let event = events[position]
            switch event {
            case .prose, .step, .heatmap:
                if pausePending {
                    pausePending = false
                    awaiting = .goOn
                    return out
                }
            case .output, .question, .exercise:
                break
            }
            position += 1
            switch event {
            case .prose(let prose):
                out.append(.prose(prose))
            case .step(let r):
                var follows = false
                if position < events.count, case .output(let o) = events[position], o.step.index == r.step.index { follows = true }
                if !follows { outputsDue[r.step.index] = false }
                out.append(.code(r, outputFollows: follows))
            case .output(let r):
                let afterQuestion = outputsDue.removeValue(forKey: r.step.index) ?? false
                out.append(.output(r, afterQuestion: afterQuestion))
            case .heatmap(let map, let data):
                out.append(.heatmap(map, data))
            case .exercise:
                // Exercises are written and checked with `tutor exercise`, not in the quiz.
                break
            case .question(let quiz, let answer):
                // A question whose answer cannot be computed cannot be asked (`tutor quiz`
                // refuses such a lesson before it starts).
                guard case .success(let value) = answer else { continue }
                let question = QuizQuestion(quiz: quiz, answer: value)
                current = (question, nil, false)
                awaiting = .answer(quiz: quiz.index, attempt: 1)
                out.append(.question(question))
                return out
            }
        }
        out.append(.finished)
        return out
    }
}
