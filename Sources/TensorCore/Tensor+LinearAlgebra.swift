/// Matrix products: `torch.matmul` with its 1-D, 2-D and batched cases, and `torch.dot`.
extension Tensor {
    /// `t1 @ t2` for every dtype but float32 (whose products replay MKL in `Float32Arithmetic`):
    /// integers multiply and add in wrapping int64, floating types accumulate in double and
    /// round once. Operands have at least one dimension (a 1-D `t1` is a row, a 1-D `t2` a
    /// column); the values come in the row-major order of the broadcast result.
    static func product(_ t1: Tensor, _ t2: Tensor, batch: [Int]) throws -> TensorElements {
        let a = t1.rank == 1 ? try t1.unsqueeze(0) : t1
        let b = t2.rank == 1 ? try t2.unsqueeze(1) : t2
        let m = a.shape[a.rank - 2], k = a.shape[a.rank - 1], n = b.shape[b.rank - 1]
        let ae = try a.expanded(to: batch + [m, k]).elements, be = try b.expanded(to: batch + [k, n]).elements
        func gemm<T>(_ x: [T], _ y: [T], zero: T, _ multiplyAdd: (T, T, T) -> T) -> [T] {
            var out = [T](repeating: zero, count: batch.elementCount * m * n)
            for batchIndex in 0..<batch.elementCount {
                let xb = batchIndex * m * k, yb = batchIndex * k * n, ob = batchIndex * m * n
                for i in 0..<m {
                    for p in 0..<k {
                        let xv = x[xb + i * k + p]
                        for j in 0..<n { out[ob + i * n + j] = multiplyAdd(out[ob + i * n + j], xv, y[yb + p * n + j]) }
                    }
                }
            }
            return out
        }
        switch (ae, be) {
        case (.integers(let x), .integers(let y)):
            return .integers(gemm(x, y, zero: 0) { $0 &+ $1 &* $2 }.map(t1.dtype.wrap))
        case (.floating(let x), .floating(let y)):
            return .floating(gemm(x, y, zero: 0.0) { $0 + $1 * $2 }.map(t1.dtype.cast))
        default:
            preconditionFailure("matmul operands of different dtypes")
        }
    }

    /// A product's result: float32 values from `Float32Arithmetic`, other dtypes from `product`.
    func productResult(_ other: Tensor, shape: [Int], batch: [Int] = [], float32: () throws -> [Double]) throws -> Tensor {
        let values: TensorElements = dtype == .float32 ? .floating(try float32()) : try Tensor.product(self, other, batch: batch)
        return Tensor(storage: TensorStorage(values), shape: shape, strides: Tensor.contiguousStrides(shape), offset: 0, dtype: dtype)
    }

    func requireSameDtype(_ other: Tensor) throws {
        if dtype != other.dtype {
            throw TensorError.runtime("expected m1 and m2 to have the same dtype, but got: \(dtype.cTypeName) != \(other.dtype.cTypeName)")
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
        let r = try productResult(other, shape: []) { [Tensor.dotValue(self, other)] }
        return Tensor.recorded(r, "DotBackward0", inputs: [self, other])
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
            let r = try a.productResult(b, shape: [a.shape[0], b.shape[1]]) { Tensor.matrixProduct(a, b) }
            return Tensor.recorded(r, "MmBackward0", inputs: [a, b])
        }
        if a.rank == 2 && b.rank == 1 {
            guard a.shape[1] == b.shape[0] else {
                throw TensorError.runtime("size mismatch, got input (\(a.shape[0])), mat (\(a.shape[0])x\(a.shape[1])), vec (\(b.shape[0]))")
            }
            let r = try a.productResult(b, shape: [a.shape[0]]) { Tensor.matrixVectorProduct(a, b) }
            return Tensor.recorded(r, "MvBackward0", inputs: [a, b])
        }
        if a.rank == 1 && b.rank == 2 {
            guard a.shape[0] == b.shape[0] else {
                throw TensorError.runtime("mm: mat1 and mat2 shapes cannot be multiplied (1x\(a.shape[0]) and \(b.shape[0])x\(b.shape[1]))")
            }
            let r = try a.productResult(b, shape: [b.shape[1]]) { Tensor.vectorMatrixProduct(a, b) }
            return Tensor.recorded(r, "SqueezeBackward4", inputs: [a, b])
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
        var shape = batch + [m, n]
        if rank == 1 { shape.remove(at: shape.count - 2) }
        if other.rank == 1 { shape.removeLast() }
        // PyTorch computes every batched case through a reshaped product and views the result
        // back, so autograd records the final unsafe view.
        let name = "UnsafeViewBackward0"
        let r = try productResult(other, shape: shape, batch: batch) { try Tensor.batchedProduct(self, other, batch: batch) }
        return Tensor.recorded(r, name, inputs: [self, other])
    }

    /// An upper estimate of the multiply-adds `a @ b` takes (batch dimensions broadcast).
    static func matmulWork(_ a: [Int], _ b: [Int]) -> Double {
        let m = a.count >= 2 ? a[a.count - 2] : 1, k = a.last ?? 1
        let n = b.count >= 2 ? b[b.count - 1] : 1
        let batchA = a.dropLast(2).reduce(1.0) { $0 * Double($1) }, batchB = b.dropLast(2).reduce(1.0) { $0 * Double($1) }
        return Swift.max(batchA, batchB) * Double(m) * Double(k) * Double(n)
    }
}
