import Foundation

/// Turns the lessons' inline LaTeX (`$\sqrt{d_k}$`) into plain Unicode a terminal can show
/// (`√d_k`), for the renderers that cannot typeset it.
public enum ReadableMath {
    private static let symbols: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "theta": "θ", "lambda": "λ",
        "mu": "μ", "pi": "π", "sigma": "σ", "tau": "τ", "phi": "φ", "omega": "ω", "Sigma": "Σ", "Omega": "Ω",
        "sum": "Σ", "prod": "Π", "cdot": "·", "times": "×", "div": "÷", "top": "ᵀ", "in": "∈", "approx": "≈",
        "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "to": "→", "rightarrow": "→",
        "leftarrow": "←", "ldots": "…", "dots": "…", "cdots": "⋯", "infty": "∞", "pm": "±", "sqrt": "√",
        "exp": "exp", "log": "log", "max": "max", "min": "min", "quad": "  ", "qquad": "    ",
    ]
    private static let superscripts: [Character: Character] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
        "+": "⁺", "-": "⁻", "(": "⁽", ")": "⁾", "T": "ᵀ", "i": "ⁱ", "n": "ⁿ", "x": "ˣ", "m": "ᵐ", "e": "ᵉ",
        "k": "ᵏ", "j": "ʲ", "d": "ᵈ", "=": "⁼",
    ]

    /// Replaces every `$...$` and `$$...$$` span in `text` with readable Unicode.
    public static func inText(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let start = rest.firstIndex(of: "$") {
            out += rest[..<start]
            let isDisplay = rest[start...].hasPrefix("$$")
            let open = rest.index(start, offsetBy: isDisplay ? 2 : 1)
            let closeToken = isDisplay ? "$$" : "$"
            guard let close = rest[open...].range(of: closeToken) else {
                out += rest[start...]
                return out
            }
            out += convert(String(rest[open..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// Converts one LaTeX expression.
    public static func convert(_ latex: String) -> String {
        var chars = Array(latex)
        var i = 0
        let result = parseSequence(&chars, &i, until: nil, depth: 0)
        return result.split(whereSeparator: { $0 == "\n" }).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ").replacingOccurrences(of: "  ", with: " ")
    }

    /// Groups and commands nested deeper than this are read as plain text: lesson math
    /// nests a few levels, and a hostile file must not exhaust the stack.
    static let maxDepth = 32

    private static func parseSequence(_ c: inout [Character], _ i: inout Int, until end: Character?, depth: Int) -> String {
        var out = ""
        while i < c.count {
            let ch = c[i]
            if let e = end, ch == e { i += 1; return out }
            if depth >= maxDepth {
                out.append(ch)
                i += 1
                continue
            }
            switch ch {
            case "\\": out += parseCommand(&c, &i, depth: depth + 1)
            case "{":
                i += 1
                out += parseSequence(&c, &i, until: "}", depth: depth + 1)
            case "^":
                i += 1
                out += superscript(parseArgument(&c, &i, depth: depth + 1))
            case "_":
                i += 1
                let sub = parseArgument(&c, &i, depth: depth + 1)
                out += "_" + (sub.count > 1 ? sub : sub)
            default:
                out.append(ch)
                i += 1
            }
        }
        return out
    }

    /// One argument: a `{group}`, a command, or a single character.
    private static func parseArgument(_ c: inout [Character], _ i: inout Int, depth: Int) -> String {
        while i < c.count && c[i] == " " { i += 1 }
        guard i < c.count else { return "" }
        if c[i] == "{" {
            i += 1
            return parseSequence(&c, &i, until: "}", depth: depth + 1)
        }
        if c[i] == "\\" && depth < maxDepth { return parseCommand(&c, &i, depth: depth + 1) }
        i += 1
        return String(c[i - 1])
    }

    private static func parseCommand(_ c: inout [Character], _ i: inout Int, depth: Int) -> String {
        i += 1
        guard i < c.count else { return "" }
        if !c[i].isLetter {
            let ch = c[i]
            i += 1
            switch ch {
            case ",", ";", ":", " ": return " "
            case "{", "}", "$", "%", "_", "#", "&": return String(ch)
            case "\\": return " "
            default: return String(ch)
            }
        }
        var name = ""
        while i < c.count && c[i].isLetter { name.append(c[i]); i += 1 }
        switch name {
        case "frac":
            let a = parseArgument(&c, &i, depth: depth), b = parseArgument(&c, &i, depth: depth)
            return wrap(a) + "/" + wrap(b)
        case "sqrt":
            let a = parseArgument(&c, &i, depth: depth)
            return "√" + wrap(a)
        case "text", "mathrm", "mathbf", "mathit", "operatorname", "textbf", "boldsymbol", "mathsf":
            return parseArgument(&c, &i, depth: depth)
        case "mathbb":
            let a = parseArgument(&c, &i, depth: depth)
            return ["R": "ℝ", "N": "ℕ", "Z": "ℤ"][a] ?? a
        case "left", "right", "big", "Big", "bigg", "Bigg":
            return ""
        default:
            return symbols[name] ?? name
        }
    }

    /// Parenthesises anything that is not one token: a space or an operator outside
    /// brackets makes `a/b` ambiguous, so such a part gets brackets.
    private static func wrap(_ s: String) -> String {
        var depth = 0
        var simple = !s.isEmpty
        for c in s {
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 } else if depth == 0 && (c.isWhitespace || "+-*/=,".contains(c)) {
                simple = false
            }
        }
        return simple ? s : "(" + s + ")"
    }

    private static func superscript(_ s: String) -> String {
        if s == "ᵀ" { return s }
        let mapped = s.compactMap { superscripts[$0] }
        if mapped.count == s.count && !s.isEmpty { return String(mapped) }
        return s.count == 1 ? "^" + s : "^(" + s + ")"
    }
}
