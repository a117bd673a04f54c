import Foundation

/// `softmax(Q K^T / sqrt(d_k)) V`, optionally hiding positions where `mask` is true.
///
/// `mask` marks the positions to hide (like the book's `triu` mask), broadcast over the scores.
public func scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, mask: Tensor? = nil) throws -> Tensor {
    let dk = Double(key.shape[key.rank - 1])
    var scores = try query.matmul(key.transpose(-2, -1))
    if let mask = mask { scores = try scores.maskedFill(mask, -Double.infinity) }
    let weights = try scores.binary(.div, .float(dk.squareRoot())).softmax(dim: -1)
    return try weights.matmul(value)
}

/// The book's `SelfAttention_v1`: three `nn.Parameter(torch.rand(d_in, d_out))` matrices.
public struct SelfAttentionV1: Sendable {
    public var wQuery: Tensor
    public var wKey: Tensor
    public var wValue: Tensor

    /// Draws W_query, W_key, W_value in that order with `torch.rand`, as the book's class does.
    public init(dIn: Int, dOut: Int, generator: Generator = .global) {
        func parameter() -> Tensor {
            var t = Tensor.rand([dIn, dOut], generator: generator)
            t.requiresGrad = true
            return t
        }
        wQuery = parameter()
        wKey = parameter()
        wValue = parameter()
    }

    /// The context vectors for `x` of shape `(tokens, d_in)`.
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        try scaledDotProductAttention(query: x.matmul(wQuery), key: x.matmul(wKey), value: x.matmul(wValue))
    }
}

/// The book's `SelfAttention_v2`: the same computation with `nn.Linear` projections.
public struct SelfAttentionV2: Sendable {
    public var wQuery: Linear
    public var wKey: Linear
    public var wValue: Linear

    public init(dIn: Int, dOut: Int, qkvBias: Bool = false, generator: Generator = .global) throws {
        wQuery = try Linear(inFeatures: dIn, outFeatures: dOut, bias: qkvBias, generator: generator)
        wKey = try Linear(inFeatures: dIn, outFeatures: dOut, bias: qkvBias, generator: generator)
        wValue = try Linear(inFeatures: dIn, outFeatures: dOut, bias: qkvBias, generator: generator)
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        try scaledDotProductAttention(query: wQuery(x), key: wKey(x), value: wValue(x))
    }
}
