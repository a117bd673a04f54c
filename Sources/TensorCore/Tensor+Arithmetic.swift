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

    /// `a op b` for floating operands already rounded to the type the operation computes in.
    @inline(__always)
    func apply(_ a: Double, _ b: Double) -> Double {
        switch self {
        case .add: return a + b
        case .sub: return a - b
        case .mul: return a * b
        case .div: return a / b
        case .floorDiv: return (a / b).rounded(.down)
        case .mod:
            if b == 0 { return .nan }
            let r = a.truncatingRemainder(dividingBy: b)
            return (r != 0 && (r < 0) != (b < 0)) ? r + b : r
        case .pow: return Foundation.pow(a, b)
        case .eq, .ne, .lt, .le, .gt, .ge, .logicalAnd, .logicalOr, .logicalXor: return holds(a, b) ? 1 : 0
        case .maximum: return a.isNaN || b.isNaN ? .nan : Swift.max(a, b)
        case .minimum: return a.isNaN || b.isNaN ? .nan : Swift.min(a, b)
        }
    }

    /// Whether a comparison or logical op holds for `a` and `b` (non-zero is true).
    @inline(__always)
    func holds<T: Comparable & Numeric>(_ a: T, _ b: T) -> Bool {
        switch self {
        case .eq: return a == b
        case .ne: return a != b
        case .lt: return a < b
        case .le: return a <= b
        case .gt: return a > b
        case .ge: return a >= b
        case .logicalAnd: return a != 0 && b != 0
        case .logicalOr: return a != 0 || b != 0
        case .logicalXor: return (a != 0) != (b != 0)
        default: preconditionFailure("\(self) is not a comparison")
        }
    }

    /// `a op b` for integer operands: 64-bit two's complement arithmetic (the caller wraps the
    /// result to the tensor's width), Python's floor division and modulo, as PyTorch computes.
    @inline(__always)
    func apply(_ a: Int64, _ b: Int64) throws -> Int64 {
        switch self {
        case .add: return a &+ b
        case .sub: return a &- b
        case .mul: return a &* b
        case .div: preconditionFailure("true division computes in a floating type")
        case .floorDiv:
            if b == 0 { throw TensorError.runtime("ZeroDivisionError") }
            if b == -1 { return 0 &- a }  // Int64.min // -1 wraps instead of trapping
            let q = a / b
            return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
        case .mod:
            if b == 0 { throw TensorError.runtime("ZeroDivisionError") }
            if b == -1 { return 0 }
            let r = a % b
            return (r != 0 && (r < 0) != (b < 0)) ? r + b : r
        case .pow: return UnaryOp.integerPower(a, b)
        case .eq, .ne, .lt, .le, .gt, .ge, .logicalAnd, .logicalOr, .logicalXor: return holds(a, b) ? 1 : 0
        case .maximum: return Swift.max(a, b)
        case .minimum: return Swift.min(a, b)
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

    /// The dtype this number takes part in type promotion as (floats as the default dtype).
    public var dtype: DType {
        switch self {
        case .bool: return .bool
        case .int: return .int64
        case .float: return .float32
        }
    }
}

extension Tensor {
    /// A 0-d tensor of `dtype` holding a Python number, converted as a C cast converts it.
    public init(scalar: Scalar, dtype: DType) {
        switch scalar {
        case .bool(let b): self.init(shape: [], integers: [b ? 1 : 0], dtype: dtype)
        case .int(let i): self.init(shape: [], integers: [Int64(i)], dtype: dtype)
        case .float(let d): self.init(shape: [], data: [d], dtype: dtype)
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

    /// The ops that keep integer input integer (`promotesToFloat` is false), on an integer.
    @inline(__always)
    func apply(_ x: Int64) -> Int64 {
        switch self {
        case .neg: return 0 &- x
        case .abs: return x < 0 ? 0 &- x : x
        case .relu: return Swift.max(x, 0)
        default: preconditionFailure("\(self) computes in a floating type")
        }
    }

    /// `a ** b` in 64-bit wrapping arithmetic; a negative exponent gives what PyTorch's
    /// `powi` gives (only 1 and -1 have integer reciprocals).
    static func integerPower(_ a: Int64, _ b: Int64) -> Int64 {
        if b < 0 {
            if a == 1 { return 1 }
            if a == -1 { return b % 2 == 0 ? 1 : -1 }
            return 0
        }
        var result: Int64 = 1, base = a, e = b
        while e > 0 {
            if e & 1 == 1 { result = result &* base }
            base = base &* base
            e >>= 1
        }
        return result
    }
}

extension Tensor {
    /// `f` applied to aligned elements of `a` and `b` (read from `ab` and `bb`, their storage
    /// buffers) broadcast to `shape`, in row-major order.
    static func zipBroadcast<In, Out>(_ a: Tensor, _ ab: [In], _ b: Tensor, _ bb: [In], shape: [Int],
                                      _ f: (In, In) throws -> Out) throws -> [Out] {
        let n = shape.elementCount
        var out = [Out]()
        out.reserveCapacity(n)
        if a.shape == shape && b.shape == shape && a.isContiguous && b.isContiguous {
            for i in 0..<n { out.append(try f(ab[a.offset + i], bb[b.offset + i])) }
        } else {
            let ai = try a.expanded(to: shape).storageIndices()
            let bi = try b.expanded(to: shape).storageIndices()
            for i in 0..<n { out.append(try f(ab[ai[i]], bb[bi[i]])) }
        }
        return out
    }

    /// The dtype PyTorch computes `op` in for operands of common type `common`, and the dtype
    /// of its result.
    static func resultTypes(_ op: BinaryOp, common: DType) -> (compute: DType, result: DType) {
        var compute = common
        // True division of integers gives the default float type.
        if op == .div && !common.isFloatingPoint { compute = .float32 }
        if op == .pow && common == .bool { compute = .float32 }
        if op.isLogical || op.isComparison { return (compute, .bool) }
        return (compute, compute)
    }

    /// `self op other` for two tensors, with broadcasting and type promotion (a 0-d operand
    /// takes part only by category, see `ResultType`).
    public func binary(_ op: BinaryOp, _ other: Tensor) throws -> Tensor {
        var types = ResultType()
        types.add(self)
        types.add(other)
        let (compute, result) = Tensor.resultTypes(op, common: types.dtype)
        try Tensor.checkSubtraction(op, dtype, other.dtype)
        var r = try Tensor.compute(op, converted(to: compute), other.converted(to: compute), result: result)
        if let name = op.gradFn { r = Tensor.recorded(r, name, inputs: [self, other]) }
        return r
    }

    /// `self op scalar` (or `scalar op self` when `reversed`), a Python number on one side.
    public func binary(_ op: BinaryOp, _ scalar: Scalar, reversed: Bool = false) throws -> Tensor {
        if reversed && op == .div {
            // PyTorch evaluates `number / t` as `t.reciprocal() * number`.
            return try unary(.reciprocal).binary(.mul, scalar)
        }
        var types = ResultType()
        types.add(self)
        types.add(scalar)
        let (compute, result) = Tensor.resultTypes(op, common: types.dtype)
        try Tensor.checkSubtraction(op, dtype, scalar.dtype)
        if op == .pow && !reversed && !compute.isFloatingPoint, case .int(let e) = scalar, e < 0 {
            throw TensorError.runtime("Integers to negative integer powers are not allowed.")
        }
        // The number enters the kernel in the type it computes in (float for the 16-bit floats),
        // not rounded to the tensor's type first.
        let s = Tensor(scalar: scalar, dtype: compute.opmath)
        let t = converted(to: compute)
        var r = reversed ? try Tensor.compute(op, s, t, result: result) : try Tensor.compute(op, t, s, result: result)
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

    /// PyTorch refuses `-` on bool operands (before promotion: `bool_t - 1` is refused too).
    static func checkSubtraction(_ op: BinaryOp, _ da: DType, _ db: DType) throws {
        guard op == .sub && (da == .bool || db == .bool) else { return }
        throw TensorError(.notImplemented, da == .bool && db == .bool
            ? "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead."
            : "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
    }

    /// The element-wise kernel: `a` and `b` hold the type the operation computes in (or, for a
    /// Python number, its opmath type); the result is rounded or wrapped to `result`.
    static func compute(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, result: DType) throws -> Tensor {
        let shape = try broadcastShape(a.shape, b.shape)
        if shape != a.shape && shape != b.shape { try TensorLimits.check(shape) }
        let elements: TensorElements
        if a.dtype.isFloatingPoint {
            let ad = a.storage.data, bd = b.storage.data
            if result.isFloatingPoint {
                elements = .floating(try zipBroadcast(a, ad, b, bd, shape: shape) { result.cast(op.apply($0, $1)) })
            } else {
                elements = .integers(try zipBroadcast(a, ad, b, bd, shape: shape) { op.apply($0, $1) != 0 ? 1 : 0 })
            }
        } else {
            let ai = a.storage.integers, bi = b.storage.integers
            elements = .integers(try zipBroadcast(a, ai, b, bi, shape: shape) { result.wrap(try op.apply($0, $1)) })
        }
        return Tensor(storage: TensorStorage(elements), shape: shape, strides: contiguousStrides(shape),
                      offset: 0, dtype: result)
    }

    /// An element-wise function of this tensor: integer input becomes float32 for the
    /// functions that need fractions, and stays integer (wrapping) for `neg`, `abs`, `relu`.
    public func unary(_ op: UnaryOp) -> Tensor {
        let r: Tensor
        if dtype.isFloatingPoint || op.promotesToFloat {
            let input = converted(to: dtype.isFloatingPoint ? dtype : .float32)
            let resultType = input.dtype
            r = Tensor(shape: shape, data: input.scalars.map { resultType.cast(op.apply($0)) }, dtype: resultType)
        } else {
            r = Tensor(shape: shape, integers: integers.map { dtype.wrap(op.apply($0)) }, dtype: dtype)
        }
        return Tensor.recorded(r, op.gradFn, inputs: [self])
    }

    public static func + (a: Tensor, b: Tensor) throws -> Tensor { try a.binary(.add, b) }
    public static func - (a: Tensor, b: Tensor) throws -> Tensor { try a.binary(.sub, b) }
    public static func * (a: Tensor, b: Tensor) throws -> Tensor { try a.binary(.mul, b) }
    public static func / (a: Tensor, b: Tensor) throws -> Tensor { try a.binary(.div, b) }
    public static func / (a: Tensor, b: Double) throws -> Tensor { try a.binary(.div, .float(b)) }

    /// A copy converted to `dtype` (`t.float()`, `t.int()`, `t.to(torch.float16)`): autograd
    /// records the copy between floating types.
    public func to(_ dtype: DType) -> Tensor {
        if dtype == self.dtype { return self }
        var r = converted(to: dtype)
        if dtype.isFloatingPoint { r = Tensor.recorded(r, "ToCopyBackward0", inputs: [self]) }
        return r
    }

    /// This tensor's elements as `dtype` (itself when it already is), as a C cast converts:
    /// floats round, integers wrap, floats become integers toward zero.
    func converted(to dtype: DType) -> Tensor {
        if dtype == self.dtype { return self }
        return Tensor(shape: shape, elements: elements, dtype: dtype)
    }
}
