import Foundation
import Testing
import LessonKit
import StepScript

/// The quiz's predict/reveal state machine on its own: events and inputs in, displays out,
/// no renderer and no terminal.
@Suite struct QuizFlowTests {
    static let lesson = """
    # Tiny

    Some prose.

    ```python
    x = 6 * 7
    print("x is", x)
    ```

    ```quiz
    ask: What is x?
    answer: x
    hint: Six times seven.
    ```

    ```output
    x is 42
    ```

    ```quiz
    ask: Is x even?
    choices: True | False
    answer: x % 2 == 0
    ```

    More prose.

    ```python
    w = x / 185.5
    ```

    ```quiz
    ask: What is w?
    answer: w
    tolerance: 0.001
    ```
    """

    static func flow(interactive: Bool = false) throws -> QuizFlow {
        let run = LessonSession(lesson: try MarkdownParser.parse(lesson, path: "L/01-tiny.md", number: 1)).runToEnd()
        return QuizFlow(run: run, interactive: interactive)
    }

    /// A short name for each display, to compare sequences.
    static func names(_ displays: [QuizFlow.Display]) -> [String] {
        displays.map { d in
            switch d {
            case .intro(let n, let second): return "intro \(n)\(second ? " second tries" : "")"
            case .prose: return "prose"
            case .code(let r, let follows): return "code \(r.step.index + 1)\(follows ? " +output" : "")"
            case .output(let r, let after): return "output \(r.step.index + 1)\(after ? " after question" : "")"
            case .heatmap: return "heatmap"
            case .question(let q): return "question \(q.number)"
            case .hint(let q, let text): return "hint \(q.number): \(text ?? "none")"
            case .unreadable(let q, _): return "unreadable \(q.number)"
            case .secondTry(let q, _, let hint): return "second try \(q.number)\(hint.map { ": " + $0 } ?? "")"
            case .verdict(let q, let r, _): return "verdict \(q.number) \(r.verdict.rawValue) \(r.points)"
            case .stopped(let byLearner): return byLearner ? "stopped" : "input ended"
            case .finished: return "finished"
            }
        }
    }

    @Test func questionsComeBeforeTheOutputThatAnswersThem() throws {
        var flow = try Self.flow()
        #expect(Self.names(flow.start()) == ["intro 3 second tries", "prose", "code 1", "question 1"])
        #expect(flow.awaiting == .answer(quiz: 0, attempt: 1))
        #expect(Self.names(flow.take(.line("42"))) == ["verdict 1 correct 1.0", "output 1 after question", "question 2"])
        #expect(Self.names(flow.take(.line("True"))) == ["verdict 2 correct 1.0", "prose", "code 2", "question 3"])
        #expect(Self.names(flow.take(.line("0.2264"))) == ["verdict 3 correct 1.0", "finished"])
        #expect(flow.awaiting == .nothing)
        #expect(flow.outcome.score == QuizScore(correct: 3, total: 3))
        #expect(flow.outcome.isFinished)
    }

    @Test func aHintIsShownOnRequestAndDoesNotCount() throws {
        var flow = try Self.flow()
        _ = flow.start()
        #expect(Self.names(flow.take(.line("?"))) == ["hint 1: Six times seven."])
        #expect(flow.awaiting == .answer(quiz: 0, attempt: 1))
        #expect(Self.names(flow.take(.line(" HINT "))) == ["hint 1: Six times seven."])
        _ = flow.take(.line("42"))
        #expect(Self.names(flow.take(.line("hint"))) == ["hint 2: none"])
        #expect(flow.awaiting == .answer(quiz: 1, attempt: 1))
        _ = flow.take(.line("1"))
        _ = flow.take(.line("0.2264"))
        #expect(flow.outcome.responses.map(\.tries) == [1, 1, 1])
        #expect(flow.outcome.score == QuizScore(correct: 3, total: 3))
    }

    @Test func aWrongAnswerGetsOneMoreTryForHalfAPoint() throws {
        var flow = try Self.flow()
        _ = flow.start()
        // The hint comes with the second try, once.
        #expect(Self.names(flow.take(.line("41"))) == ["second try 1: Six times seven."])
        #expect(flow.awaiting == .answer(quiz: 0, attempt: 2))
        let settled = flow.take(.line("42"))
        #expect(Self.names(settled).first == "verdict 1 correct 0.5")
        if case .verdict(_, let r, let hint) = settled[0] {
            #expect(r.tries == 2)
            #expect(r.firstGiven == "41")
            #expect(r.given == "42")
            #expect(hint == nil)
        }
        // A True/False question has one try.
        #expect(Self.names(flow.take(.line("False"))).first == "verdict 2 wrong 0.0")
        // Two wrong tries: no point.
        #expect(Self.names(flow.take(.line("0.3"))) == ["second try 3"])
        #expect(Self.names(flow.take(.line("0.4"))) == ["verdict 3 wrong 0.0", "finished"])
        let outcome = flow.outcome
        #expect(outcome.score == QuizScore(halfPoints: 1, total: 3))
        #expect(outcome.score.description == "0.5/3")
        #expect(outcome.rightOnSecondTry == 1)
    }

