/// Views and shape changes: these share storage with their base, as in PyTorch.
extension Tensor {
    /// `t.transpose(d0, d1)`: swaps two dimensions without copying.
    public func transpose(_ d0: Int, _ d1: Int) throws -> Tensor {
        let a = try normalizeDim(d0, rank: rank), b = try normalizeDim(d1, rank: rank)
        if rank < 2 { return Tensor.recorded(view(shape: shape, strides: strides, offset: offset), "TransposeBackward0", inputs: [self]) }
        var s = shape, st = strides
        s.swapAt(a, b)
        st.swapAt(a, b)
        return Tensor.recorded(view(shape: s, strides: st, offset: offset), "TransposeBackward0", inputs: [self])
    }

    /// `t.T`: reverses the dimensions (PyTorch records it as a permute).
    public var T: Tensor {
        Tensor.recorded(view(shape: shape.reversed(), strides: strides.reversed(), offset: offset),
                        "PermuteBackward0", inputs: [self])
    }

    /// `t.permute(dims)`.
    public func permute(_ dims: [Int]) throws -> Tensor {
        guard dims.count == rank else {
            throw TensorError.runtime("permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = \(rank) is not equal to len(dims) = \(dims.count)")
        }
        let d = try dims.map { try normalizeDim($0, rank: rank) }
        if Set(d).count != d.count { throw TensorError.runtime("permute(): duplicate dims are not allowed.") }
        return Tensor.recorded(view(shape: d.map { shape[$0] }, strides: d.map { strides[$0] }, offset: offset),
                               "PermuteBackward0", inputs: [self])
    }

    /// Resolves a single `-1` in a requested shape, with PyTorch's messages.
    func inferShape(_ requested: [Int]) throws -> [Int] {
        var result = requested
        let n = count
        var inferred: Int? = nil
        var known = 1
        for (i, d) in requested.enumerated() {
            if d == -1 {
                if inferred != nil { throw TensorError.runtime("only one dimension can be inferred") }
                inferred = i
            } else if d < 0 {
                throw TensorError.runtime("invalid shape dimension \(d)")
            } else {
                // Saturates: a product past Int.max can match no tensor, so the checks below refuse it.
                let (m, overflow) = known.multipliedReportingOverflow(by: d)
                known = overflow ? Int.max : m
            }
        }
        if requested.contains(0) { known = 0 }
        let described = "[" + requested.map(String.init).joined(separator: ", ") + "]"
        if let i = inferred {
            if known == 0 || n % known != 0 {
                throw TensorError.runtime("shape '\(described)' is invalid for input of size \(n)")
            }
            result[i] = n / known
        } else if known != n {
            throw TensorError.runtime("shape '\(described)' is invalid for input of size \(n)")
        }
        try TensorLimits.elements(result)
        return result
    }

