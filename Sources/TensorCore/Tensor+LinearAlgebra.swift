/// Matrix products: `torch.matmul` with its 1-D, 2-D and batched cases, and `torch.dot`.
extension Tensor {
    /// Multiplies `[m, k]` by `[k, n]` row-major buffers, accumulating in double: exact for the
    /// int64 products (float32 products go through `Float32Arithmetic`'s MKL model instead).
    static func gemm(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        var out = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for p in 0..<k {
                let x = a[i * k + p]
                if x == 0 { continue }
                for j in 0..<n { out[i * n + j] += x * b[p * n + j] }
            }
        }
        return out
    }

    func requireSameDtype(_ other: Tensor) throws {
        if dtype != other.dtype {
            throw TensorError.runtime("expected m1 and m2 to have the same dtype, but got: \(dtype == .float32 ? "float" : (dtype == .int64 ? "long int" : "bool")) != \(other.dtype == .float32 ? "float" : (other.dtype == .int64 ? "long int" : "bool"))")
        }
    }

    /// `torch.dot(a, b)`: both 1-D with the same length.
    public func dot(_ other: Tensor) throws -> Tensor {
        guard rank == 1 && other.rank == 1 else {
            throw TensorError.runtime("1D tensors expected, but got \(rank)D and \(other.rank)D tensors")
        }
        if dtype != other.dtype {
            throw TensorError.runtime("dot : expected both vectors to have same dtype, but found \(dtype.scalarTypeName) and \(other.dtype.scalarTypeName)")
        }
        guard shape[0] == other.shape[0] else {
            throw TensorError.runtime("inconsistent tensor size, expected tensor [\(shape[0])] and src [\(other.shape[0])] to have the same number of elements, but got \(shape[0]) and \(other.shape[0]) elements respectively")
        }
        let s = Tensor.dotValue(self, other)
        return Tensor.recorded(Tensor(shape: [], data: [s], dtype: dtype), "DotBackward0", inputs: [self, other])
    }

    /// `a @ b` / `torch.matmul(a, b)`, with PyTorch's messages and autograd node names.
    public func matmul(_ other: Tensor) throws -> Tensor {
        let a = self, b = other
        if a.rank == 0 || b.rank == 0 {
            throw TensorError.runtime("both arguments to matmul need to be at least 1D, but they are \(a.rank)D and \(b.rank)D")
        }
        if a.rank == 1 && b.rank == 1 { return try a.dot(b) }
        try a.requireSameDtype(b)
        try TensorLimits.checkWork(multiplyAdds: Tensor.matmulWork(a.shape, b.shape))
        if a.rank == 2 && b.rank == 2 {
            guard a.shape[1] == b.shape[0] else {
                throw TensorError.runtime("mm: mat1 and mat2 shapes cannot be multiplied (\(a.shape[0])x\(a.shape[1]) and \(b.shape[0])x\(b.shape[1]))")
            }
            let out = Tensor.matrixProduct(a, b)
            return Tensor.recorded(Tensor(shape: [a.shape[0], b.shape[1]], data: out, dtype: a.dtype), "MmBackward0", inputs: [a, b])
        }
        if a.rank == 2 && b.rank == 1 {
            guard a.shape[1] == b.shape[0] else {
                throw TensorError.runtime("size mismatch, got input (\(a.shape[0])), mat (\(a.shape[0])x\(a.shape[1])), vec (\(b.shape[0]))")
            }
            let out = Tensor.matrixVectorProduct(a, b)
            return Tensor.recorded(Tensor(shape: [a.shape[0]], data: out, dtype: a.dtype), "MvBackward0", inputs: [a, b])
        }
        if a.rank == 1 && b.rank == 2 {
            guard a.shape[0] == b.shape[0] else {
                throw TensorError.runtime("mm: mat1 and mat2 shapes cannot be multiplied (1x\(a.shape[0]) and \(b.shape[0])x\(b.shape[1]))")
            }
            let out = Tensor.vectorMatrixProduct(a, b)
            return Tensor.recorded(Tensor(shape: [b.shape[1]], data: out, dtype: a.dtype), "SqueezeBackward4", inputs: [a, b])
        }
        return try batchedMatmul(other)
    }

    /// The N-D case: broadcast the batch dimensions, multiply the trailing matrices.
    func batchedMatmul(_ other: Tensor) throws -> Tensor {
        let a = rank == 1 ? try unsqueeze(0) : self
        let b = other.rank == 1 ? try other.unsqueeze(1) : other
        let m = a.shape[a.rank - 2], k = a.shape[a.rank - 1]
        let k2 = b.shape[b.rank - 2], n = b.shape[b.rank - 1]
        let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
        // Batch dimensions must broadcast before the inner sizes are compared.
        let batch = try Tensor.broadcastShape(batchA, batchB)
        guard k == k2 else {
            if b.rank == 2 {
                let rows = batchA.elementCount * m
                throw TensorError.runtime("mm: mat1 and mat2 shapes cannot be multiplied (\(rows)x\(k) and \(k2)x\(n))")
            }
            let bb = batch.elementCount
            throw TensorError.runtime("Expected size for first two dimensions of batch2 tensor to be: [\(bb), \(k)] but got: [\(bb), \(k2)].")
        }
        let out = try Tensor.batchedProduct(self, other, batch: batch)
        var shape = batch + [m, n]
        if rank == 1 { shape.remove(at: shape.count - 2) }
        if other.rank == 1 { shape.removeLast() }
        // PyTorch computes every batched case through a reshaped product and views the result
        // back, so autograd records the final unsafe view.
        let name = "UnsafeViewBackward0"
        return Tensor.recorded(Tensor(shape: shape, data: out, dtype: dtype), name, inputs: [self, other])
    }

    /// An upper estimate of the multiply-adds `a @ b` takes (batch dimensions broadcast).
    static func matmulWork(_ a: [Int], _ b: [Int]) -> Double {
        let m = a.count >= 2 ? a[a.count - 2] : 1, k = a.last ?? 1
        let n = b.count >= 2 ? b[b.count - 1] : 1
        let batchA = a.dropLast(2).reduce(1.0) { $0 * Double($1) }, batchB = b.dropLast(2).reduce(1.0) { $0 * Double($1) }
        return Swift.max(batchA, batchB) * Double(m) * Double(k) * Double(n)
    }
}
