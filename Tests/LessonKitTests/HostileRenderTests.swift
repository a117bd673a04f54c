import Foundation
import Testing
import LessonKit

/// Every renderer is bounded by its input: heatmaps are at most 64 × 64, prose nesting is
/// flattened past `MarkdownParser.maxNesting`, and deep, long or many-item prose renders in
/// time linear in its size.
@Suite struct HostileRenderTests {
    func run(_ text: String) throws -> LessonRun {
        LessonSession(lesson: try MarkdownParser.parse(text, path: "L/01-t.md", number: 1)).runToEnd()
    }

    /// Every renderer's output for `run`.
    func renderings(_ run: LessonRun) -> [String] {
        let terminal = TerminalRenderer(width: 80, color: true)
        let pieces = terminal.pieces(run).map { piece -> String in
            switch piece {
            case .prose(let t), .heatmap(let t): return t
            case .step(_, let t), .quiz(_, let t): return t
            }
        }
        return [pieces.joined(), HTMLExporter.render(run, date: Date(timeIntervalSince1970: 0)),
                MarkdownExporter.render(run), NotebookExporter.render(run)]
    }

    /// The deepest nesting of a prose node.
    func depth(_ node: MarkdownNode) -> Int {
        switch node {
        case .list(_, _, let items): return 1 + (items.flatMap { $0 }.map(depth).max() ?? 0)
        case .blockQuote(let children): return 1 + (children.map(depth).max() ?? 0)
        default: return 0
        }
    }

    // MARK: Heatmaps

    static func heatmapLesson(rows: Int, cols: Int) -> String {
        "# H\n\n```python\nimport torch\nbig = torch.ones(\(rows), \(cols))\n```\n\n```heatmap\ntensor: big\n```\n"
    }

    @Test(arguments: [(65, 2), (2, 65), (2000, 2000)])
    func heatmapsPastTheLimitAreErrorsAtTheirLine(_ rows: Int, _ cols: Int) throws {
        let r = try run(Self.heatmapLesson(rows: rows, cols: cols))
        guard case .failure(let e)? = r.heatmaps[8] else {
            Issue.record("a \(rows) × \(cols) heatmap was accepted")
            return
        }
        #expect(e.location.line == 8)
        #expect(e.pythonMessage == "ValueError: 'big' is \(rows) × \(cols); a heatmap draws at most 64 × 64 cells; slice it to show a part")
        #expect(r.diagnostics == ["L/01-t.md:8: error: heatmap cannot be drawn: \(e.pythonMessage)"])
        // Shown in place, as every heatmap error is.
        for text in renderings(r) {
            #expect(text.contains("a heatmap draws at most 64 × 64 cells"))
            #expect(text.utf8.count < 40_000)
        }
    }

    @Test func theLargestHeatmapIsDrawnEverywhere() throws {
        let r = try run(Self.heatmapLesson(rows: 64, cols: 64))
        guard case .success(let data)? = r.heatmaps[8] else {
            Issue.record("a 64 × 64 heatmap was refused")
            return
        }
        #expect(data.rows == 64 && data.cols == 64)
        let texts = renderings(r)
        #expect(texts[1].components(separatedBy: "<rect ").count - 1 == 64 * 64 + 1)  // the cells and the scale
        #expect(texts[2].components(separatedBy: "| 1.00 ").count - 1 == 64 * 64)
    }

    // MARK: Prose

    static func nestedList(_ depth: Int) -> String {
        "# N\n\n" + (0..<depth).map { String(repeating: "  ", count: $0) + "- item \($0)\n" }.joined()
    }

    @Test func deepListsAreFlattenedPastTheCapAndKeepEveryItem() throws {
        let lesson = try MarkdownParser.parse(Self.nestedList(1_000), path: "L/01-t.md", number: 1)
        guard case .prose(let prose)? = lesson.blocks.first else {
            Issue.record("no prose")
            return
        }
        let nodes = prose.nodes.dropFirst()
        #expect(nodes.map(depth).max() == MarkdownParser.maxNesting + 1)
        let text = try TerminalRenderer(width: 80, color: false).pieces(run(Self.nestedList(1_000))).map { piece -> String in
            guard case .prose(let t) = piece else { return "" }
            return t
        }.joined()
        let lines = text.split(separator: "\n")
        #expect(lines.count == 1_000)
        for (i, line) in lines.enumerated() {
            #expect(line.hasSuffix("• item \(i)"))
            // Indentation stops at half the width.
            #expect(line.count <= 40 + "• item 999".count)
        }
    }

