import Synchronization

/// Shared element buffer; views of one tensor point at the same storage.
///
/// A storage holds one of two buffers, chosen by its tensors' dtype: floating-point elements as
/// `Double`s already rounded to their dtype (so float32 arithmetic done in double and rounded
/// once gives float32's correctly rounded result), integer and bool elements as exact `Int64`s
/// already wrapped to their width (a double cannot hold every int64). The other buffer is empty.
public final class TensorStorage: @unchecked Sendable {
    /// The elements of a floating-point tensor.
    public var data: [Double]
    /// The elements of an integer or bool tensor.
    public var integers: [Int64]

    public convenience init(_ data: [Double]) { self.init(data: data, integers: []) }
    public convenience init(integers: [Int64]) { self.init(data: [], integers: integers) }

    convenience init(_ elements: TensorElements) {
        switch elements {
        case .floating(let d): self.init(d)
        case .integers(let i): self.init(integers: i)
        }
    }

    private init(data: [Double], integers: [Int64]) {
        self.data = data
        self.integers = integers
        let count = data.count + integers.count
        let live = TensorLimits.live.add(count, ordering: .relaxed).newValue
        // Every allocation is counted, also by operations that do not check shapes first
        // (cat, stack, copies): past the limit the run is stopped when the operation returns.
        if live > TensorLimits.maxLiveElements, let budget = ExecutionBudget.current {
            budget.exhaust(.memory(bytes: TensorLimits.maxLiveElements * MemoryLayout<Double>.size))
        }
        ExecutionBudget.charge(count)
    }

    /// Writes `elements` (of this storage's representation) at storage `positions`, in order.
    func write(_ elements: TensorElements, at positions: [Int]) {
        switch elements {
        case .floating(let d): for (p, x) in zip(positions, d) { data[p] = x }
        case .integers(let i): for (p, x) in zip(positions, i) { integers[p] = x }
        }
    }

    deinit {
        TensorLimits.live.subtract(data.count + integers.count, ordering: .relaxed)
    }
}

/// A tensor's elements in row-major order, in the representation its dtype is stored in.
public enum TensorElements: Sendable, Equatable {
    case floating([Double])
    case integers([Int64])

    public var count: Int {
        switch self {
        case .floating(let d): return d.count
        case .integers(let i): return i.count
        }
    }

    /// The elements at `positions`, in that order: how gathers and copies move data without
    /// converting it.
    public func picking(_ positions: [Int]) -> TensorElements {
        switch self {
        case .floating(let d): return .floating(positions.map { d[$0] })
        case .integers(let i): return .integers(positions.map { i[$0] })
        }
    }
}

/// An n-dimensional array with PyTorch's layout: storage, shape, strides and offset.
///
/// Copies of a `Tensor` share storage, so in-place writes through a view reach its base,
/// exactly as in PyTorch.
public struct Tensor: @unchecked Sendable {
    public let storage: TensorStorage
    public let shape: [Int]
    public let strides: [Int]
    public let offset: Int
    public var dtype: DType
    /// `requires_grad`: set on parameters; results of operations on them carry `gradFn`.
    public var requiresGrad: Bool
    /// Name of the backward node PyTorch would attach, e.g. `MmBackward0`.
    public var gradFn: String?

    public init(storage: TensorStorage, shape: [Int], strides: [Int], offset: Int, dtype: DType,
                requiresGrad: Bool = false, gradFn: String? = nil) {
        self.storage = storage
        self.shape = shape
        self.strides = strides
        self.offset = offset
        self.dtype = dtype
        self.requiresGrad = requiresGrad
        self.gradFn = gradFn
    }

    /// A new contiguous tensor holding `data` (row-major), converted to `dtype`.
    public init(shape: [Int], data: [Double], dtype: DType = .float32) {
        precondition(data.count == shape.elementCount, "data does not fill the shape")
        let elements: TensorElements = dtype.isFloatingPoint
            ? .floating(dtype == .float64 ? data : data.map(dtype.cast))
            : .integers(data.map(dtype.integer(fromFloating:)))
        self.init(storage: TensorStorage(elements), shape: shape, strides: Tensor.contiguousStrides(shape),
                  offset: 0, dtype: dtype)
    }

    /// A new contiguous tensor holding the integers `data` (row-major), converted to `dtype`:
    /// wrapped to an integer type's width, rounded once to a floating type.
    public init(shape: [Int], integers data: [Int64], dtype: DType = .int64) {
        precondition(data.count == shape.elementCount, "data does not fill the shape")
        let elements: TensorElements = dtype.isFloatingPoint
            ? .floating(data.map(dtype.floating(fromInteger:)))
            : .integers(dtype == .int64 ? data : data.map(dtype.wrap))
        self.init(storage: TensorStorage(elements), shape: shape, strides: Tensor.contiguousStrides(shape),
                  offset: 0, dtype: dtype)
    }

