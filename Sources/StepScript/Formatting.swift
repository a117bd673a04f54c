import Foundation
import TensorCore

/// `repr`, `str` and `format` of step-language values, as Python and PyTorch print them.
extension Interpreter {
    func repr(_ v: Value) throws -> String {
        switch v {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return PythonFormat.floatRepr(d)
        case .str(let s):
            try charge(s.utf8.count)
            return Interpreter.quote(s)
        case .list(let l):
            try charge(l.items.count)
            return try reprOnce(l, ifRecursive: "[...]") { "[" + (try l.items.map(repr).joined(separator: ", ")) + "]" }
        case .tuple(let t):
            // Tuples cannot contain themselves, but they can nest deeper than a stack holds.
            return try nested("while getting the repr of an object") {
                if t.count == 1 { return "(" + (try repr(t[0])) + ",)" }
                return "(" + (try t.map(repr).joined(separator: ", ")) + ")"
            }
        case .dict(let d):
            return try reprOnce(d, ifRecursive: "{...}") {
                "{" + (try zip(d.keys, d.values).map { "\(try repr($0)): \(try repr($1))" }.joined(separator: ", ")) + "}"
            }
        case .tensor(let box):
            // PyTorch's printer recurses once per dimension (about two Python frames each).
            if 2 * box.tensor.rank + callDepth + 12 > limits.callDepth {
                throw PyError(.recursionError, "maximum recursion depth exceeded while calling a Python object")
            }
            return box.isParameter ? "Parameter containing:\n" + box.tensor.description : box.tensor.description
        case .size(let dims): return TorchSize(dims: dims).description
        case .dtype(let d): return d.torchName
        case .range(let a, let b, let s): return s == 1 ? "range(\(a), \(b))" : "range(\(a), \(b), \(s))"
        case .slice(let a, let b, let c): return "slice(\(try repr(a)), \(try repr(b)), \(try repr(c)))"
        case .ellipsis: return "Ellipsis"
        case .function(let f): return "<function \(f.owner.map { $0.name + "." } ?? "")\(f.name) at 0x7f0000000000>"
        case .builtin(let b): return b.typeName.map { "<class '\($0)'>" } ?? "<built-in function \(b.name)>"
        case .classObject(let c): return "<class '\(c.qualifiedName)'>"
        case .instance(let inst):
            if inst.cls.isModule { return try moduleRepr(inst) }
            if let r = inst.cls.lookup("__repr__") { return try str(try call(try bind(r, to: v), [], [])) }
            if inst.cls.attributes["__exception__"] != nil || inst.cls.lookup("__exception__") != nil {
                let args = inst.attributes["args"] ?? .tuple([])
                if case .tuple(let a) = args, a.count == 1 { return "\(inst.cls.name)(\(try repr(a[0])))" }
                return "\(inst.cls.name)\(try repr(args))"
            }
            return "<\(inst.cls.qualifiedName) object at 0x7f0000000000>"
        case .module(let m): return "<module '\(m.name)'>"
        case .superProxy(let inst, let start): return "<super: <class '\(start.name)'>, <\(inst.cls.name) object>>"
        case .namedTuple(let typeName, let fields, let values):
            let parts = try zip(fields, values).map { "\($0)=\(try repr($1))" }
            if typeName.hasPrefix("torch.return_types.") {
                return "\(typeName)(\n" + parts.joined(separator: ",\n") + ")"
            }
            return "\(typeName)(" + parts.joined(separator: ", ") + ")"
        }
    }

    /// A container's repr, or `[...]` when it is already being printed (it contains itself).
    private func reprOnce(_ container: AnyObject, ifRecursive marker: String, _ body: () throws -> String) throws -> String {
        let id = ObjectIdentifier(container)
        if reprInProgress.contains(id) { return marker }
        reprInProgress.insert(id)
        defer { reprInProgress.remove(id) }
        return try nested("while getting the repr of an object", body)
    }

    /// `str(v)`: strings as they are, user `__str__`, otherwise the repr.
    func str(_ v: Value) throws -> String {
        switch v {
        case .str(let s): return s
        case .instance(let inst) where !inst.cls.isModule:
            if let s = inst.cls.lookup("__str__") { return try str(try call(try bind(s, to: v), [], [])) }
            if inst.cls.lookup("__exception__") != nil, case .tuple(let a)? = inst.attributes["args"] {
                return a.count == 1 ? try str(a[0]) : (a.isEmpty ? "" : try repr(.tuple(a)))
            }
            return try repr(v)
        default: return try repr(v)
        }
    }

    /// Python's repr of a string: single quotes unless the text has one and no double quote.
    static func quote(_ s: String) -> String {
        let useDouble = s.contains("'") && !s.contains("\"")
        let q: Character = useDouble ? "\"" : "'"
        var out = String(q)
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if Character(u) == q {
                    out += "\\" + String(q)
                } else if !isPrintable(u) {
                    // Python escapes what `str.isprintable` rejects, in the shortest of its forms.
                    out += u.value < 0x100 ? String(format: "\\x%02x", u.value)
                        : (u.value < 0x10000 ? String(format: "\\u%04x", u.value) : String(format: "\\U%08x", u.value))
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out.append(q)
        return out
    }

    /// Python's `str.isprintable` for one character: not a control, format, surrogate,
    /// private-use or unassigned code point, nor a separator other than the space.
    static func isPrintable(_ u: Unicode.Scalar) -> Bool {
        if u == " " { return true }
        switch u.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
             .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return false
        default:
            return true
        }
    }

