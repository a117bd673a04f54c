import Foundation
import Testing
import LessonKit

/// Lessons small enough to read in a test, shared by the exporter tests.
enum ExportFixtures {
    /// A lesson with a passing, a failing, an erroring and an unchecked step, a quiz between
    /// a step and its output, and a heatmap.
    static let mixed = """
    # Mixed *bag*

    Intro with $\\sqrt{d_k}$ and `code`.

    ```python
    import torch
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    print("sum:", x.sum().item())
    x.shape
    ```

    ```quiz
    ask: What is the shape of x?
    answer: x.shape
    hint: Two rows, 2*2 cells.
    ```

    ```output
    sum: 10.0
    torch.Size([2, 2])
    ```

    ## Second part

    ```python
    x * 2
    ```

    ```output
    tensor([[2., 4.],
            [6., 9.]])
    ```

    ```python
    y = 1
    z = y + missing
    ```

    ```python
    w = 3
    print(w)
    ```

    ```quiz
    ask: Which is bigger?
    choices: one | three
    answer: "three"
    ```

    ```heatmap
    tensor: x
    rows: a b
    cols: c d
    ```

    The end.
    """

    /// Something a malicious author might write: script tags and quotes everywhere.
    static let malicious = """
    # Evil <script>alert("title")</script> lesson

    Prose <script>alert("prose")</script> and <img src=x onerror="alert(1)"> and [a link](javascript:alert(1)).

    ```python
    import torch
    s = "</script><script>alert('code')</script>"
    print(s)
    ```

    ```output
    </script><script>alert('code')</script>
    ```

    ```quiz
    ask: Is <script>alert("quiz")</script> bad?
    choices: <b>yes</b> | no
    answer: "<b>yes</b>"
    hint: <script>alert("hint")</script>
    ```

    ```python
    t = torch.tensor([[0.0, 1.0]])
    ```

    ```heatmap
    tensor: t
    rows: <script>r</script>
    cols: "a&b" <script>c</script>
    title: <script>alert("heat")</script>
    ```
    """

    /// The package's lessons, each run once for all the tests that look at every lesson.
    static let packageRuns: [(lesson: Lesson, run: LessonRun)] = {
        let library = LessonLibrary(directory: LessonLibrary.packageDirectory)
        return library.entries().compactMap { entry in
            guard let lesson = try? library.load(entry.number) else { return nil }
            return (lesson, LessonSession(lesson: lesson).runToEnd())
        }
    }()

    static func run(_ text: String, path: String = "Lessons/07-mixed.md", number: Int = 7) throws -> LessonRun {
        LessonSession(lesson: try MarkdownParser.parse(text, path: path, number: number)).runToEnd()
    }
}

