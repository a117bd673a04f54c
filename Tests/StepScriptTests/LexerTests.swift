import Testing
@testable import StepScript

@Suite struct LexerTests {
    @Test func blankAndCommentLinesDoNotIndent() throws {
        let tokens = try Lexer.tokenize("import torch\n\n   # note\nx = 1\n")
        let kinds = tokens.map(\.kind)
        #expect(!kinds.contains(.indent))
        #expect(tokens.first { $0.kind == .name("x") }?.line == 4)
    }

    @Test func bracketsJoinLines() throws {
        let tokens = try Lexer.tokenize("x = [1,\n     2]\ny = 3\n")
        #expect(tokens.filter { $0.kind == .newline }.count == 2)
    }

    private func string(_ literal: String) throws -> String {
        let tokens = try Lexer.tokenize("x = " + literal + "\n")
        guard case .string(let text, _) = tokens[2].kind else { throw PyError(.syntaxError, "no string token") }
        return text
    }

    @Test(arguments: [
        (#"'\N{BULLET}'"#, "\u{2022}"), (#"'\N{bullet} \N{EM DASH}'"#, "\u{2022} \u{2014}"),
        (#"'\N{CJK UNIFIED IDEOGRAPH-4E00}'"#, "\u{4E00}"), (#"'\N{LINE FEED}\N{BEL}'"#, "\n\u{07}"),
        (#"'\777'"#, "\u{1FF}"), (#"'\0'"#, "\u{0}"), (#"'\12'"#, "\n"), (#"'\1234'"#, "S4"), (#"'\8'"#, "\\8"),
        (#"'\a\b\f\v'"#, "\u{07}\u{08}\u{0C}\u{0B}"), (#"'\U0001F600'"#, "\u{1F600}"), (#"r'\N{BULLET}'"#, #"\N{BULLET}"#),
    ])
    func escapesDecodeAsPythonDecodesThem(_ literal: String, _ expected: String) throws {
        #expect(try string(literal) == expected)
    }

    /// CPython 3.11's messages (`python3 -c "'\U00110000'"`); positions count a non-ASCII
    /// character as the ten bytes of the `\UXXXXXXXX` CPython rewrites it to.
    @Test(arguments: [
        (#"'\U00110000'"#, "position 0-9: illegal Unicode character"),
        (#"'ab\U00110000'"#, "position 2-11: illegal Unicode character"),
        (#"'é\U00110000'"#, "position 10-19: illegal Unicode character"),
        (#"'\x4'"#, #"position 0-2: truncated \xXX escape"#),
        (#"'\u12'"#, #"position 0-3: truncated \uXXXX escape"#),
        (#"'\U1234'"#, #"position 0-5: truncated \UXXXXXXXX escape"#),
        (#"'\N{BULLET'"#, #"position 0-8: malformed \N character escape"#),
        (#"'\N'"#, #"position 0-1: malformed \N character escape"#),
        (#"'\N{}'"#, #"position 0-2: malformed \N character escape"#),
        (#"'\N{NO SUCH NAME}'"#, "position 0-15: unknown Unicode character name"),
    ])
    func badEscapesAreCPythonsSyntaxErrors(_ literal: String, _ reason: String) throws {
        let expected = PyError(.syntaxError, "(unicode error) 'unicodeescape' codec can't decode bytes in " + reason, line: 1)
        #expect(throws: expected) { try string(literal) }
    }
}
