import Foundation
import StepScript

/// Renders a lesson run for reading in a terminal: wrapped prose, numbered step code,
/// outputs with ✓/✗, quiz questions and coloured heatmaps.
public struct TerminalRenderer: Sendable {
    public let width: Int
    public let style: TerminalStyle

    public init(width: Int = 80, color: Bool) {
        self.width = max(40, width)
        self.style = TerminalStyle(color: color)
    }

    /// One piece of rendered lesson, in file order. The quiz engine interleaves these with
    /// questions; `run` prints them one after another.
    public enum Piece: Sendable {
        case prose(String)
        case step(index: Int, text: String)
        case quiz(index: Int, text: String)
        case heatmap(String)
    }

    /// The title banner.
    public func header(_ lesson: Lesson) -> String {
        let title = "Lesson \(lesson.number): \(lesson.title)"
        return style.bold(title) + "\n" + style.dim(String(repeating: "═", count: min(width, TerminalStyle.visibleWidth(title)))) + "\n"
    }

    /// The whole lesson as pieces; quizzes show their computed answers when `revealAnswers`.
    public func pieces(_ run: LessonRun, revealAnswers: Bool = true) -> [Piece] {
        var out = [Piece]()
        var skippedTitle = false
        for event in run.events {
            switch event {
            case .prose(let prose):
                let text = renderProse(prose, skippingTitle: &skippedTitle)
                if !text.isEmpty { out.append(.prose(text)) }
            case .step(let r):
                // The terminal shows a step's output with its code.
                out.append(.step(index: r.step.index, text: renderStep(r)))
            case .question(let quiz, let answer):
                out.append(.quiz(index: quiz.index, text: renderQuiz(quiz, answer: revealAnswers ? answer : nil)))
            case .heatmap(let map, let data):
                out.append(.heatmap(renderHeatmap(map, data)))
            case .exercise(let exercise):
                out.append(.prose(renderExercise(exercise, lesson: run.lesson)))
            case .output:
                break
            }
        }
        return out
    }

    /// Prose as wrapped terminal text; the lesson's title heading is left out the first
    /// time it comes (`skippedTitle` remembers), as the header already shows it.
    public func renderProse(_ prose: Prose, skippingTitle skippedTitle: inout Bool) -> String {
        var nodes = prose.nodes
        if !skippedTitle, let first = nodes.first, case .heading(1, _) = first {
            nodes.removeFirst()
            skippedTitle = true
        }
        return nodes.map { renderBlock($0, indent: "") }.joined(separator: "\n")
    }

    /// An exercise: its name, its task, and how to write and check it.
    public func renderExercise(_ exercise: Exercise, lesson: Lesson) -> String {
        let head = style.bold(style.green("Exercise \(exercise.index + 1): \(exercise.name)"))
        let task = exercise.task.nodes.map { renderBlock($0, indent: "  ") }.joined(separator: "\n")
        let how = wrap(words([.text("Write it and check it with "), .code("tutor exercise \(lesson.number)"),
                              .text(" (the first run makes the file to write it in).")]), first: "  ", rest: "  ")
        return head + "\n" + task + "\n" + how + "\n"
    }

    /// The closing summary of a run.
    public func summary(_ run: LessonRun) -> String {
        let text = wrapped(ExportText.summary(run), styled: run.failed > 0 ? style.red : { $0 })
        return style.dim(String(repeating: "─", count: width)) + "\n" + text + "\n"
    }

    /// Plain text (no Markdown) wrapped to the width at its spaces, each word styled by
    /// `styled`; `first` and `rest` start the first and the later lines.
    public func wrapped(_ text: String, first: String = "", rest: String = "", styled: (String) -> String = { $0 }) -> String {
        wrap(text.split(separator: " ").map { Word(text: styled(String($0)), glueLeft: false) }, first: first, rest: rest)
    }

    // MARK: Prose

