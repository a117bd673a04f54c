import Testing
import LessonKit

/// Typed lines become cells as at Python's prompt.
@Suite struct ReplBufferTests {
    /// Feeds lines; returns each complete cell and the prompt shown before each line.
    func feed(_ lines: [String]) -> (cells: [String], prompts: [String]) {
        var buffer = ReplBuffer()
        var cells = [String](), prompts = [String]()
        for line in lines {
            prompts.append(buffer.prompt)
            if let cell = buffer.add(line) { cells.append(cell) }
        }
        return (cells, prompts)
    }

    @Test func aSimpleStatementRunsAtOnce() {
        let r = feed(["x = 1", "x"])
        #expect(r.cells == ["x = 1\n", "x\n"])
        #expect(r.prompts == [">>> ", ">>> "])
    }

    @Test func aBlockRunsAtTheBlankLine() {
        let r = feed(["for i in range(2):  # loop", "    print(i)", "", "y"])
        #expect(r.cells == ["for i in range(2):  # loop\n    print(i)\n\n", "y\n"])
        #expect(r.prompts == [">>> ", "... ", "... ", ">>> "])
    }

    @Test func openBracketsStringsAndBackslashesContinue() {
        #expect(feed(["x = (1,", "     2)"]).cells == ["x = (1,\n     2)\n"])
        #expect(feed(["s = '''a", "b'''"]).cells == ["s = '''a\nb'''\n"])
        #expect(feed(["y = 1 + \\", "    2"]).cells == ["y = 1 + \\\n    2\n"])
        #expect(feed(["d = {'a:': 1}"]).cells == ["d = {'a:': 1}\n"])
        #expect(feed(["t = ')'  # (", "t"]).cells == ["t = ')'  # (\n", "t\n"])
    }

    @Test func blankLinesAloneDoNothingAndClearDropsACell() {
        var buffer = ReplBuffer()
        #expect(buffer.add("") == nil)
        #expect(buffer.isEmpty)
        #expect(buffer.add("def f():") == nil)
        buffer.clear()
        #expect(buffer.prompt == ">>> ")
        #expect(buffer.add("1") == "1\n")
    }
}
