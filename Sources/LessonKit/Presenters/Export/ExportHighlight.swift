import Foundation
import StepScript

/// Syntax colouring of Python for the HTML export, by the step language's own lexer (the
/// terminal colours code from the same spans): keywords, builtins, strings, numbers and
/// comments become spans; everything is escaped.
enum PythonHighlighter {
    /// One line of code as HTML.
    static func html(_ line: String) -> String {
        (Highlight.lines(line).first ?? []).map { span in
            let text = ExportText.html(span.text)
            guard let cls = cssClass(span.kind) else { return text }
            return "<span class=\"\(cls)\">\(text)</span>"
        }.joined()
    }

    /// The class each kind of code takes in the page's style sheet, nil for plain text.
    static func cssClass(_ kind: Highlight.Kind) -> String? {
        switch kind {
        case .keyword: return "kw"
        case .builtin: return "bi"
        case .string: return "st"
        case .number: return "nu"
        case .comment: return "cm"
        case .name, .punctuation, .plain: return nil
        }
    }
}