    /// Strides for viewing this tensor as `newShape` without copying, if possible: PyTorch's
    /// `computeStride`, which keeps the stride of a size-1 dimension (MKL's kernel choice in
    /// matmul reads those strides, so the exact values matter).
    ///
    /// Walks the old dimensions from the innermost outwards in chunks that are contiguous
    /// among themselves; each chunk must be covered exactly by consecutive new dimensions.
    func viewStrides(_ newShape: [Int]) -> [Int]? {
        if shape.isEmpty { return [Int](repeating: 1, count: newShape.count) }
        if count == 0 {
            // Any strides describe no elements; like NumPy, keep them when the shape is the same.
            return shape == newShape ? strides : Tensor.contiguousStrides(newShape)
        }
        var newStrides = [Int](repeating: 1, count: newShape.count)
        var viewDim = newShape.count - 1
        var chunkBaseStride = strides[rank - 1]
        var tensorCount = 1
        var viewCount = 1
        for d in stride(from: rank - 1, through: 0, by: -1) {
            tensorCount *= shape[d]
            let chunkEnds = d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensorCount * chunkBaseStride)
            guard chunkEnds else { continue }
            while viewDim >= 0 && (viewCount < tensorCount || newShape[viewDim] == 1) {
                newStrides[viewDim] = viewCount * chunkBaseStride
                viewCount *= newShape[viewDim]
                viewDim -= 1
            }
            if viewCount != tensorCount { return nil }
            if d > 0 {
                chunkBaseStride = strides[d - 1]
                tensorCount = 1
                viewCount = 1
            }
        }
        return viewDim == -1 ? newStrides : nil
    }

    /// `t.view(shape)`: fails like PyTorch when the layout does not allow a view.
    public func viewAs(_ requested: [Int]) throws -> Tensor {
        let s = try inferShape(requested)
        guard let st = viewStrides(s) else {
            throw TensorError.runtime("view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
        }
        return Tensor.recorded(view(shape: s, strides: st, offset: offset), "ViewBackward0", inputs: [self])
    }

    /// `t.reshape(shape)`: a view when possible, otherwise a copy.
    public func reshape(_ requested: [Int]) throws -> Tensor {
        let s = try inferShape(requested)
        if let st = viewStrides(s) {
            return Tensor.recorded(view(shape: s, strides: st, offset: offset), "ViewBackward0", inputs: [self])
        }
        return Tensor.recorded(with(shape: s, elements: elements), "UnsafeViewBackward0", inputs: [self])
    }

    /// `t.contiguous()`: itself when already contiguous, else a row-major copy.
    public func contiguous() -> Tensor {
        if isContiguous { return self }
        return Tensor.recorded(with(shape: shape, elements: elements), "CloneBackward0", inputs: [self])
    }

    /// `t.clone()`.
    public func clone() -> Tensor {
        Tensor.recorded(with(shape: shape, elements: elements), "CloneBackward0", inputs: [self])
    }

    /// `t.unsqueeze(d)`.
    public func unsqueeze(_ d: Int) throws -> Tensor {
        let r = rank + 1
        if d < -r || d >= r {
            throw TensorError.index("Dimension out of range (expected to be in range of [\(-r), \(r - 1)], but got \(d))")
        }
        let dim = d < 0 ? d + r : d
        var s = shape, st = strides
        let stride = dim < rank ? strides[dim] * shape[dim] : 1
        s.insert(1, at: dim)
        st.insert(stride, at: dim)
        return Tensor.recorded(view(shape: s, strides: st, offset: offset), "UnsqueezeBackward0", inputs: [self])
    }

    /// `t.squeeze()` / `t.squeeze(d)`.
    public func squeeze(_ d: Int? = nil) throws -> Tensor {
        var s = [Int](), st = [Int]()
        let target = try d.map { try normalizeDim($0, rank: rank) }
        for i in 0..<rank {
            if shape[i] == 1 && (target == nil || target == i) { continue }
            s.append(shape[i])
            st.append(strides[i])
        }
        return Tensor.recorded(view(shape: s, strides: st, offset: offset),
                               d == nil ? "SqueezeBackward0" : "SqueezeBackward1", inputs: [self])
    }

    /// A broadcast view of this tensor at `target` shape (stride 0 on expanded dims).
    public func expanded(to target: [Int]) throws -> Tensor {
        if target == shape { return self }
        let extra = target.count - rank
        guard extra >= 0 else {
            throw TensorError.runtime("expand: the number of sizes provided (\(target.count)) must be greater or equal to the number of dimensions in the tensor (\(rank))")
        }
        try TensorLimits.elements(target)
        var st = [Int](repeating: 0, count: target.count)
        for i in 0..<target.count {
            if i < extra { continue }
            let own = shape[i - extra]
            if own == target[i] {
                st[i] = strides[i - extra]
            } else if own == 1 {
                st[i] = 0
            } else {
                throw TensorError.runtime("The expanded size of the tensor (\(target[i])) must match the existing size (\(own)) at non-singleton dimension \(i).  Target sizes: \(target).  Tensor sizes: \(shape)")
            }
        }
        return view(shape: target, strides: st, offset: offset)
    }

    /// `t.expand(sizes)` where -1 keeps a dimension.
    public func expand(_ sizes: [Int]) throws -> Tensor {
        let extra = sizes.count - rank
        var target = sizes
        for i in 0..<sizes.count where sizes[i] < 0 {
            guard sizes[i] == -1, i >= extra else {
                throw TensorError.runtime(sizes[i] == -1
                    ? "The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension \(i)"
                    : "Trying to create tensor with negative dimension \(sizes[i]): \(sizes)")
            }
            target[i] = shape[i - extra]
        }
        return Tensor.recorded(try expanded(to: target), "ExpandBackward0", inputs: [self])
    }

    /// The shape two shapes broadcast to, with PyTorch's message when they do not.
    public static func broadcastShape(_ a: [Int], _ b: [Int]) throws -> [Int] {
        let n = Swift.max(a.count, b.count)
        var out = [Int](repeating: 1, count: n)
        for i in 0..<n {
            let da = i < n - a.count ? 1 : a[i - (n - a.count)]
            let db = i < n - b.count ? 1 : b[i - (n - b.count)]
            if da == db || db == 1 { out[i] = da } else if da == 1 { out[i] = db } else {
                throw TensorError.runtime("The size of tensor a (\(da)) must match the size of tensor b (\(db)) at non-singleton dimension \(i)")
            }
        }
        try TensorLimits.elements(out)
        return out
    }
}
