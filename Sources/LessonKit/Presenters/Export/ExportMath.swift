import Foundation

/// Shows a lesson's inline LaTeX (`$\sqrt{d_k}$`, `$$...$$`) in HTML without MathJax: each
/// math span is swapped for a placeholder before cmark sees the Markdown (so `_` and `*`
/// inside math cannot turn into emphasis), and after rendering the placeholder becomes the
/// span's readable Unicode form (`√d_k`), escaped.
enum ExportMath {
    /// Placeholders are built from private-use characters, which cmark passes through as text.
    private static let open: Character = "\u{E000}"
    private static let close: Character = "\u{E001}"

    struct Span {
        let latex: String
        let display: Bool
    }

    /// `markdown` with every math span outside code replaced by a placeholder.
    static func protect(_ markdown: String) -> (text: String, spans: [Span]) {
        var spans = [Span]()
        var out = ""
        var run = [String]()
        var fence: (char: Character, count: Int)? = nil
        func flush() {
            guard !run.isEmpty else { return }
            out += replace(run.joined(separator: "\n"), into: &spans)
            out += "\n"
            run.removeAll()
        }
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.drop { $0 == " " }
            let indent = line.count - trimmed.count
            let marker = trimmed.first.flatMap { c -> (Character, Int)? in
                guard c == "`" || c == "~", indent <= 3 else { return nil }
                let n = trimmed.prefix { $0 == c }.count
                return n >= 3 ? (c, n) : nil
            }
            if let f = fence {
                out += line + "\n"
                if let m = marker, m.0 == f.char, m.1 >= f.count, trimmed.dropFirst(m.1).allSatisfy({ $0 == " " }) { fence = nil }
            } else if let m = marker, !(m.0 == "`" && trimmed.dropFirst(m.1).contains("`")) {
                flush()
                out += line + "\n"
                fence = (m.0, m.1)
            } else {
                run.append(line)
            }
        }
        flush()
        if !markdown.hasSuffix("\n") && out.hasSuffix("\n") { out.removeLast() }
        return (out, spans)
    }

    /// Replaces math spans in text that holds no fenced code, skipping code spans.
    private static func replace(_ text: String, into spans: inout [Span]) -> String {
        let c = Array(text)
        var out = ""
        var i = 0
        var backticks = BacktickRuns(c)
        while i < c.count {
            let ch = c[i]
            if ch == "\\" && i + 1 < c.count {
                out.append(ch); out.append(c[i + 1]); i += 2
                continue
            }
            if ch == "`" {
                let n = run(c, i, "`")
                if let end = backticks.closing(from: i + n, count: n) {
                    out += String(c[i..<end]); i = end
                } else {
                    out += String(c[i..<(i + n)]); i += n
                }
                continue
            }
            if ch == "$" {
                let display = i + 1 < c.count && c[i + 1] == "$"
                if let (latex, end) = display ? displayMath(c, i) : inlineMath(c, i) {
                    out.append(open); out += String(spans.count); out.append(close)
                    spans.append(Span(latex: latex, display: display))
                    i = end
                    continue
                }
            }
            out.append(ch)
            i += 1
        }
        return out
    }

    private static func run(_ c: [Character], _ i: Int, _ ch: Character) -> Int {
        var j = i
        while j < c.count && c[j] == ch { j += 1 }
        return j - i
    }

    /// Every run of backticks in a text, by length, so finding the run that closes a code
    /// span costs no rescanning: text with runs of many lengths stays linear.
    struct BacktickRuns {
        /// Start of each run, by its length, in order; `next` is how far each list is used.
        private var starts = [Int: [Int]]()
        private var next = [Int: Int]()

        init(_ c: [Character]) {
            var j = 0
            while j < c.count {
                guard c[j] == "`" else { j += 1; continue }
                let n = ExportMath.run(c, j, "`")
                starts[n, default: []].append(j)
                j += n
            }
        }

        /// The index just past the first run of exactly `count` starting at or after `start`.
        /// Calls come with `start` never decreasing, so each list is walked once.
        mutating func closing(from start: Int, count: Int) -> Int? {
            guard let list = starts[count] else { return nil }
            var k = next[count] ?? 0
            while k < list.count && list[k] < start { k += 1 }
            next[count] = k
            return k < list.count ? list[k] + count : nil
        }
    }

    /// `$$...$$`, which may span lines but not a blank line.
    private static func displayMath(_ c: [Character], _ i: Int) -> (String, Int)? {
        var j = i + 2
        while j + 1 < c.count {
            if c[j] == "$" && c[j + 1] == "$" {
                let latex = String(c[(i + 2)..<j])
                return latex.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : (latex, j + 2)
            }
            if c[j] == "\n" && c[j + 1] == "\n" { return nil }
            j += 1
        }
        return nil
    }

    /// `$...$` as pandoc reads it: no space just inside the dollars, no digit right after
    /// the closing one (so "$5 and $6" stays text).
    private static func inlineMath(_ c: [Character], _ i: Int) -> (String, Int)? {
        guard i + 1 < c.count, !c[i + 1].isWhitespace else { return nil }
        var j = i + 1
        while j < c.count {
            if c[j] == "\\" { j += 2; continue }
            if c[j] == "\n" && j + 1 < c.count && c[j + 1] == "\n" { return nil }
            if c[j] == "$" {
                guard !c[j - 1].isWhitespace else { return nil }
                if j + 1 < c.count && c[j + 1].isNumber { return nil }
                return (String(c[(i + 1)..<j]), j + 1)
            }
            j += 1
        }
        return nil
    }

    /// Subscripts that ReadableMath leaves as `_k` and superscripts it leaves as `^(...)`
    /// become `<sub>`/`<sup>` (the text is escaped already; only letters and digits move).
    static func scripts(_ escaped: String) -> String {
        escaped
            .replacingOccurrences(of: "\\^\\(([^()<>&]*)\\)", with: "<sup>$1</sup>", options: .regularExpression)
            .replacingOccurrences(of: "_([\\p{L}\\p{N}]+)", with: "<sub>$1</sub>", options: .regularExpression)
    }

    /// cmark's HTML with each placeholder replaced by its math, readable and escaped.
    /// Inside a tag (an image's alt text) the math goes in as plain escaped text.
    static func restore(_ html: String, spans: [Span]) -> String {
        guard !spans.isEmpty else { return html }
        var out = ""
        var inTag = false
        var it = Array(html)
        var i = 0
        while i < it.count {
            let ch = it[i]
            if ch == "<" { inTag = true } else if ch == ">" { inTag = false }
            // A placeholder's number has a few digits: look no further for its end, so text
            // holding many stray U+E000 characters stays linear.
            if ch == open, let end = it[i..<min(it.count, i + 24)].firstIndex(of: close), let n = Int(String(it[(i + 1)..<end])),
               n >= 0, n < spans.count {
                let span = spans[n]
                let readable = ExportText.html(ReadableMath.convert(span.latex))
                if inTag {
                    out += readable
                } else {
                    let readable = scripts(readable)
                    let title = ExportText.html(span.latex.trimmingCharacters(in: .whitespacesAndNewlines))
                    out += "<span class=\"math\(span.display ? " display" : "")\" title=\"\(title)\">\(readable)</span>"
                }
                i = end + 1
                continue
            }
            out.append(ch)
            i += 1
        }
        it.removeAll()
        return out
    }
}
