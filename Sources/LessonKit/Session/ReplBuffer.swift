/// Gathers typed lines into cells the way Python's interactive prompt does: a simple
/// statement runs as soon as its brackets, strings and continuation lines are closed; a
/// compound statement (a line ending in `:`) goes on until a blank line.
public struct ReplBuffer: Sendable {
    public private(set) var lines: [String] = []

    public init() {}

    /// The prompt for the next line: `>>> ` to start a cell, `... ` to continue one.
    public var prompt: String { lines.isEmpty ? ">>> " : "... " }

    /// Whether a cell has been started.
    public var isEmpty: Bool { lines.isEmpty }

    /// Drops a cell half typed (Ctrl-C at the prompt).
    public mutating func clear() { lines.removeAll() }

    /// Adds one typed line; returns the cell's source once it is complete.
    public mutating func add(_ line: String) -> String? {
        let blank = line.allSatisfy(\.isWhitespace)
        if lines.isEmpty && blank { return nil }
        lines.append(line)
        let open = Self.isOpen(lines)
        if open { return nil }
        // A compound statement's header decides, as in Python: its body ends at a blank line.
        if Self.opensBlock(lines[0]) && !blank { return nil }
        defer { lines.removeAll() }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Whether a line, its comment removed, ends in a colon (`for ...:`, `def f():`).
    static func opensBlock(_ line: String) -> Bool {
        var code = Substring(line)
        if let hash = commentStart(line) { code = line[..<hash] }
        return code.trimmingCharacters(in: .whitespaces).hasSuffix(":")
    }

    /// Where a line's comment starts, outside strings.
    private static func commentStart(_ line: String) -> String.Index? {
        var quote: Character? = nil
        var escaped = false
        for i in line.indices {
            let c = line[i]
            if escaped { escaped = false; continue }
            if c == "\\" { escaped = true; continue }
            if let q = quote { if c == q { quote = nil }; continue }
            if c == "'" || c == "\"" { quote = c; continue }
            if c == "#" { return i }
        }
        return nil
    }

    /// Whether the lines so far leave a bracket, a string or a continuation open.
    static func isOpen(_ lines: [String]) -> Bool {
        var depth = 0
        var triple: String? = nil
        for (n, line) in lines.enumerated() {
            let chars = Array(line)
            var i = 0
            var quote: Character? = nil
            var backslashAtEnd = false
            while i < chars.count {
                let c = chars[i]
                backslashAtEnd = false
                if let t = triple {
                    if c == "\\" { i += 2; continue }
                    if String(chars[i..<min(i + 3, chars.count)]) == t { triple = nil; i += 3; continue }
                    i += 1
                    continue
                }
                if let q = quote {
                    if c == "\\" {
                        if i == chars.count - 1 { backslashAtEnd = true }
                        i += 2
                        continue
                    }
                    if c == q { quote = nil }
                    i += 1
                    continue
                }
                switch c {
                case "#": i = chars.count; continue
                case "'", "\"":
                    let three = String(repeating: c, count: 3)
                    if String(chars[i..<min(i + 3, chars.count)]) == three {
                        triple = three
                        i += 3
                        continue
                    }
                    quote = c
                case "(", "[", "{": depth += 1
                case ")", "]", "}": depth = max(depth - 1, 0)
                case "\\": if i == chars.count - 1 { backslashAtEnd = true }
                default: break
                }
                i += 1
            }
            if n == lines.count - 1 && (backslashAtEnd || depth > 0 || triple != nil) { return true }
        }
        return false
    }
}
