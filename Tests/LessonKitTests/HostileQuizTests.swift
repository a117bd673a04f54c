import Foundation
import Testing
import LessonKit
import StepScript

/// Quiz tolerances a lesson cannot use are reported at their line, and the grader survives
/// any tolerance and any answer: deep brackets, huge lines, odd numbers.
@Suite struct HostileQuizTests {
    static let weight = EvaluatedValue(kind: .number(0.2379), repr: "0.2379")
    static let matrix = EvaluatedValue(kind: .tensor(shape: [2, 2], values: [1, 2, 3, 4], isInteger: false),
                                       repr: "tensor([[1., 2.],\n        [3., 4.]])")
    static let six = EvaluatedValue(kind: .integer(6), repr: "6")

    // MARK: Tolerances

    @Test(arguments: [
        ("inf", "must be a finite number, 0 or more, got 'inf'"),
        ("-inf", "must be a finite number, 0 or more, got '-inf'"),
        ("1e400", "must be a finite number, 0 or more, got '1e400'"),
        ("-0.5", "must be a finite number, 0 or more, got '-0.5'"),
        ("nan", "must be a finite number, 0 or more, got 'nan'"),
        ("0.1.2", "needs a number, got '0.1.2'"),
    ])
    func unusableTolerancesAreErrorsAtTheirLine(_ value: String, _ message: String) {
        let text = "# T\n\n```python\nx = 0.5\n```\n\n```quiz\nask: x?\nanswer: x\ntolerance: \(value)\n```\n"
        #expect(throws: (any Error).self) { try MarkdownParser.parse(text, path: "L/01-t.md", number: 1) }
        do {
            _ = try MarkdownParser.parse(text, path: "L/01-t.md", number: 1)
        } catch {
            #expect("\(error)" == "L/01-t.md:10: error: 'tolerance:' \(message)")
        }
    }

    @Test(arguments: ["inf", "nan", "-1"])
    func unusableAtolIsAnError(_ value: String) {
        let text = "# T\n\n```python\nprint(1)\n```\n\n```output atol=\(value)\n1\n```\n"
        #expect(throws: (any Error).self) { try MarkdownParser.parse(text, path: "L/01-t.md", number: 1) }
    }

    @Test func zeroAndTinyTolerancesAreFine() throws {
        for value in ["0", "1e-300", "5e-324"] {
            let text = "# T\n\n```python\nx = 0.5\n```\n\n```quiz\nask: x?\nanswer: x\ntolerance: \(value)\n```\n"
            let quiz = try #require(try MarkdownParser.parse(text, path: "L/01-t.md", number: 1).quizzes.first)
            #expect(quiz.tolerance == Double(value))
            let response = QuizGrader.response(quizIndex: 0, input: "0.5", answer: EvaluatedValue(kind: .number(0.5), repr: "0.5"),
                                               tolerance: quiz.tolerance, choices: [])
            #expect(response.verdict == .correct)
        }
    }

    /// The grader takes any Double a caller passes: nan and negative mean exact, inf takes
    /// every finite answer, and the right answer is still shown.
    @Test(arguments: [Double.infinity, -Double.infinity, Double.nan, -1, 1e-300, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude])
    func graderSurvivesAnyTolerance(_ tolerance: Double) {
        for answer in [Self.weight, Self.matrix, Self.six] {
            for input in ["0.2379", "[[1, 2], [3, 4]]", "6", "1e308", "nan", "-inf"] {
                let r = QuizGrader.response(quizIndex: 0, input: input, answer: answer, tolerance: tolerance, choices: [])
                #expect(!r.rightAnswer.isEmpty)
            }
        }
        let exact = QuizGrader.judge("0.2379", answer: Self.weight, tolerance: tolerance)
        #expect(exact == .judged(correct: true, difference: 0, note: nil))
        let off = QuizGrader.judge("0.2479", answer: Self.weight, tolerance: tolerance)
        guard case .judged(let correct, _, _) = off else {
            Issue.record("0.2479 was not read")
            return
        }
        #expect(correct == (tolerance == .infinity || tolerance == .greatestFiniteMagnitude))
        #expect(QuizGrader.shownAnswer(Self.weight, tolerance: tolerance).count <= 20)
    }

    // MARK: Answers

    @Test func deeplyNestedAnswersAreUnreadableNotACrash() {
        for depth in [65, 1_000, 49_000] {
            let input = String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
            guard case .unreadable(let note) = QuizGrader.judge(input, answer: Self.matrix) else {
                Issue.record("a \(depth)-deep answer was judged")
                continue
            }
            #expect(note.contains("more than 64 deep"))
            #expect(note.count < 200)
        }
        // The reader itself has no length cap and no recursion: 50 000 brackets, closed or not.
        let deep = String(repeating: "[", count: 50_000) + "1" + String(repeating: "]", count: 50_000)
        #expect(AnswerText.read(deep).map { _ in true } == .failure(.tooDeep))
        #expect(AnswerText.numbers(String(repeating: "[", count: 50_000)) == nil)
        #expect(AnswerText.numbers(String(repeating: "(", count: 50_000) + "1") == nil)
    }

