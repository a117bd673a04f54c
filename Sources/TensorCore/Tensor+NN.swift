import Foundation

/// The operations attention is built from: softmax, masks, joins and dropout.
extension Tensor {
    /// `torch.softmax(t, dim)`: subtracts each line's maximum first, so large scores do not overflow.
    ///
    /// Computed in float32 exactly as PyTorch's CPU kernels do (see `Float32Arithmetic`): the last
    /// dimension multiplies by the reciprocal of a vector-ordered sum of SLEEF exps, other
    /// dimensions divide, so printed weights and their sums match PyTorch bit for bit.
    public func softmax(dim: Int) throws -> Tensor {
        let d = try normalizeDim(dim, rank: rank)
        guard dtype.isFloatingPoint else {
            throw TensorError(.notImplemented, "\"softmax_lastdim_kernel_impl\" not implemented for '\(dtype.scalarTypeName)'")
        }
        if dtype == .float64 {
            return Tensor.recorded(try softmaxInDouble(d), "SoftmaxBackward0", inputs: [self])
        }
        // The 16-bit floats are computed in float32 and rounded once, as PyTorch's kernels do.
        let x = scalars.map { Float($0) }
        let out: [Float]
        if x.isEmpty {
            out = []
        } else if rank == 0 || d == rank - 1 {
            // PyTorch views a 0-d input as one element along its last dimension.
            let size = rank == 0 ? 1 : shape[d]
            out = Float32Arithmetic.softmaxLastDim(x, rows: x.count / size, size: size)
        } else {
            let (outer, size, inner) = reductionLayout(d)
            out = Float32Arithmetic.softmaxInner(x, outer: outer, size: size, inner: inner)
        }
        return Tensor.recorded(Tensor(shape: shape, data: out.map(Double.init), dtype: dtype), "SoftmaxBackward0", inputs: [self])
    }

    /// float64 softmax along `d`: each line's maximum subtracted, exps divided by their sum.
    private func softmaxInDouble(_ d: Int) throws -> Tensor {
        let x = scalars
        if x.isEmpty || rank == 0 { return with(shape: shape, data: x.map { $0.isNaN ? $0 : 1 }) }
        let (outer, size, inner) = reductionLayout(d)
        var out = x
        for o in 0..<outer {
            for i in 0..<inner {
                let at = (0..<size).map { (o * size + $0) * inner + i }
                let m = at.map { x[$0] }.max()!
                let e = at.map { Foundation.exp(x[$0] - m) }
                let total = e.reduce(0, +)
                for (k, p) in at.enumerated() { out[p] = e[k] / total }
            }
        }
        return with(shape: shape, data: out)
    }

    /// Writes `value` where `mask` is true, into this tensor's storage (`masked_fill_`).
    public func maskedFillInPlace(_ mask: Tensor, _ value: Double) throws {
        try maskedFillInPlace(mask, .float(value))
    }

    /// Writes a Python number, converted to this tensor's dtype, where `mask` is true.
    public func maskedFillInPlace(_ mask: Tensor, _ value: Scalar) throws {
        guard mask.dtype == .bool else {
            throw TensorError.runtime("masked_fill_ only supports boolean masks, but got mask with dtype \(mask.dtype.cTypeName)")
        }
        let m = try mask.expanded(to: shape)
        let idx = storageIndices(), mv = m.integers
        let targets = idx.indices.filter { mv[$0] != 0 }.map { idx[$0] }
        let v = Tensor(scalar: value, dtype: dtype)
        switch v.elements {
        case .floating(let x): storage.write(.floating([Double](repeating: x[0], count: targets.count)), at: targets)
        case .integers(let x): storage.write(.integers([Int64](repeating: x[0], count: targets.count)), at: targets)
        }
    }

    /// `t.masked_fill(mask, value)`: a new tensor; the mask broadcasts to the tensor's shape.
    public func maskedFill(_ mask: Tensor, _ value: Double) throws -> Tensor {
        try maskedFill(mask, .float(value))
    }

    /// `t.masked_fill(mask, value)` with a Python number converted to this tensor's dtype.
    public func maskedFill(_ mask: Tensor, _ value: Scalar) throws -> Tensor {
        guard mask.dtype == .bool else {
            throw TensorError.runtime("masked_fill_ only supports boolean masks, but got mask with dtype \(mask.dtype.cTypeName)")
        }
        let shape = try Tensor.broadcastShape(self.shape, mask.shape)
        let r = with(shape: shape, elements: try expanded(to: shape).elements)
        try r.maskedFillInPlace(mask, value)
        return Tensor.recorded(r, "MaskedFillBackward0", inputs: [self])
    }

    /// Keeps elements on and below (`lower`) or on and above the `diagonal`-th diagonal.
    func triangle(lower: Bool, diagonal: Int) throws -> Tensor {
        guard rank >= 2 else {
            throw TensorError.runtime("\(lower ? "tril" : "triu"): input tensor must have at least 2 dimensions")
        }
        let rows = shape[rank - 2], cols = shape[rank - 1]
        func zeroed<T: Numeric>(_ values: [T]) -> [T] {
            var data = values
            for base in stride(from: 0, to: data.count, by: Swift.max(rows * cols, 1)) {
                for i in 0..<rows {
                    for j in 0..<cols {
                        let keep = lower ? (j - i <= diagonal) : (j - i >= diagonal)
                        if !keep { data[base + i * cols + j] = 0 }
                    }
                }
            }
            return data
        }
        let kept: TensorElements
        switch elements {
        case .floating(let d): kept = .floating(zeroed(d))
        case .integers(let i): kept = .integers(zeroed(i))
        }
        return Tensor.recorded(with(shape: shape, elements: kept), lower ? "TrilBackward0" : "TriuBackward0", inputs: [self])
    }

