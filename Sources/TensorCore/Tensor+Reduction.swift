import Foundation

/// Reductions over all elements or along one dimension.
extension Tensor {
    /// Splits the elements into groups along `dim`: returns (outer, size, inner) counts of a
    /// contiguous copy so that element (o, k, i) sits at `(o * size + k) * inner + i`.
    func reductionLayout(_ dim: Int) -> (outer: Int, size: Int, inner: Int) {
        let outer = shape[..<dim].elementCount
        let inner = shape[(dim + 1)...].elementCount
        return (outer, shape[dim], inner)
    }

    /// Reduces along `dim` with `f`, which maps the values of one line to one value.
    func reduce(dim: Int?, keepdim: Bool, dtype: DType, gradFn: String,
                _ f: ([Double]) -> Double) throws -> Tensor {
        guard let dim0 = dim else {
            let r = Tensor(shape: [], data: [f(scalars)], dtype: dtype)
            return Tensor.recorded(r, gradFn, inputs: [self])
        }
        let d = try normalizeDim(dim0, rank: rank)
        if rank == 0 {
            return Tensor.recorded(Tensor(shape: [], data: [f(scalars)], dtype: dtype), gradFn, inputs: [self])
        }
        let (outer, size, inner) = reductionLayout(d)
        let data = scalars
        var out = [Double](repeating: 0, count: outer * inner)
        var line = [Double](repeating: 0, count: size)
        for o in 0..<outer {
            for i in 0..<inner {
                for k in 0..<size { line[k] = data[(o * size + k) * inner + i] }
                out[o * inner + i] = f(line)
            }
        }
        var newShape = shape
        if keepdim { newShape[d] = 1 } else { newShape.remove(at: d) }
        return Tensor.recorded(Tensor(shape: newShape, data: out, dtype: dtype), gradFn, inputs: [self])
    }

    /// The result shape of reducing `dims`, keeping them as size 1 when `keepdim` is set.
    func reducedShape(_ dims: Set<Int>, keepdim: Bool) -> [Int] {
        shape.indices.compactMap { dims.contains($0) ? (keepdim ? 1 : nil) : shape[$0] }
    }

    /// The dimensions a `dim` argument selects: all of them for `nil`.
    func reductionDims(_ dim: Int?) throws -> Set<Int> {
        guard let dim else { return Set(shape.indices) }
        let d = try normalizeDim(dim, rank: rank)
        return rank == 0 ? [] : [d]
    }

    /// A float32 reduction whose values come from `compute` (row-major over the kept dimensions).
    func floatReduction(dim: Int?, keepdim: Bool, gradFn: String,
                        _ compute: (Set<Int>) -> [Double]) throws -> Tensor {
        let dims = try reductionDims(dim)
        let shape = dim == nil ? [] : reducedShape(dims, keepdim: keepdim)
        return Tensor.recorded(Tensor(shape: shape, data: compute(dims), dtype: .float32), gradFn, inputs: [self])
    }

    /// `t.sum()` / `t.sum(dim)`.
    ///
    /// Float tensors are summed in float32 in PyTorch's cascade order (see `Float32Arithmetic`),
    /// so results round exactly as PyTorch's do; integers and bools sum exactly to int64.
    public func sum(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        let gradFn = dim == nil ? "SumBackward0" : "SumBackward1"
        guard dtype == .float32 else {
            return try reduce(dim: dim, keepdim: keepdim, dtype: .int64, gradFn: gradFn) { $0.reduce(0, +) }
        }
        return try floatReduction(dim: dim, keepdim: keepdim, gradFn: gradFn) { dims in
            Float32Arithmetic.sum(self, dims: dims).map(Double.init)
        }
    }

    /// `t.mean()` / `t.mean(dim)`: float tensors only, as in PyTorch, which sums in float32 and
    /// then divides by the count in float32.
    public func mean(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        try requireFloat("mean")
        return try floatReduction(dim: dim, keepdim: keepdim, gradFn: dim == nil ? "MeanBackward0" : "MeanBackward1") { dims in
            let n = Float(dims.reduce(1) { $0 * shape[$1] })
            return Float32Arithmetic.sum(self, dims: dims).map { Double($0 / n) }
        }
    }

    /// `t.var()` with Bessel's correction unless `unbiased` is false.
    public func variance(dim: Int? = nil, keepdim: Bool = false, unbiased: Bool = true) throws -> Tensor {
        try requireFloat("var")
        return try floatReduction(dim: dim, keepdim: keepdim, gradFn: "VarBackward0") { dims in
            varianceValues(dims, correction: unbiased ? 1 : 0, takeSqrt: false)
        }
    }

    /// `t.std()`.
    public func std(dim: Int? = nil, keepdim: Bool = false, unbiased: Bool = true) throws -> Tensor {
        try requireFloat("std")
        return try floatReduction(dim: dim, keepdim: keepdim, gradFn: "StdBackward0") { dims in
            varianceValues(dims, correction: unbiased ? 1 : 0, takeSqrt: true)
        }
    }

