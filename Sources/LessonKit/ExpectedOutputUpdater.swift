/// Rewrites a lesson's `output` blocks with what its steps actually printed, leaving every
/// other byte of the file as it was.
public enum ExpectedOutputUpdater {
    /// The lesson's source with each output block's body replaced; nil when nothing changes.
    public static func updatedSource(_ run: LessonRun) -> String? {
        let lines = run.lesson.source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let actualByStep = Dictionary(run.steps.map { ($0.step.index, $0) }, uniquingKeysWith: { a, _ in a })
        var replacements = [(open: Int, close: Int, body: [String])]()
        for block in run.lesson.blocks {
            guard case .output(let expected) = block, let result = actualByStep[expected.stepIndex], result.error == nil else { continue }
            let open = expected.location.line - 1
            // The closing fence is the first line after the opening that is a fence of the same kind.
            var close = open + 1
            while close < lines.count {
                let t = lines[close].trimmingCharacters(in: .whitespaces)
                if t.count >= expected.fence.count && t.allSatisfy({ $0 == expected.fence.first }) { break }
                close += 1
            }
            var body = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if body.last == "" { body.removeLast() }
            if Array(lines[(open + 1)..<close]) != body { replacements.append((open, close, body)) }
        }
        if replacements.isEmpty { return nil }
        var out = lines
        for r in replacements.reversed() { out.replaceSubrange((r.open + 1)..<r.close, with: r.body) }
        return out.joined(separator: "\n")
    }
}
