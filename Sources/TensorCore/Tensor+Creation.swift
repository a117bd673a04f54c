/// Factories: `torch.zeros`, `ones`, `full`, `empty`, `arange`, `eye`.
extension Tensor {
    /// A tensor of `shape` filled with `value`.
    public static func full(_ shape: [Int], _ value: Double, dtype: DType = .float32) throws -> Tensor {
        try full(shape, .float(value), dtype: dtype)
    }

    /// A tensor of `shape` filled with a Python number, converted to `dtype`.
    public static func full(_ shape: [Int], _ value: Scalar, dtype: DType) throws -> Tensor {
        try TensorLimits.check(shape)
        let one = Tensor(scalar: value, dtype: dtype)
        let n = shape.elementCount
        let storage = dtype.isFloatingPoint
            ? TensorStorage([Double](repeating: one.scalar, count: n))
            : TensorStorage(integers: [Int64](repeating: one.integerScalar, count: n))
        return Tensor(storage: storage, shape: shape, strides: contiguousStrides(shape), offset: 0, dtype: dtype)
    }

    public static func zeros(_ shape: [Int], dtype: DType = .float32) throws -> Tensor { try full(shape, 0, dtype: dtype) }
    public static func ones(_ shape: [Int], dtype: DType = .float32) throws -> Tensor { try full(shape, 1, dtype: dtype) }

    /// `torch.arange(start, end, step)`: int64 when all three are integers, else float32.
    public static func arange(start: Double, end: Double, step: Double, dtype: DType) throws -> Tensor {
        if step == 0 { throw TensorError.runtime("step must be nonzero") }
        if (step > 0 && start > end) || (step < 0 && start < end) {
            throw TensorError.runtime("upper bound and larger bound inconsistent with step sign")
        }
        let count = ((end - start) / step).rounded(.up)
        guard count.isFinite, count <= Double(TensorLimits.maxElements) else {
            throw TensorError.runtime("arange of \(count) elements is too large: the tutor allows at most \(TensorLimits.maxElements) elements per tensor")
        }
        let n = Int(count)
        try TensorLimits.check([n])
        return Tensor(shape: [n], data: (0..<n).map { start + Double($0) * step }, dtype: dtype)
    }

    /// `torch.arange` over Python ints: exact, so int64 ranges past 2^53 keep every value.
    public static func arange(start: Int64, end: Int64, step: Int64, dtype: DType) throws -> Tensor {
        if step == 0 { throw TensorError.runtime("step must be nonzero") }
        if (step > 0 && start > end) || (step < 0 && start < end) {
            throw TensorError.runtime("upper bound and larger bound inconsistent with step sign")
        }
        // The span can pass Int64 (from -2^63 to 2^63 - 1), so it is measured in magnitude.
        let span = start <= end ? end.magnitude(minus: start) : start.magnitude(minus: end)
        let (q, r) = span.quotientAndRemainder(dividingBy: step.magnitude)
        let count = q + (r == 0 ? 0 : 1)
        guard count <= UInt64(TensorLimits.maxElements) else {
            throw TensorError.runtime("arange of \(count) elements is too large: the tutor allows at most \(TensorLimits.maxElements) elements per tensor")
        }
        let n = Int(count)
        try TensorLimits.check([n])
        return Tensor(shape: [n], integers: (0..<n).map { start &+ Int64($0) &* step }, dtype: dtype)
    }

    /// `torch.eye(n)`.
    public static func eye(_ n: Int, _ m: Int? = nil, dtype: DType = .float32) throws -> Tensor {
        let cols = m ?? n
        try TensorLimits.check([n, cols])
        var data = [Double](repeating: 0, count: n * cols)
        for i in 0..<Swift.min(n, cols) { data[i * cols + i] = 1 }
        return Tensor(shape: [n, cols], data: data, dtype: dtype)
    }
}

extension Int64 {
    /// `self - other` as a magnitude, for `self >= other`, without overflowing.
    fileprivate func magnitude(minus other: Int64) -> UInt64 {
        UInt64(bitPattern: self) &- UInt64(bitPattern: other)
    }
}