    /// A new contiguous tensor holding `elements` (row-major), converted to `dtype`.
    public init(shape: [Int], elements: TensorElements, dtype: DType) {
        switch elements {
        case .floating(let d): self.init(shape: shape, data: d, dtype: dtype)
        case .integers(let i): self.init(shape: shape, integers: i, dtype: dtype)
        }
    }

    /// A 0-d tensor.
    public init(scalar: Double, dtype: DType = .float32) {
        self.init(shape: [], data: [scalar], dtype: dtype)
    }

    public static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var s = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[i] = s
            s *= Swift.max(shape[i], 1)
        }
        return strides
    }

    public var rank: Int { shape.count }
    public var count: Int { shape.elementCount }

    /// Whether the elements lie in storage in row-major order with no gaps.
    public var isContiguous: Bool {
        var expected = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) where shape[i] != 1 {
            if strides[i] != expected { return false }
            expected *= shape[i]
        }
        return true
    }

    /// Storage positions of all elements in row-major order.
    public func storageIndices() -> [Int] {
        let n = count
        if n == 0 { return [] }
        if isContiguous { return Array(offset..<(offset + n)) }
        var result = [Int]()
        result.reserveCapacity(n)
        var index = [Int](repeating: 0, count: shape.count)
        var pos = offset
        for _ in 0..<n {
            result.append(pos)
            var d = shape.count - 1
            while d >= 0 {
                index[d] += 1
                pos += strides[d]
                if index[d] < shape[d] { break }
                pos -= strides[d] * shape[d]
                index[d] = 0
                d -= 1
            }
        }
        return result
    }

    /// Reads this tensor's elements in row-major order out of one of its storage's buffers.
    private func rowMajor<T>(_ buffer: [T]) -> [T] {
        ExecutionBudget.charge(count)
        if isContiguous { return Array(buffer[offset..<(offset + count)]) }
        return storageIndices().map { buffer[$0] }
    }

    /// The elements in row-major order, as doubles (integers past 2^53 round).
    public var scalars: [Double] {
        dtype.isFloatingPoint ? rowMajor(storage.data) : rowMajor(storage.integers).map(Double.init)
    }

    /// The elements in row-major order, as exact integers for integer and bool tensors
    /// (floating elements convert toward zero).
    public var integers: [Int64] {
        dtype.isFloatingPoint ? rowMajor(storage.data).map(DType.int64.integer(fromFloating:)) : rowMajor(storage.integers)
    }

    /// The elements in row-major order, in their stored representation.
    public var elements: TensorElements {
        dtype.isFloatingPoint ? .floating(rowMajor(storage.data)) : .integers(rowMajor(storage.integers))
    }

    /// The single element of a one-element tensor.
    public var scalar: Double { dtype.isFloatingPoint ? storage.data[offset] : Double(storage.integers[offset]) }

    /// The single element of a one-element integer or bool tensor, exactly.
    public var integerScalar: Int64 {
        dtype.isFloatingPoint ? DType.int64.integer(fromFloating: storage.data[offset]) : storage.integers[offset]
    }

    /// A view with new shape, strides and offset over the same storage.
    public func view(shape: [Int], strides: [Int], offset: Int) -> Tensor {
        Tensor(storage: storage, shape: shape, strides: strides, offset: offset, dtype: dtype,
               requiresGrad: false, gradFn: nil)
    }

    /// A new tensor with this one's dtype and the given row-major data.
    public func with(shape: [Int], data: [Double]) -> Tensor {
        Tensor(shape: shape, data: data, dtype: dtype)
    }

    /// A new tensor with this one's dtype holding `elements` (in this dtype's representation).
    public func with(shape: [Int], elements: TensorElements) -> Tensor {
        Tensor(storage: TensorStorage(elements), shape: shape, strides: Tensor.contiguousStrides(shape),
               offset: 0, dtype: dtype)
    }

    /// Whether operations on this tensor are recorded for autograd.
    public var tracksGrad: Bool { requiresGrad || gradFn != nil }

    /// Marks `result` as produced by a recorded operation when any input tracks grad.
    public static func recorded(_ result: Tensor, _ name: String, inputs: [Tensor]) -> Tensor {
        var r = result
        if GradMode.isEnabled && inputs.contains(where: { $0.tracksGrad }) {
            r.gradFn = name
            r.requiresGrad = false
        } else {
            r.gradFn = nil
        }
        return r
    }
}

/// Whether autograd records operations (`torch.no_grad()` turns it off).
public enum GradMode {
    nonisolated(unsafe) public static var isEnabled = true
}

extension Collection where Element == Int {
    /// The number of elements a shape holds. Any size 0 makes it 0 before the others are
    /// multiplied, so an empty tensor with huge other sizes cannot overflow; other shapes were
    /// checked against the element limit when they were made.
    public var elementCount: Int { contains(0) ? 0 : reduce(1, &*) }
}
