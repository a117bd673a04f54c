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
}
