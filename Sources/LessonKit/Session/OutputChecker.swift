import Foundation

/// The result of comparing a step's actual output with the lesson's expected block.
public enum OutputComparison: Sendable, Equatable {
    case match
    /// Numbers beyond tolerance: the largest difference and where it is (0-based among numbers).
    case numbersDiffer(maxDifference: Double, element: Int, expected: String, actual: String)
    /// Something other than a number differs; `line` is 1-based in the expected text.
    case textDiffers(line: Int, expected: String, actual: String)

    public var isMatch: Bool { self == .match }

    /// One line describing the difference, as diagnostics print it.
    public var summary: String {
        switch self {
        case .match: return "output matches"
        case .numbersDiffer(let d, let i, let e, let a):
            return "step output differs: max |diff| \(OutputChecker.short(d)) at element \(i) (expected \(e), got \(a))"
        case .textDiffers(let line, let e, let a):
            return "step output differs at line \(line): expected \"\(e)\", got \"\(a)\""
        }
    }
}

/// Compares outputs number by number: each printed number must agree within half a unit of
/// its last printed digit (or an explicit absolute tolerance); all other text must match
/// after trimming trailing whitespace.
public enum OutputChecker {
    /// A piece of output text: a number token or the text between numbers.
    enum Piece: Equatable {
        case number(String)
        case text(String)
    }

    public static func compare(expected: String, actual: String, absoluteTolerance: Double? = nil) -> OutputComparison {
        let e = normalize(expected), a = normalize(actual)
        if e == a { return .match }
        let ep = pieces(e), ap = pieces(a)
        let eText = skeleton(ep), aText = skeleton(ap)
        let eNumbers = ep.compactMap { if case .number(let n) = $0 { return n }; return nil }
        let aNumbers = ap.compactMap { if case .number(let n) = $0 { return n }; return nil }
        if eText != aText || eNumbers.count != aNumbers.count {
            return firstTextDifference(e, a)
        }
        var worst: (Double, Int)? = nil
        for (i, (x, y)) in zip(eNumbers, aNumbers).enumerated() {
            guard let ev = value(x), let av = value(y) else {
                if x != y { return firstTextDifference(e, a) }
                continue
            }
            if ev.isNaN || av.isNaN || ev.isInfinite || av.isInfinite {
                if !(ev.isNaN && av.isNaN) && ev != av {
                    let d = Double.infinity
                    if worst == nil || d > worst!.0 { worst = (d, i) }
                }
                continue
            }
            let d = Swift.abs(ev - av)
            let tolerance = absoluteTolerance ?? halfUnit(x)
            if d > tolerance * (1 + 1e-9) && (worst == nil || d > worst!.0) { worst = (d, i) }
        }
        guard let (d, i) = worst else { return .match }
        return .numbersDiffer(maxDifference: d, element: i, expected: eNumbers[i], actual: aNumbers[i])
    }

    /// Trailing whitespace on each line and trailing blank lines do not count.
    static func normalize(_ s: String) -> String {
        var lines = s.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var l = String(line)
            while let last = l.last, last == " " || last == "\t" || last == "\r" { l.removeLast() }
            return l
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// Splits text into numbers and the text between them. A number must not be glued to a
    /// letter, digit or underscore on its left, so `float32` or `Backward0` stay text.
    static func pieces(_ s: String) -> [Piece] {
        let chars = Array(s)
        var out = [Piece]()
        var text = ""
        var i = 0
        func isWordChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "." }
        while i < chars.count {
            let prevOK = i == 0 || !isWordChar(chars[i - 1])
            if prevOK, let end = numberEnd(chars, i) {
                if !text.isEmpty { out.append(.text(text)); text = "" }
                out.append(.number(String(chars[i..<end])))
                i = end
                continue
            }
            text.append(chars[i])
            i += 1
        }
        if !text.isEmpty { out.append(.text(text)) }
        return out
    }

    /// The end of a number starting at `i`, if one does: `-0.4419`, `1.`, `3`, `1.2e-05`, `inf`, `nan`.
    private static func numberEnd(_ c: [Character], _ start: Int) -> Int? {
        var i = start
        if i < c.count && c[i] == "-" { i += 1 }
        for word in ["inf", "nan"] {
            let w = Array(word)
            if i + w.count <= c.count && Array(c[i..<(i + w.count)]) == w
                && (i + w.count == c.count || !(c[i + w.count].isLetter || c[i + w.count].isNumber)) {
                return i + w.count
            }
        }
        let digitsStart = i
        while i < c.count && c[i].isASCII && c[i].isNumber { i += 1 }
        if i == digitsStart { return nil }
        if i < c.count && c[i] == "." {
            i += 1
            while i < c.count && c[i].isASCII && c[i].isNumber { i += 1 }
        }
        if i < c.count && (c[i] == "e" || c[i] == "E") {
            var j = i + 1
            if j < c.count && (c[j] == "+" || c[j] == "-") { j += 1 }
            let expStart = j
            while j < c.count && c[j].isASCII && c[j].isNumber { j += 1 }
            if j > expStart { i = j }
        }
        if i < c.count && (c[i].isLetter || c[i] == "_") { return nil }
        return i
    }

    static func skeleton(_ pieces: [Piece]) -> String {
        pieces.map { piece -> String in
            switch piece {
            case .number: return "\u{1}"
            case .text(let t): return t.replacingOccurrences(of: " +", with: " ", options: .regularExpression)
            }
        }.joined()
    }

    static func value(_ token: String) -> Double? {
        switch token {
        case "inf": return .infinity
        case "-inf": return -.infinity
        case "nan", "-nan": return .nan
        default: return Double(token)
        }
    }

    /// Half a unit of the last printed digit: `0.4419` → 0.00005, `1.` → 0.5, `1.2340e-04` → 5e-9.
    static func halfUnit(_ token: String) -> Double {
        let lower = token.lowercased()
        let parts = lower.split(separator: "e", maxSplits: 1)
        let mantissa = String(parts[0])
        let exponent = parts.count > 1 ? Double(parts[1]) ?? 0 : 0
        let decimals = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let places = decimals.count > 1 ? decimals[1].count : 0
        return 0.5 * pow(10, -Double(places)) * pow(10, exponent)
    }

    private static func firstTextDifference(_ e: String, _ a: String) -> OutputComparison {
        let el = e.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let al = a.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for i in 0..<max(el.count, al.count) {
            let x = i < el.count ? el[i] : "", y = i < al.count ? al[i] : ""
            if x != y { return .textDiffers(line: i + 1, expected: x, actual: y) }
        }
        return .textDiffers(line: 1, expected: e, actual: a)
    }

    /// A short line diff of expected (`-`) and actual (`+`) output, at most `limit` lines.
    public static func diff(expected: String, actual: String, limit: Int = 8) -> [String] {
        let el = normalize(expected).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let al = normalize(actual).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out = [String]()
        for i in 0..<max(el.count, al.count) where out.count < limit {
            let x = i < el.count ? el[i] : nil, y = i < al.count ? al[i] : nil
            if x == y { continue }
            if let x = x { out.append("- " + x) }
            if let y = y { out.append("+ " + y) }
        }
        return out
    }

    /// A difference written compactly for messages.
    static func short(_ d: Double) -> String {
        if d.isInfinite { return "inf" }
        if d >= 1e-4 && d < 1e6 {
            var s = String(format: "%.4f", d)
            while s.hasSuffix("0") && !s.hasSuffix(".0") { s.removeLast() }
            return s
        }
        return String(format: "%.2e", d)
    }
}
