import Foundation

/// Element-wise operations between two operands, with broadcasting.
public enum BinaryOp: Sendable {
    case add, sub, mul, div, floorDiv, mod, pow
    case eq, ne, lt, le, gt, ge
    case logicalAnd, logicalOr, logicalXor
    case maximum, minimum

    var isComparison: Bool {
        switch self {
        case .eq, .ne, .lt, .le, .gt, .ge: return true
        default: return false
        }
    }

    var isLogical: Bool {
        switch self {
        case .logicalAnd, .logicalOr, .logicalXor: return true
        default: return false
        }
    }

    /// The autograd node PyTorch records for this operation.
    var gradFn: String? {
        switch self {
        case .add: return "AddBackward0"
        case .sub: return "SubBackward0"
        case .mul: return "MulBackward0"
        case .div: return "DivBackward0"
        case .pow: return "PowBackward1"
        case .maximum: return "MaximumBackward0"
        case .minimum: return "MinimumBackward0"
        default: return nil
        }
    }

    @inline(__always)
    func apply(_ a: Double, _ b: Double, integer: Bool) -> Double {
        switch self {
        case .add: return a + b
        case .sub: return a - b
        case .mul: return a * b
        case .div: return a / b
        case .floorDiv: return (a / b).rounded(.down)
        case .mod:
            if b == 0 { return integer ? 0 : .nan }
            let r = a.truncatingRemainder(dividingBy: b)
            return (r != 0 && (r < 0) != (b < 0)) ? r + b : r
        case .pow: return Foundation.pow(a, b)
        case .eq: return a == b ? 1 : 0
        case .ne: return a != b ? 1 : 0
        case .lt: return a < b ? 1 : 0
        case .le: return a <= b ? 1 : 0
        case .gt: return a > b ? 1 : 0
        case .ge: return a >= b ? 1 : 0
        case .logicalAnd: return (a != 0 && b != 0) ? 1 : 0
        case .logicalOr: return (a != 0 || b != 0) ? 1 : 0
        case .logicalXor: return ((a != 0) != (b != 0)) ? 1 : 0
        case .maximum: return a.isNaN || b.isNaN ? .nan : Swift.max(a, b)
        case .minimum: return a.isNaN || b.isNaN ? .nan : Swift.min(a, b)
        }
    }
}

/// A Python number on one side of a tensor operation; it takes part in type promotion
/// only by kind (bool, int, float), as PyTorch's "wrapped numbers" do.
public enum Scalar: Sendable, Equatable {
    case bool(Bool)
    case int(Int)
    case float(Double)

    public var value: Double {
        switch self {
        case .bool(let b): return b ? 1 : 0
        case .int(let i): return Double(i)
        case .float(let d): return d
        }
    }

    var dtype: DType {
        switch self {
        case .bool: return .bool
        case .int: return .int64
        case .float: return .float32
        }
    }
}

/// Element-wise functions of one tensor.
public enum UnaryOp: Sendable {
    case neg, exp, log, sqrt, abs, sin, cos, tanh, sigmoid, relu, rsqrt, reciprocal

    var gradFn: String {
        switch self {
        case .neg: return "NegBackward0"
        case .exp: return "ExpBackward0"
        case .log: return "LogBackward0"
        case .sqrt: return "SqrtBackward0"
        case .abs: return "AbsBackward0"
        case .sin: return "SinBackward0"
        case .cos: return "CosBackward0"
        case .tanh: return "TanhBackward0"
        case .sigmoid: return "SigmoidBackward0"
        case .relu: return "ReluBackward0"
        case .rsqrt: return "RsqrtBackward0"
        case .reciprocal: return "ReciprocalBackward0"
        }
    }

    /// Whether the result is float even for integer input (PyTorch promotes these).
    var promotesToFloat: Bool {
        switch self {
        case .neg, .abs, .relu: return false
        default: return true
        }
    }

    @inline(__always)
    func apply(_ x: Double) -> Double {
        switch self {
        case .neg: return -x
        case .exp: return Foundation.exp(x)
        case .log: return Foundation.log(x)
        case .sqrt: return Foundation.sqrt(x)
        case .abs: return Swift.abs(x)
        case .sin: return Foundation.sin(x)
        case .cos: return Foundation.cos(x)
        case .tanh: return Foundation.tanh(x)
        case .sigmoid: return 1 / (1 + Foundation.exp(-x))
        case .relu: return x > 0 ? x : 0
        case .rsqrt: return 1 / Foundation.sqrt(x)
        case .reciprocal: return 1 / x
        }
    }
}

extension Tensor {
    /// Applies `f` to aligned elements of `a` and `b` broadcast to a common shape.
    static func zipBroadcast(_ a: Tensor, _ b: Tensor, dtype: DType,
                             _ f: (Double, Double) -> Double) throws -> Tensor {
        let shape = try broadcastShape(a.shape, b.shape)
        if shape != a.shape && shape != b.shape { try TensorLimits.check(shape) }
        let n = shape.elementCount
        var out = [Double](repeating: 0, count: n)
        if a.shape == shape && b.shape == shape && a.isContiguous && b.isContiguous {
            let ad = a.storage.data, bd = b.storage.data
            for i in 0..<n { out[i] = dtype.cast(f(ad[a.offset + i], bd[b.offset + i])) }
        } else {
            let ai = try a.expanded(to: shape).storageIndices()
            let bi = try b.expanded(to: shape).storageIndices()
            let ad = a.storage.data, bd = b.storage.data
            for i in 0..<n { out[i] = dtype.cast(f(ad[ai[i]], bd[bi[i]])) }
        }
        return Tensor(storage: TensorStorage(out), shape: shape, strides: contiguousStrides(shape),
                      offset: 0, dtype: dtype)
    }