    func renderBlock(_ node: MarkdownNode, indent: String) -> String {
        switch node {
        case .heading(let level, let inlines):
            let text = ReadableMath.inText(MarkdownParser.plainText(inlines))
            if level == 1 { return style.bold(text) + "\n" + style.dim(String(repeating: "═", count: min(width, text.count))) + "\n" }
            if level == 2 { return style.bold(style.cyan(text)) + "\n" + style.dim(String(repeating: "─", count: min(width, text.count))) + "\n" }
            return style.bold(text) + "\n"
        case .paragraph(let inlines):
            return wrap(words(inlines), first: indent, rest: indent) + "\n"
        case .list(let ordered, let start, let items):
            var lines = [String]()
            // Past half the width a nested list stops moving right: it stays readable.
            let nest = TerminalStyle.visibleWidth(indent) + 6 <= width / 2
            for (i, item) in items.enumerated() {
                let (number, overflow) = start.addingReportingOverflow(i)
                let marker = ordered ? "\(overflow ? start : number). " : "• "
                let pad = String(repeating: " ", count: marker.count)
                let inner = nest ? indent + "  " + pad : indent
                for (j, child) in item.enumerated() {
                    if case .paragraph(let inlines) = child {
                        lines.append(wrap(words(inlines), first: (nest ? indent + "  " : indent) + (j == 0 ? marker : pad),
                                          rest: nest ? inner : indent + pad))
                    } else {
                        lines.append(renderBlock(child, indent: inner).trimmingCharacters(in: .newlines))
                    }
                }
            }
            return lines.joined(separator: "\n") + "\n"
        case .blockQuote(let children):
            let bar = TerminalStyle.visibleWidth(indent) + 2 <= width / 2 ? style.dim("│ ") : ""
            return children.map { renderBlock($0, indent: indent + bar) }.joined(separator: indent + bar + "\n")
        case .codeBlock(_, let text):
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0)
            return lines.map { indent + "    " + style.dim(String($0)) }.joined(separator: "\n") + "\n"
        case .thematicBreak:
            return style.dim(String(repeating: "─", count: width)) + "\n"
        case .html(let html):
            return indent + html.trimmingCharacters(in: .newlines) + "\n"
        }
    }

    /// A word with its styling; `glueLeft` marks a word that follows the previous one with no space.
    struct Word {
        var text: String
        var glueLeft: Bool
    }

    func words(_ inlines: [Inline]) -> [Word] {
        var out = [Word]()
        var pendingSpace = false
        func add(_ text: String, styled: (String) -> String) {
            let converted = text
            var first = true
            for part in converted.split(separator: " ", omittingEmptySubsequences: false) {
                if part.isEmpty { pendingSpace = true; first = false; continue }
                let glue = !(pendingSpace || !first) && !out.isEmpty
                out.append(Word(text: styled(String(part)), glueLeft: glue))
                pendingSpace = false
                first = false
            }
            if converted.hasSuffix(" ") { pendingSpace = true }
        }
        func walk(_ items: [Inline], _ styled: @escaping (String) -> String) {
            for item in items {
                switch item {
                case .text(let t): add(ReadableMath.inText(t), styled: styled)
                case .code(let c):
                    let shown = style.color ? style.yellow(c) : "`\(c)`"
                    out.append(Word(text: styled(shown), glueLeft: !pendingSpace && !out.isEmpty))
                    pendingSpace = false
                case .emphasis(let c): walk(c) { styled(self.style.italic($0)) }
                case .strong(let c): walk(c) { styled(self.style.bold($0)) }
                case .link(let dest, let c):
                    walk(c) { styled(self.style.underline($0)) }
                    if !dest.isEmpty && !dest.hasPrefix("#") { add(" <\(dest)>", styled: { self.style.dim($0) }) }
                case .image(_, let alt): add("[\(alt)]", styled: styled)
                case .softBreak, .lineBreak: pendingSpace = true
                case .html(let h): add(h, styled: styled)
                }
            }
        }
        walk(Self.joiningLines(inlines)) { $0 }
        // Joining consecutive glued pieces keeps `x`, and "word," together when wrapping.
        var joined = [Word]()
        for w in out {
            if w.glueLeft, var last = joined.popLast() {
                last.text += w.text
                joined.append(last)
            } else {
                joined.append(Word(text: w.text, glueLeft: false))
            }
        }
        return joined
    }

    /// Joins text split across source lines, so math such as `$$...$$` spanning a line
    /// break is converted as one expression.
    static func joiningLines(_ inlines: [Inline]) -> [Inline] {
        var out = [Inline]()
        // Text collects here and goes out once, so a paragraph of many lines joins in
        // linear time rather than copying its text at every line.
        var text: String? = nil
        for inline in inlines {
            switch inline {
            case .text(let t):
                if text == nil { text = t } else { text?.append(t) }
            case .softBreak where text != nil:
                text?.append(" ")
            default:
                if let t = text { out.append(.text(t)); text = nil }
                out.append(inline)
            }
        }
        if let t = text { out.append(.text(t)) }
        return out
    }

    func wrap(_ words: [Word], first: String, rest: String) -> String {
        var lines = [String]()
        var line = first
        var lineWidth = TerminalStyle.visibleWidth(first)
        var empty = true
        for w in words {
            let wWidth = TerminalStyle.visibleWidth(w.text)
            if !empty && lineWidth + 1 + wWidth > width {
                lines.append(line)
                line = rest
                lineWidth = TerminalStyle.visibleWidth(rest)
                empty = true
            }
            if !empty { line += " "; lineWidth += 1 }
            line += w.text
            lineWidth += wWidth
            empty = false
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    // MARK: Steps

    func renderStep(_ r: StepResult) -> String {
        renderStepCode(r) + renderStepResult(r)
    }

    /// A step's banner and numbered code, without what it printed (the quiz holds that back).
    public func renderStepCode(_ r: StepResult) -> String {
        var out = [String]()
        let title = " Step \(r.step.index + 1) "
        var location = " \((r.step.location.path as NSString).lastPathComponent):\(r.step.location.line)"
        // Too narrow for the file's name: the line alone still finds the step.
        if width - title.count - location.count - 2 < 2 { location = " line \(r.step.location.line)" }
        let fill = max(2, width - title.count - location.count - 2)

        out.append(style.dim("──") + style.bold(title) + style.dim(String(repeating: "─", count: fill)) + style.dim(location))
        var codeLines = Highlight.lines(r.step.code)
        if codeLines.count > 1, codeLines.last == [] { codeLines.removeLast() }
        let numberWidth = String(codeLines.count).count
        let room = width - numberWidth - 3
        for (i, spans) in codeLines.enumerated() {
            let n = String(i + 1)
            var rest = spans[...]
            // Long lines continue under a dotted gutter rather than overflowing the terminal.
            for (j, chunk) in Self.codeChunks(spans.map(\.text).joined(), room: room).enumerated() {
                let gutter = j == 0 ? String(repeating: " ", count: numberWidth - n.count) + n + " │ "
                                    : String(repeating: " ", count: numberWidth) + " ┆ "
                out.append(style.dim(gutter) + highlighted(taking: chunk.count, from: &rest))
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The next `count` characters of a line's spans, coloured by kind; the spans left over
    /// stay in `spans`.
    func highlighted(taking count: Int, from spans: inout ArraySlice<Highlight.Span>) -> String {
        var out = "", left = count
        while left > 0, let span = spans.first {
            let piece = String(span.text.prefix(left))
            out += paint(piece, span.kind)
            left -= piece.count
            spans.removeFirst()
            if piece.count < span.text.count {
                spans.insert(Highlight.Span(kind: span.kind, text: String(span.text.dropFirst(piece.count))), at: spans.startIndex)
            }
        }
        return out
    }

    /// How each kind of code looks in the terminal.
    func paint(_ text: String, _ kind: Highlight.Kind) -> String {
        switch kind {
        case .keyword: return style.magenta(text)
        case .builtin: return style.cyan(text)
        case .string: return style.green(text)
        case .number: return style.yellow(text)
        case .comment: return style.dim(style.italic(text))
        case .name, .punctuation, .plain: return text
        }
    }

    /// A line of code cut into pieces of at most `room` characters, each cut between tokens
    /// where there is one (after a space, a comma or an opening bracket, before a dot, a
    /// closing bracket or an operator), so `dim=-1` or `0.5` never splits.
    static func codeChunks(_ line: String, room: Int) -> [String] {
        var chunks = [String]()
        var rest = Array(line)
        let room = max(room, 8)
        // Where a cut may fall, best first: after a space or a comma; after an opening
        // bracket or before a dot, closing bracket or operator.
        let rules: [(Character, Character) -> Bool] = [
            { before, _ in before == " " || before == "," },
            { before, after in "([{".contains(before) || (" .)]}+-*/=@<>".contains(after) && !"=!<>*/".contains(before)) },
        ]
        while rest.count > room {
            let window = (room / 3 + 1)...room
            let cut = rules.lazy.compactMap { rule in window.reversed().first { rule(rest[$0 - 1], rest[$0]) } }.first ?? room
            chunks.append(String(rest[..<cut]))
            rest = Array(rest[cut...])
        }
        chunks.append(String(rest))
        return chunks
    }

    /// What a step printed and its ✓/✗ against the lesson; empty when there is nothing to show.
    /// `revealedLater` names the step, for output shown after a quiz question rather than
    /// right under the code.
    public func renderStepResult(_ r: StepResult, revealedLater: Bool = false) -> String {
        var out = [String]()
        var codeLines = r.step.code.split(separator: "\n", omittingEmptySubsequences: false)
        if codeLines.last == "" { codeLines.removeLast() }
        let numberWidth = String(codeLines.count).count
        if !r.output.isEmpty || r.error != nil {
            let label = revealedLater ? " ╰─ output of step \(r.step.index + 1)" : " ╰─ output"
            out.append(style.dim(String(repeating: " ", count: numberWidth) + label))
            var outputLines = r.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if outputLines.last == "" { outputLines.removeLast() }
            out += outputLines.map { "  " + $0 }
        }
        switch r.status {
        case .pass:
            out.append(style.green("  " + ExportText.verdict(r)))
        case .fail:
            if let expected = r.expected {
                out.append(style.red("  " + ExportText.verdict(r)))
                out.append(style.dim("    the lesson expects:"))
                out += OutputChecker.normalize(expected.text).split(separator: "\n", omittingEmptySubsequences: false).map { style.dim("    " + $0) }
            }
        case .error:
            if let e = r.error {
                out.append(style.red("  ✗ \(e.pythonMessage)"))
                out.append(style.dim("    at \(e.location)"))
            }
        case .unchecked:
            break
        }
        return out.isEmpty ? "" : out.joined(separator: "\n") + "\n"
    }

    // MARK: Quizzes

    /// A quiz question; with an answer it also shows the computed right answer.
    public func renderQuiz(_ quiz: Quiz, answer: Result<EvaluatedValue, StepError>?, number: Int? = nil) -> String {
        var out = [String]()
        let label = number.map { "Question \($0)" } ?? "Question"
        let words = self.words([.text(quiz.ask)])
        out.append(wrap(words, first: style.magenta(style.bold("? \(label): ")), rest: "  "))
        for (i, choice) in quiz.choices.enumerated() {
            out.append("    \(i + 1)) \(choice)")
        }
        switch answer {
        case .success(let v)?:
            out.append(style.dim("  answer: ") + ExportText.answer(v, quiz: quiz))
        case .failure(let e)?:
            out.append(style.red("  ✗ the answer cannot be computed: \(e.pythonMessage) (\(e.location))"))
        case nil:
            break
        }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: Heatmaps

    public func renderHeatmap(_ map: Heatmap, _ result: Result<HeatmapData, StepError>) -> String {
        guard case .success(let data) = result else {
            if case .failure(let e) = result { return style.red("✗ heatmap of \(map.tensor): \(e.pythonMessage) (\(e.location))") + "\n" }
            return ""
        }
        let (lo, hi) = data.scale
        func shade(_ v: Double) -> Double { data.position(v) }
        let cells = data.values.map(ExportText.cell)
        let labelWidth = min(12, max(map.rows.map(\.count).max() ?? 0, 1))
        let valueWidth = max(cells.map(\.count).max() ?? 4, 4) + 2
        // Values with their column labels when that fits the width; else the values alone;
        // else two-column swatches without numbers, as many columns as fit.
        let labelled = max(valueWidth, min(9, map.cols.map(\.count).max() ?? 0) + 2)
        let room = width - labelWidth - 1
        let cellWidth = data.cols * labelled <= room ? labelled : (data.cols * valueWidth <= room ? valueWidth : 2)
        let numbers = cellWidth > 2
        let shown = min(data.cols, max(1, room / cellWidth))
        var out = [String]()
        out.append(style.bold(map.title ?? "Heatmap of \(map.tensor)"))
        if !map.cols.isEmpty && numbers {
            let header = map.cols.prefix(shown).map { label -> String in
                let t = String(label.prefix(cellWidth - 1))
                return String(repeating: " ", count: cellWidth - t.count) + t
            }.joined()
            out.append(String(repeating: " ", count: labelWidth + 1) + style.dim(header))
        }
        for r in 0..<data.rows {
            let label = r < map.rows.count ? String(map.rows[r].prefix(labelWidth)) : ""
            var line = style.dim(label + String(repeating: " ", count: labelWidth - label.count)) + " "
            for c in 0..<shown {
                let v = data.values[r * data.cols + c]
                let t = shade(v)
                if numbers {
                    let text = cells[r * data.cols + c]
                    let padded = String(repeating: " ", count: cellWidth - text.count - 1) + text + " "
                    line += style.cell(padded, background: Self.shade(t), darkText: t < 0.6)
                } else {
                    // Without colour a swatch is a shade of block: light to dark.
                    let block = style.color ? "  " : String(repeating: Self.blocks[Int((t * Double(Self.blocks.count - 1)).rounded())], count: 2)
                    line += style.cell(block, background: Self.shade(t), darkText: true)
                }
            }
            out.append(line)
        }
        var notes = ["scale: \(ExportText.cell(lo)) (light) … \(ExportText.cell(hi)) (dark)"]
        if !numbers { notes.append("too wide for \(width) columns to show the values (tutor export shows them all)") }
        if shown < data.cols { notes.append("columns \(shown + 1)–\(data.cols) left out") }
        out.append(wrapped(notes.joined(separator: "; "), styled: style.dim))
        return out.joined(separator: "\n") + "\n"
    }

    /// Shades of block, light to dark, for swatches without colour.
    static let blocks: [Character] = [" ", "░", "▒", "▓", "█"]

    /// A light-to-dark blue ramp in the 256-colour palette.
    static func shade(_ t: Double) -> Int {
        let ramp = [255, 195, 189, 153, 117, 111, 75, 69, 33, 27, 21, 19, 18]
        let i = Int((min(max(t, 0), 1) * Double(ramp.count - 1)).rounded())
        return ramp[i]
    }
}