    /// `torch.tril(t, diagonal)`.
    public func tril(diagonal: Int = 0) throws -> Tensor { try triangle(lower: true, diagonal: diagonal) }
    /// `torch.triu(t, diagonal)`.
    public func triu(diagonal: Int = 0) throws -> Tensor { try triangle(lower: false, diagonal: diagonal) }

    /// `torch.cat(tensors, dim)`.
    public static func cat(_ tensors: [Tensor], dim: Int = 0) throws -> Tensor {
        guard let first = tensors.first else {
            throw TensorError.runtime("torch.cat(): expected a non-empty list of Tensors")
        }
        let d = try normalizeDim(dim, rank: first.rank)
        if first.rank == 0 {
            throw TensorError.runtime("zero-dimensional tensor (at position 0) cannot be concatenated")
        }
        var types = ResultType()
        for (i, t) in tensors.enumerated() {
            if t.rank != first.rank {
                throw TensorError.runtime("Tensors must have same number of dimensions: got \(first.rank) and \(t.rank)")
            }
            for j in 0..<first.rank where j != d && t.shape[j] != first.shape[j] {
                throw TensorError.runtime("Sizes of tensors must match except in dimension \(d). Expected size \(first.shape[j]) but got size \(t.shape[j]) for tensor number \(i) in the list.")
            }
            // Every input counts as dimensioned: cat promotes them all alike.
            types.add(t.dtype, rank: 1)
        }
        let dtype = types.dtype
        var shape = first.shape
        shape[d] = tensors.reduce(0) { $0 + $1.shape[d] }
        let outer = first.shape[..<d].elementCount
        let parts = tensors.map { $0.converted(to: dtype) }
        let chunks = parts.map { $0.shape[d...].elementCount }
        /// The inputs' row-major buffers interleaved chunk by chunk along `d`.
        func joined<T>(_ buffers: [[T]]) -> [T] {
            var out = [T]()
            out.reserveCapacity(shape.elementCount)
            for o in 0..<outer {
                for (buffer, chunk) in zip(buffers, chunks) { out += buffer[(o * chunk)..<((o + 1) * chunk)] }
            }
            return out
        }
        let elements: TensorElements = dtype.isFloatingPoint ? .floating(joined(parts.map(\.scalars))) : .integers(joined(parts.map(\.integers)))
        let out = Tensor(storage: TensorStorage(elements), shape: shape, strides: contiguousStrides(shape), offset: 0, dtype: dtype)
        return recorded(out, "CatBackward0", inputs: tensors)
    }

    /// `torch.stack(tensors, dim)`: all the same shape, joined along a new dimension.
    public static func stack(_ tensors: [Tensor], dim: Int = 0) throws -> Tensor {
        guard let first = tensors.first else {
            throw TensorError.runtime("stack expects a non-empty TensorList")
        }
        for (i, t) in tensors.enumerated() where t.shape != first.shape {
            throw TensorError.runtime("stack expects each tensor to be equal size, but got \(first.shape) at entry 0 and \(t.shape) at entry \(i)")
        }
        let r = first.rank + 1
        if dim < -r || dim >= r {
            throw TensorError.index("Dimension out of range (expected to be in range of [\(-r), \(r - 1)], but got \(dim))")
        }
        let d = dim < 0 ? dim + r : dim
        let parts = try tensors.map { try $0.unsqueeze(d) }
        var result = try cat(parts, dim: d)
        result = recorded(result, "StackBackward0", inputs: tensors)
        return result
    }

    /// Dropout in training mode: zeroes each element with probability `p`, scales the rest by 1/(1-p).
    public func dropout(p: Double, generator: Generator = .global) throws -> Tensor {
        if p < 0 || p > 1 {
            throw TensorError(.value, "dropout probability has to be between 0 and 1, but got \(PythonFormat.floatRepr(p))")
        }
        if p == 0 { return self }
        let data = scalars
        if p == 1 {
            return Tensor.recorded(with(shape: shape, data: [Double](repeating: 0, count: data.count)), "MulBackward0", inputs: [self])
        }
        let keep = Tensor.bernoulliKeep(count: data.count, p: p, generator: generator)
        // The scale is a value of the type the kernel computes in (float for float16 too).
        let scale = dtype.opmath.cast(1 / (1 - p))
        var out = [Double](repeating: 0, count: data.count)
        for i in 0..<data.count where keep[i] { out[i] = data[i] * scale }
        return Tensor.recorded(with(shape: shape, data: out), "MulBackward0", inputs: [self])
    }
}

extension Tensor {
    /// `torch.where(condition, a, b)`: elements of `a` where the condition holds, else of `b`.
    public static func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let shape = try broadcastShape(try broadcastShape(condition.shape, a.shape), b.shape)
        var types = ResultType()
        types.add(a)
        types.add(b)
        let dtype = types.dtype
        let c = try condition.expanded(to: shape).integers
        let x = try a.converted(to: dtype).expanded(to: shape), y = try b.converted(to: dtype).expanded(to: shape)
        func choose<T>(_ xs: [T], _ ys: [T]) -> [T] { c.indices.map { c[$0] != 0 ? xs[$0] : ys[$0] } }
        let picked: TensorElements = dtype.isFloatingPoint ? .floating(choose(x.scalars, y.scalars)) : .integers(choose(x.integers, y.integers))
        let out = Tensor(storage: TensorStorage(picked), shape: shape, strides: contiguousStrides(shape), offset: 0, dtype: dtype)
        return recorded(out, "WhereBackward0", inputs: [a, b])
    }
}
