import Foundation

/// A parsed JSON value, for checking exported notebooks without Python.
indirect enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    var array: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    var string: String? { if case .string(let s) = self { return s }; return nil }
    var int: Int? { if case .int(let i) = self { return i }; return nil }

    /// nbformat's multiline strings: a string, or a list of strings to join.
    var text: String? {
        switch self {
        case .string(let s): return s
        case .array(let parts): return parts.compactMap(\.string).joined()
        default: return nil
        }
    }
}

/// A JSON Schema (draft 4) validator for the keywords nbformat's notebook schema uses:
/// `$ref`, `type`, `enum`, `required`, `properties`, `additionalProperties`,
/// `patternProperties`, `items`, `oneOf`, `anyOf`, `allOf`, `not`, `pattern`,
/// `minLength`, `maxLength`, `minimum`, `maximum`, `uniqueItems`. A keyword it does not
/// know is reported as an error, so a newer schema cannot pass unchecked.
struct JSONSchemaValidator {
    let root: JSONValue
    private static let annotations: Set<String> = ["description", "$schema", "definitions", "title", "default"]

    /// Every violation, as `path: message`; empty when the value is valid.
    func errors(_ value: JSONValue) -> [String] {
        var out = [String]()
        validate(value, root, path: "$", into: &out)
        return out
    }

    private func resolve(_ ref: String) -> JSONValue? {
        guard ref.hasPrefix("#/") else { return nil }
        var node = root
        for part in ref.dropFirst(2).split(separator: "/") {
            guard let next = node[String(part)] else { return nil }
            node = next
        }
        return node
    }

    private func matches(_ value: JSONValue, _ schema: JSONValue) -> Bool {
        var out = [String]()
        validate(value, schema, path: "", into: &out)
        return out.isEmpty
    }

    private func validate(_ value: JSONValue, _ schema: JSONValue, path: String, into out: inout [String]) {
        guard case .object(let s) = schema else {
            if case .bool(false) = schema { out.append("\(path): not allowed") }
            return
        }
        for (key, rule) in s {
            switch key {
            case _ where Self.annotations.contains(key):
                continue
            case "$ref":
                guard let target = rule.string.flatMap(resolve) else { out.append("\(path): cannot resolve \(rule)"); continue }
                validate(value, target, path: path, into: &out)
            case "type":
                let types = rule.array?.compactMap(\.string) ?? [rule.string ?? ""]
                if !types.contains(where: { Self.has(value, type: $0) }) { out.append("\(path): expected \(types.joined(separator: " or "))") }
            case "enum":
                if !(rule.array ?? []).contains(value) { out.append("\(path): \(value) is not one of \(rule)") }
            case "required":
                guard case .object(let o) = value else { continue }
                for name in rule.array?.compactMap(\.string) ?? [] where o[name] == nil {
                    out.append("\(path): missing required '\(name)'")
                }
            case "properties", "patternProperties":
                continue  // with additionalProperties below
            case "additionalProperties":
                continue
            case "items":
                guard case .array(let items) = value else { continue }
                for (i, item) in items.enumerated() { validate(item, rule, path: "\(path)[\(i)]", into: &out) }
            case "oneOf":
                let n = (rule.array ?? []).filter { matches(value, $0) }.count
                if n != 1 { out.append("\(path): matches \(n) of the oneOf schemas, not exactly one") }
            case "anyOf":
                if !(rule.array ?? []).contains(where: { matches(value, $0) }) { out.append("\(path): matches none of anyOf") }
            case "allOf":
                for sub in rule.array ?? [] { validate(value, sub, path: path, into: &out) }
            case "not":
                if matches(value, rule) { out.append("\(path): matches a schema it must not") }
            case "pattern":
                if case .string(let str) = value, let p = rule.string, !Self.search(p, in: str) {
                    out.append("\(path): '\(str)' does not match \(p)")
                }
            case "minLength", "maxLength":
                if case .string(let str) = value, let n = rule.int {
                    let count = str.unicodeScalars.count
                    if key == "minLength" ? count < n : count > n { out.append("\(path): length \(count) breaks \(key) \(n)") }
                }
            case "minimum", "maximum":
                let bound: Double? = rule.int.map(Double.init) ?? { if case .double(let d) = rule { return d }; return nil }()
                let number: Double? = { switch value { case .int(let i): return Double(i); case .double(let d): return d; default: return nil } }()
                if let b = bound, let x = number, key == "minimum" ? x < b : x > b { out.append("\(path): \(x) breaks \(key) \(b)") }
            case "uniqueItems":
                if case .array(let items) = value, case .bool(true) = rule {
                    for i in items.indices where items[(i + 1)...].contains(items[i]) { out.append("\(path): items are not unique") }
                }
            default:
                out.append("\(path): the validator does not know the keyword '\(key)'")
            }
        }
        // Object members: declared properties, pattern properties, then the rest.
        guard case .object(let o) = value, s["properties"] != nil || s["patternProperties"] != nil || s["additionalProperties"] != nil else { return }
        let properties: [String: JSONValue] = { if case .object(let p)? = s["properties"] { return p }; return [:] }()
        let patterns: [String: JSONValue] = { if case .object(let p)? = s["patternProperties"] { return p }; return [:] }()
        for (name, member) in o {
            var covered = false
            if let p = properties[name] {
                covered = true
                validate(member, p, path: "\(path).\(name)", into: &out)
            }
            for (pattern, p) in patterns where Self.search(pattern, in: name) {
                covered = true
                validate(member, p, path: "\(path).\(name)", into: &out)
            }
            if !covered, let extra = s["additionalProperties"] {
                if case .bool(false) = extra { out.append("\(path): unexpected property '\(name)'") }
                else if case .object = extra { validate(member, extra, path: "\(path).\(name)", into: &out) }
            }
        }
    }

    private static func has(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("integer", .int), ("number", .int), ("number", .double),
             ("string", .string), ("array", .array), ("object", .object): return true
        default: return false
        }
    }

    /// JSON Schema patterns are unanchored searches.
    private static func search(_ pattern: String, in text: String) -> Bool {
        guard let re = try? NSRegularExpression(pattern: pattern) else { return false }
        return re.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
