import CCmark
import Foundation
import StepScript

/// Markdown to `Lesson`: the one place that talks to cmark. It parses once, walks the tree,
/// builds immutable Swift values and frees every cmark object right after use.
public enum MarkdownParser {
    /// Containers (lists, items, block quotes) nested deeper than this are flattened into
    /// their ancestor at this depth, and so are emphasis, links and images nested deeper in
    /// a paragraph: every walk over a lesson's prose (renderers, titles, the values' own
    /// deinitialisers) stays shallow and linear, however the file nests.
    public static let maxNesting = 32

    /// The largest lesson file read (lessons are a few dozen KiB).
    public static let maxFileBytes = 16 << 20

    /// Reads and parses a lesson file; the number comes from the file name's prefix.
    public static func load(path: String, number: Int) throws -> Lesson {
        // Only a regular file is a lesson: a FIFO or device in the folder would block or never end.
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw LessonError.unreadable(path: path, reason: String(cString: strerror(errno)).lowercased())
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw LessonError.unreadable(path: path, reason: "it is a folder, not a lesson file")
        default: throw LessonError.unreadable(path: path, reason: "it is not a regular file")
        }
        if info.st_size > maxFileBytes {
            throw LessonError.unreadable(path: path, reason: "it is \(info.st_size >> 20) MiB; a lesson may be at most \(maxFileBytes >> 20) MiB")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LessonError.unreadable(path: path, reason: "permission denied")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw LessonError.notUTF8(path: path, line: LineText.lineOfFirstInvalidByte(data))
        }
        return try parse(text, path: path, number: number)
    }

    /// Parses lesson text. Line ends may be LF, CRLF or CR (even mixed): the lesson's
    /// blocks, their text and their line numbers are those of the same file with LF ends,
    /// while `Lesson.source` keeps the text exactly as given, for `check --update`.
    public static func parse(_ source: String, path: String, number: Int) throws -> Lesson {
        var text = LineText.normalizingLineEnds(source)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func line(_ n: Int) -> String { n >= 1 && n <= lines.count ? lines[n - 1] : "" }
        let raw = topLevelNodes(text)
        var blocks = [Block]()
        var prose = [RawNode]()
        var title: String? = nil
        var stepCount = 0
        var quizCount = 0
        var exerciseCount = 0
        var lastStep: Step? = nil
        var outputForLastStep = false

        func flushProse() {
            guard let first = prose.first, let last = prose.last else { return }
            let from = min(max(first.startLine, 1), lines.count), to = min(max(last.endLine, from), lines.count)
            let markdown = lines[(from - 1)..<to].joined(separator: "\n")
            blocks.append(.prose(Prose(markdown: markdown, nodes: prose.map(\.node),
                                       location: SourceLocation(path: path, line: first.startLine))))
            prose.removeAll()
        }

        for node in raw {
            if title == nil, case .heading(1, let inlines) = node.node { title = plainText(inlines) }
            guard case .codeBlock(let info, let literal) = node.node,
                  let kind = info.split(separator: " ").first.map(String.init),
                  ["python", "output", "quiz", "heatmap", "exercise"].contains(kind) else {
                prose.append(node)
                continue
            }
            flushProse()
            let location = SourceLocation(path: path, line: node.startLine)
            let opening = fenceOf(line(node.startLine))
            try checkClosed(node, opening: opening, lastLine: line(node.endLine), location: location)
            switch kind {
            case "python":
                let step = Step(code: literal, location: location, index: stepCount, info: info)
                stepCount += 1
                lastStep = step
                outputForLastStep = false
                blocks.append(.step(step))
            case "output":
                guard let step = lastStep else { throw LessonError.outputWithoutStep(location) }
                if outputForLastStep { throw LessonError.duplicateOutput(location, stepLine: step.location.line) }
                outputForLastStep = true
                blocks.append(.output(ExpectedOutput(
                    text: literal, location: location, absoluteTolerance: try atol(info, location),
                    stepIndex: step.index, fence: opening, info: info, closingLine: node.endLine)))
            case "quiz":
                blocks.append(.quiz(try quiz(literal, location, afterStep: lastStep?.index, index: quizCount)))
                quizCount += 1
            case "exercise":
                let exercise = try ExerciseParser.parse(literal, location, afterStep: lastStep?.index, index: exerciseCount)
                if let other = blocks.lazy.compactMap({ b -> Exercise? in if case .exercise(let e) = b { return e }; return nil })
                    .first(where: { $0.name == exercise.name }) {
                    throw LessonError.duplicateExercise(location, name: exercise.name, firstLine: other.location.line)
                }
                exerciseCount += 1
                blocks.append(.exercise(exercise))
            default:
                blocks.append(.heatmap(try heatmap(literal, location, afterStep: lastStep?.index)))
            }
        }
        flushProse()
        guard let t = title else { throw LessonError.missingTitle(path: path) }
        return Lesson(number: number, title: t, path: path, source: source, blocks: blocks)
    }

    /// Renders Markdown to HTML with cmark's own renderer (raw HTML is omitted: safe mode).
    public static func html(_ markdown: String) -> String {
        guard let c = cmark_markdown_to_html(markdown, markdown.utf8.count, CMARK_OPT_DEFAULT | CMARK_OPT_SMART) else { return "" }
        defer { free(c) }
        return String(cString: c)
    }

    /// The structure of a piece of Markdown (an exercise's task).
    static func nodes(_ markdown: String) -> [MarkdownNode] {
        topLevelNodes(markdown).map(\.node)
    }

    // MARK: Blocks with key: value lines

    /// A block's `key: value` lines, each value with its line in the Markdown file.
    private static func fields(_ literal: String, _ location: SourceLocation, kind: String, keys: Set<String>) throws -> [String: (value: String, line: SourceLocation)] {
        var result = [String: (value: String, line: SourceLocation)]()
        for (offset, line) in literal.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let here = SourceLocation(path: location.path, line: location.line + 1 + offset)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw LessonError.badBlockLine(here, kind: kind, text: trimmed)
            }
            let key = trimmed[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            guard keys.contains(key) else {
                throw LessonError.badBlockLine(here, kind: kind, text: trimmed)
            }
            result[key] = (trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces), here)
        }
        return result
    }

    private static func quiz(_ literal: String, _ location: SourceLocation, afterStep: Int?, index: Int) throws -> Quiz {
        let f = try fields(literal, location, kind: "quiz", keys: ["ask", "answer", "tolerance", "choices", "hint"])
        guard let ask = f["ask"]?.value, !ask.isEmpty else { throw LessonError.quizMissingKey(location, key: "ask") }
        guard let answer = f["answer"]?.value, !answer.isEmpty else { throw LessonError.quizMissingKey(location, key: "answer") }
        var tolerance: Double? = nil
        if let t = f["tolerance"] { tolerance = try Self.tolerance(t.value, key: "tolerance", at: t.line) }
        let choices = f["choices"].map { $0.value.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } } ?? []
        return Quiz(ask: ask, answer: answer, tolerance: tolerance, choices: choices, hint: f["hint"]?.value,
                    location: location, afterStep: afterStep, index: index)
    }

    private static func heatmap(_ literal: String, _ location: SourceLocation, afterStep: Int?) throws -> Heatmap {
        let f = try fields(literal, location, kind: "heatmap", keys: ["tensor", "rows", "cols", "title", "scale"])
        guard let tensor = f["tensor"]?.value, !tensor.isEmpty else { throw LessonError.heatmapMissingTensor(location) }
        func words(_ s: String?) -> [String] { s.map { $0.split(separator: " ").map(String.init) } ?? [] }
        var scale: (lo: Double, hi: Double)? = nil
        if let s = f["scale"] {
            let ends = s.value.split(separator: " ").compactMap { Double($0) }
            guard ends.count == 2, ends.allSatisfy(\.isFinite), ends[0] < ends[1] else {
                throw LessonError.valueOutOfRange(s.line, key: "scale", value: s.value, rule: "two finite numbers, the lower first (e.g. 0 1)")
            }
            scale = (ends[0], ends[1])
        }
        return Heatmap(tensor: tensor, rows: words(f["rows"]?.value), cols: words(f["cols"]?.value), title: f["title"]?.value,
                       scale: scale, location: location, afterStep: afterStep)
    }

    /// `atol=1e-3` in an output block's info string.
    private static func atol(_ info: String, _ location: SourceLocation) throws -> Double? {
        for word in info.split(separator: " ") where word.hasPrefix("atol=") {
            return try tolerance(String(word.dropFirst(5)), key: "atol", at: location)
        }
        return nil
    }

    /// An absolute tolerance: a finite number, zero or more. `inf` would accept every answer
    /// and `nan` none, so a lesson that says either is a mistake to report, not to run.
    static func tolerance(_ text: String, key: String, at location: SourceLocation) throws -> Double {
        guard let v = Double(text) else { throw LessonError.badValue(location, key: key, value: text) }
        guard v.isFinite, v >= 0 else { throw LessonError.valueOutOfRange(location, key: key, value: text, rule: "a finite number, 0 or more") }
        return v
    }

    private static func fenceOf(_ line: String) -> String {
        let trimmed = line.drop { $0 == " " }
        guard let c = trimmed.first else { return "```" }
        return String(trimmed.prefix { $0 == c })
    }

    /// cmark lets an unclosed fence run to the end of the file; a lesson must close it.
    private static func checkClosed(_ node: RawNode, opening: String, lastLine: String, location: SourceLocation) throws {
        let last = lastLine.trimmingCharacters(in: .whitespaces)
        let closed = node.endLine > node.startLine && last.count >= opening.count && last.allSatisfy { $0 == opening.first }
        if !closed { throw LessonError.unclosedFence(location, fence: opening) }
    }

    static func plainText(_ inlines: [Inline]) -> String {
        inlines.map { inline -> String in
            switch inline {
            case .text(let t), .code(let t), .html(let t): return t
            case .emphasis(let c), .strong(let c), .link(_, let c): return plainText(c)
            case .image(_, let alt): return alt
            case .softBreak, .lineBreak: return " "
            }
        }.joined()
    }

    // MARK: cmark

    /// A top-level node with its line span.
    struct RawNode {
        let node: MarkdownNode
        let startLine: Int
        let endLine: Int
    }

    private static func topLevelNodes(_ text: String) -> [RawNode] {
        guard let document = cmark_parse_document(text, text.utf8.count, CMARK_OPT_DEFAULT) else { return [] }
        defer { cmark_node_free(document) }
        var result = [RawNode]()
        var child = cmark_node_first_child(document)
        while let node = child {
            result.append(RawNode(node: TreeBuilder.build(node), startLine: Int(cmark_node_get_start_line(node)),
                                  endLine: Int(cmark_node_get_end_line(node))))
            child = cmark_node_next(node)
        }
        return result
    }

    private static func string(_ p: UnsafePointer<CChar>?) -> String {
        p.map { String(cString: $0) } ?? ""
    }

    /// Builds one top-level node's `MarkdownNode` in a single pass of `cmark_iter` with an
    /// explicit stack, so nesting costs no call depth; containers past `maxNesting` are
    /// flattened into the one above them.
    private struct TreeBuilder {
        /// An open container. A class, so its children grow in place: a paragraph of many
        /// lines or a list of many items is built in linear time.
        final class Frame {
            enum Kind {
                case root, quote, item, paragraph
                case list(ordered: Bool, start: Int)
                case heading(level: Int)
                case span(cmark_node_type, destination: String)
            }
            let kind: Kind
            var blocks = [MarkdownNode]()
            var items = [[MarkdownNode]]()
            var inlines = [Inline]()
            init(_ kind: Kind) { self.kind = kind }
        }

        var stack = [Frame(.root)]
        /// Pushed block quotes and lists, and inline spans: the depths that are capped.
        var blockDepth = 0
        var inlineDepth = 0
        /// Containers entered past the cap, whose children go to the frame below them.
        var absorbedBlocks = 0
        var absorbedInlines = 0
        /// Lists past the cap: whether each is ordered and its next item's number. Each of
        /// their items' first paragraph becomes a one-item list, so flattened items still
        /// show their bullet or number, one level below the cap.
        var absorbedLists = [(ordered: Bool, next: Int)]()
        var pendingMarker: (ordered: Bool, number: Int)? = nil

        static func build(_ node: OpaquePointer) -> MarkdownNode {
            guard let iter = cmark_iter_new(node) else { return MarkdownNode.html("") }
            defer { cmark_iter_free(iter) }
            var builder = TreeBuilder()
            while true {
                let event = cmark_iter_next(iter)
                if event == CMARK_EVENT_DONE { break }
                guard let current = cmark_iter_get_node(iter) else { continue }
                if event == CMARK_EVENT_ENTER {
                    builder.enter(current)
                } else if event == CMARK_EVENT_EXIT {
                    builder.exit(current)
                }
            }
            let nodes = builder.stack[0].blocks
            guard let first = nodes.first else { return MarkdownNode.html("") }
            return nodes.count == 1 ? first : .blockQuote(nodes)
        }

        mutating func enter(_ node: OpaquePointer) {
            let type = cmark_node_get_type(node)
            switch type {
            case CMARK_NODE_BLOCK_QUOTE, CMARK_NODE_LIST:
                let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
                let start = Int(cmark_node_get_list_start(node))
                if absorbedBlocks > 0 || blockDepth >= MarkdownParser.maxNesting {
                    absorbedBlocks += 1
                    if type == CMARK_NODE_LIST { absorbedLists.append((ordered, start)) }
                } else {
                    blockDepth += 1
                    stack.append(Frame(type == CMARK_NODE_LIST ? .list(ordered: ordered, start: start) : .quote))
                }
            case CMARK_NODE_ITEM:
                // An item of a list that was kept is kept too; its list holds nothing else.
                if absorbedBlocks > 0 {
                    absorbedBlocks += 1
                    if let list = absorbedLists.last {
                        pendingMarker = (list.ordered, list.next)
                        absorbedLists[absorbedLists.count - 1].next += 1
                    }
                } else {
                    stack.append(Frame(.item))
                }
            case CMARK_NODE_PARAGRAPH:
                stack.append(Frame(.paragraph))
            case CMARK_NODE_HEADING:
                stack.append(Frame(.heading(level: Int(cmark_node_get_heading_level(node)))))
            case CMARK_NODE_EMPH, CMARK_NODE_STRONG, CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                if absorbedInlines > 0 || inlineDepth >= MarkdownParser.maxNesting {
                    absorbedInlines += 1
                } else {
                    inlineDepth += 1
                    stack.append(Frame(.span(type, destination: string(cmark_node_get_url(node)))))
                }
            case CMARK_NODE_CODE_BLOCK:
                emit(.codeBlock(info: string(cmark_node_get_fence_info(node)), text: string(cmark_node_get_literal(node))))
            case CMARK_NODE_THEMATIC_BREAK:
                emit(.thematicBreak)
            case CMARK_NODE_HTML_BLOCK:
                emit(MarkdownNode.html(string(cmark_node_get_literal(node))))
            case CMARK_NODE_TEXT: emit(.text(string(cmark_node_get_literal(node))))
            case CMARK_NODE_CODE: emit(.code(string(cmark_node_get_literal(node))))
            case CMARK_NODE_SOFTBREAK: emit(.softBreak)
            case CMARK_NODE_LINEBREAK: emit(.lineBreak)
            case CMARK_NODE_HTML_INLINE: emit(Inline.html(string(cmark_node_get_literal(node))))
            default:
                // Custom nodes never come from parsing; a container of another kind would
                // only pass its children through.
                if cmark_node_first_child(node) != nil { absorbedBlocks += 1 }
            }
        }

        mutating func exit(_ node: OpaquePointer) {
            let type = cmark_node_get_type(node)
            switch type {
            case CMARK_NODE_BLOCK_QUOTE, CMARK_NODE_LIST, CMARK_NODE_ITEM:
                if absorbedBlocks > 0 {
                    absorbedBlocks -= 1
                    if type == CMARK_NODE_LIST { absorbedLists.removeLast() }
                    if type == CMARK_NODE_ITEM { pendingMarker = nil }
                    return
                }
                let frame = stack.removeLast()
                switch frame.kind {
                case .quote:
                    blockDepth -= 1
                    emit(.blockQuote(frame.blocks))
                case .list(let ordered, let start):
                    blockDepth -= 1
                    emit(.list(ordered: ordered, start: start, items: frame.items))
                case .item:
                    if case .list = stack[stack.count - 1].kind {
                        stack[stack.count - 1].items.append(frame.blocks)
                    } else {
                        frame.blocks.forEach { emit($0) }
                    }
                default:
                    break
                }
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING:
                let frame = stack.removeLast()
                if case .heading(let level) = frame.kind {
                    emit(.heading(level: level, frame.inlines))
                } else if let marker = pendingMarker {
                    pendingMarker = nil
                    emit(.list(ordered: marker.ordered, start: marker.number, items: [[.paragraph(frame.inlines)]]))
                } else {
                    emit(.paragraph(frame.inlines))
                }
            case CMARK_NODE_EMPH, CMARK_NODE_STRONG, CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                if absorbedInlines > 0 { absorbedInlines -= 1; return }
                let frame = stack.removeLast()
                guard case .span(let kind, let destination) = frame.kind else { return }
                inlineDepth -= 1
                switch kind {
                case CMARK_NODE_EMPH: emit(.emphasis(frame.inlines))
                case CMARK_NODE_STRONG: emit(.strong(frame.inlines))
                case CMARK_NODE_LINK: emit(.link(destination: destination, frame.inlines))
                default: emit(.image(source: destination, alt: MarkdownParser.plainText(frame.inlines)))
                }
            default:
                if cmark_node_first_child(node) != nil, absorbedBlocks > 0 { absorbedBlocks -= 1 }
            }
        }

        /// Adds a block to the innermost open container.
        func emit(_ block: MarkdownNode) {
            let top = stack[stack.count - 1]
            switch top.kind {
            case .list: top.items.append([block])
            case .root, .quote, .item: top.blocks.append(block)
            default: break
            }
        }

        /// Adds an inline to the innermost open paragraph, heading or span.
        func emit(_ inline: Inline) {
            let top = stack[stack.count - 1]
            switch top.kind {
            case .paragraph, .heading, .span: top.inlines.append(inline)
            default: break
            }
        }
    }
}

