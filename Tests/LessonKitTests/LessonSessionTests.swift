import Foundation
import Testing
import LessonKit
import StepScript

/// Steps run like notebook cells; errors carry the Markdown line; answers and heatmaps are
/// computed where they stand; `--update` rewrites only output blocks.
@Suite struct LessonSessionTests {
    func run(_ text: String) throws -> LessonRun {
        LessonSession(lesson: try MarkdownParser.parse(text, path: "L/01-t.md", number: 1)).runToEnd()
    }

    @Test func notebookSemanticsAndStatuses() throws {
        let r = try run("""
        # T

        ```python
        x = 2
        print("x is", x)
        x * 3
        ```

        ```output
        x is 2
        6
        ```

        ```python
        y = x + 0.5
        y
        ```

        ```output
        9.5
        ```

        ```python
        z = 1
        ```
        """)
        #expect(r.steps.map(\.status) == [.pass, .fail, .unchecked])
        #expect(r.steps[0].output == "x is 2\n6\n")
        #expect(r.steps[1].output == "2.5\n")
    }

    @Test func errorsPointAtTheMarkdownLine() throws {
        let r = try run("# T\n\nProse.\n\n```python\na = 1\nb = a + missing\n```\n")
        let e = try #require(r.steps.first?.error)
        #expect(e.description == "L/01-t.md:7: NameError: name 'missing' is not defined")
        #expect(r.steps.first?.status == .error)
    }

    @Test func quizAnswersAreComputedInPlace() throws {
        let r = try run("# T\n\n```python\nx = 1\n```\n\n```quiz\nask: x?\nanswer: x + 1\n```\n\n```python\nx = 10\n```\n")
        guard case .success(let v)? = r.answers[0] else {
            Issue.record("no answer")
            return
        }
        #expect(v.kind == .integer(2))
    }

    @Test func heatmapMustBeTwoDimensional() throws {
        let r = try run("# T\n\n```python\nimport torch\nv = torch.ones(3)\n```\n\n```heatmap\ntensor: v\n```\n")
        guard case .failure(let e)? = r.heatmaps[8] else {
            Issue.record("a 1-D heatmap was accepted")
            return
        }
        #expect(e.message.contains("needs a 2-D tensor"))
        #expect(e.location.line == 8)
    }

    @Test func updateRewritesOnlyOutputBlocks() throws {
        let text = "# T\n\nKeep   this.\n\n```python\nprint(1 + 1)\n```\n\n```output\n3\n```\n\nAnd this.\n"
        let r = try run(text)
        let updated = try #require(ExpectedOutputUpdater.updatedSource(r))
        #expect(updated == text.replacingOccurrences(of: "```output\n3\n```", with: "```output\n2\n```"))
        let again = LessonSession(lesson: try MarkdownParser.parse(updated, path: "L/01-t.md", number: 1)).runToEnd()
        #expect(ExpectedOutputUpdater.updatedSource(again) == nil)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6])
    func everyLessonPasses(_ number: Int) throws {
        let lesson = try LessonLibrary(directory: LessonLibrary.packageDirectory).load(number)
        let r = LessonSession(lesson: lesson).runToEnd()
        for step in r.steps where step.status != .pass && step.status != .unchecked {
            Issue.record("\(step.step.location): \(step.comparison?.summary ?? step.error?.description ?? "")")
        }
        #expect(r.failed == 0)
        // The expected blocks were printed by real PyTorch; the interpreter matches them to the byte.
        for step in r.steps {
            if let expected = step.expected { #expect(step.output == expected.text, "\(expected.location)") }
        }
        #expect(lesson.quizzes.count >= 3)
        #expect(lesson.blocks.contains { if case .heatmap = $0 { return true }; return false })
    }
}
