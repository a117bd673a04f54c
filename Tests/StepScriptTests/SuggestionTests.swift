@testable import StepScript
import Testing

/// Python's "Did you mean" rule: weighted edit distance, a third of the characters at most,
/// the first of equally close candidates.
@Suite struct SuggestionTests {
    @Test(arguments: [
        ("inptus", ["inputs", "input"], "inputs"),
        ("Linaer", ["Linear", "LayerNorm"], "Linear"),
        ("Softmax", ["softmax"], "softmax"),
        ("SOFTMAX", ["softmax"], nil),
        ("x", ["y", "z"], nil),
        ("attn_weigths", ["attn_weights", "attn_scores"], "attn_weights"),
        ("completely_different", ["softmax"], nil),
    ] as [(String, [String], String?)])
    func closest(_ name: String, _ candidates: [String], _ expected: String?) {
        #expect(Suggestions.closest(to: name, among: candidates) == expected)
    }

    @Test func tooManyCandidatesGiveNone() {
        let many = (0..<750).map { "name\($0)" }
        #expect(Suggestions.closest(to: "name1x", among: many) == nil)
        #expect(Suggestions.closest(to: "name1x", among: Array(many.prefix(749))) != nil)
    }

    @Test func caseCostsHalfAChange() {
        #expect(Suggestions.distance(Array("Abc".utf8), Array("abc".utf8), limit: 10) == 1)
        #expect(Suggestions.distance(Array("xbc".utf8), Array("abc".utf8), limit: 10) == 2)
    }
}