    @Test func deepQuotesAndEmphasisAreFlattened() throws {
        let quotes = String(repeating: ">", count: 5_000) + " deep\n"
        let emphasis = String(repeating: "*a ", count: 3_000) + "b" + String(repeating: " a*", count: 3_000) + "\n"
        let links = String(repeating: "[", count: 3_000) + "x" + String(repeating: "](u)", count: 3_000) + "\n"
        for body in [quotes, emphasis, links] {
            let r = try run("# Q\n\n" + body)
            guard case .prose(let prose)? = r.lesson.blocks.first else {
                Issue.record("no prose")
                continue
            }
            #expect(prose.nodes.map(depth).max()! <= MarkdownParser.maxNesting)
            for text in renderings(r) { #expect(text.contains("deep") || text.contains("b") || text.contains("x")) }
        }
        let text = TerminalRenderer(width: 80, color: false).pieces(try run("# Q\n\n" + quotes)).map { piece -> String in
            guard case .prose(let t) = piece else { return "" }
            return t
        }.joined()
        #expect(text == String(repeating: "│ ", count: 20) + "deep\n")
    }

    @Test func deepMathIsReadAsText() {
        let math = "$" + String(repeating: "\\sqrt{", count: 20_000) + "x" + String(repeating: "}", count: 20_000) + "$"
        let readable = ReadableMath.inText(math)
        #expect(readable.hasPrefix(String(repeating: "√", count: 16)))
        #expect(readable.contains("x"))
    }

    /// Backtick runs of every length from 1 to `n`, none closed: each opening run must not
    /// rescan the text for its closing run (n² work on text of n² characters is fine; n³ is not).
    @Test func unclosedBacktickRunsExportInLinearTime() throws {
        func seconds(_ n: Int) throws -> Double {
            let text = "# B\n\n$x$ " + (1...n).map { String(repeating: "`", count: $0) + "a" }.joined(separator: " ") + "\n"
            let start = Date()
            _ = HTMLExporter.render(try run(text), date: Date(timeIntervalSince1970: 0))
            return Date().timeIntervalSince(start)
        }
        _ = try seconds(50)
        let small = try seconds(150), large = try seconds(300)
        #expect(large < 6 * small + 0.05, "\(small) s for 150 runs, \(large) s for 300")
    }

    /// Time grows linearly: rendering twice the input takes well under four times as long
    /// (a quadratic renderer takes four times, the old cubic one eight). The sizes are large
    /// enough that a quadratic renderer would also take seconds.
    @Test(arguments: ["nested", "paragraph", "lines", "items", "quotes", "placeholders"])
    func renderingIsLinear(_ kind: String) throws {
        func lesson(_ n: Int) -> String {
            switch kind {
            // Nesting to 100 levels and back, over and over: past the cap, yet linear in size.
            case "nested": return "# N\n\n" + (0..<(n / 10)).map { String(repeating: "  ", count: $0 % 100) + "- item \($0)\n" }.joined()
            case "paragraph": return "# P\n\n" + (0..<n).map { "word\($0)" }.joined(separator: " ") + "\n"
            case "lines": return "# P\n\n" + (0..<n).map { "word\($0)" }.joined(separator: "\n") + "\n"
            case "items": return "# I\n\n" + (0..<n).map { "- item \($0)\n" }.joined()
            // Stray private-use characters like the HTML export's math placeholders.
            case "placeholders": return "# M\n\n$x$ " + String(repeating: "\u{E000}1 ", count: n) + "\n"
            default: return "# Q\n\n" + (0..<(n / 10)).map { String(repeating: ">", count: $0 % 200) + " q\($0)\n" }.joined()
            }
        }
        func seconds(_ n: Int) throws -> Double {
            let text = lesson(n)
            let start = Date()
            let r = try run(text)
            _ = renderings(r)
            return Date().timeIntervalSince(start)
        }
        _ = try seconds(2_000)  // warm up
        let small = try seconds(10_000), large = try seconds(20_000)
        #expect(large < 3.2 * small + 0.05, "\(kind): \(small) s for 10 000, \(large) s for 20 000")
    }
}
