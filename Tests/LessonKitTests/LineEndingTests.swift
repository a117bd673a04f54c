import Foundation
import Testing
import LessonKit

/// A lesson saved with CRLF (Windows) or CR line ends reads exactly like the same lesson with
/// LF ends: the same blocks, text and line numbers; `--update` keeps the file's own ends.
@Suite struct LineEndingTests {
    static let lf = """
    # Line ends

    Some *prose*
    on two lines.

    ```python
    x = 1 + 1
    print(x)
    x * 3
    ```

    ```quiz
    ask: What is x?
    answer: x
    tolerance: 0.5
    ```

    ```output
    2
    6
    ```

    - a list
      - nested

    ```heatmap
    tensor: [[1, 2], [3, 4]]
    rows: a b
    ```

    """

    static func with(_ end: String, _ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: end)
    }

    /// Everything the parser produces, as comparable text.
    static func summary(_ lesson: Lesson) -> [String] {
        lesson.blocks.map { block -> String in
            switch block {
            case .prose(let p): return "prose \(p.location) \(p.markdown.debugDescription) \(p.nodes)"
            case .step(let s): return "step \(s.location) \(s.code.debugDescription) \(s.info)"
            case .output(let o): return "output \(o.location) \(o.text.debugDescription) \(o.fence) \(o.closingLine)"
            case .quiz(let q): return "quiz \(q.location) \(q.ask) \(q.answer) \(String(describing: q.tolerance))"
            case .heatmap(let h): return "heatmap \(h.location) \(h.tensor) \(h.rows)"
            case .exercise(let e):
                return "exercise \(e.location) \(e.name) \(e.task.markdown.debugDescription) \(e.solution.text.debugDescription) \(e.solution.firstLine)"
            }
        }
    }

    @Test(arguments: ["\r\n", "\r"])
    func otherLineEndsParseLikeLF(_ end: String) throws {
        let reference = try MarkdownParser.parse(Self.lf, path: "L/01-e.md", number: 1)
        let other = try MarkdownParser.parse(Self.with(end, Self.lf), path: "L/01-e.md", number: 1)
        #expect(Self.summary(other) == Self.summary(reference))
        #expect(other.title == "Line ends")
        #expect(other.source == Self.with(end, Self.lf))
    }

    @Test func mixedLineEndsAndAByteOrderMarkParseLikeLF() throws {
        let reference = try MarkdownParser.parse(Self.lf, path: "L/01-e.md", number: 1)
        var lines = Self.lf.split(separator: "\n", omittingEmptySubsequences: false)
        let last = lines.removeLast()
        let ends = ["\r\n", "\n", "\r"]  // never a CR before an empty LF line: that would be one CRLF
        let mixed = "\u{FEFF}" + lines.enumerated().map { $0.element + ends[$0.offset % 3] }.joined() + last
        let other = try MarkdownParser.parse(mixed, path: "L/01-e.md", number: 1)
        #expect(Self.summary(other) == Self.summary(reference))
    }

    @Test(arguments: ["\r\n", "\r"])
    func diagnosticsKeepTheirLines(_ end: String) {
        let cases = [
            ("# T\n\n```python\nx = 1\n", "L/01-x.md:3: error: code block opened with ``` is never closed"),
            ("# T\n\n```quiz\nask: Q\nanswer: 1\nwhatever\n```\n", "L/01-x.md:6: error: quiz block line is not 'key: value' with a known key: whatever"),
            ("# T\n\ntext\n\n```python\nx = 1\n```\n\n```output\n1\n```\n\n```output\n1\n```\n",
             "L/01-x.md:13: error: second output block for the step at line 5"),
        ]
        for (text, message) in cases {
            #expect(throws: (any Error).self) { try MarkdownParser.parse(Self.with(end, text), path: "L/01-x.md", number: 1) }
            do {
                _ = try MarkdownParser.parse(Self.with(end, text), path: "L/01-x.md", number: 1)
            } catch {
                #expect("\(error)" == message)
            }
        }
    }

    @Test(arguments: ["\r\n", "\r"])
    func stepsRunAndCompareAsWithLF(_ end: String) throws {
        let reference = LessonSession(lesson: try MarkdownParser.parse(Self.lf, path: "L/01-e.md", number: 1)).runToEnd()
        let run = LessonSession(lesson: try MarkdownParser.parse(Self.with(end, Self.lf), path: "L/01-e.md", number: 1)).runToEnd()
        #expect(run.steps.map(\.status) == [.pass])
        #expect(run.steps.map(\.output) == reference.steps.map(\.output))
        #expect(run.steps.first?.step.firstCodeLine == 7)
        #expect(run.isClean)
    }

    @Test func notUTF8CountsCRAndCRLFLines() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("01-bad.md").path
        for end in ["\n", "\r\n", "\r"] {
            try (Data("# Title\(end)\(end)Text\(end)".utf8) + Data([0xFF])).write(to: URL(fileURLWithPath: path))
            #expect(throws: LessonError.notUTF8(path: path, line: 4)) { try MarkdownParser.load(path: path, number: 1) }
        }
    }

    // MARK: check --update

    static let stale = "# T\n\nKeep   this.\n\n```python\nprint(1 + 1)\nprint(3)\n```\n\n```output\n3\n```\n\nAnd this.\n"
    static let fresh = "# T\n\nKeep   this.\n\n```python\nprint(1 + 1)\nprint(3)\n```\n\n```output\n2\n3\n```\n\nAnd this.\n"

    @Test(arguments: ["\r\n", "\r"])
    func updateKeepsTheFilesLineEnds(_ end: String) throws {
        let run = LessonSession(lesson: try MarkdownParser.parse(Self.with(end, Self.stale), path: "L/01-t.md", number: 1)).runToEnd()
        let updated = try #require(ExpectedOutputUpdater.updatedSource(run))
        #expect(updated == Self.with(end, Self.fresh))
        let again = LessonSession(lesson: try MarkdownParser.parse(updated, path: "L/01-t.md", number: 1)).runToEnd()
        #expect(again.isClean)
        #expect(ExpectedOutputUpdater.updatedSource(again) == nil)
    }

    @Test func updateLeavesEveryOtherByteAlone() throws {
        // A byte order mark, mixed line ends, trailing spaces and no final newline.
        let source = "\u{FEFF}# T\r\n\nKeep   this.  \r\r\n```python\r\nprint(1 + 1)\nprint(3)\r```\r\n\r\n```output\r\n3\r\n```\n\nAnd this."
        let expected = "\u{FEFF}# T\r\n\nKeep   this.  \r\r\n```python\r\nprint(1 + 1)\nprint(3)\r```\r\n\r\n```output\r\n2\r\n3\r\n```\n\nAnd this."
        let run = LessonSession(lesson: try MarkdownParser.parse(source, path: "L/01-t.md", number: 1)).runToEnd()
        #expect(ExpectedOutputUpdater.updatedSource(run) == expected)
    }

    @Test func updateLengthensAFenceTheOutputWouldClose() throws {
        let source = "# T\r\n\r\n```python\r\nprint('```')\r\nprint('  ````  ')\r\n```\r\n\r\n```output\r\nold\r\n```\r\n"
        let run = LessonSession(lesson: try MarkdownParser.parse(source, path: "L/01-t.md", number: 1)).runToEnd()
        let updated = try #require(ExpectedOutputUpdater.updatedSource(run))
        #expect(updated == "# T\r\n\r\n```python\r\nprint('```')\r\nprint('  ````  ')\r\n```\r\n\r\n`````output\r\n```\r\n  ````  \r\n`````\r\n")
        let again = LessonSession(lesson: try MarkdownParser.parse(updated, path: "L/01-t.md", number: 1)).runToEnd()
        #expect(again.steps.map(\.status) == [.pass])
        #expect(ExpectedOutputUpdater.updatedSource(again) == nil)
    }

    @Test func updateKeepsAnIndentedFencesIndentation() throws {
        let source = "# T\n\n```python\nprint(' a')\n```\n\n  ```output\n  b\n  ```\n"
        let run = LessonSession(lesson: try MarkdownParser.parse(source, path: "L/01-t.md", number: 1)).runToEnd()
        let updated = try #require(ExpectedOutputUpdater.updatedSource(run))
        #expect(updated == "# T\n\n```python\nprint(' a')\n```\n\n  ```output\n   a\n  ```\n")
        let again = LessonSession(lesson: try MarkdownParser.parse(updated, path: "L/01-t.md", number: 1)).runToEnd()
        #expect(again.steps.first?.expected?.text == " a\n")
    }
}