@Suite struct ExportMarkdownTests {
    @Test func keepsProseAndShowsOutputsInPlace() throws {
        let run = try ExportFixtures.run(ExportFixtures.mixed)
        let md = MarkdownExporter.render(run)
        // Prose is verbatim, headings included.
        #expect(md.hasPrefix("# Mixed *bag*\n\nIntro with $\\sqrt{d_k}$ and `code`.\n"))
        #expect(md.contains("\n## Second part\n"))
        // Every step is a python fence, and no expected-output block survives: the actual
        // output replaces it, with its check.
        #expect(md.components(separatedBy: "```python\n").count - 1 == 4)
        #expect(!md.contains("```output"))
        // The quiz stays before the output it would give away, which is folded with what
        // follows it up to the next step.
        let quiz = try #require(md.range(of: "> **Question 1.** What is the shape of x?"))
        let output = try #require(md.range(of: "sum: 10.0"))
        #expect(quiz.lowerBound < output.lowerBound)
        #expect(md.contains("""
        <details><summary>The output of step 1 and what follows it: answer question 1 first, then open</summary>

        **Output** ✓ matches the lesson

        ```text
        sum: 10.0
        torch.Size([2, 2])
        ```

        ## Second part

        </details>
        """))
        #expect(md.contains("> Choices: 1) one · 2) three"))
    }

    @Test func hintsAndAnswersAreFolded() throws {
        let md = MarkdownExporter.render(try ExportFixtures.run(ExportFixtures.mixed))
        #expect(md.contains("""
        > **Question 1.** What is the shape of x?
        >
        > <details><summary>Hint</summary>
        >
        > Two rows, 2\\*2 cells.
        >
        > </details>
        >
        > <details><summary>Show the answer</summary>
        >
        > **Answer:** `torch.Size([2, 2])`
        >
        > </details>
        """))
        #expect(md.contains("> <details><summary>Show the answer</summary>\n>\n> **Answer:** `three`\n>\n> </details>"))
        // Nothing from the answers shows unfolded.
        let unfolded = md.replacingOccurrences(of: "<details>[\\s\\S]*?</details>", with: "", options: .regularExpression)
        #expect(!unfolded.contains("torch.Size([2, 2])") && !unfolded.contains("`three`") && !unfolded.contains("Two rows"))
    }

    @Test func everyLessonFoldsEveryAnswerAndTheOutputsThatGiveThemAway() throws {
        #expect(ExportFixtures.packageRuns.count >= 6)
        for (lesson, run) in ExportFixtures.packageRuns {
            let md = MarkdownExporter.render(run)
            #expect(md.components(separatedBy: "<summary>Show the answer</summary>").count - 1 == lesson.quizzes.count, "lesson \(lesson.number)")
            // Every output block that comes after a question is folded, at the head of what
            // the question holds back.
            let heldBack = lesson.blocks.indices.filter { i in
                guard case .output = lesson.blocks[i], i > 0, case .quiz = lesson.blocks[i - 1] else { return false }
                return true
            }.count
            #expect(heldBack > 0)
            #expect(md.components(separatedBy: "<details><summary>The output of step ").count - 1 == heldBack, "lesson \(lesson.number)")
            #expect(md.components(separatedBy: "<details>").count == md.components(separatedBy: "</details>").count)
        }
    }

    @Test func failuresShowTheDifference() throws {
        let md = MarkdownExporter.render(try ExportFixtures.run(ExportFixtures.mixed))
        #expect(md.contains("**Output** ✗ step output differs: max \\|diff\\| 1.0 at element 3 (expected 9., got 8.)"))
        #expect(md.contains("```diff\n-         [6., 9.]])\n+         [6., 8.]])\n```"))
        #expect(md.contains("**Output** ✗ the step raised NameError: name 'missing' is not defined at 07-mixed.md:"))
        #expect(md.contains("```text\nNameError: name 'missing' is not defined\n```"))
        #expect(md.contains("**Output** not checked: the lesson gives no expected output\n\n```text\n3\n```"))
        #expect(md.contains("*Transcript of lesson 7 (07-mixed.md) by tutor \(TutorVersion.current): 4 steps: 1 matches the lesson, 1 differs, 1 raised an error, 1 with nothing to check against.*"))
    }

    @Test func heatmapIsATable() throws {
        let md = MarkdownExporter.render(try ExportFixtures.run(ExportFixtures.mixed))
        #expect(md.contains("**Heatmap of x**\n\n| | c | d |\n|---|---:|---:|\n| **a** | 1.00 | 2.00 |\n| **b** | 3.00 | 4.00 |"))
    }

    @Test func responsesShowPredictionVerdictAndRightAnswer() throws {
        let run = try ExportFixtures.run(ExportFixtures.mixed)
        let md = MarkdownExporter.render(run, responses: [
            0: QuizResponse(quizIndex: 0, given: "(2, 3)", verdict: .wrong, rightAnswer: "torch.Size([2, 2])"),
        ])
        #expect(md.contains("> **Your prediction:** `(2, 3)` — ✗ wrong\n>\n> **Answer:** `torch.Size([2, 2])`"))
        #expect(md.contains("> *Your prediction:* not asked\n>\n> **Answer:** `three`"))
        #expect(md.contains("Quiz: 0 of 2 predictions right."))
        // The session revealed answers and outputs; the transcript shows them open.
        #expect(md.contains("> *Hint:* Two rows, 2\\*2 cells."))
        #expect(!md.contains("<details>"))
    }

    @Test func fencesOutgrowBackticksInTheText() throws {
        let run = try ExportFixtures.run("# T\n\n````python\nprint(\"```\")\n````\n\n````output\n```\n````\n")
        let md = MarkdownExporter.render(run)
        #expect(md.contains("````python\nprint(\"```\")\n````"))
        #expect(md.contains("````text\n```\n````"))
    }
}
