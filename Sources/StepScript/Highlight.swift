/// Python source cut into coloured pieces for display, by the step language's own lexer:
/// the terminal and the exporters colour code exactly as the interpreter reads it.
public enum Highlight {
    public enum Kind: Sendable, Equatable {
        case keyword, builtin, name, string, number, comment, punctuation, plain
    }

    /// A run of characters of one kind, within one line.
    public struct Span: Sendable, Equatable {
        public let kind: Kind
        public let text: String

        public init(kind: Kind, text: String) {
            self.kind = kind
            self.text = text
        }
    }

    /// Each line of `source` (line ends made LF and left out) as its spans, in order; joined,
    /// a line's spans give the line back. Code the lexer cannot read (a half-written line)
    /// shows as plain text from where reading failed to the end of that line.
    public static func lines(_ source: String) -> [[Span]] {
        let (chars, marks) = Lexer.marks(source)
        var kinds = [Kind](repeating: .plain, count: chars.count)
        for mark in marks where mark.range.upperBound <= chars.count {
            // `x.sum` is an attribute, not the builtin `sum`.
            let attribute = mark.kind == .builtin && mark.range.lowerBound > 0 && chars[mark.range.lowerBound - 1] == "."
            for i in mark.range { kinds[i] = attribute ? .name : mark.kind }
        }
        var lines = [[Span]]()
        var line = [Span]()
        var run = "", runKind = Kind.plain
        func flush() {
            if !run.isEmpty { line.append(Span(kind: runKind, text: run)) }
            run = ""
        }
        for (i, c) in chars.enumerated() {
            if c == "\n" {
                flush()
                lines.append(line)
                line = []
                continue
            }
            // Spaces between tokens join whatever run they are in.
            let kind = c == " " && kinds[i] == .plain ? runKind : kinds[i]
            if kind != runKind { flush(); runKind = kind }
            run.append(c)
        }
        flush()
        lines.append(line)
        return lines
    }

    /// Python's keywords (soft ones aside).
    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]

    /// Names a reader knows as Python's own.
    static let builtins: Set<String> = [
        "print", "len", "range", "enumerate", "zip", "sum", "min", "max", "abs", "round", "float", "int", "str",
        "list", "tuple", "dict", "set", "isinstance", "super", "self", "bool", "type", "sorted", "reversed", "map",
        "filter", "any", "all", "divmod", "getattr", "setattr", "hasattr",
    ]

    static func kind(of token: Token.Kind) -> Kind {
        switch token {
        case .name(let n): return keywords.contains(n) ? .keyword : (builtins.contains(n) ? .builtin : .name)
        case .int, .float: return .number
        case .string: return .string
        case .op: return .punctuation
        case .newline, .indent, .dedent, .end: return .plain
        }
    }
}
