import Foundation

/// `nn.Linear`: `y = x @ weight.T + bias`, initialised as PyTorch does.
public struct Linear: Sendable {
    /// Shape `(outFeatures, inFeatures)`; a parameter (requires grad).
    public var weight: Tensor
    /// Shape `(outFeatures,)`, or nil when built with `bias: false`.
    public var bias: Tensor?

    /// A layer with the given parameters (weight shape `(out, in)`).
    public init(weight: Tensor, bias: Tensor?) {
        self.weight = weight
        self.bias = bias
    }

    /// Draws the weight, then the bias, each uniform in `[-k, k]` with `k = 1/sqrt(inFeatures)`.
    public init(inFeatures: Int, outFeatures: Int, bias: Bool = true, generator: Generator = .global) throws {
        try TensorLimits.check([outFeatures, inFeatures])
        let k = inFeatures > 0 ? 1 / Foundation.sqrt(Double(inFeatures)) : 0
        var w = try Tensor.zeros([outFeatures, inFeatures])
        w.uniform_(-k, k, generator: generator)
        w.requiresGrad = true
        weight = w
        if bias {
            var b = try Tensor.zeros([outFeatures])
            b.uniform_(-k, k, generator: generator)
            b.requiresGrad = true
            self.bias = b
        } else {
            self.bias = nil
        }
    }

    /// Applies the layer to `x` of shape `(..., inFeatures)`.
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        let inFeatures = weight.shape[1]
        guard x.rank >= 1, x.shape[x.rank - 1] == inFeatures else {
            let rows = x.rank >= 1 ? x.shape.dropLast().elementCount : 1
            let cols = x.rank >= 1 ? x.shape[x.rank - 1] : 1
            throw TensorError.runtime("\(bias == nil ? "mm" : "addmm"): mat1 and mat2 shapes cannot be multiplied (\(rows)x\(cols) and \(weight.shape[1])x\(weight.shape[0]))")
        }
        guard let b = bias else { return try x.matmul(weight.T) }
        let y = try Tensor.addmmLinear(x, weight: weight, bias: b) ?? (try x.matmul(weight.T)) + b
        return Tensor.recorded(y, x.rank == 2 ? "AddmmBackward0" : "UnsafeViewBackward0", inputs: [x, weight, b])
    }
}
