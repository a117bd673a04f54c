import Foundation

/// Light syntax colouring of one line of Python for the HTML export: keywords, builtins,
/// strings, numbers and comments become spans; everything is escaped.
enum PythonHighlighter {
    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "break", "class", "continue", "def", "del", "elif",
        "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]
    static let builtins: Set<String> = [
        "print", "len", "range", "enumerate", "zip", "sum", "min", "max", "abs", "round", "float", "int",
        "str", "list", "tuple", "dict", "isinstance", "super", "self", "bool", "type", "sorted",
    ]

    static func html(_ line: String) -> String {
        let c = Array(line)
        var out = ""
        var i = 0
        func span(_ cls: String, _ text: String) { out += "<span class=\"\(cls)\">\(ExportText.html(text))</span>" }
        while i < c.count {
            let ch = c[i]
            if ch == "#" {
                span("cm", String(c[i...]))
                break
            }
            if ch == "\"" || ch == "'" {
                let start = i
                let triple = i + 2 < c.count && c[i + 1] == ch && c[i + 2] == ch
                i += triple ? 3 : 1
                while i < c.count {
                    if c[i] == "\\" { i += 2; continue }
                    if c[i] == ch && (!triple || (i + 2 < c.count && c[i + 1] == ch && c[i + 2] == ch)) {
                        i += triple ? 3 : 1
                        break
                    }
                    i += 1
                }
                // A string prefix (f, r, b) was emitted with the word before it; colour the rest.
                span("st", String(c[start..<min(i, c.count)]))
                continue
            }
            if ch.isLetter || ch == "_" {
                let start = i
                while i < c.count && (c[i].isLetter || c[i].isNumber || c[i] == "_") { i += 1 }
                let word = String(c[start..<i])
                if i < c.count && (c[i] == "\"" || c[i] == "'") && ["f", "r", "b", "rb", "br", "fr", "rf"].contains(word.lowercased()) {
                    span("st", word)
                } else if keywords.contains(word) {
                    span("kw", word)
                } else if builtins.contains(word) && !(start > 0 && c[start - 1] == ".") {
                    span("bi", word)
                } else {
                    out += ExportText.html(word)
                }
                continue
            }
            if ch.isASCII && ch.isNumber && (i == 0 || !(c[i - 1].isLetter || c[i - 1] == "_" || c[i - 1].isNumber)) {
                let start = i
                while i < c.count && (c[i].isNumber || c[i] == "." || c[i] == "e" || c[i] == "_"
                                      || ((c[i] == "-" || c[i] == "+") && i > start && c[i - 1] == "e")) { i += 1 }
                span("nu", String(c[start..<i]))
                continue
            }
            out += ExportText.html(String(ch))
            i += 1
        }
        return out
    }
}
