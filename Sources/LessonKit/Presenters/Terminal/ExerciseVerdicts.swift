/// `tutor exercise` in a terminal: one verdict per exercise, with the failing input, expected
/// against got, the known mistake and the hint.
public struct ExerciseVerdicts: Sendable {
    let renderer: TerminalRenderer
    public var style: TerminalStyle { renderer.style }

    public init(width: Int, color: Bool) {
        renderer = TerminalRenderer(width: width, color: color)
    }

    /// The verdicts of one check of `report`'s file; `watching` when every save checks it again.
    public func render(_ report: ExerciseReport, watching: Bool = false) -> String {
        var lines = [style.bold("Lesson \(report.lesson) exercises") + style.dim(" · \(report.file)"), ""]
        if !report.printed.isEmpty {
            lines.append(style.dim("Your file printed:"))
            let printed = report.printed.split(separator: "\n", omittingEmptySubsequences: false).dropLast(report.printed.hasSuffix("\n") ? 1 : 0)
            lines += printed.prefix(12).map { "  " + $0 }
            if printed.count > 12 { lines.append(style.dim("  … \(printed.count - 12) more lines")) }
            lines.append("")
        }
        for entry in report.exercises {
            lines.append(verdict(entry))
        }
        lines.append("")
        lines.append(wrap(summary(report, watching: watching), first: "", rest: ""))
        return lines.joined(separator: "\n") + "\n"
    }

    func verdict(_ e: ExerciseReport.Entry) -> String {
        let mark: String
        switch e.status {
        case "pass": mark = style.green("✓")
        case "todo": mark = style.dim("○")
        default: mark = style.red("✗")
        }
        var out = [wrap(e.message, first: mark + " ", rest: "  ")]
        for detail in e.details {
            let parts = detail.split(separator: "\n", omittingEmptySubsequences: false)
            // A label such as "expected: " sets the indent of the value's later lines.
            let label = detail.firstIndex(of: ":").map { colon in
                detail.distance(from: detail.startIndex, to: colon) + 1
                    + detail[detail.index(after: colon)...].prefix { $0 == " " }.count
            } ?? 0
            for (i, part) in parts.enumerated() {
                out.append("    " + (i == 0 ? "" : String(repeating: " ", count: label)) + part)
            }
        }
        if let mistake = e.mistake {
            out.append(wrap("This looks like a known mistake: " + mistake, first: "  " + style.yellow("!") + " ", rest: "    "))
        }
        if let hint = e.hint, let n = e.hintNumber {
            let label = e.hints > 1 ? "Hint \(n) of \(e.hints): " : "Hint: "
            out.append(wrap(label + hint, first: "  " + style.cyan("?") + " ", rest: "    "))
        }
        return out.joined(separator: "\n")
    }

    /// A dim rule across the width that starts with `text`.
    public func rule(_ text: String) -> String {
        let head = "── " + text + " "
        return style.dim(head + String(repeating: "─", count: max(2, renderer.width - TerminalStyle.visibleWidth(head))))
    }

    func summary(_ report: ExerciseReport, watching: Bool) -> String {
        let n = report.total
        if watching {
            if report.created { return "Wrote \(report.file) with \(n) exercise\(n == 1 ? "" : "s") to write. Each time you save it, it is checked again; Ctrl-C stops." }
            if report.passed == n { return style.green(n == 1 ? "The exercise passes." : "All \(n) exercises pass.") + " Well done. Ctrl-C stops watching." }
            return (n == 1 ? "The exercise does not pass yet." : "\(report.passed) of \(n) exercises pass.") + " Save the file to check it again."
        }
        if report.created {
            return "Wrote \(report.file) with \(n) exercise\(n == 1 ? "" : "s") to write. Edit it, then check it with tutor exercise \(report.lesson) (add --watch to check each time you save)."
        }
        if report.passed == n {
            return style.green(n == 1 ? "The exercise passes." : "All \(n) exercises pass.") + " Well done."
        }
        let passing = n == 1 ? "The exercise does not pass yet." : "\(report.passed) of \(n) exercises pass."
        return "\(passing) Edit \(report.file) and check again with tutor exercise \(report.lesson)."
    }

    func wrap(_ text: String, first: String, rest: String) -> String {
        renderer.wrapped(text, first: first, rest: rest)
    }
}
