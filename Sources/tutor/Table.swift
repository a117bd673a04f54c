import Foundation
import LessonKit

/// A plain text table with columns padded to their widest cell.
enum Table {
    /// The table; with colour, its header is bold.
    static func render(header: [String], rows: [[String]], rightAligned: Set<Int> = [],
                       style: TerminalStyle = TerminalStyle(color: false)) -> String {
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { $0[i].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                let pad = String(repeating: " ", count: widths[i] - c.count)
                return rightAligned.contains(i) ? pad + c : c + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        return ([style.bold(line(header))] + rows.map(line)).joined(separator: "\n")
    }
}
