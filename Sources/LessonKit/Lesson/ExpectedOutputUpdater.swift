/// Rewrites a lesson's `output` blocks with what its steps actually printed, leaving every
/// other byte of the file as it was: its line ends (LF, CRLF or CR, even mixed), a byte
/// order mark, a missing final newline.
public enum ExpectedOutputUpdater {
    /// The lesson's source with each output block's body replaced; nil when nothing changes.
    public static func updatedSource(_ run: LessonRun) -> String? {
        // The parser numbers lines the same way, so a block's lines index this array.
        var lines = LineText.linesKeepingEnds(run.lesson.source)
        let actualByStep = Dictionary(run.steps.map { ($0.step.index, $0) }, uniquingKeysWith: { a, _ in a })
        var replacements = [(open: Int, close: Int, lines: [(body: String, end: String)])]()
        for block in run.lesson.blocks {
            guard case .output(let expected) = block, let result = actualByStep[expected.stepIndex], result.error == nil else { continue }
            let open = expected.location.line - 1, close = expected.closingLine - 1
            guard open >= 0, close > open, close < lines.count else { continue }
            let block = rewritten(Array(lines[open...close]), fence: expected.fence, output: result.output)
            if !block.elementsEqual(lines[open...close], by: { $0.body == $1.body && $0.end == $1.end }) {
                replacements.append((open, close, block))
            }
        }
        if replacements.isEmpty { return nil }
        for r in replacements.reversed() { lines.replaceSubrange(r.open...r.close, with: r.lines) }
        var out = ""
        out.reserveCapacity(run.lesson.source.utf8.count)
        for line in lines {
            out += line.body
            out += line.end
        }
        return out
    }

    /// An output block (its opening fence, body and closing fence lines) holding `output`.
    /// New lines take the opening fence's line end and indentation (which cmark strips from
    /// the body again). When a line of the output would close the fence, both fences grow
    /// longer than any such line, so the block still holds the output exactly.
    static func rewritten(_ block: [(body: String, end: String)], fence: String, output: String) -> [(body: String, end: String)] {
        guard let opening = block.first, let closing = block.last, let fenceChar = fence.first else { return block }
        let indent = String(opening.body.prefix { $0 == " " })
        var body = LineText.linesKeepingEnds(output).map(\.body)
        if body.last == "" { body.removeLast() }
        // cmark closes a fence on a line of up to three spaces, then the fence character at
        // least as many times as the opening, then only spaces or tabs.
        var longest = fence.count - 1
        for line in body {
            let t = line.drop { $0 == " " }
            guard line.count - t.count <= 3 else { continue }
            let run = t.prefix { $0 == fenceChar }.count
            if run >= fence.count && t.dropFirst(run).allSatisfy({ $0 == " " || $0 == "\t" }) { longest = max(longest, run) }
        }
        var openLine = opening.body, closeLine = closing.body
        if longest >= fence.count {
            let longer = String(repeating: String(fenceChar), count: longest + 1)
            openLine = indent + longer + openLine.dropFirst(indent.count).drop { $0 == fenceChar }
            let closeIndent = closeLine.prefix { $0 == " " }
            closeLine = closeIndent + longer + closeLine.dropFirst(closeIndent.count).drop { $0 == fenceChar }
        }
        var out = [(body: openLine, end: opening.end)]
        out += body.map { (body: $0.isEmpty ? $0 : indent + $0, end: opening.end) }
        out.append((body: closeLine, end: closing.end))
        return out
    }
}
