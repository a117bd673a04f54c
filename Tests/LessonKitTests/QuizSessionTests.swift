import Foundation
import Testing
import LessonKit

/// Predict, then reveal: questions come where they stand, before the output that answers
/// them; input ends the quiz with the score so far; a terminal asks again after bad input.
@Suite struct QuizSessionTests {
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
    y = x / 4
    ```

    ```quiz
    ask: What is y?
    answer: y
    ```
    """

    struct Played {
        let outcome: QuizOutcome
        let text: String
    }

    func play(_ inputs: [String], interactive: Bool = false, source: String = Self.lesson) throws -> Played {
        let run = LessonSession(lesson: try MarkdownParser.parse(source, path: "L/01-tiny.md", number: 1)).runToEnd()
        #expect(QuizSession.problems(run).isEmpty)
        let session = QuizSession(run: run, renderer: TerminalRenderer(width: 80, color: false))
        var remaining = inputs[...]
        var text = ""
        let outcome = session.play(nextLine: { remaining.popFirst() }, interactive: interactive, write: { text += $0 })
        return Played(outcome: outcome, text: text)
    }

    func position(_ needle: String, in text: String) throws -> String.Index {
        try #require(text.range(of: needle), "'\(needle)' is not in the session").lowerBound
    }

    @Test func outputIsHeldBackUntilTheQuestionIsAnswered() throws {
        let p = try play(["42", "1", "10.5"])
        #expect(p.outcome.score == QuizScore(correct: 3, total: 3))
        let code = try position("print(\"x is\", x)", in: p.text)
        let question = try position("Question 1: What is x?", in: p.text)
        let output = try position("x is 42\n", in: p.text)
        let second = try position("Question 2: Is x even?", in: p.text)
        let prose = try position("More prose.", in: p.text)
        #expect(code < question)
        #expect(question < output)
        // The output block stands before the second question, so it is revealed before it.
        #expect(output < second)
        #expect(second < prose)
        #expect(p.text.contains("╰─ output of step 1"))
    }

    @Test func verdictsShowTheAnswerTheDifferenceAndTheHint() throws {
        // A wrong answer gets a second try; the True/False question gets one.
        let p = try play(["41", "41", "2", "10", "10"])
        #expect(p.outcome.score == QuizScore(correct: 0, total: 3))
        #expect(p.outcome.responses.map(\.verdict) == [.wrong, .wrong, .wrong])
        #expect(p.text.contains("✗ Not quite. The answer is 42 (yours is off by 1.0)"))
        #expect(p.text.contains("Hint: Six times seven."))
        #expect(p.text.contains("✗ Not quite. The answer is 10.5 (yours is off by 0.5)"))
        let session = QuizSession(run: LessonSession(lesson: p.outcome.lesson).runToEnd(), renderer: TerminalRenderer(width: 80, color: false))
        #expect(session.summary(p.outcome, previousBest: nil).contains("Score: 0/3 (0%)"))
    }

    @Test func skippedMalformedAndMissingAnswers() throws {
        let p = try play(["", "maybe"])
        #expect(p.outcome.responses.map(\.verdict) == [.skipped, .unparseable, .unanswered])
        #expect(p.outcome.endedEarly)
        #expect(p.outcome.score == QuizScore(correct: 0, total: 3))
        #expect(p.text.contains("– Skipped. The answer is 42"))
        #expect(p.text.contains("'maybe' is not one of the choices"))
        #expect(p.text.contains("counts as wrong"))
        #expect(p.text.contains("(no more answers)"))
        // The question never asked keeps its answer for next time.
        #expect(!p.text.contains("10.5"))
        #expect(p.outcome.responses[2].given == nil)
    }

    @Test func noInputAtAllAnswersNothing() throws {
        let p = try play([])
        #expect(!p.outcome.answeredAny)
        #expect(p.outcome.responses.allSatisfy { $0.verdict == .unanswered })
        // The output after the unanswered question stays hidden.
        #expect(!p.text.contains("x is 42"))
    }

    @Test func aTerminalAsksAgainAfterUnreadableInput() throws {
        // After the second answer the lesson waits for Enter before going on.
        let p = try play(["forty-two", "42", "yes", "", "ten"], interactive: true)
        #expect(p.outcome.responses.map(\.verdict) == [.correct, .correct, .unanswered])
        #expect(p.text.contains("Press Enter to go on (q to stop)…"))
        #expect(p.text.contains("? Could not read 'forty-two' as a whole number. Try again, or press Enter to\n    skip."))
        #expect(p.text.contains("? Could not read 'ten' as a number. Try again, or press Enter to skip."))
        // At a terminal the learner's typing is already on screen: no echo.
        #expect(!p.text.contains("> 42"))
    }

    @Test func qAtThePauseStopsTheQuiz() throws {
        let p = try play(["42", "1", "q", "10.5"], interactive: true)
        #expect(p.outcome.responses.map(\.verdict) == [.correct, .correct, .unanswered])
        #expect(p.outcome.endedEarly)
        #expect(!p.text.contains("More prose."))
    }

    @Test func pipedInputNeverPauses() throws {
        let p = try play(["42", "1", "10.5"])
        #expect(!p.text.contains("Press Enter"))
        #expect(p.outcome.score == QuizScore(correct: 3, total: 3))
    }

    @Test func windowsLineEndsAreIgnored() throws {
        let p = try play(["42\r", "True\r", "\r"])
        #expect(p.outcome.responses.map(\.verdict) == [.correct, .correct, .skipped])
        #expect(!p.text.contains("\r"))
    }

    @Test func echoesAnswersReadFromAFile() throws {
        let p = try play(["42", "True", "10.5"])
        #expect(p.text.contains("  > 42\n"))
        #expect(p.text.contains("  > True\n"))
    }

    @Test func aQuizBeforeAnyStepAndAStepWithoutOutput() throws {
        let source = """
        # Early

        ```quiz
        ask: What is 2 + 2?
        answer: 2 + 2
        ```

        ```python
        z = 1
        ```

        ```quiz
        ask: What is z?
        answer: z
        ```
        """
        let p = try play(["4", "1"], source: source)
        #expect(p.outcome.score == QuizScore(correct: 2, total: 2))
        #expect(!p.text.contains("output of step"))
    }

    @Test func longVerdictsFitEightyColumns() throws {
        let source = """
        # Wide

        ```python
        import torch
        t = torch.tensor([[-0.07391234, 0.07131234, 0.5], [1.25, -2.5, 3.75]])
        ```

        ```quiz
        ask: What is t?
        answer: t
        tolerance: 0.001
        hint: A hint that is long enough to need wrapping when it is shown after a wrong answer at eighty columns.
        ```

        ```quiz
        ask: What is the first row of t?
        answer: t[0]
        tolerance: 0.001
        ```
        """
        for inputs in [["[[-0.0739, 0.0713, 0.5], [1.25, -2.5, 3.75]]", "-0.07390, 0.07132, 0.50005"],
                       ["[[-0.07, 0.07, 0.5], [1.25, -2.5, 3.75]]", "-0.07, 0.07, 0.5"],
                       ["[[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]", "a long answer that cannot be read as numbers at all"]] {
            let p = try play(inputs, source: source)
            for line in p.text.split(separator: "\n") {
                #expect(line.count <= 80, "longer than 80 columns: \(line)")
            }
        }
    }

    @Test func summaryComparesWithTheBest() throws {
        let run = LessonSession(lesson: try MarkdownParser.parse(Self.lesson, path: "L/01-tiny.md", number: 1)).runToEnd()
        let session = QuizSession(run: run, renderer: TerminalRenderer(width: 80, color: false))
        var inputs = ["42", "1", "1"][...]
        let outcome = session.play(nextLine: { inputs.popFirst() }, interactive: false, write: { _ in })
        #expect(outcome.score == QuizScore(correct: 2, total: 3))
        #expect(session.summary(outcome, previousBest: nil).contains("Your first score for this lesson."))
        #expect(session.summary(outcome, previousBest: QuizScore(correct: 1, total: 3)).contains("A new best! Your best before was 1/3."))
        #expect(session.summary(outcome, previousBest: QuizScore(correct: 2, total: 3)).contains("That equals your best, 2/3."))
        #expect(session.summary(outcome, previousBest: QuizScore(correct: 3, total: 3)).contains("Your best is 3/3."))
        let summary = session.summary(outcome, previousBest: nil)
        #expect(summary.contains("Missed:\n  3. What is y?\n     you said 1; the answer is 10.5"))
    }
}
