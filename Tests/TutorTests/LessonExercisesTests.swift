import Foundation
import Testing

/// The exercises of lessons 2, 5 and 6, through `tutor exercise`: a right answer written
/// differently from the lesson's reference passes, and each mistake the lesson names is
/// recognised in code written another way than the lesson's own.
@Suite struct LessonExercisesTests {
    /// Checks `code`, saved as the learner's file, against lesson `lesson`'s exercise.
    static func check(_ lesson: Int, _ code: String) throws -> (TutorBinary.Run, [String: Any]) {
        let w = try ExerciseCommandTests.Workspace()
        try Data(code.utf8).write(to: w.dir.appendingPathComponent("mine.py"))
        let (run, report) = try w.json(["exercise", String(lesson), "--file", "mine.py"])
        return (run, ExerciseCommandTests.firstExercise(report))
    }

    // MARK: Lesson 2: attention_scores

    /// `attention_scores` with the given return expression (`q` and `k` are the projections).
    static func scores(_ result: String, q: String = "x @ W_query", k: String = "x @ W_key") -> String {
        "def attention_scores(x, W_query, W_key):\n    q = \(q)\n    k = \(k)\n    return \(result)\n"
    }

    // MARK: Lesson 5: causal_attention_weights

    /// `causal_attention_weights` written unlike the lesson: the scores scaled before they
    /// are masked, the mask compared with 1 rather than turned to bool, method calls.
    static func causal(size: String = "keys.shape[-2]", hide: String = "torch.ones(n, n).triu(diagonal=1) == 1",
                       scale: String = " / d_k ** 0.5", fill: String = "float(\"-inf\")",
                       body: String = "return scores.masked_fill(hide, FILL).softmax(dim=-1)") -> String {
        """
        def causal_attention_weights(queries, keys):
            d_k = keys.shape[-1]
            n = \(size)
            hide = \(hide)
            scores = torch.matmul(queries, keys.transpose(-1, -2))\(scale)
            \(body.replacingOccurrences(of: "FILL", with: fill))

        """
    }

    // MARK: Lesson 6: multi_head_attention

    /// `multi_head_attention` written unlike the lesson: `reshape` and negative dimensions,
    /// the mask as an additive matrix of -inf, with each piece replaceable.
    static func heads(split: String = "t.reshape(b, n, num_heads, hd).transpose(1, 2)",
                      scores: String = "q @ k.transpose(-2, -1)",
                      mask: String = " + torch.full((n, n), -torch.inf).triu(1)",
                      scale: String = "hd ** 0.5",
                      merge: String = "return out.transpose(1, 2).reshape(b, n, hd * num_heads)") -> String {
        """
        def multi_head_attention(queries, keys, values, num_heads):
            b, n = queries.shape[0], queries.shape[1]
            hd = queries.shape[-1] // num_heads
            q, k, v = [\(split) for t in (queries, keys, values)]
            s = \(scores)\(mask)
            out = torch.softmax(s / \(scale), dim=-1) @ v
            \(merge)

        """
    }

    /// One head at a time on slices of the features, joined with `torch.cat`: the wrapper's
    /// way, with no reshaping at all.
    static let headsBySlices = """
        def multi_head_attention(queries, keys, values, num_heads):
            d = queries.shape[-1] // num_heads
            n = queries.shape[1]
            hide = torch.triu(torch.ones(n, n), diagonal=1).bool()
            outs = []
            for h in range(num_heads):
                q = queries[:, :, h * d:(h + 1) * d]
                k = keys[:, :, h * d:(h + 1) * d]
                v = values[:, :, h * d:(h + 1) * d]
                s = (q @ k.transpose(1, 2)).masked_fill(hide, -torch.inf)
                outs.append(torch.softmax(s / d ** 0.5, dim=-1) @ v)
            return torch.cat(outs, dim=-1)

        """

    // MARK: Tests

    @Test(arguments: [
        (2, scores("x @ (W_query @ W_key.T) @ x.T")),
        (2, """
            def attention_scores(x, W_query, W_key):
                n = x.shape[0]
                out = torch.empty(n, n)
                for i in range(n):
                    for j in range(n):
                        out[i, j] = torch.dot(x[i] @ W_query, x[j] @ W_key)
                return out

            """),
        (5, causal()),
        (6, heads()),
        (6, headsBySlices),
    ])
    func aRightAnswerWrittenAnotherWayPasses(_ lesson: Int, _ code: String) throws {
        let (run, entry) = try Self.check(lesson, code)
        #expect(run.status == 0, "\(entry)")
        #expect(entry["status"] as? String == "pass")
        #expect(entry["cases_passed"] as? Int == entry["cases_total"] as? Int)
    }

    @Test(arguments: [
        (2, scores("torch.matmul(k, q.T)", q: "torch.matmul(x, W_query)", k: "torch.matmul(x, W_key)"), "queries and keys swapped"),
        (2, scores("torch.matmul(q, k)", q: "torch.matmul(x, W_query)", k: "torch.matmul(x, W_key)"), "the keys are not transposed"),
        (2, scores("q.transpose(0, 1) @ k"), "the transpose on the wrong side"),
        (2, scores("q @ k.transpose(0, 1)", q: "x @ W_query.transpose(0, 1)", k: "x @ W_key.transpose(0, 1)"), "the weight matrices transposed"),
        (2, scores("q @ k.T", k: "x @ W_query"), "W_query used for the keys too"),
        (5, causal(body: "return torch.softmax(scores, dim=-1)"), "no mask"),
        (5, causal(fill: "0"), "0 instead of -inf"),
        (5, causal(body: "return torch.softmax(scores, dim=-1).masked_fill(hide, 0.0)"), "after the softmax"),
        (5, causal(hide: "torch.ones(n, n).triu() == 1"), "hides the diagonal too"),
        (5, causal(hide: "torch.ones(n, n).tril() == 1"), "the wrong way round"),
        (5, causal(scale: ""), "no scaling"),
        (5, causal(size: "queries.shape[0]"), "shape[0]"),
        (6, heads(merge: "return out"), "not merged back"),
        (6, heads(merge: "return out.reshape(b, n, hd * num_heads)"), "no transpose(1, 2) first"),
        (6, heads(merge: "return out.transpose(1, 2).view(b, n, hd * num_heads)"), "without contiguous()"),
        (6, heads(split: "t.reshape(b, num_heads, n, hd)", merge: "return out.reshape(b, n, hd * num_heads)"), "split with view straight into"),
        (6, heads(mask: ""), "no causal mask"),
        (6, heads(scale: "queries.shape[-1] ** 0.5"), "√d_out"),
        (6, heads(scores: "q @ k.transpose(1, 2)"), "transpose(1, 2), as in lesson 5"),
    ])
    func namedMistakesAreRecognised(_ lesson: Int, _ code: String, _ named: String) throws {
        let (run, entry) = try Self.check(lesson, code)
        #expect(run.status == 1)
        #expect(entry["status"] as? String == "fail")
        #expect((entry["mistake"] as? String)?.contains(named) == true, "\(entry)")
    }
}