    /// The text of an f-string.
    func formatParts(_ parts: [FStringPart], _ scope: Scope) throws -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let t): out += t
            case .field(let e, let conversion, let specParts):
                var v = try eval(e, scope)
                switch conversion {
                case "r": v = .str(try repr(v))
                case "s": v = .str(try str(v))
                case "a": v = .str(try repr(v))
                default: break
                }
                let spec = try formatParts(specParts, scope)
                out += try format(v, spec)
                try checkLength(out.utf8.count, "string")
            }
        }
        return out
    }

    /// `format(v, spec)`: Python's format mini-language for numbers and strings.
    func format(_ v: Value, _ spec: String) throws -> String {
        // `Tensor.__format__`: a plain 0-d tensor formats as its Python number (`f"{t}"` of
        // `tensor(1.)` is `1.0`); anything else, a Parameter included, is `object.__format__`:
        // its str with an empty spec, a TypeError with any other.
        if case .tensor(let box) = v, box.tensor.rank == 0, !box.isParameter {
            return try format(Interpreter.pythonValue(box.tensor), spec)
        }
        if spec.isEmpty { return try str(v) }
        switch v {
        case .tensor(let box):
            throw PyError(.typeError, "unsupported format string passed to \(box.isParameter ? "Parameter" : "Tensor").__format__")
        case .int, .float, .bool, .str:
            let parsed = try FormatSpec(spec, for: v)
            return try parsed.apply(to: v, interpreter: self)
        default:
            throw PyError(.typeError, "unsupported format string passed to \(v.typeName).__format__")
        }
    }
}

/// A parsed `[[fill]align][sign][#][0][width][,|_][.precision][type]`.
struct FormatSpec {
    var fill: Character = " "
    var align: Character? = nil
    var sign: Character = "-"
    /// Whether the spec named a sign at all (strings refuse even `-`).
    var signGiven = false
    var alternate = false
    var width = 0
    var grouping: Character? = nil
    var precision: Int? = nil
    var type: Character? = nil

    init(_ spec: String, for value: Value) throws {
        let chars = Array(spec)
        var i = 0
        func bad() -> PyError {
            PyError(.valueError, "Invalid format specifier '\(spec)' for object of type '\(value.typeName)'")
        }
        if chars.count >= 2 && "<>=^".contains(chars[1]) {
            fill = chars[0]
            align = chars[1]
            i = 2
        } else if let c = chars.first, "<>=^".contains(c) {
            align = c
            i = 1
        }
        if i < chars.count && "+- ".contains(chars[i]) {
            sign = chars[i]
            signGiven = true
            i += 1
        }
        if i < chars.count && chars[i] == "#" { alternate = true; i += 1 }
        if i < chars.count && chars[i] == "0" {
            if align == nil { fill = "0"; align = "=" }
            i += 1
        }
        var w = ""
        while i < chars.count && chars[i].isASCII && chars[i].isNumber { w.append(chars[i]); i += 1 }
        if !w.isEmpty {
            guard let n = Int(w) else { throw PyError(.valueError, "Too many decimal digits in format string") }
            width = n
        }
        if i < chars.count && (chars[i] == "," || chars[i] == "_") { grouping = chars[i]; i += 1 }
        if i < chars.count && chars[i] == "." {
            i += 1
            var p = ""
            while i < chars.count && chars[i].isASCII && chars[i].isNumber { p.append(chars[i]); i += 1 }
            guard !p.isEmpty else { throw PyError(.valueError, "Format specifier missing precision") }
            guard let n = Int(p) else { throw PyError(.valueError, "Too many decimal digits in format string") }
            precision = n
        }
        if i < chars.count { type = chars[i]; i += 1 }
        if i != chars.count { throw bad() }
        if let t = type, !"bcdeEfFgGnosxX%".contains(t) {
            throw PyError(.valueError, "Unknown format code '\(t)' for object of type '\(value.typeName)'")
        }
    }

    func apply(to v: Value, interpreter: Interpreter) throws -> String {
        // The padded or digit-filled result is built in full: refuse what could not be held.
        try interpreter.checkLength(width, "formatted string")
        if case .str = v {} else if let p = precision {
            if p > Int(Int32.max) { throw PyError(.valueError, "precision too big") }
            try interpreter.checkLength(p + 400, "formatted string")
        }
        switch v {
        case .str(let s):
            if let t = type, t != "s" {
                throw PyError(.valueError, "Unknown format code '\(t)' for object of type 'str'")
            }
            if signGiven { throw PyError(.valueError, "Sign not allowed in string format specifier") }
            var text = s
            if let p = precision { text = String(text.prefix(p)) }
            return pad(text, defaultAlign: "<")
        case .bool(let b) where type == nil:
            return pad(b ? "True" : "False", defaultAlign: "<")
        case .int(let n) where type == nil || "dnbxXoc".contains(type!):
            return try formatInt(n)
        case .bool(let b) where "dnbxXoc".contains(type!):
            return try formatInt(b ? 1 : 0)
        default:
            let x = try interpreter.numberValue(v)
            return formatFloat(x, isInt: { if case .int = v { return true }; if case .bool = v { return true }; return false }())
        }
    }

