/// `torch.bmm`: unlike `@` on 3-D tensors, which reshapes its operands first (and so gives a
/// one-row or one-column matrix fresh contiguous strides), `bmm` hands MKL the operands' own
/// strides, and those decide which kernel, and so which rounding, each element gets.
extension Tensor {
    /// `torch.bmm(self, other)`: `[b, n, k] @ [b, k, p]`, with PyTorch's messages.
    public func bmm(_ other: Tensor) throws -> Tensor {
        guard rank == 3 else { throw TensorError.runtime("batch1 must be a 3D tensor") }
        guard other.rank == 3 else { throw TensorError.runtime("batch2 must be a 3D tensor") }
        let count = shape[0], n = shape[1], k = shape[2], p = other.shape[2]
        guard other.shape[0] == count && other.shape[1] == k else {
            throw TensorError.runtime("Expected size for first two dimensions of batch2 tensor to be: [\(count), \(k)] but got: [\(other.shape[0]), \(other.shape[1])].")
        }
        if dtype != other.dtype {
            throw TensorError.runtime("expected scalar type \(dtype.scalarTypeName) but found \(other.dtype.scalarTypeName)")
        }
        try TensorLimits.checkWork(multiplyAdds: Tensor.matmulWork(shape, other.shape))
        let r = try productResult(other, shape: [count, n, p], batch: [count]) {
            Float32Arithmetic.bmm(self, other).map(Double.init)
        }
        return Tensor.recorded(r, "BmmBackward0", inputs: [self, other])
    }
}
