import Foundation
import Testing

/// A heatmap fits the width it is given: values with labels, values alone, or swatches
/// without numbers, and never a line wider than the terminal.
@Suite struct HeatmapWidthTests {
    static func lesson(columns: Int) throws -> URL {
        let dir = try TutorBinary.temporaryDirectory()
        let labels = (1...columns).map { "token\($0)" }.joined(separator: " ")
        let text = """
        # Wide

        ```python
        import torch
        torch.manual_seed(0)
        w = torch.softmax(torch.randn(3, \(columns)) * 3, dim=-1)
        ```

        ```heatmap
        tensor: w
        cols: \(labels)
        ```

        """
        try Data(text.utf8).write(to: dir.appendingPathComponent("01-wide.md"))
        return dir
    }

    @Test(arguments: [(4, 40), (12, 60), (12, 100), (40, 60), (64, 100), (64, 40)])
    func noLineIsWiderThanTheTerminal(_ columns: Int, _ width: Int) throws {
        let dir = try Self.lesson(columns: columns)
        let run = try TutorBinary.run(["run", "1", "--lessons", dir.path, "--color", "never"], environment: ["COLUMNS": String(width)])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines { #expect(line.count <= width, "\(line)") }
        // Notes may wrap: read them as one line.
        let heatmap = (run.stdout.components(separatedBy: "Heatmap of w\n").last ?? "").replacingOccurrences(of: "\n", with: " ")
        if 6 * columns + 2 <= width {
            #expect(heatmap.contains("0."), "values are shown when they fit")
        } else {
            #expect(heatmap.contains("too wide for \(width) columns"))
        }
        if 2 * columns + 2 > width { #expect(heatmap.contains("left out")) }
    }
}
