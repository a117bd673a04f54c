import Foundation
import LessonKit
import Testing

/// The `exercise` block: how it is read, how its errors are placed, and what `verify` finds
/// wrong with an exercise a lesson author wrote.
@Suite struct ExerciseBlockTests {
    static func lesson(_ exercise: String, setup: String = "x = torch.tensor([1.0, -2.0, 3.0])") throws -> Lesson {
        let text = "# Doubling\n\n```python\nimport torch\n\(setup)\n```\n\n```exercise\n\(exercise)\n```\n"
        return try MarkdownParser.parse(text, path: "L/01-double.md", number: 1)
    }

    static let double = """
    name: double
    hint: Multiply.
    %% task
    Write `double(t)`, which returns `t` times two.
    %% starter
    def double(t):
        return t
    %% solution
    def double(t):
        return t * 2
    %% cases
    cases = {"the lesson's x": (x,), "a zero": (torch.zeros(2),), "a column": (torch.ones(3, 1) * 5,)}
    %% mistake: adding two instead of multiplying by two
    def double(t):
        return t + 2
    """

    @Test func aBlockIsReadWithItsSectionsAndTheirLines() throws {
        let lesson = try Self.lesson(Self.double)
        let e = try #require(lesson.exercises.first)
        #expect(e.name == "double")
        #expect(e.hints == ["Multiply."])
        #expect(e.task.markdown == "Write `double(t)`, which returns `t` times two.")
        #expect(e.solution.text == "def double(t):\n    return t * 2")
        // The fence is at line 8, so "name:" is line 9 and the solution's code starts at 17.
        #expect(e.location.line == 8)
        #expect(e.solution.firstLine == 17)
        #expect(e.mistakes.map(\.description) == ["adding two instead of multiplying by two"])
        #expect(e.absoluteTolerance == Exercise.defaultAbsoluteTolerance)
    }

    @Test(arguments: [
        ("%% task\nT\n%% starter\ns\n%% solution\ns\n%% cases\nc", "L/01-double.md:8: error: exercise block needs a 'name:' line"),
        ("name: 2x\n%% task\nT", "L/01-double.md:9: error: 'name:' must be a Python name, got '2x'"),
        ("name: d\ncolour: red", "L/01-double.md:10: error: exercise block line is not 'key: value' with a known key: colour: red"),
        ("name: d\n%% task\nT\n%% answer\nx", "L/01-double.md:12: error: exercise block line is not 'key: value' with a known key: %% answer (sections: task, starter, solution, cases, call, mistake: ...)"),
        ("name: d\n%% task\nT\n%% starter\ns\n%% cases\nc", "L/01-double.md:8: error: exercise block needs a '%% solution' section"),
        ("name: d\n%% mistake:\nx", "L/01-double.md:10: error: exercise block needs words after '%% mistake:' that name the mistake"),
        ("name: d\natol: -1", "L/01-double.md:10: error: 'atol:' must be a finite number, 0 or more, got '-1'"),
    ])
    func badBlocksAreErrorsAtTheirLine(_ block: String, _ message: String) throws {
        #expect(throws: LessonError.self) { try Self.lesson(block) }
        do {
            _ = try Self.lesson(block)
        } catch let e as LessonError {
            #expect(e.description == message)
        }
    }

    @Test func twoExercisesMayNotShareAName() throws {
        let text = "# Two\n\n```exercise\n\(Self.double)\n```\n\n```exercise\n\(Self.double)\n```\n"
        #expect(throws: LessonError.self) { try MarkdownParser.parse(text, path: "L/01-two.md", number: 1) }
    }

    @Test func aSoundExerciseVerifiesAndItsMistakeIsNamed() throws {
        let checker = ExerciseChecker(lesson: try Self.lesson(Self.double))
        #expect(checker.verify().flatMap(\.problems) == [])
        let wrong = checker.check(code: "def double(t):\n    return t + 2\n", path: "mine.py")
        #expect(wrong.map(\.status) == [.fail])
        #expect(wrong.first?.mistake == "adding two instead of multiplying by two")
        let right = checker.check(code: "def double(t):\n    return t + t\n", path: "mine.py")
        #expect(right.map(\.status) == [.pass])
        #expect(right.first?.casesPassed == 3)
    }

    @Test func verifyFindsWhatAnAuthorGotWrong() throws {
        // A mistake that gives the reference's answers, and a starter that already passes.
        let block = Self.double
            .replacingOccurrences(of: "    return t + 2", with: "    return 2 * t")
            .replacingOccurrences(of: "%% starter\ndef double(t):\n    return t\n", with: "%% starter\ndef double(t):\n    return t * 2.0\n")
        let problems = ExerciseChecker(lesson: try Self.lesson(block)).verify().flatMap(\.problems)
        #expect(problems.contains("L/01-double.md:14: error: exercise double: the starter code passes every case"), "\(problems)")
        #expect(problems.contains { $0.contains("gives the reference's answer on every case") }, "\(problems)")
    }

    @Test func aSolutionThatRaisesIsPlacedAtItsLine() throws {
        let block = Self.double.replacingOccurrences(of: "    return t * 2\n", with: "    return t @ t\n")
        let problems = ExerciseChecker(lesson: try Self.lesson(block)).verify().flatMap(\.problems)
        #expect(problems.contains { $0.hasPrefix("L/01-double.md:18: error: exercise double: the solution raised") }, "\(problems)")
    }

    @Test func casesThatAreNotADictOfTuplesAreAnAuthorsError() throws {
        let block = Self.double.replacingOccurrences(of: "cases = {", with: "cases = [1] or {")
        let problems = ExerciseChecker(lesson: try Self.lesson(block)).verify().flatMap(\.problems)
        #expect(problems.first?.contains("'cases' to a dict from a description to a tuple of arguments") == true, "\(problems)")
    }
}
