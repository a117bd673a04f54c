import Foundation
import Testing

/// "A quiz that teaches", end to end through `tutor`: hints on request, a second try for half
/// a point, prompts that say how precise to be, answers shown as PyTorch prints them,
/// unfinished attempts that never become the best, and the run command's --from, --step and
/// Next: lines. A tiny lesson folder keeps every test fast.
@Suite struct QuizTeachesTests {
    static let tiny = """
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
    ```

    ```quiz
    ask: Which word?
    choices: alpha | beta | gamma
    answer: "beta"
    ```
    """

    static let second = "# Second\n\nNo questions here.\n\n```python\ny = 1\n```\n"

    /// A lesson folder with the tiny lesson as 1 and a lesson 2 without questions.
    static func lessons() throws -> URL {
        let dir = try TutorBinary.temporaryDirectory()
        try Data(tiny.utf8).write(to: dir.appendingPathComponent("01-tiny.md"))
        try Data(second.utf8).write(to: dir.appendingPathComponent("02-second.md"))
        return dir
    }

    struct Report: Decodable {
        struct Question: Decodable {
            let given: String?
            let firstGiven: String?
            let tries: Int
            let points: Double
            let verdict: String
            let rightAnswer: String
        }
        struct Score: Decodable {
            let points: Double
            let correct: Int
            let secondTry: Int
            let total: Int
            let unanswered: Int
            let complete: Bool
        }
        struct Progress: Decodable {
            let best: String?
            let isNewBest: Bool
            let attempts: Int
            let unfinished: Int
        }
        let questions: [Question]
        let score: Score
        let progress: Progress
    }

    struct ProgressFile: Decodable {
        struct Entry: Decodable {
            let correct: Int
            let total: Int
            let points: Double?
            let finished: Bool?
        }
        struct Lesson: Decodable {
            let best: Entry?
            let last: Entry?
            let attempts: Int
            let unfinished: Int?
        }
        let lessons: [String: Lesson]
    }

    let dir: URL
    let state: URL

    init() throws {
        dir = try Self.lessons()
        state = try TutorBinary.temporaryDirectory()
    }

    func tutor(_ arguments: [String], stdin: String? = nil) throws -> TutorBinary.Run {
        try TutorBinary.run(arguments + ["--lessons", dir.path], stdin: stdin, environment: ["XDG_STATE_HOME": state.path])
    }

    func quiz(_ lines: [String], _ extra: [String] = []) throws -> TutorBinary.Run {
        try tutor(["quiz", "1", "--color", "never"] + extra, stdin: lines.map { $0 + "\n" }.joined())
    }

    func report(_ lines: [String]) throws -> Report {
        let run = try quiz(lines, ["--json"])
        #expect(run.status == 0, "\(run.stderr)")
        return try JSONDecoder().decode(Report.self, from: Data(run.stdout.utf8))
    }

    func progress() throws -> ProgressFile {
        try JSONDecoder().decode(ProgressFile.self, from: Data(contentsOf: state.appendingPathComponent("tutor/progress.json")))
    }