    /// The dtype PyTorch computes `op` in, and the dtype of its result.
    static func resultTypes(_ op: BinaryOp, _ a: DType, _ b: DType) -> (compute: DType, result: DType) {
        var common = DType.promote(a, b)
        if op == .div || (op == .pow && common == .bool) { common = .float32 }
        if op.isLogical || op.isComparison { return (common, .bool) }
        return (common, common)
    }

    /// `self op other` for two tensors, with broadcasting and type promotion.
    ///
    /// A 0-d operand takes part in promotion by kind only, like PyTorch.
    public func binary(_ op: BinaryOp, _ other: Tensor) throws -> Tensor {
        let da = (rank == 0 && other.rank > 0) ? Tensor.kindOnly(dtype, against: other.dtype) : dtype
        let db = (other.rank == 0 && rank > 0) ? Tensor.kindOnly(other.dtype, against: dtype) : other.dtype
        return try binaryTyped(op, other, da, db)
    }

    /// `self op scalar` (or `scalar op self` when `reversed`), a Python number on one side.
    public func binary(_ op: BinaryOp, _ scalar: Scalar, reversed: Bool = false) throws -> Tensor {
        if reversed && op == .div {
            // PyTorch evaluates `number / t` as `t.reciprocal() * number`.
            return try unary(.reciprocal).binary(.mul, scalar)
        }
        let s = Tensor(storage: TensorStorage([scalar.value]), shape: [], strides: [], offset: 0, dtype: scalar.dtype)
        let sd = Tensor.kindOnly(scalar.dtype, against: dtype)
        var r = reversed ? try s.binaryTyped(op, self, sd, dtype) : try binaryTyped(op, s, dtype, sd)
        if let name = Tensor.scalarGradFn(op, reversed: reversed) { r = Tensor.recorded(r, name, inputs: [self]) }
        return r
    }

    /// The autograd node PyTorch records when one operand is a Python number.
    static func scalarGradFn(_ op: BinaryOp, reversed: Bool) -> String? {
        switch (op, reversed) {
        case (.sub, true): return "RsubBackward1"
        case (.pow, false): return "PowBackward0"
        case (.pow, true): return "PowBackward2"
        default: return op.gradFn
        }
    }

    /// The dtype a wrapped number or 0-d tensor contributes: its own only if it is of a higher kind.
    static func kindOnly(_ weak: DType, against strong: DType) -> DType {
        func kind(_ d: DType) -> Int { d == .bool ? 0 : (d == .int64 ? 1 : 2) }
        return kind(weak) > kind(strong) ? weak : strong
    }

    func binaryTyped(_ op: BinaryOp, _ other: Tensor, _ da: DType, _ db: DType) throws -> Tensor {
        if op == .sub && (da == .bool || db == .bool) {
            throw TensorError(.notImplemented, da == .bool && db == .bool
                ? "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead."
                : "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
        }
        let (compute, result) = Tensor.resultTypes(op, da, db)
        let integer = compute != .float32
        if integer && (op == .floorDiv || op == .mod) {
            if other.scalars.contains(0) {
                throw TensorError.runtime("ZeroDivisionError")
            }
        }
        let a = self, b = other
        var r: Tensor
        if compute == .float32 {
            // Operands are rounded to float32 first, as PyTorch casts them before computing.
            r = try Tensor.zipBroadcast(a, b, dtype: result) { x, y in
                op.apply(Double(Float(x)), Double(Float(y)), integer: false)
            }
        } else {
            r = try Tensor.zipBroadcast(a, b, dtype: result) { x, y in op.apply(x, y, integer: true) }
        }
        if let name = op.gradFn { r = Tensor.recorded(r, name, inputs: [self, other]) }
        return r
    }

    /// An element-wise function of this tensor.
    public func unary(_ op: UnaryOp) -> Tensor {
        let resultType: DType = op.promotesToFloat ? .float32 : dtype
        let data = scalars.map { resultType.cast(op.apply($0)) }
        return Tensor.recorded(Tensor(shape: shape, data: data, dtype: resultType), op.gradFn, inputs: [self])
    }

    public static func + (a: Tensor, b: Tensor) throws -> Tensor { try a.binary(.add, b) }
    public static func - (a: Tensor, b: Tensor) throws -> Tensor { try a.binary(.sub, b) }
    public static func * (a: Tensor, b: Tensor) throws -> Tensor { try a.binary(.mul, b) }
    public static func / (a: Tensor, b: Tensor) throws -> Tensor { try a.binary(.div, b) }
    public static func / (a: Tensor, b: Double) throws -> Tensor { try a.binary(.div, .float(b)) }

    /// A copy converted to `dtype` (`t.float()`, `t.bool()`, `t.long()`).
    public func to(_ dtype: DType) -> Tensor {
        if dtype == self.dtype { return self }
        var r = Tensor(shape: shape, data: scalars, dtype: dtype)
        if dtype == .float32 { r = Tensor.recorded(r, "ToCopyBackward0", inputs: [self]) }
        return r
    }
}
