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

    /// Applies `f` to each line of `data` (this tensor's row-major elements) along `dim`, or to
    /// all of them when `dim` is nil: the results in row-major order of the kept dimensions,
    /// and their shape.
    func reduceLines<T, R>(_ data: [T], dim: Int?, keepdim: Bool, _ f: ([T]) -> R) throws -> (shape: [Int], values: [R]) {
        guard let dim0 = dim else { return ([], [f(data)]) }
        let d = try normalizeDim(dim0, rank: rank)
        if rank == 0 { return ([], [f(data)]) }
        let (outer, size, inner) = reductionLayout(d)
        var out = [R]()
        out.reserveCapacity(outer * inner)
        var line = [T]()
        line.reserveCapacity(size)
        for o in 0..<outer {
            for i in 0..<inner {
                line.removeAll(keepingCapacity: true)
                for k in 0..<size { line.append(data[(o * size + k) * inner + i]) }
                out.append(f(line))
            }
        }
        var newShape = shape
        if keepdim { newShape[d] = 1 } else { newShape.remove(at: d) }
        return (newShape, out)
    }

    /// Picks one element of each line (`pick` maps a line to a position in it): the elements,
    /// of this tensor's dtype, and their positions as int64 (`max(dim)`'s values and indices).
    func pickLines(dim: Int?, keepdim: Bool, valuesGradFn: String,
                   _ pick: (TensorElements) -> Int) throws -> (values: Tensor, indices: Tensor) {
        /// Each line's chosen element and its position.
        func picked<T>(_ data: [T], _ wrap: ([T]) -> TensorElements) throws -> (shape: [Int], values: [T], chosen: [Int]) {
            let lines = try reduceLines(data, dim: dim, keepdim: keepdim) { line in
                let k = pick(wrap(line))
                return (line[k], k)
            }
            return (lines.shape, lines.values.map(\.0), lines.values.map(\.1))
        }
        let shape: [Int], values: TensorElements, chosen: [Int]
        switch elements {
        case .floating(let d):
            let r = try picked(d) { .floating($0) }
            (shape, values, chosen) = (r.shape, .floating(r.values), r.chosen)
        case .integers(let i):
            let r = try picked(i) { .integers($0) }
            (shape, values, chosen) = (r.shape, .integers(r.values), r.chosen)
        }
        let indices = Tensor(shape: shape, integers: chosen.map { Int64($0) }, dtype: .int64)
        return (Tensor.recorded(with(shape: shape, elements: values), valuesGradFn, inputs: [self]), indices)
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

    /// A reduction of a floating tensor to its own dtype, whose values come from `compute`
    /// (row-major over the kept dimensions; rounded to the dtype here).
    func floatReduction(dim: Int?, keepdim: Bool, gradFn: String,
                        _ compute: (Set<Int>) -> [Double]) throws -> Tensor {
        let dims = try reductionDims(dim)
        let shape = dim == nil ? [] : reducedShape(dims, keepdim: keepdim)
        return Tensor.recorded(Tensor(shape: shape, data: compute(dims), dtype: dtype), gradFn, inputs: [self])
    }

    /// `t.sum()` / `t.sum(dim)`.
    ///
    /// float32 tensors are summed in float32 in PyTorch's cascade order (see `Float32Arithmetic`),
    /// so results round exactly as PyTorch's do; the 16-bit floats are summed the same way in
    /// float32 (their accumulation type) and rounded once; float64 is summed in order in double;
    /// integers and bools sum to int64, wrapping as int64 does.
    public func sum(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        let gradFn = dim == nil ? "SumBackward0" : "SumBackward1"
        guard dtype.isFloatingPoint else {
            let (shape, sums) = try reduceLines(integers, dim: dim, keepdim: keepdim) { $0.reduce(0, &+) }
            return Tensor.recorded(Tensor(shape: shape, integers: sums, dtype: .int64), gradFn, inputs: [self])
        }
        if dtype == .float64 {
            let (shape, sums) = try reduceLines(scalars, dim: dim, keepdim: keepdim) { $0.reduce(0, +) }
            return Tensor.recorded(Tensor(shape: shape, data: sums, dtype: .float64), gradFn, inputs: [self])
        }
        let float = converted(to: .float32)
        return try floatReduction(dim: dim, keepdim: keepdim, gradFn: gradFn) { dims in
            Float32Arithmetic.sum(float, dims: dims).map(Double.init)
        }
    }

    /// `t.mean()` / `t.mean(dim)`: floating tensors only, as in PyTorch, which sums in float32
    /// and then divides by the count in float32 (in double for float64).
    public func mean(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        try requireFloat("mean")
        let gradFn = dim == nil ? "MeanBackward0" : "MeanBackward1"
        if dtype == .float64 {
            let (shape, means) = try reduceLines(scalars, dim: dim, keepdim: keepdim) { $0.reduce(0, +) / Double($0.count) }
            return Tensor.recorded(Tensor(shape: shape, data: means, dtype: .float64), gradFn, inputs: [self])
        }
        let float = converted(to: .float32)
        return try floatReduction(dim: dim, keepdim: keepdim, gradFn: gradFn) { dims in
            let n = Float(dims.reduce(1) { $0 * shape[$1] })
            return Float32Arithmetic.sum(float, dims: dims).map { Double($0 / n) }
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
    /// sum around the float32 mean when the result is one element, Welford per line otherwise
    /// (and always for float64, whose mean is not a float32 one).
    func varianceValues(_ dims: Set<Int>, correction: Double, takeSqrt: Bool) -> [Double] {
        let outCount = reducedShape(dims, keepdim: false).elementCount
        if count == 0 { return [Double](repeating: .nan, count: outCount) }
        if outCount == 1 && dtype != .float64 {
            return [Float32Arithmetic.varianceAll(converted(to: .float32), correction: correction, takeSqrt: takeSqrt)]
        }
        // Only single dimensions, or all of them, reach here (the public API takes one `dim`).
        let lines = try? reduceLines(scalars, dim: outCount == 1 ? nil : dims.first!, keepdim: false) {
            Float32Arithmetic.welfordVariance($0, correction: correction, takeSqrt: takeSqrt)
        }
        return lines!.values
    }

    func requireFloat(_ name: String) throws {
        if !dtype.isFloatingPoint {
            throw TensorError(.notImplemented, "\(name)(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: \(dtype.scalarTypeName)")
        }
    }

    /// Position of the first maximum (or minimum) in `xs`; NaN wins, as in PyTorch.
    static func extremeIndex(_ xs: TensorElements, max: Bool) -> Int {
        switch xs {
        case .floating(let d): return extremeIndex(d, max: max, isNaN: { $0.isNaN })
        case .integers(let i): return extremeIndex(i, max: max, isNaN: { _ in false })
        }
    }

    static func extremeIndex<T: Comparable>(_ xs: [T], max: Bool, isNaN: (T) -> Bool) -> Int {
        var best = 0
        for i in 1..<xs.count {
            if isNaN(xs[best]) { break }
            if isNaN(xs[i]) || (max ? xs[i] > xs[best] : xs[i] < xs[best]) { best = i }
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
        return try pickLines(dim: nil, keepdim: false, valuesGradFn: "MaxBackward1") { Tensor.extremeIndex($0, max: true) }.values
    }

    /// `t.min()`.
    public func min() throws -> Tensor {
        try requireNonEmpty("min", dim: nil)
        return try pickLines(dim: nil, keepdim: false, valuesGradFn: "MinBackward1") { Tensor.extremeIndex($0, max: false) }.values
    }

    /// `t.max(dim)`: values and indices, PyTorch's `torch.return_types.max`.
    public func max(dim: Int, keepdim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        try requireNonEmpty("max", dim: dim)
        return try pickLines(dim: dim, keepdim: keepdim, valuesGradFn: "MaxBackward0") { Tensor.extremeIndex($0, max: true) }
    }

    /// `t.min(dim)`.
    public func min(dim: Int, keepdim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        try requireNonEmpty("min", dim: dim)
        return try pickLines(dim: dim, keepdim: keepdim, valuesGradFn: "MinBackward0") { Tensor.extremeIndex($0, max: false) }
    }

    /// `t.argmax()` / `t.argmax(dim)`.
    public func argmax(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        try requireNonEmpty("argmax", dim: dim)
        return try pickLines(dim: dim, keepdim: keepdim, valuesGradFn: "") { Tensor.extremeIndex($0, max: true) }.indices
    }

    /// `t.argmin()` / `t.argmin(dim)`.
    public func argmin(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        try requireNonEmpty("argmin", dim: dim)
        return try pickLines(dim: dim, keepdim: keepdim, valuesGradFn: "") { Tensor.extremeIndex($0, max: false) }.indices
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