    @Test func anEmptySecondTryGivesUp() throws {
        var flow = try Self.flow()
        _ = flow.start()
        _ = flow.take(.line("40"))
        #expect(Self.names(flow.take(.line(""))).first == "verdict 1 wrong 0.0")
        #expect(flow.outcome.responses[0].given == "40")
        #expect(flow.outcome.responses[0].tries == 1)
    }

    @Test func unreadableAnswersAreAskedAgainAtATerminalAndAreATryOtherwise() throws {
        var terminal = try Self.flow(interactive: true)
        _ = terminal.start()
        #expect(Self.names(terminal.take(.line("forty-two"))) == ["unreadable 1"])
        #expect(terminal.awaiting == .answer(quiz: 0, attempt: 1))

        var piped = try Self.flow()
        _ = piped.start()
        #expect(Self.names(piped.take(.line("forty-two"))) == ["second try 1: Six times seven."])
        #expect(Self.names(piped.take(.line("forty-two"))).first == "verdict 1 unparseable 0.0")
    }

    @Test func aTerminalWaitsAfterEachVerdict() throws {
        var flow = try Self.flow(interactive: true)
        _ = flow.start()
        _ = flow.take(.line("42"))
        _ = flow.take(.line("1"))
        #expect(flow.awaiting == .goOn)
        #expect(Self.names(flow.take(.line(""))) == ["prose", "code 2", "question 3"])
    }

    @Test(arguments: [QuizFlow.Input.line("q"), .line("Quit"), .end])
    func stoppingLeavesTheAttemptUnfinished(_ input: QuizFlow.Input) throws {
        var flow = try Self.flow()
        _ = flow.start()
        _ = flow.take(.line("42"))
        #expect(Self.names(flow.take(input)) == [input == .end ? "input ended" : "stopped"])
        #expect(flow.awaiting == .nothing)
        let outcome = flow.outcome
        #expect(outcome.responses.map(\.verdict) == [.correct, .unanswered, .unanswered])
        #expect(outcome.endedEarly)
        #expect(!outcome.isFinished)
        #expect(outcome.responses[2].rightAnswer == "0.2264")
    }

    @Test func theEndOfInputOnASecondTryKeepsTheFirst() throws {
        var flow = try Self.flow()
        _ = flow.start()
        _ = flow.take(.line("41"))
        #expect(Self.names(flow.take(.end)) == ["verdict 1 wrong 0.0", "input ended"])
        #expect(flow.outcome.responses.map(\.verdict) == [.wrong, .unanswered, .unanswered])
        #expect(flow.outcome.responses[0].given == "41")
    }

    @Test func questionsSayHowPreciseToBe() throws {
        var flow = try Self.flow()
        guard case .question(let first)? = flow.start().last else { Issue.record("no question"); return }
        #expect(first.precision == .exactly)
        #expect(first.instruction == "Answer with a whole number, exactly.")
        #expect(first.triesAllowed == 2)
        guard case .question(let second)? = flow.take(.line("42")).last else { Issue.record("no question"); return }
        #expect(second.precision == .choices(["True", "False"]))
        #expect(second.instruction == "Answer with 1–2 or a choice's text.")
        #expect(second.triesAllowed == 1)
        guard case .question(let third)? = flow.take(.line("1")).last else { Issue.record("no question"); return }
        #expect(third.precision == .decimals(3, tolerance: 0.001))
        #expect(third.instruction == "Answer with a number, to 3 decimals (±0.001).")
        #expect(third.shownAnswer == "0.2264")
    }

    @Test(arguments: [
        (0.01, "to 2 decimals (±0.01)"), (0.1, "to 1 decimal (±0.1)"), (0.0001, "to 4 decimals (±0.0001)"),
        (0.05, "within ±0.05"), (20, "within ±20"), (0, "exactly"),
    ])
    func precisionFromTolerance(_ tolerance: Double, _ text: String) {
        let value = EvaluatedValue(kind: .number(0.2264), repr: "0.2264")
        #expect(QuizGrader.precision(value, tolerance: tolerance, choices: []).description == text)
    }

    @Test func answersAreShownAsPyTorchPrintsThem() {
        func shown(_ d: Double, _ repr: String) -> String {
            QuizGrader.shownAnswer(EvaluatedValue(kind: .number(d), repr: repr))
        }
        #expect(shown(0.22638379037380219, "0.22638379037380219") == "0.2264")
        #expect(shown(0.9999998807907104, "0.9999998807907104") == "1.0000")
        #expect(shown(32.0, "32.0") == "32.0")
        #expect(shown(0.25, "0.25") == "0.25")
        #expect(shown(1.2345e-05, "1.2345e-05") == "1.2345e-05")
        let list = EvaluatedValue(kind: .tensor(shape: [2], values: [0.12345678, 0.5], isInteger: false), repr: "[0.12345678, 0.5]")
        #expect(QuizGrader.shownAnswer(list) == "[0.1235, 0.5]")
        let word = EvaluatedValue(kind: .string("journey"), repr: "'journey'")
        #expect(QuizGrader.shownAnswer(word, choices: ["Your", "journey"]) == "journey")
    }
}
