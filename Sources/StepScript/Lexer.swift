import TensorCore

/// A token of the step language, with the line it starts on (1-based, within the source).
struct Token: Equatable {
    enum Kind: Equatable {
        case name(String)
        case int(Int)
        case float(Double)
        /// A string literal's decoded text; `isFString` marks an `f"..."` to be parsed further.
        case string(String, isFString: Bool)
        case op(String)
        case newline
        case indent
        case dedent
        case end
    }

    let kind: Kind
    let line: Int
}

/// Splits source text into tokens the way Python's tokenizer does: indentation becomes
/// INDENT/DEDENT, newlines inside brackets are ignored, `\` joins lines.
struct Lexer {
    private let chars: [Character]
    private var pos = 0
    private var line = 1
    private var depth = 0
    private var indents = [0]
    private var tokens = [Token]()
    private var atLineStart = true
    /// When highlighting: every token's and comment's place in `chars`, and errors are
    /// passed over instead of thrown, so a half-written line still shows.
    private var marks: [(range: Range<Int>, kind: Highlight.Kind)]? = nil

    init(_ source: String) {
        // Python reads source with universal newlines: CRLF and a lone CR are line ends, also
        // inside string literals. (Swift sees CRLF as one Character, so convert first.)
        var text = source
        if text.utf8.contains(13) {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        chars = Array(text)
    }

    static func tokenize(_ source: String) throws -> [Token] {
        var lexer = Lexer(source)
        return try lexer.run()
    }

    /// The source's characters (line ends made LF) and the kind of each token and comment in
    /// it, by character position, read by the same rules as `tokenize`.
    static func marks(_ source: String) -> (chars: [Character], marks: [(range: Range<Int>, kind: Highlight.Kind)]) {
        var lexer = Lexer(source)
        lexer.marks = []
        _ = try? lexer.run()
        return (lexer.chars, lexer.marks ?? [])
    }

    private func peek(_ k: Int = 0) -> Character? {
        pos + k < chars.count ? chars[pos + k] : nil
    }

    private func syntaxError(_ message: String, line: Int? = nil) -> PyError {
        PyError(.syntaxError, message, line: line ?? self.line)
    }

    private mutating func run() throws -> [Token] {
        while pos < chars.count {
            // Reading source is work of the run like any other: a huge script stops in time.
            if tokens.count & 255 == 0 && !ExecutionBudget.charge(4096) { throw PyError.budgetSpent }
            if atLineStart && depth == 0 {
                do {
                    try handleIndentation()
                } catch where marks != nil {
                    // Highlighting: a misindented line still shows.
                }
                if pos >= chars.count { break }
            }
            let c = chars[pos]
            if c == "\n" || c == "\r" {
                pos += 1
                if c == "\r" && peek() == "\n" { pos += 1 }
                if depth == 0, let last = tokens.last, last.kind != .newline {
                    tokens.append(Token(kind: .newline, line: line))
                }
                line += 1
                atLineStart = depth == 0
                continue
            }
            if c == " " || c == "\t" || c == "\u{0C}" {
                pos += 1
                continue
            }
            if c == "#" {
                let start = pos
                while let d = peek(), d != "\n" { _ = d; pos += 1 }
                marks?.append((start..<pos, .comment))
                continue
            }
            let start = pos, count = tokens.count
            do {
                try lexToken(c)
            } catch where marks != nil {
                // Highlighting: what cannot be read shows as it is, to the end of its line.
                while let d = peek(), d != "\n" { _ = d; pos += 1 }
                marks?.append((start..<pos, .plain))
                continue
            }
            if marks != nil, tokens.count > count, let token = tokens.last {
                marks?.append((start..<pos, Highlight.kind(of: token.kind)))
            }
        }
        if let last = tokens.last, last.kind != .newline {
            tokens.append(Token(kind: .newline, line: line))
        }
        if depth > 0 {
            throw syntaxError("unexpected EOF while parsing: a bracket was never closed")
        }
        while indents.count > 1 {
            indents.removeLast()
            tokens.append(Token(kind: .dedent, line: line))
        }
        tokens.append(Token(kind: .end, line: line))
        return tokens
    }

    /// Reads the token that starts with `c` at `pos`.
    private mutating func lexToken(_ c: Character) throws {
        if c == "\\" {
            guard peek(1) == "\n" else { throw syntaxError("unexpected character after line continuation character") }
            pos += 2
            line += 1
        } else if c.isLetter || c == "_" {
            try lexNameOrString()
        } else if c.isNumber || (c == "." && (peek(1)?.isNumber ?? false)) {
            try lexNumber()
        } else if c == "\"" || c == "'" {
            try lexString(prefix: "")
        } else {
            try lexOperator()
        }
    }

    /// Measures the indentation of a new logical line and emits INDENT/DEDENT tokens.
    private mutating func handleIndentation() throws {
        atLineStart = false
        var width = 0
        while true {
            width = 0
            var p = pos
            while p < chars.count, chars[p] == " " || chars[p] == "\t" {
                width += chars[p] == "\t" ? 8 - width % 8 : 1
                p += 1
            }
            pos = p
            // Blank lines and comment-only lines do not affect indentation.
            guard p < chars.count else { return }
            if chars[p] == "#" {
                while pos < chars.count && chars[pos] != "\n" { pos += 1 }
            }
            guard pos < chars.count else { return }
            if chars[pos] == "\n" || chars[pos] == "\r" {
                pos += chars[pos] == "\r" && pos + 1 < chars.count && chars[pos + 1] == "\n" ? 2 : 1
                line += 1
                continue
            }
            break
        }
        if width > indents.last! {
            // Python's tokenizer stops at 100 levels (MAXINDENT).
            if indents.count >= 100 { throw PyError(.indentationError, "too many levels of indentation", line: line) }
            indents.append(width)
            tokens.append(Token(kind: .indent, line: line))
        } else {
            while width < indents.last! {
                indents.removeLast()
                tokens.append(Token(kind: .dedent, line: line))
            }
            if width != indents.last! {
                throw PyError(.indentationError, "unindent does not match any outer indentation level", line: line)
            }
        }
    }

    private mutating func lexNameOrString() throws {
        let start = pos
        while let c = peek(), c.isLetter || c.isNumber || c == "_" { pos += 1 }
        let word = String(chars[start..<pos])
        if let q = peek(), q == "\"" || q == "'", ["f", "r", "b", "u", "rf", "fr", "F", "R", "B", "U", "Rf", "fR", "rb", "br"].contains(word) {
            try lexString(prefix: word.lowercased())
            return
        }
        tokens.append(Token(kind: .name(word), line: line))
    }

    private mutating func lexNumber() throws {
        let start = pos
        let startLine = line
        if peek() == "0", let x = peek(1), "xXoObB".contains(x) {
            pos += 2
            while let c = peek(), c.isHexDigit || c == "_" { pos += 1 }
            let text = String(chars[(start + 2)..<pos]).replacingOccurrences(of: "_", with: "")
            let radix = "xX".contains(x) ? 16 : ("oO".contains(x) ? 8 : 2)
            guard let v = Int(text, radix: radix) else { throw syntaxError("invalid number literal") }
            tokens.append(Token(kind: .int(v), line: startLine))
            return
        }
        var isFloat = false
        while let c = peek(), c.isNumber || c == "_" { pos += 1 }
        if peek() == ".", !(peek(1)?.isLetter ?? false) || peek(1) == "e" || peek(1) == "E" {
            isFloat = true
            pos += 1
            while let c = peek(), c.isNumber || c == "_" { pos += 1 }
        }
        if let e = peek(), e == "e" || e == "E" {
            let save = pos
            pos += 1
            if let s = peek(), s == "+" || s == "-" { pos += 1 }
            if let d = peek(), d.isNumber {
                isFloat = true
                while let c = peek(), c.isNumber || c == "_" { pos += 1 }
            } else {
                pos = save
            }
        }
        if let j = peek(), j == "j" || j == "J" {
            throw PyError(.notImplemented, "complex numbers are not part of the step language", line: startLine)
        }
        let text = String(chars[start..<pos]).replacingOccurrences(of: "_", with: "")
        if isFloat {
            guard let v = Double(text) else { throw syntaxError("invalid decimal literal") }
            tokens.append(Token(kind: .float(v), line: startLine))
        } else {
            guard let v = Int(text) else {
                if text.allSatisfy(\.isNumber) {
                    throw PyError(.overflowError, "integer literal \(text) is too large for the step language (at most 64 bits)", line: startLine)
                }
                throw syntaxError("invalid decimal literal")
            }
            if text.count > 1 && text.first == "0" && v != 0 {
                throw syntaxError("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers")
            }
            tokens.append(Token(kind: .int(v), line: startLine))
        }
    }

    private mutating func lexString(prefix: String) throws {
        let startLine = line
        let quote = chars[pos]
        let triple = peek(1) == quote && peek(2) == quote
        pos += triple ? 3 : 1
        let raw = prefix.contains("r")
        let isF = prefix.contains("f")
        if prefix.contains("b") {
            throw PyError(.notImplemented, "bytes literals are not part of the step language", line: startLine)
        }
        var text = ""
        let bodyStart = pos
        while true {
            guard let c = peek() else {
                throw syntaxError(triple ? "unterminated triple-quoted string literal (detected at line \(line))"
                                         : "unterminated string literal (detected at line \(startLine))", line: startLine)
            }
            if c == quote {
                if !triple { pos += 1; break }
                if peek(1) == quote && peek(2) == quote { pos += 3; break }
                text.append(c)
                pos += 1
                continue
            }
            if c == "\n" {
                if !triple {
                    throw syntaxError("unterminated string literal (detected at line \(startLine))", line: startLine)
                }
                line += 1
                text.append(c)
                pos += 1
                continue
            }
            if c == "\\" && !raw {
                try lexEscape(into: &text, bodyStart: bodyStart, quote: quote, triple: triple, line: startLine)
                continue
            }
            if c == "\\" && raw {
                text.append(c)
                pos += 1
                if let n = peek() { text.append(n); pos += 1; if n == "\n" { line += 1 } }
                continue
            }
            text.append(c)
            pos += 1
        }
        tokens.append(Token(kind: .string(text, isFString: isF), line: startLine))
    }

    /// Decodes the backslash escape at `pos` into `text`, as CPython's `unicodeescape` codec
    /// does: `\n`-style letters, up to three octal digits, `\xXX`, `\uXXXX`, `\UXXXXXXXX`,
    /// `\N{NAME}`; an unknown escape keeps its backslash.
    private mutating func lexEscape(into text: inout String, bodyStart: Int, quote: Character, triple: Bool, line startLine: Int) throws {
        let start = pos
        pos += 1
        guard let e = peek() else { return }
        pos += 1
        /// CPython's message, with positions counted as its decoder counts them (see `decoderOffset`).
        func unicodeError(endingAt end: Int, _ reason: String) -> PyError {
            let from = decoderOffset(bodyStart, start), to = decoderOffset(bodyStart, end) - 1
            return syntaxError("(unicode error) 'unicodeescape' codec can't decode bytes in position \(from)-\(to): \(reason)", line: startLine)
        }
        switch e {
        case "n": text.append("\n")
        case "t": text.append("\t")
        case "r": text.append("\r")
        case "a": text.append("\u{07}")
        case "b": text.append("\u{08}")
        case "f": text.append("\u{0C}")
        case "v": text.append("\u{0B}")
        case "\\", "'", "\"": text.append(e)
        case "\n": line += 1
        case "0"..."7":
            // Up to three octal digits; the largest, \777, is U+01FF.
            var value = UInt32(e.asciiValue! - 48)
            for _ in 0..<2 {
                guard let d = peek(), let digit = d.asciiValue, (48...55).contains(digit) else { break }
                value = value * 8 + UInt32(digit - 48)
                pos += 1
            }
            text.unicodeScalars.append(Unicode.Scalar(value)!)
        case "x", "u", "U":
            let width = e == "x" ? 2 : (e == "u" ? 4 : 8)
            var value: UInt32 = 0
            for _ in 0..<width {
                guard let d = peek(), let digit = d.hexDigitValue, d.isASCII else {
                    let shape = e == "x" ? "\\xXX" : (e == "u" ? "\\uXXXX" : "\\UXXXXXXXX")
                    throw unicodeError(endingAt: pos, "truncated \(shape) escape")
                }
                value = value * 16 + UInt32(digit)
                pos += 1
            }
            if value > 0x10FFFF { throw unicodeError(endingAt: pos, "illegal Unicode character") }
            guard let scalar = Unicode.Scalar(value) else {
                throw PyError(.notImplemented, "the lone surrogate \\\(e)\(String(chars[(start + 2)..<pos])) cannot be held by the step language's strings", line: startLine)
            }
            text.unicodeScalars.append(scalar)
        case "N":
            guard peek() == "{" else { throw unicodeError(endingAt: pos, "malformed \\N character escape") }
            pos += 1
            let nameStart = pos
            // The name runs to `}` within the literal.
            while let c = peek(), c != "}", c != quote, triple || c != "\n" { pos += 1 }
            guard peek() == "}", pos > nameStart else { throw unicodeError(endingAt: pos, "malformed \\N character escape") }
            pos += 1
            guard let scalar = UnicodeNames.character(named: String(chars[nameStart..<(pos - 1)])) else {
                throw unicodeError(endingAt: pos, "unknown Unicode character name")
            }
            text.unicodeScalars.append(scalar)
        default:
            text.append("\\")
            text.append(e)
        }
    }

    /// Where `chars[index]` sits in the buffer CPython's escape decoder reads for a literal whose
    /// body starts at `bodyStart`: ASCII characters take one byte there, every other code point
    /// the ten of the `\UXXXXXXXX` escape CPython rewrites it to first.
    private func decoderOffset(_ bodyStart: Int, _ index: Int) -> Int {
        chars[bodyStart..<index].reduce(0) { total, c in
            total + c.unicodeScalars.reduce(0) { $0 + ($1.isASCII ? 1 : 10) }
        }
    }

    private static let operators3: Set<String> = ["**=", "//=", ">>=", "<<=", "..."]
    private static let operators2: Set<String> = ["**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "@=", "&=", "|=", "^=", "->", "<<", ">>", ":="]
    private static let operators1: Set<Character> = ["+", "-", "*", "/", "%", "@", "<", ">", "=", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "&", "|", "^", "~"]

    private mutating func lexOperator() throws {
        let three = String(chars[pos..<min(pos + 3, chars.count)])
        let two = String(chars[pos..<min(pos + 2, chars.count)])
        let op: String
        if Lexer.operators3.contains(three) {
            op = three
        } else if Lexer.operators2.contains(two) {
            op = two
        } else if Lexer.operators1.contains(chars[pos]) {
            op = String(chars[pos])
        } else {
            let c = chars[pos]
            if c == "!" {
                throw syntaxError("invalid syntax")
            }
            throw syntaxError("invalid character '\(c)' (U+\(String(c.unicodeScalars.first!.value, radix: 16, uppercase: true)))")
        }
        pos += op.count
        switch op {
        case "(", "[", "{":
            // Python's tokenizer stops at 200 open brackets (MAXLEVEL).
            if depth >= 200 { throw syntaxError("too many nested parentheses") }
            depth += 1
        case ")", "]", "}":
            if depth == 0 { throw syntaxError("unmatched '\(op)'") }
            depth -= 1
        default: break
        }
        tokens.append(Token(kind: .op(op), line: line))
    }
}
