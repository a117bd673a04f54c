/// An error raised by a tensor operation, worded as PyTorch words it.
public struct TensorError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The Python exception class PyTorch raises for this failure.
    public enum Kind: String, Sendable {
        /// `RuntimeError`: shape mismatches, invalid views, unsupported dtypes.
        case runtime = "RuntimeError"
        /// `IndexError`: indices and dimensions out of range.
        case index = "IndexError"
        /// `TypeError`: wrong argument types.
        case type = "TypeError"
        /// `ValueError`: bad values such as ragged nested lists.
        case value = "ValueError"
        /// `NotImplementedError`: operations PyTorch refuses for a dtype (bool subtraction).
        case notImplemented = "NotImplementedError"
        /// `MemoryError`: a tensor larger than the run's budget allows.
        case memory = "MemoryError"
        /// `TimeoutError`: the run's time is spent.
        case timeout = "TimeoutError"
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }

    static func runtime(_ message: String) -> TensorError { TensorError(.runtime, message) }
    static func index(_ message: String) -> TensorError { TensorError(.index, message) }
}

import Synchronization

/// Bounds on tensor sizes so a script cannot exhaust memory.
public enum TensorLimits {
    /// Most elements one tensor may hold (16 Mi elements, 128 MiB of doubles).
    nonisolated(unsafe) public static var maxElements = 16 * 1024 * 1024
    /// Most elements all live tensors together may hold (64 Mi elements, 512 MiB).
    nonisolated(unsafe) public static var maxLiveElements = 64 * 1024 * 1024
    /// Elements held by all tensor storage alive in the process.
    static let live = Atomic<Int>(0)
    /// Elements held by all tensor storage alive in the process right now.
    public static var liveElements: Int { live.load(ordering: .relaxed) }

    /// Most multiply-adds one matrix product may take (about a second of work here).
    nonisolated(unsafe) public static var maxMultiplyAdds = 1e9

    /// Refuses a product too large to finish in reasonable time, before starting it.
    public static func checkWork(multiplyAdds: Double) throws {
        if multiplyAdds > maxMultiplyAdds {
            throw TensorError.runtime("this matrix product needs \(Int(multiplyAdds)) multiply-adds; the tutor allows at most \(Int(maxMultiplyAdds)) in one product")
        }
    }

    /// Checks a requested shape against the limit, with PyTorch's message for negative sizes,
    /// before its storage is allocated: the size of one tensor, all live tensors together, and
    /// the run's memory budget.
    public static func check(_ shape: [Int]) throws {
        let n = try elements(shape, newStorage: true)
        if liveElements + n > maxLiveElements {
            throw TensorError(.memory,
                "a tensor of shape \(shape) does not fit: the tensors alive already hold \(liveElements) elements and the tutor allows \(maxLiveElements) in all")
        }
        // Reading resident memory costs a system call: only for allocations that can matter.
        if n >= 1 << 17, let budget = ExecutionBudget.current, !budget.canAllocate(bytes: n * MemoryLayout<Double>.size) {
            throw TensorError(.memory,
                "a tensor of shape \(shape) does not fit in the \(budget.memoryBytes >> 20) MiB the run may use")
        }
    }

    /// The number of elements of a shape that a tensor or a view of one may have, refusing
    /// negative sizes and shapes past the per-tensor limit (so no element count overflows).
    /// `newStorage` says the shape is for new storage rather than a view of existing storage
    /// (PyTorch words an overflow differently for the two).
    @discardableResult
    public static func elements(_ shape: [Int], newStorage: Bool = false) throws -> Int {
        for d in shape where d < 0 {
            throw TensorError.runtime("Trying to create tensor with negative dimension \(d): \(shape)")
        }
        var n = 1
        var overflowed = false
        for d in shape {
            // Strides multiply the sizes with 0 counted as 1: that product must fit too.
            let (m, overflow) = n.multipliedReportingOverflow(by: Swift.max(d, 1))
            if overflow { overflowed = true; n = Int.max } else { n = m }
        }
        if overflowed && shape.contains(0) {
            throw TensorError.runtime(newStorage ? "Storage size calculation overflowed with sizes=\(shape)"
                                                 : "numel: integer multiplication overflow")
        }
        // A zero anywhere makes an empty tensor, however large the other sizes.
        if shape.contains(0) { return 0 }
        if overflowed { throw TensorError.runtime("numel: integer multiplication overflow") }
        if n > maxElements {
            throw TensorError(.memory,
                "a tensor of shape \(shape) is too large: the tutor allows at most \(maxElements) elements per tensor")
        }
        return n
    }
}

/// Wraps a possibly negative dimension into range, with PyTorch's message when it is out of range.
public func normalizeDim(_ dim: Int, rank: Int) throws -> Int {
    let r = max(rank, 1)
    if dim < -r || dim >= r {
        throw TensorError.index("Dimension out of range (expected to be in range of [\(-r), \(r - 1)], but got \(dim))")
    }
    return dim < 0 ? dim + r : dim
}
