import Foundation
import Testing
import LessonKit

/// Lessons parse into blocks with the Markdown line of each; malformed lessons give a
/// diagnostic with file and line, never a crash.
@Suite struct MarkdownParserTests {
    static let sample = """
    # A tiny lesson

    Some *prose* with `code`.

    ```python
    x = 1 + 1
    x
    ```

    ```quiz
    ask: What is x?
    answer: x
    tolerance: 0.5
    ```

    ```output
    2
    ```

    ```heatmap
    tensor: [[1, 2], [3, 4]]
    rows: a b
    cols: c d
    ```
    """

    @Test func parsesBlocksWithLines() throws {
        let lesson = try MarkdownParser.parse(Self.sample, path: "L/07-tiny.md", number: 7)
        #expect(lesson.title == "A tiny lesson")
        #expect(lesson.number == 7)
        #expect(lesson.steps.count == 1)
        let step = try #require(lesson.steps.first)
        #expect(step.location.line == 5)
        #expect(step.code == "x = 1 + 1\nx\n")
        let quiz = try #require(lesson.quizzes.first)
        #expect(quiz.ask == "What is x?")
        #expect(quiz.answer == "x")
        #expect(quiz.tolerance == 0.5)
        #expect(quiz.afterStep == 0)
        #expect(quiz.location.line == 10)
        let outputs = lesson.blocks.compactMap { b -> ExpectedOutput? in if case .output(let o) = b { return o }; return nil }
        #expect(outputs.first?.text == "2\n")
        #expect(outputs.first?.location.line == 16)
        let maps = lesson.blocks.compactMap { b -> Heatmap? in if case .heatmap(let h) = b { return h }; return nil }
        #expect(maps.first?.rows == ["a", "b"])
        #expect(maps.first?.cols == ["c", "d"])
    }

    @Test(arguments: [
        ("# T\n\n```python\nx = 1\n", "L/01-x.md:3: error: code block opened with ``` is never closed"),
        ("# T\n\n```quiz\nask: What?\n```\n", "L/01-x.md:3: error: quiz block has no 'answer:' line"),
        ("# T\n\n```quiz\nanswer: 1\n```\n", "L/01-x.md:3: error: quiz block has no 'ask:' line"),
        ("# T\n\n```output\n1\n```\n", "L/01-x.md:3: error: output block has no python step before it"),
        ("# T\n\n```python\nx = 1\n```\n\n```output\n1\n```\n\n```output\n1\n```\n",
         "L/01-x.md:11: error: second output block for the step at line 3"),
        ("# T\n\n```heatmap\nrows: a b\n```\n", "L/01-x.md:3: error: heatmap block has no 'tensor:' line"),
        ("# T\n\n```quiz\nask: Q\nanswer: 1\ntolerance: small\n```\n", "L/01-x.md:6: error: 'tolerance:' needs a number, got 'small'"),
        ("# T\n\n```quiz\nask: Q\nanswer: 1\nwhatever\n```\n", "L/01-x.md:6: error: quiz block line is not 'key: value' with a known key: whatever"),
        ("No title here.\n", "L/01-x.md:1: error: the lesson has no '# Title' heading"),
    ])
    func malformedLessonsGiveDiagnostics(_ text: String, _ message: String) {
        #expect(throws: (any Error).self) { try MarkdownParser.parse(text, path: "L/01-x.md", number: 1) }
        do {
            _ = try MarkdownParser.parse(text, path: "L/01-x.md", number: 1)
        } catch {
            #expect("\(error)" == message)
        }
    }

    @Test func notUTF8IsADiagnostic() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("01-bad.md").path
        try (Data("# Title\n\nText\n".utf8) + Data([0xFF, 0x0A])).write(to: URL(fileURLWithPath: path))
        #expect(throws: LessonError.notUTF8(path: path, line: 4)) { try MarkdownParser.load(path: path, number: 1) }
    }

    @Test func unknownLessonListsTheOnesThatExist() throws {
        let library = LessonLibrary(directory: LessonLibrary.packageDirectory)
        let available = library.entries().map(\.number)
        #expect(available == [1, 2, 3, 4, 5, 6])
        #expect(throws: LessonError.unknownLesson(9, available: available)) { try library.load(9) }
        #expect("\(LessonError.unknownLesson(9, available: available))" == "tutor: error: there is no lesson 9; lessons: 1, 2, 3, 4, 5, 6")
    }

    @Test func cmarkRendersProseSafely() {
        let html = MarkdownParser.html("Hello *there* <script>alert(1)</script>")
        #expect(html.contains("<em>there</em>"))
        #expect(!html.contains("<script>"))
    }

    @Test func aHeatmapsScaleIsItsOwnZeroToOneForWeightsOrItsRange() throws {
        let text = """
        # Scales

        ```python
        import torch
        w = torch.softmax(torch.tensor([[1.0, 2.0], [0.5, 0.5]]), dim=-1)
        s = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
        ```

        ```heatmap
        tensor: w
        ```

        ```heatmap
        tensor: s
        ```

        ```heatmap
        tensor: s
        scale: -5 5
        ```
        """
        let lesson = try MarkdownParser.parse(text, path: "L/01-s.md", number: 1)
        let run = LessonSession(lesson: lesson).runToEnd()
        let scales = lesson.blocks.compactMap { b -> Int? in if case .heatmap(let h) = b { return h.location.line }; return nil }
            .compactMap { try? run.heatmaps[$0]?.get().scale }
        #expect(scales.map(\.lo) == [0, 1, -5])
        #expect(scales.map(\.hi) == [1, 4, 5])
        #expect(throws: LessonError.self) {
            try MarkdownParser.parse("# T\n\n```heatmap\ntensor: x\nscale: 1 0\n```\n", path: "L/01-t.md", number: 1)
        }
    }
}
