import Testing
import StepScript
import TensorCore

/// The Swift modules in TensorCore and the book's classes run by the interpreter compute
/// the same numbers, bit for bit.
@Suite struct NativeModulesTests {
    static let embeddings: [Double] = [0.43, 0.15, 0.89, 0.55, 0.87, 0.66, 0.57, 0.85, 0.64,
                                       0.22, 0.58, 0.33, 0.77, 0.25, 0.10, 0.05, 0.80, 0.55]
    static let inputs = Tensor(shape: [6, 3], data: embeddings)
    static let prelude = """
    import torch
    import torch.nn as nn
    inputs = torch.tensor([[0.43, 0.15, 0.89], [0.55, 0.87, 0.66], [0.57, 0.85, 0.64],
                           [0.22, 0.58, 0.33], [0.77, 0.25, 0.10], [0.05, 0.80, 0.55]])

    class SelfAttention_v1(nn.Module):
        def __init__(self, d_in, d_out):
            super().__init__()
            self.W_query = nn.Parameter(torch.rand(d_in, d_out))
            self.W_key = nn.Parameter(torch.rand(d_in, d_out))
            self.W_value = nn.Parameter(torch.rand(d_in, d_out))

        def forward(self, x):
            keys = x @ self.W_key
            queries = x @ self.W_query
            values = x @ self.W_value
            attn_scores = queries @ keys.T
            attn_weights = torch.softmax(attn_scores / keys.shape[-1]**0.5, dim=-1)
            return attn_weights @ values

    class SelfAttention_v2(nn.Module):
        def __init__(self, d_in, d_out, qkv_bias=False):
            super().__init__()
            self.W_query = nn.Linear(d_in, d_out, bias=qkv_bias)
            self.W_key = nn.Linear(d_in, d_out, bias=qkv_bias)
            self.W_value = nn.Linear(d_in, d_out, bias=qkv_bias)

        def forward(self, x):
            keys = self.W_key(x)
            queries = self.W_query(x)
            values = self.W_value(x)
            attn_scores = queries @ keys.T
            attn_weights = torch.softmax(attn_scores / keys.shape[-1]**0.5, dim=-1)
            return attn_weights @ values

    """

    func interpreted(_ script: String, _ expression: String) throws -> [Double] {
        let interpreter = Interpreter()
        try interpreter.runScript(Self.prelude + script)
        let value = try interpreter.evaluateExpression(expression)
        guard case .tensor(_, let values, _) = value.kind else {
            Issue.record("\(expression) is not a tensor: \(value.repr)")
            return []
        }
        return values
    }

    @Test func selfAttentionV1MatchesTheInterpretedClass() throws {
        let native = try SelfAttentionV1(dIn: 3, dOut: 2, generator: Generator(seed: 123))(Self.inputs)
        let script = try interpreted("torch.manual_seed(123)\nsa = SelfAttention_v1(3, 2)\n", "sa(inputs).detach()")
        #expect(native.scalars == script)
        #expect(native.shape == [6, 2])
        let row = try native.index([.int(1)])
        #expect(Tensor(shape: [2], data: row.scalars).description == "tensor([0.3061, 0.8210])")
    }

    @Test func selfAttentionV2MatchesTheInterpretedClass() throws {
        let native = try SelfAttentionV2(dIn: 3, dOut: 2, generator: Generator(seed: 789))(Self.inputs)
        let script = try interpreted("torch.manual_seed(789)\nsa = SelfAttention_v2(3, 2)\n", "sa(inputs).detach()")
        #expect(native.scalars == script)
        #expect(native.description.hasSuffix("grad_fn=<MmBackward0>)"))
        #expect(native.description.hasPrefix("tensor([[-0.0739,  0.0713],"))
    }

    @Test func linearMatchesNNLinear() throws {
        let layer = try Linear(inFeatures: 3, outFeatures: 4, generator: Generator(seed: 1))
        let script = try interpreted("torch.manual_seed(1)\nlayer = nn.Linear(3, 4)\n", "layer(inputs).detach()")
        #expect(try layer(Self.inputs).scalars == script)
    }

    @Test func causalScaledDotProductAttentionMatchesTheBookCode() throws {
        let g = Generator(seed: 123)
        let q = Tensor.rand([6, 2], generator: g), k = Tensor.rand([6, 2], generator: g), v = Tensor.rand([6, 2], generator: g)
        let mask = try Tensor.ones([6, 6]).triu(diagonal: 1).to(.bool)
        let native = try scaledDotProductAttention(query: q, key: k, value: v, mask: mask)
        let script = try interpreted("""
        torch.manual_seed(123)
        q = torch.rand(6, 2)
        k = torch.rand(6, 2)
        v = torch.rand(6, 2)
        mask = torch.triu(torch.ones(6, 6), diagonal=1)
        scores = (q @ k.T).masked_fill(mask.bool(), -torch.inf)
        weights = torch.softmax(scores / k.shape[-1]**0.5, dim=-1)
        out = weights @ v
        """, "out")
        #expect(native.scalars == script)
    }
}