/// Line ends and line numbers of raw lesson text.
enum LineText {
    /// `text` with every CRLF and lone CR made LF: cmark counts each as one line end, so the
    /// lines, and their numbers, stay the same.
    static func normalizingLineEnds(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(13) else { return text }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count)
        var previousCR = false
        for byte in utf8 {
            if byte == 10 && previousCR { previousCR = false; continue }
            previousCR = byte == 13
            out.append(byte == 13 ? 10 : byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` split into lines, each with its own line end (`\n`, `\r\n`, `\r`, or none for
    /// a last line without one); joined they give back `text` exactly.
    static func linesKeepingEnds(_ text: String) -> [(body: String, end: String)] {
        let bytes = Array(text.utf8)
        var out = [(body: String, end: String)]()
        var start = 0, i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 10 || b == 13 {
                let endLength = b == 13 && i + 1 < bytes.count && bytes[i + 1] == 10 ? 2 : 1
                out.append((String(decoding: bytes[start..<i], as: UTF8.self),
                            String(decoding: bytes[i..<(i + endLength)], as: UTF8.self)))
                i += endLength
                start = i
            } else {
                i += 1
            }
        }
        out.append((String(decoding: bytes[start..<bytes.count], as: UTF8.self), ""))
        return out
    }

    /// The 1-based line of the first byte of `data` that is not valid UTF-8, counting every
    /// LF, CRLF and CR as a line end.
    static func lineOfFirstInvalidByte(_ data: Data) -> Int {
        let bytes = [UInt8](data)
        var offset = 0
        var line = 1
        while offset < bytes.count {
            let b = bytes[offset]
            let length = b < 0x80 ? 1 : (b >> 5 == 0b110 ? 2 : (b >> 4 == 0b1110 ? 3 : (b >> 3 == 0b11110 ? 4 : 0)))
            let end = offset + length
            if length == 0 || end > bytes.count || String(validating: bytes[offset..<end], as: UTF8.self) == nil { break }
            if b == 10 && !(offset > 0 && bytes[offset - 1] == 13) { line += 1 }
            if b == 13 { line += 1 }
            offset = end
        }
        return line
    }
}
