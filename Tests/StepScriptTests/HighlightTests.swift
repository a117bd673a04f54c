import StepScript
import Testing

/// Highlighting by the lexer: every character kept, each token of its kind, and code the
/// lexer cannot read still shown.
@Suite struct HighlightTests {
    static func kinds(_ source: String) -> [(String, Highlight.Kind)] {
        Highlight.lines(source).flatMap { $0 }.map { ($0.text.trimmingCharacters(in: .whitespaces), $0.kind) }
    }

    @Test func tokensTakeTheirKinds() {
        let spans = Highlight.lines("def f(x):  # doubles\n    return x.sum() * 2.5 + len('ab')\n")
        #expect(spans.count == 3)
        #expect(spans[0].map(\.kind) == [.keyword, .name, .punctuation, .name, .punctuation, .comment])
        let second = spans[1].map { ($0.text, $0.kind) }
        #expect(second.contains { $0 == ("return ", .keyword) })
        #expect(second.contains { $0 == ("sum", .name) }, "an attribute is not the builtin")
        #expect(second.contains { $0 == ("2.5 ", .number) })
        #expect(second.contains { $0 == ("len", .builtin) })
        #expect(second.contains { $0 == ("'ab'", .string) })
    }

    @Test(arguments: [
        "x = f(1,\n      2)\n",
        "s = '''two\nlines'''\nprint(s)",
        "broken = 'never closed\nnext = 1\n",
        "  bad indent\nx = 1 $ 2\n",
        "f\"{x:.2f}\" + r'\\d' + '\\N{BULLET}'",
        "",
        "\n\n\n",
    ])
    func everyCharacterIsKept(_ source: String) {
        let lines = Highlight.lines(source)
        #expect(lines.map { $0.map(\.text).joined() }.joined(separator: "\n") == source)
    }

    @Test func whatCannotBeReadShowsPlainToTheEndOfItsLine() {
        let lines = Highlight.lines("x = 'open\ny = 2\n")
        #expect(lines[0].last?.kind == .plain)
        #expect(lines[1].contains { $0.kind == .number })
    }
}