    private func formatInt(_ n: Int) throws -> String {
        if precision != nil { throw PyError(.valueError, "Precision not allowed in integer format specifier") }
        var digits: String
        switch type {
        case "b": digits = String(n.magnitude, radix: 2)
        case "o": digits = String(n.magnitude, radix: 8)
        case "x": digits = String(n.magnitude, radix: 16)
        case "X": digits = String(n.magnitude, radix: 16).uppercased()
        case "c":
            guard let code = UInt32(exactly: n), let u = Unicode.Scalar(code) else {
                throw PyError(.overflowError, "%c arg not in range(0x110000)")
            }
            return pad(String(Character(u)), defaultAlign: "<")
        default: digits = String(n.magnitude)
        }
        if let g = grouping { digits = FormatSpec.group(digits, g) }
        if alternate, let t = type, "box".contains(t.lowercased()) { digits = "0" + String(t) + digits }
        return pad(digits, signOf: n < 0, defaultAlign: ">")
    }

    private func formatFloat(_ x: Double, isInt: Bool) -> String {
        var body: String
        let negative = x < 0 || (x == 0 && x.sign == .minus)
        let a = Swift.abs(x)
        if a.isNaN {
            body = "nan"
        } else if a.isInfinite {
            body = "inf"
        } else {
            switch type {
            case "f", "F":
                body = String(format: "%.\(precision ?? 6)f", a)
            case "e", "E":
                body = String(format: "%.\(precision ?? 6)e", a)
            case "%":
                body = String(format: "%.\(precision ?? 6)f", a * 100) + "%"
            case "g", "G", "n":
                body = FormatSpec.general(a, precision: precision ?? 6, alternate: alternate)
            default:
                if let p = precision {
                    // No type with a precision: like 'g' but always showing a decimal point's digit.
                    body = FormatSpec.general(a, precision: p, alternate: alternate)
                    if !body.contains(".") && !body.contains("e") { body += ".0" }
                } else {
                    body = isInt ? String(Int(a)) : PythonFormat.floatRepr(a)
                }
            }
            if let g = grouping {
                let parts = body.split(separator: ".", maxSplits: 1).map(String.init)
                let intPart = parts[0].filter(\.isNumber) == parts[0] ? FormatSpec.group(parts[0], g) : parts[0]
                body = intPart + (parts.count > 1 ? "." + parts[1] : "")
            }
        }
        if type == "E" || type == "F" || type == "G" { body = body.uppercased() }
        return pad(body, signOf: negative, defaultAlign: ">")
    }

    /// Python's 'g': scientific when the exponent is below -4 or at least the precision.
    private static func general(_ a: Double, precision: Int, alternate: Bool) -> String {
        let p = Swift.max(precision, 1)
        if a == 0 { return alternate ? "0." + String(repeating: "0", count: p - 1) : "0" }
        let e = String(format: "%.\(p - 1)e", a)
        let exp = Int(e.split(separator: "e")[1])!
        var s: String
        if exp < -4 || exp >= p {
            s = e
            if !alternate {
                let parts = s.split(separator: "e")
                var mant = String(parts[0])
                if mant.contains(".") {
                    while mant.hasSuffix("0") { mant.removeLast() }
                    if mant.hasSuffix(".") { mant.removeLast() }
                }
                s = mant + "e" + parts[1]
            }
        } else {
            s = String(format: "%.\(Swift.max(p - 1 - exp, 0))f", a)
            if !alternate && s.contains(".") {
                while s.hasSuffix("0") { s.removeLast() }
                if s.hasSuffix(".") { s.removeLast() }
            }
        }
        return s
    }

    private static func group(_ digits: String, _ sep: Character) -> String {
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(sep) }
            out.append(c)
        }
        return String(out.reversed())
    }

    /// Applies sign, fill, alignment and width.
    private func pad(_ body: String, signOf negative: Bool = false, defaultAlign: Character) -> String {
        var signText = ""
        if negative { signText = "-" } else if sign == "+" { signText = "+" } else if sign == " " { signText = " " }
        let total = signText.count + body.count
        guard width > total else { return signText + body }
        let padding = width - total
        switch align ?? defaultAlign {
        case "<": return signText + body + String(repeating: fill, count: padding)
        case "^":
            let left = padding / 2
            return String(repeating: fill, count: left) + signText + body + String(repeating: fill, count: padding - left)
        case "=": return signText + String(repeating: fill, count: padding) + body
        default: return String(repeating: fill, count: padding) + signText + body
        }
    }
}