    @Test func sixtyFourDeepIsStillRead() throws {
        let input = String(repeating: "[", count: 64) + "1" + String(repeating: "]", count: 64)
        let r = try #require(AnswerText.numbers(input))
        #expect(r.shape == Array(repeating: 1, count: 64))
        #expect(r.values == [1])
    }

    @Test func hugeAnswersAreRefusedWithANote() {
        let line = "[" + String(repeating: "0.25, ", count: 2_000_000) + "0.25]"
        let started = Date()
        guard case .unreadable(let note) = QuizGrader.judge(line, answer: Self.matrix) else {
            Issue.record("a 12 MB answer was judged")
            return
        }
        #expect(note == "the answer is \(line.utf8.count) bytes long; answers are read up to \(AnswerText.maxLength)")
        #expect(Date().timeIntervalSince(started) < 1)
    }

    @Test func theLongestAnswerReadIsReadQuickly() throws {
        // Just under the limit: 16 000 numbers in a flat list, every one read.
        var line = "["
        while line.utf8.count < AnswerText.maxLength - 20 { line += "0.125, " }
        line += "0.5]"
        let count = line.components(separatedBy: ",").count
        let started = Date()
        let r = try #require(AnswerText.numbers(line))
        #expect(r.shape == [count])
        #expect(r.values.last == 0.5)
        guard case .judged(false, nil, let note?) = QuizGrader.judge(line, answer: Self.matrix) else {
            Issue.record("the long answer was not judged")
            return
        }
        #expect(note == "your answer has shape (\(count),), the answer has shape (2, 2)")
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test func notesQuoteOnlyTheStartOfALongAnswer() {
        let input = String(repeating: "x", count: 5_000)
        guard case .unreadable(let note) = QuizGrader.judge(input, answer: Self.weight) else {
            Issue.record("xxx… was read as a number")
            return
        }
        #expect(note == "could not read '\(String(repeating: "x", count: 60))…' (5000 bytes) as a number")
    }

    @Test(arguments: [
        ("[[1, 2], [3, 4]]", [2, 2]), ("((1, 2), (3, 4))", [2, 2]), ("[[], []]", [2, 0]), ("[]", [0]), ("()", [0]),
        ("(0.5)", []), ("(3,)", [1]), ("([1, 2])", [2]), ("1 2 3", [3]), ("1,", [1]),
        ("tensor([[1., 2.],\n        [3., 4.]], requires_grad=True)", [2, 2]),
        ("tensor([1, 2], dtype=torch.int64, device='cpu')", [2]),
    ])
    func shapesOfWhatLearnersType(_ input: String, _ shape: [Int]) throws {
        let r = try #require(AnswerText.numbers(input))
        #expect(r.shape == shape)
        #expect(r.values.count == shape.reduce(1, *))
    }

    @Test(arguments: ["[1, [2]]", "[[1], [2, 3]]", "[1,, 2]", "[, 1]", "(1]", "[1)", "1]", "[1", "1e", ".", "0x10", "1.5.2", "--1", ""])
    func notNumbers(_ input: String) {
        #expect(AnswerText.numbers(input) == nil)
    }

    @Test(arguments: [("1_000.5", 1000.5), ("+.5", 0.5), ("-1E-3", -0.001), ("1.", 1), ("Infinity", .infinity), ("-inf", -.infinity)])
    func pythonFloatSyntax(_ input: String, _ value: Double) {
        #expect(AnswerText.number(input) == value)
    }
}

/// A quiz session given hostile answer lines: each is judged in its turn, and what is
/// shown about it stays short.
@Suite struct HostileQuizSessionTests {
    @Test func hugeAndDeepAnswersEndTheSessionNormally() throws {
        let text = "# T\n\n```python\nx = 6 * 7\n```\n\n```quiz\nask: What is x?\nanswer: x\n```\n\n```quiz\nask: Shape?\nanswer: [[1.0, 2.0]]\n```\n"
        let run = LessonSession(lesson: try MarkdownParser.parse(text, path: "L/01-t.md", number: 1)).runToEnd()
        let huge = String(repeating: "4", count: 300_000)
        let deep = String(repeating: "[", count: 40_000) + "1" + String(repeating: "]", count: 40_000)
        // Each question gets a second try.
        var lines = [huge, huge, deep, deep][...]
        let session = QuizSession(run: run, renderer: TerminalRenderer(width: 80, color: false))
        var shown = ""
        let outcome = session.play(nextLine: { lines.popFirst() }, interactive: false, write: { shown += $0 })
        #expect(outcome.responses.map(\.verdict) == [.unparseable, .unparseable])
        #expect(outcome.responses[0].note == "the answer is 300000 bytes long; answers are read up to 100000")
        let summary = session.summary(outcome, previousBest: nil)
        #expect(summary.contains("'\(String(repeating: "4", count: 60))…'"))
        #expect(summary.contains("(300000 bytes); the answer is 42"))
        #expect(summary.utf8.count < 2_000)
        // The echo of what was read is the only long thing shown.
        #expect(shown.utf8.count < 2 * (huge.utf8.count + deep.utf8.count) + 3_000)
    }
}
