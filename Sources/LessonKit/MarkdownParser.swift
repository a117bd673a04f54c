import CCmark
import Foundation
import StepScript

/// Markdown to `Lesson`: the one place that talks to cmark. It parses once, walks the tree,
/// builds immutable Swift values and frees every cmark object right after use.
public enum MarkdownParser {
    /// Reads and parses a lesson file; the number comes from the file name's prefix.
    public static func load(path: String, number: Int) throws -> Lesson {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LessonError.unreadable(path: path, reason: FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
        }
        switch ScriptRunner.decode(data) {
        case .success(let text): return try parse(text, path: path, number: number)
        case .failure(let error): throw LessonError.notUTF8(path: path, line: error.line ?? 1)
        }
    }

    /// Parses lesson text.
    public static func parse(_ text: String, path: String, number: Int) throws -> Lesson {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let raw = try topLevelNodes(text)
        var blocks = [Block]()
        var prose = [RawNode]()
        var title: String? = nil
        var stepCount = 0
        var quizCount = 0
        var lastStep: Step? = nil
        var outputForLastStep = false

        func flushProse() {
            guard let first = prose.first, let last = prose.last else { return }
            let markdown = lines[(first.startLine - 1)..<min(last.endLine, lines.count)].joined(separator: "\n")
            blocks.append(.prose(Prose(markdown: markdown, nodes: prose.map(\.node),
                                       location: SourceLocation(path: path, line: first.startLine))))
            prose.removeAll()
        }

        for node in raw {
            if title == nil, case .heading(1, let inlines) = node.node { title = plainText(inlines) }
            guard case .codeBlock(let info, let literal) = node.node,
                  let kind = info.split(separator: " ").first.map(String.init),
                  ["python", "output", "quiz", "heatmap"].contains(kind) else {
                prose.append(node)
                continue
            }
            flushProse()
            let location = SourceLocation(path: path, line: node.startLine)
            try checkClosed(node, lines: lines, location: location)
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
                    stepIndex: step.index, fence: fenceOf(lines[node.startLine - 1]), info: info)))
            case "quiz":
                blocks.append(.quiz(try quiz(literal, location, afterStep: lastStep?.index, index: quizCount)))
                quizCount += 1
            default:
                blocks.append(.heatmap(try heatmap(literal, location, afterStep: lastStep?.index)))
            }
        }
        flushProse()
        guard let t = title else { throw LessonError.missingTitle(path: path) }
        return Lesson(number: number, title: t, path: path, source: text, blocks: blocks)
    }

    /// Renders Markdown to HTML with cmark's own renderer (raw HTML is omitted: safe mode).
    public static func html(_ markdown: String) -> String {
        guard let c = cmark_markdown_to_html(markdown, markdown.utf8.count, CMARK_OPT_DEFAULT | CMARK_OPT_SMART) else { return "" }
        defer { free(c) }
        return String(cString: c)
    }

    // MARK: Blocks with key: value lines

    private static func fields(_ literal: String, _ location: SourceLocation, kind: String, keys: Set<String>) throws -> [String: String] {
        var result = [String: String]()
        for (offset, line) in literal.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw LessonError.badBlockLine(SourceLocation(path: location.path, line: location.line + 1 + offset), kind: kind, text: trimmed)
            }
            let key = trimmed[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            guard keys.contains(key) else {
                throw LessonError.badBlockLine(SourceLocation(path: location.path, line: location.line + 1 + offset), kind: kind, text: trimmed)
            }
            result[key] = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return result
    }

    private static func quiz(_ literal: String, _ location: SourceLocation, afterStep: Int?, index: Int) throws -> Quiz {
        let f = try fields(literal, location, kind: "quiz", keys: ["ask", "answer", "tolerance", "choices", "hint"])
        guard let ask = f["ask"], !ask.isEmpty else { throw LessonError.quizMissingKey(location, key: "ask") }
        guard let answer = f["answer"], !answer.isEmpty else { throw LessonError.quizMissingKey(location, key: "answer") }
        var tolerance: Double? = nil
        if let t = f["tolerance"] {
            guard let v = Double(t), v >= 0 else { throw LessonError.badValue(location, key: "tolerance", value: t) }
            tolerance = v
        }
        let choices = f["choices"].map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } } ?? []
        return Quiz(ask: ask, answer: answer, tolerance: tolerance, choices: choices, hint: f["hint"],
                    location: location, afterStep: afterStep, index: index)
    }

    private static func heatmap(_ literal: String, _ location: SourceLocation, afterStep: Int?) throws -> Heatmap {
        let f = try fields(literal, location, kind: "heatmap", keys: ["tensor", "rows", "cols", "title"])
        guard let tensor = f["tensor"], !tensor.isEmpty else { throw LessonError.heatmapMissingTensor(location) }
        func words(_ s: String?) -> [String] { s.map { $0.split(separator: " ").map(String.init) } ?? [] }
        return Heatmap(tensor: tensor, rows: words(f["rows"]), cols: words(f["cols"]), title: f["title"],
                       location: location, afterStep: afterStep)
    }

    /// `atol=1e-3` in an output block's info string.
    private static func atol(_ info: String, _ location: SourceLocation) throws -> Double? {
        for word in info.split(separator: " ") where word.hasPrefix("atol=") {
            let value = String(word.dropFirst(5))
            guard let v = Double(value), v >= 0 else { throw LessonError.badValue(location, key: "atol", value: value) }
            return v
        }
        return nil
    }

    private static func fenceOf(_ line: String) -> String {
        let trimmed = line.drop { $0 == " " }
        guard let c = trimmed.first else { return "```" }
        return String(trimmed.prefix { $0 == c })
    }

    /// cmark lets an unclosed fence run to the end of the file; a lesson must close it.
    private static func checkClosed(_ node: RawNode, lines: [String], location: SourceLocation) throws {
        let opening = fenceOf(lines[node.startLine - 1])
        let endLine = min(node.endLine, lines.count)
        let last = lines[endLine - 1].trimmingCharacters(in: .whitespaces)
        let closed = endLine > node.startLine && last.count >= opening.count && last.allSatisfy { $0 == opening.first }
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

    private static func topLevelNodes(_ text: String) throws -> [RawNode] {
        guard let document = cmark_parse_document(text, text.utf8.count, CMARK_OPT_DEFAULT) else { return [] }
        defer { cmark_node_free(document) }
        var result = [RawNode]()
        var child = cmark_node_first_child(document)
        while let node = child {
            let start = Int(cmark_node_get_start_line(node))
            result.append(RawNode(node: block(node), startLine: start, endLine: Int(cmark_node_get_end_line(node))))
            child = cmark_node_next(node)
        }
        return result
    }

    private static func string(_ p: UnsafePointer<CChar>?) -> String {
        p.map { String(cString: $0) } ?? ""
    }

    private static func children(_ node: OpaquePointer) -> [OpaquePointer] {
        var out = [OpaquePointer]()
        var child = cmark_node_first_child(node)
        while let c = child {
            out.append(c)
            child = cmark_node_next(c)
        }
        return out
    }

    private static func block(_ node: OpaquePointer) -> MarkdownNode {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_HEADING:
            return .heading(level: Int(cmark_node_get_heading_level(node)), children(node).map(inline))
        case CMARK_NODE_PARAGRAPH:
            return .paragraph(children(node).map(inline))
        case CMARK_NODE_LIST:
            let items = children(node).map { children($0).map(block) }
            return .list(ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                         start: Int(cmark_node_get_list_start(node)), items: items)
        case CMARK_NODE_BLOCK_QUOTE:
            return .blockQuote(children(node).map(block))
        case CMARK_NODE_CODE_BLOCK:
            return .codeBlock(info: string(cmark_node_get_fence_info(node)), text: string(cmark_node_get_literal(node)))
        case CMARK_NODE_THEMATIC_BREAK:
            return .thematicBreak
        default:
            return .html(string(cmark_node_get_literal(node)))
        }
    }

    private static func inline(_ node: OpaquePointer) -> Inline {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT: return .text(string(cmark_node_get_literal(node)))
        case CMARK_NODE_CODE: return .code(string(cmark_node_get_literal(node)))
        case CMARK_NODE_EMPH: return .emphasis(children(node).map(inline))
        case CMARK_NODE_STRONG: return .strong(children(node).map(inline))
        case CMARK_NODE_LINK: return .link(destination: string(cmark_node_get_url(node)), children(node).map(inline))
        case CMARK_NODE_IMAGE:
            return .image(source: string(cmark_node_get_url(node)), alt: plainText(children(node).map(inline)))
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        default: return .html(string(cmark_node_get_literal(node)))
        }
    }
}