    /// Variances (or deviations) over `dims`, computed in double as PyTorch does: a two-pass
    /// sum around the float32 mean when the result is one element, Welford per line otherwise.
    func varianceValues(_ dims: Set<Int>, correction: Double, takeSqrt: Bool) -> [Double] {
        let outCount = reducedShape(dims, keepdim: false).elementCount
        if count == 0 { return [Double](repeating: .nan, count: outCount) }
        if outCount == 1 { return [Float32Arithmetic.varianceAll(self, correction: correction, takeSqrt: takeSqrt)] }
        // Only single dimensions reach here (the public API takes one `dim`).
        let d = dims.first!
        let (outer, size, inner) = reductionLayout(d)
        let data = scalars
        var out = [Double]()
        out.reserveCapacity(outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                let line = (0..<size).map { data[(o * size + $0) * inner + i] }
                out.append(Float32Arithmetic.welfordVariance(line, correction: correction, takeSqrt: takeSqrt))
            }
        }
        return out
    }

    func requireFloat(_ name: String) throws {
        if dtype != .float32 {
            throw TensorError.runtime("\(name)(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: \(dtype.scalarTypeName)")
        }
    }

    /// Position of the first maximum (or minimum) in `xs`; NaN wins, as in PyTorch.
    static func extremeIndex(_ xs: [Double], max: Bool) -> Int {
        var best = 0
        for i in 1..<xs.count {
            if xs[best].isNaN { break }
            if xs[i].isNaN || (max ? xs[i] > xs[best] : xs[i] < xs[best]) { best = i }
        }
        return best
    }

    func requireNonEmpty(_ name: String, dim: Int?) throws {
        if count == 0 {
            if let d = dim {
                throw TensorError.index("\(name)(): Expected reduction dim \(d) to have non-zero size.")
            }
            throw TensorError.runtime("\(name)(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.")
        }
    }

    /// `t.max()`: the largest element as a 0-d tensor.
    public func max() throws -> Tensor {
        try requireNonEmpty("max", dim: nil)
        return try reduce(dim: nil, keepdim: false, dtype: dtype, gradFn: "MaxBackward1") { $0[Tensor.extremeIndex($0, max: true)] }
    }

    /// `t.min()`.
    public func min() throws -> Tensor {
        try requireNonEmpty("min", dim: nil)
        return try reduce(dim: nil, keepdim: false, dtype: dtype, gradFn: "MinBackward1") { $0[Tensor.extremeIndex($0, max: false)] }
    }

    /// `t.max(dim)`: values and indices, PyTorch's `torch.return_types.max`.
    public func max(dim: Int, keepdim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        try requireNonEmpty("max", dim: dim)
        let v = try reduce(dim: dim, keepdim: keepdim, dtype: dtype, gradFn: "MaxBackward0") { $0[Tensor.extremeIndex($0, max: true)] }
        let i = try reduce(dim: dim, keepdim: keepdim, dtype: .int64, gradFn: "") { Double(Tensor.extremeIndex($0, max: true)) }
        return (v, Tensor(shape: i.shape, data: i.scalars, dtype: .int64))
    }

    /// `t.min(dim)`.
    public func min(dim: Int, keepdim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        try requireNonEmpty("min", dim: dim)
        let v = try reduce(dim: dim, keepdim: keepdim, dtype: dtype, gradFn: "MinBackward0") { $0[Tensor.extremeIndex($0, max: false)] }
        let i = try reduce(dim: dim, keepdim: keepdim, dtype: .int64, gradFn: "") { Double(Tensor.extremeIndex($0, max: false)) }
        return (v, Tensor(shape: i.shape, data: i.scalars, dtype: .int64))
    }

    /// `t.argmax()` / `t.argmax(dim)`.
    public func argmax(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        try requireNonEmpty("argmax", dim: dim)
        let r = try reduce(dim: dim, keepdim: keepdim, dtype: .int64, gradFn: "") { Double(Tensor.extremeIndex($0, max: true)) }
        return Tensor(shape: r.shape, data: r.scalars, dtype: .int64)
    }

    /// `t.argmin()` / `t.argmin(dim)`.
    public func argmin(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        try requireNonEmpty("argmin", dim: dim)
        let r = try reduce(dim: dim, keepdim: keepdim, dtype: .int64, gradFn: "") { Double(Tensor.extremeIndex($0, max: false)) }
        return Tensor(shape: r.shape, data: r.scalars, dtype: .int64)
    }

    /// `torch.allclose(a, b, rtol, atol)`.
    public func allClose(_ other: Tensor, rtol: Double = 1e-5, atol: Double = 1e-8) throws -> Bool {
        let shape = try Tensor.broadcastShape(self.shape, other.shape)
        let a = try expanded(to: shape).scalars, b = try other.expanded(to: shape).scalars
        for i in 0..<a.count {
            if a[i] == b[i] { continue }
            if a[i].isNaN || b[i].isNaN { return false }
            if Swift.abs(a[i] - b[i]) > atol + rtol * Swift.abs(b[i]) { return false }
        }
        return true
    }
}
