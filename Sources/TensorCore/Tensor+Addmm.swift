/// `F.linear`'s fused path: PyTorch computes `x @ weight.T + bias` as one `addmm`, whose sgemm
/// starts from the bias (beta = 1) instead of adding it to the finished product.
extension Tensor {
    /// The values of `F.linear(x, weight, bias)` when PyTorch calls `addmm` for it, else nil
    /// (then the product followed by `+ bias` rounds as PyTorch does).
    ///
    /// `linear` calls `addmm` for a 2-D input, and for a contiguous input of any other rank
    /// with a 1-D bias after flattening it to rows (`_flatten_nd_linear`). The order matters
    /// once MKL's packed kernel splits k into blocks: each block's sum is added to the bias in
    /// turn, which rounds differently from adding the bias to the sum of all blocks.
    static func addmmLinear(_ x: Tensor, weight: Tensor, bias: Tensor) throws -> Tensor? {
        guard x.dtype == .float32, weight.dtype == .float32, bias.dtype == .float32,
              weight.rank == 2, x.rank >= 1, x.rank == 2 || (x.isContiguous && bias.rank == 1) else { return nil }
        let n = weight.shape[0], k = weight.shape[1]
        let rows = x.shape.dropLast().elementCount
        // A bias that does not broadcast is reported by the unfused path, with its message.
        guard let filled = try? bias.expanded(to: [rows, n]) else { return nil }
        try TensorLimits.checkWork(multiplyAdds: Double(rows) * Double(k) * Double(n))
        let flat = x.rank == 2 ? x : try x.reshape([rows, k])
        let values = Float32Arithmetic.mm(BLASOperand(flat), BLASOperand(weight.T),
                                          initial: filled.scalars.map { Float($0) })
        let shape = Array(x.shape.dropLast()) + [n]
        return Tensor(storage: TensorStorage(.floating(values.map(Double.init))), shape: shape,
                      strides: Tensor.contiguousStrides(shape), offset: 0, dtype: .float32)
    }
}
