import Synchronization

/// The element types a tensor can hold, named as PyTorch names them.
public enum DType: String, Sendable, Equatable {
    case float32
    case int64
    case bool

    /// `torch.float32`-style name used in reprs and errors.
    public var torchName: String { "torch.\(rawValue)" }

    /// PyTorch's name in messages such as "expected scalar type Float".
    public var scalarTypeName: String {
        switch self {
        case .float32: return "Float"
        case .int64: return "Long"
        case .bool: return "Bool"
        }
    }

    public var isFloatingPoint: Bool { self == .float32 }

    /// Rounds a value to what this dtype can hold.
    @inline(__always)
    public func cast(_ x: Double) -> Double {
        switch self {
        case .float32: return Double(Float(x))
        case .int64:
            // Stored as Double, an int64 must stay inside Int's range so every conversion back
            // is safe: the largest Double below 2^63 is 2^63 - 1024.
            if x.isNaN { return 0 }
            return Swift.min(Swift.max(x.rounded(.towardZero), -9.223372036854775808e18), 9.223372036854774784e18)
        case .bool: return x != 0 ? 1 : 0
        }
    }

    /// The dtype of an operation mixing two tensors (PyTorch's type promotion, for these three).
    public static func promote(_ a: DType, _ b: DType) -> DType {
        if a == .float32 || b == .float32 { return .float32 }
        if a == .int64 || b == .int64 { return .int64 }
        return .bool
    }
}

/// Shared element buffer; views of one tensor point at the same storage.
///
/// Every element is kept as a `Double` already rounded to its tensor's dtype, so float32
/// arithmetic done in double and rounded once gives float32's correctly rounded result.
public final class TensorStorage: @unchecked Sendable {
    public var data: [Double]

    public init(_ data: [Double]) {
        self.data = data
        let live = TensorLimits.live.add(data.count, ordering: .relaxed).newValue
        // Every allocation is counted, also by operations that do not check shapes first
        // (cat, stack, copies): past the limit the run is stopped when the operation returns.
        if live > TensorLimits.maxLiveElements, let budget = ExecutionBudget.current {
            budget.exhaust(.memory(bytes: TensorLimits.maxLiveElements * MemoryLayout<Double>.size))
        }
        ExecutionBudget.charge(data.count)
    }

    deinit {
        TensorLimits.live.subtract(data.count, ordering: .relaxed)
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

    /// A new contiguous tensor holding `data` (row-major), rounded to `dtype`.
    public init(shape: [Int], data: [Double], dtype: DType = .float32) {
        precondition(data.count == shape.elementCount, "data does not fill the shape")
        let rounded = dtype == .int64 || dtype == .float32 || dtype == .bool ? data.map(dtype.cast) : data
        self.init(storage: TensorStorage(rounded), shape: shape, strides: Tensor.contiguousStrides(shape),
                  offset: 0, dtype: dtype)
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

    /// The elements in row-major order.
    public var scalars: [Double] {
        ExecutionBudget.charge(count)
        if isContiguous {
            return Array(storage.data[offset..<(offset + count)])
        }
        let data = storage.data
        return storageIndices().map { data[$0] }
    }

    /// The single element of a one-element tensor.
    public var scalar: Double { storage.data[offset] }

    /// A view with new shape, strides and offset over the same storage.
    public func view(shape: [Int], strides: [Int], offset: Int) -> Tensor {
        Tensor(storage: storage, shape: shape, strides: strides, offset: offset, dtype: dtype,
               requiresGrad: false, gradFn: nil)
    }

    /// A new tensor with this one's dtype and the given row-major data.
    public func with(shape: [Int], data: [Double]) -> Tensor {
        Tensor(shape: shape, data: data, dtype: dtype)
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