    func bestColumn() throws -> String {
        let list = try tutor(["list"])
        let row = try #require(list.stdout.split(separator: "\n").first { $0.hasPrefix("1 ") })
        return String(try #require(row.split(separator: " ").last))
    }

    // MARK: Hints

    @Test func aQuestionMarkShowsTheHintAndAsksAgain() throws {
        let run = try quiz(["?", "42", "hint", "1", "0.2264", "beta"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("  > ?\n  Hint: Six times seven.\n  > 42\n  ✓ Right. The answer is 42"))
        #expect(run.stdout.contains("  > hint\n  This question has no hint.\n  > 1\n"))
        #expect(run.stdout.contains("Score: 4/4 (100%)"))
        let r = try report(["?", "42", "HINT", "1", "0.2264", "beta"])
        #expect(r.questions.map(\.tries) == [1, 1, 1, 1])
        #expect(r.score.points == 4)
    }

    @Test func theHintIsOfferedWhereThereIsOne() throws {
        let run = try quiz(["42"])
        #expect(run.stdout.contains("Answer with a whole number, exactly. Type ? for a hint."))
        #expect(!run.stdout.contains("Answer True or False. Type ? for a hint."))
    }

    // MARK: Second tries

    @Test func aWrongAnswerGetsASecondTryForHalfAPoint() throws {
        let run = try quiz(["41", "42", "1", "0.5", "0.5", "beta"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("answer gets one more try, for half a point;"))
        // The first wrong try does not give the answer away, but it brings the hint.
        #expect(run.stdout.contains("  > 41\n  ✗ Not quite. One more try, for half a point (Enter shows the answer).\n  Hint: Six times seven.\n  second try > 42\n  ✓ Right on the second try: half a point. The answer is 42"))
        #expect(run.stdout.contains("✗ Not quite. The answer is 0.2264 (yours is off by 0.2736)"))
        #expect(run.stdout.contains("Score: 2.5/4 (63%): 2 right the first time, 1 on the second try (half a point)"))
        #expect(run.stdout.contains("you said 0.5, then 0.5; the answer is 0.2264"))

        let r = try report(["41", "42", "1", "0.5", "0.5", "beta"])
        #expect(r.questions.map(\.verdict) == ["correct", "correct", "wrong", "correct"])
        #expect(r.questions.map(\.tries) == [2, 1, 2, 1])
        #expect(r.questions.map(\.points) == [0.5, 1, 0, 1])
        #expect(r.questions[0].firstGiven == "41")
        #expect(r.questions[0].given == "42")
        #expect(r.score.points == 2.5)
        #expect(r.score.correct == 3)
        #expect(r.score.secondTry == 1)
        #expect(r.progress.best == "2.5/4")
        let saved = try #require(try progress().lessons["1"])
        #expect(saved.best?.points == 2.5)
        #expect(saved.best?.correct == 3, "whole right answers, for older versions of tutor")
        #expect(try bestColumn() == "2.5/4")
    }

    @Test func twoWayQuestionsGetOneTry() throws {
        let r = try report(["42", "2", "0.2264", "beta"])
        #expect(r.questions[1].verdict == "wrong")
        #expect(r.questions[1].tries == 1)
        #expect(r.questions.map(\.verdict) == ["correct", "wrong", "correct", "correct"])
    }

    @Test func anEmptySecondTryShowsTheAnswer() throws {
        let r = try report(["41", "", "1", "0.2264", "beta"])
        #expect(r.questions[0].verdict == "wrong")
        #expect(r.questions[0].given == "41")
        #expect(r.score.complete)
    }

    @Test func theTranscriptShowsBothTries() throws {
        let out = try TutorBinary.temporaryDirectory().appendingPathComponent("t.md")
        let run = try quiz(["41", "42", "1", "0.5", "0.5", "beta"], ["--transcript", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let md = try String(contentsOf: out, encoding: .utf8)
        #expect(md.contains("**Your prediction:** `41` — ✗ wrong; then `42` — ✓ correct on the second try (half a point)"))
        #expect(md.contains("**Answer:** `0.2264`"))
        #expect(!md.contains("0.22641509"))
        #expect(md.contains("Quiz: 3 of 4 predictions right (1 on the second try), 2.5 of 4 points."))
    }

    // MARK: Precision and rounding

    @Test func promptsSayHowPreciseToBe() throws {
        let run = try quiz(["42", "1", "0.2264", "beta"])
        #expect(run.stdout.contains("Answer with a whole number, exactly."))
        #expect(run.stdout.contains("Answer with 1–2 or a choice's text."))
        #expect(run.stdout.contains("Answer with a number, to 2 decimals (±0.01)."))
        #expect(run.stdout.contains("Answer with 1–3 or a choice's text."))
    }

    @Test func lessonThreeStatesItsTolerances() throws {
        let run = try TutorBinary.run(["quiz", "3", "--lessons", TutorBinary.lessonsDirectory.path, "--color", "never"],
                                      stdin: "0.23\n0.8\n0\n0.0078\n2\n3, 6, 2\n3\n", environment: ["XDG_STATE_HOME": state.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Answer with a number, to 2 decimals (±0.01)."))
        #expect(run.stdout.contains("Answer with a number, to 1 decimal (±0.1)."))
        #expect(run.stdout.contains("Answer with a number, to 3 decimals (±0.001)."))
        #expect(run.stdout.contains("Answer with a number, within ±0.005."))
        #expect(run.stdout.contains("Answer with a shape (e.g. 6, 2), exactly."))
        // Answers as PyTorch prints them: 0.2264, not 0.22638379037380219.
        #expect(run.stdout.contains("The answer is 0.2264"))
        #expect(run.stdout.contains("The answer is 2.7418e-06"))
        #expect(run.stdout.contains("The answer is 0.0078"))
        #expect(!run.stdout.contains("0.22638"))
        #expect(!run.stdout.contains("2.741806"))
        #expect(!run.stdout.contains("0.00777"))
    }

    @Test(arguments: ["md", "html", "ipynb"])
    func exportsShowRoundedAnswers(_ format: String) throws {
        let out = try TutorBinary.temporaryDirectory().appendingPathComponent("lesson.\(format)")
        let run = try TutorBinary.run(["export", "3", "--format", format, "-o", out.path, "--lessons", TutorBinary.lessonsDirectory.path])
        #expect(run.status == 0, "\(run.stderr)")
        // The HTML page's quiz judges with the full value, which rides in data attributes, unseen.
        let text = try String(contentsOf: out, encoding: .utf8)
            .replacingOccurrences(of: " data-[a-z]+=\"[^\"]*\"", with: "", options: .regularExpression)
        #expect(text.contains("0.2264"))
        #expect(!text.contains("0.22638379"))
        #expect(!text.contains("127.4412612915039"))
    }

    @Test func runShowsRoundedAnswersAndChoicesWithoutQuotes() throws {
        let run = try tutor(["run", "1", "--color", "never"])
        #expect(run.stdout.contains("answer: 0.2264\n"))
        #expect(run.stdout.contains("answer: beta\n"))
        #expect(!run.stdout.contains("'beta'"))
        let quiz = try quiz(["42", "1", "0.2264", "alpha"])
        #expect(quiz.stdout.contains("The answer is beta\n"))
    }

    // MARK: Unfinished attempts

    @Test func anUnfinishedAttemptIsKeptButNeverTheBest() throws {
        // Two right answers, then the input ends: unfinished.
        let first = try report(["42", "1"])
        #expect(!first.score.complete)
        #expect(!first.progress.isNewBest)
        #expect(first.progress.best == nil)
        #expect(first.progress.unfinished == 1)
        var saved = try #require(try progress().lessons["1"])
        #expect(saved.best == nil)
        #expect(saved.last?.finished == false)
        #expect(saved.last?.correct == 2)
        #expect(saved.unfinished == 1)
        #expect(try bestColumn() == "-")

        // A finished attempt with no right answer becomes the best.
        _ = try report(["0", "0", "2", "0", "0", "1", "1"])
        #expect(try bestColumn() == "0/4")
        _ = try report(["42", "1", "0.2264", "beta"].prefix(3).map { $0 })
        saved = try #require(try progress().lessons["1"])
        #expect(saved.attempts == 3)
        #expect(saved.unfinished == 2)
        #expect(saved.best?.correct == 0, "a better unfinished attempt does not replace a finished best")
        #expect(try bestColumn() == "0/4")

        let text = try quiz(["42", "q"])
        #expect(text.stdout.contains("Questions 2–4 were not answered: the quiz ended early."))
        #expect(text.stdout.contains("This attempt is kept as unfinished; only a finished quiz can be your best."))
        #expect(text.stdout.contains("best is 0/4."))
        #expect(text.stdout.contains("Next: tutor quiz 1 to take the whole quiz"))
    }

    @Test func qAtThePromptStopsTheQuiz() throws {
        let r = try report(["42", "q", "1", "0.2264", "beta"])
        #expect(r.questions.map(\.verdict) == ["correct", "unanswered", "unanswered", "unanswered"])
        #expect(r.score.unanswered == 3)
    }

    @Test func olderProgressFilesStillRead() throws {
        let file = state.appendingPathComponent("tutor/progress.json")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let old = #"{"version": 1, "lessons": {"1": {"best": {"correct": 3, "total": 4, "date": "2026-01-01T00:00:00Z"}, "last": {"correct": 3, "total": 4, "date": "2026-01-01T00:00:00Z"}, "attempts": 2}}}"#
        try Data(old.utf8).write(to: file)
        #expect(try bestColumn() == "3/4")
        let r = try report(["41", "42", "1", "0.2264", "beta"])
        #expect(r.progress.best == "3.5/4")
        #expect(r.progress.isNewBest)
        let saved = try #require(try progress().lessons["1"])
        #expect(saved.attempts == 3)
        #expect(saved.unfinished == 0)
        #expect(saved.best?.points == 3.5)
    }

    // MARK: What next, and run --from / --step

    @Test func nextLines() throws {
        #expect(try tutor(["run", "1", "--color", "never"]).stdout.hasSuffix("Next: tutor quiz 1 to test yourself\n"))
        #expect(try quiz(["42", "1", "0.2264", "beta"]).stdout.hasSuffix("Next: lesson 2 — tutor run 2\n"))
        #expect(try tutor(["run", "2", "--color", "never"]).stdout.contains("Next: that was the last lesson"))
    }

    @Test func runFromStartsAtAStep() throws {
        let run = try tutor(["run", "1", "--from", "2", "--color", "never"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Step 1 ran without being shown; starting at step 2 of 2."))
        #expect(!run.stdout.contains("Some prose."))
        #expect(!run.stdout.contains("x is 42"))
        // Step 1's questions are behind; the prose that leads into step 2 is shown.
        #expect(!run.stdout.contains("Is x even?"))
        #expect(run.stdout.contains("More prose."))
        #expect(run.stdout.contains("── Step 2 "))
        #expect(run.stdout.contains("answer: 0.2264"))
        #expect(run.stdout.contains("All 2 steps ran; the one with output in the lesson matches it"))
        let tooFar = try tutor(["run", "1", "--from", "3"])
        #expect(tooFar.status == 64)
        #expect(tooFar.stderr.contains("--from 3: lesson 1 has 2 steps"))
        #expect(try tutor(["run", "1", "--from", "0"]).status == 64)
    }

    @Test func runStepStopsAndSaysHowToResume() throws {
        let stopped = try tutor(["run", "1", "--step", "--color", "never"], stdin: "q\n")
        #expect(stopped.status == 0, "\(stopped.stderr)")
        #expect(stopped.stdout.contains("Press Enter for step 2 of 2 (q to stop)…"))
        #expect(stopped.stdout.hasSuffix("Stopped at step 2 of 2. To go on from there: tutor run 1 --from 2\n"))
        #expect(!stopped.stdout.contains("More prose."))
        let ended = try tutor(["run", "1", "--step", "--color", "never"], stdin: "")
        #expect(ended.stdout.contains("Stopped at step 2 of 2."))
        let through = try tutor(["run", "1", "--step", "--color", "never"], stdin: "\n")
        #expect(through.stdout.contains("More prose."))
        #expect(through.stdout.hasSuffix("Next: tutor quiz 1 to test yourself\n"))
    }
}
