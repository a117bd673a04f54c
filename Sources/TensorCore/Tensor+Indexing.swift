/// One item of a subscript such as `x[0, 1:3, None, ...]`.
public enum TensorIndex: Sendable {
    /// An integer: selects and removes a dimension.
    case int(Int)
    /// `start:stop:step`, each optional, as in Python.
    case slice(Int?, Int?, Int?)
    /// `None`: inserts a dimension of size 1.
    case newAxis
    /// `...`: as many full slices as needed.
    case ellipsis
    /// A bool mask or an integer index tensor (advanced indexing; copies).
    case tensor(Tensor)
}

/// Python slice arithmetic: clamps `start:stop:step` to a length of `n`.
public func resolveSlice(_ start: Int?, _ stop: Int?, _ step: Int?, count n: Int) -> (start: Int, count: Int, step: Int) {
    // As CPython does, a step of -2**63 counts as -(2**63 - 1), so it can be negated.
    let st = Swift.max(step ?? 1, -Int.max)
    func clamp(_ v: Int?, _ dflt: Int, lo: Int, hi: Int) -> Int {
        guard var v = v else { return dflt }
        if v < 0 { v += n }
        return Swift.min(Swift.max(v, lo), hi)
    }
    if st > 0 {
        let a = clamp(start, 0, lo: 0, hi: n), b = clamp(stop, n, lo: 0, hi: n)
        return (a, b > a ? (b - a - 1) / st + 1 : 0, st)
    }
    let a = clamp(start, n - 1, lo: -1, hi: n - 1), b = clamp(stop, -1, lo: -1, hi: n - 1)
    return (a, a > b ? (a - b - 1) / (-st) + 1 : 0, st)
}

extension Tensor {
    /// The basic-indexing view plus where an advanced index applies to it, if any.
    private func basicView(_ items: [TensorIndex]) throws -> (Tensor, advanced: (position: Int, index: Tensor)?, gradFn: String?) {
        if rank == 0, let first = items.first {
            if case .newAxis = first {} else if case .ellipsis = first {} else {
                throw TensorError.index("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
            }
        }
        var consumed = 0
        var advancedCount = 0
        for item in items {
            switch item {
            case .int, .slice: consumed += 1
            case .tensor(let t):
                consumed += t.dtype == .bool ? Swift.max(t.rank, 1) : 1
                advancedCount += 1
            case .newAxis, .ellipsis: break
            }
        }
        if consumed > rank {
            throw TensorError.index("too many indices for tensor of dimension \(rank)")
        }
        if advancedCount > 1 {
            throw TensorError.runtime("indexing with more than one tensor index is not supported by the tutor")
        }
        var shape = [Int](), strides = [Int]()
        var offset = self.offset
        var dim = 0
        var advanced: (Int, Tensor)? = nil
        var gradFn: String? = nil
        for item in items {
            switch item {
            case .int(let i):
                let n = self.shape[dim]
                guard i >= -n && i < n else {
                    throw TensorError.index("index \(i) is out of bounds for dimension \(dim) with size \(n)")
                }
                offset += (i < 0 ? i + n : i) * self.strides[dim]
                dim += 1
                gradFn = "SelectBackward0"
            case .slice(let a, let b, let c):
                if let c = c, c <= 0 {
                    throw TensorError(.value, "step must be greater than zero")
                }
                let n = self.shape[dim]
                let r = resolveSlice(a, b, c, count: n)
                shape.append(r.count)
                strides.append(self.strides[dim] * r.step)
                offset += r.start * self.strides[dim]
                gradFn = "SliceBackward0"
                dim += 1
            case .newAxis:
                shape.append(1)
                strides.append(0)
                gradFn = "UnsqueezeBackward0"
            case .ellipsis:
                for _ in 0..<(rank - consumed) {
                    shape.append(self.shape[dim])
                    strides.append(self.strides[dim])
                    dim += 1
                }
            case .tensor(let t):
                advanced = (shape.count, t)
                let k = t.dtype == .bool ? Swift.max(t.rank, 1) : 1
                for _ in 0..<k {
                    shape.append(self.shape[dim])
                    strides.append(self.strides[dim])
                    dim += 1
                }
            }
        }
        while dim < rank {
            shape.append(self.shape[dim])
            strides.append(self.strides[dim])
            dim += 1
        }
        return (view(shape: shape, strides: strides, offset: offset), advanced, gradFn)
    }

    /// Row-major positions within `v` that an advanced index picks, and the result's shape.
    private static func gatherPositions(_ v: Tensor, at p: Int, _ index: Tensor) throws -> (positions: [Int], shape: [Int]) {
        let outer = v.shape[..<p].elementCount
        var k = 1
        var chosen = [Int]()
        var middleShape: [Int]
        if index.dtype == .bool || index.dtype == .uint8 {
            // PyTorch still reads a uint8 index as a mask (with a deprecation warning).
            k = Swift.max(index.rank, 1)
            let sub = Array(v.shape[p..<(p + k)])
            let maskShape = index.rank == 0 ? [1] : index.shape
            for (j, (m, s)) in zip(maskShape, sub).enumerated() where m != s {
                throw TensorError.index("The shape of the mask \(maskShape) at index \(j) does not match the shape of the indexed tensor \(sub) at index \(j)")
            }
            chosen = index.integers.enumerated().filter { $0.element != 0 }.map { $0.offset }
            middleShape = [chosen.count]
        } else if index.dtype.isIntegral {
            let n = v.shape[p]
            chosen = try index.integers.map { x in
                let i = Int(x)
                guard i >= -n && i < n else {
                    throw TensorError.index("index \(i) is out of bounds for dimension \(p) with size \(n)")
                }
                return i < 0 ? i + n : i
            }
            middleShape = index.shape
        } else {
            throw TensorError.index("tensors used as indices must be long, int, byte or bool tensors")
        }
        let mid = v.shape[p..<(p + k)].elementCount
        let inner = v.shape[(p + k)...].elementCount
        var positions = [Int]()
        positions.reserveCapacity(outer * chosen.count * inner)
        for o in 0..<outer {
            for c in chosen {
                let base = (o * mid + c) * inner
                for i in 0..<inner { positions.append(base + i) }
            }
        }
        return (positions, Array(v.shape[..<p]) + middleShape + Array(v.shape[(p + k)...]))
    }

    /// `t[items]`: a view for basic indexing, a copy when a tensor is used as an index.
    public func index(_ items: [TensorIndex]) throws -> Tensor {
        let (v, advanced, gradFn) = try basicView(items)
        guard let (p, idx) = advanced else {
            return Tensor.recorded(v, gradFn ?? "AliasBackward0", inputs: [self])
        }
        let (positions, shape) = try Tensor.gatherPositions(v, at: p, idx)
        return Tensor.recorded(with(shape: shape, elements: v.elements.picking(positions)), "IndexBackward0", inputs: [self])
    }

    /// `t[items] = value`: writes through to this tensor's storage, broadcasting `value`.
    public func assign(_ items: [TensorIndex], _ value: Tensor) throws {
        let (v, advanced, _) = try basicView(items)
        var targets = v.storageIndices()
        var shape = v.shape
        if let (p, idx) = advanced {
            let g = try Tensor.gatherPositions(v, at: p, idx)
            targets = g.positions.map { targets[$0] }
            shape = g.shape
        }
        let source: TensorElements
        do {
            source = try value.converted(to: dtype).expanded(to: shape).elements
        } catch {
            throw TensorError.runtime("shape mismatch: value tensor of shape \(value.shape) cannot be broadcast to indexing result of shape \(shape)")
        }
        storage.write(source, at: targets)
    }
}
