/// The element types a tensor can hold, named as PyTorch names them.
///
/// Floating-point elements are stored as `Double`s already rounded to their dtype; integer and
/// bool elements as exact `Int64`s already wrapped to their width (see `TensorStorage`).
public enum DType: String, Sendable, Equatable, CaseIterable {
    case bool
    case uint8, int8, int16, int32, int64
    case float16, bfloat16, float32, float64

    /// `torch.float32`-style name used in reprs and errors.
    public var torchName: String { "torch.\(rawValue)" }

    /// PyTorch's name in messages such as "expected scalar type Float".
    public var scalarTypeName: String {
        switch self {
        case .bool: return "Bool"
        case .uint8: return "Byte"
        case .int8: return "Char"
        case .int16: return "Short"
        case .int32: return "Int"
        case .int64: return "Long"
        case .float16: return "Half"
        case .bfloat16: return "BFloat16"
        case .float32: return "Float"
        case .float64: return "Double"
        }
    }

    /// The C type name PyTorch's `mm` dtype message uses (`float != long int`).
    public var cTypeName: String {
        switch self {
        case .bool: return "bool"
        case .uint8: return "unsigned char"
        case .int8: return "signed char"
        case .int16: return "short int"
        case .int32: return "int"
        case .int64: return "long int"
        case .float16: return "c10::Half"
        case .bfloat16: return "c10::BFloat16"
        case .float32: return "float"
        case .float64: return "double"
        }
    }

    /// `t.type()`: the legacy tensor type name, `torch.FloatTensor`.
    public var legacyTensorTypeName: String { "torch.\(scalarTypeName)Tensor" }

    /// `t.element_size()`: bytes per element.
    public var elementSize: Int {
        switch self {
        case .bool, .uint8, .int8: return 1
        case .int16, .float16, .bfloat16: return 2
        case .int32, .float32: return 4
        case .int64, .float64: return 8
        }
    }

    public var isFloatingPoint: Bool {
        switch self {
        case .float16, .bfloat16, .float32, .float64: return true
        default: return false
        }
    }

    /// An integer type other than bool (`torch.is_integral` minus bool).
    public var isIntegral: Bool { !isFloatingPoint && self != .bool }

    /// The type element-wise kernels compute in: PyTorch's `opmath_type`, float for the
    /// 16-bit floats so that each operation rounds once to float and once to the result.
    public var opmath: DType { self == .float16 || self == .bfloat16 ? .float32 : self }

    /// Rounds a value to what this floating dtype can hold.
    ///
    /// The 16-bit floats go through float32 first, as PyTorch's `Half(float)` and
    /// `BFloat16(float)` constructors are the only conversions into them.
    @inline(__always)
    public func cast(_ x: Double) -> Double {
        switch self {
        case .float32: return Double(Float(x))
        case .float64: return x
        case .float16: return Double(Float16(Float(x)))
        case .bfloat16: return Double(DType.bfloat16(Float(x)))
        case .bool: return x != 0 ? 1 : 0
        default: return Double(integer(fromFloating: x))
        }
    }

    /// `x` rounded to bfloat16 (round to nearest, ties to even), as c10::BFloat16 does.
    static func bfloat16(_ x: Float) -> Float {
        if x.isNaN { return x }
        let bits = x.bitPattern
        let rounded = bits &+ 0x7FFF &+ ((bits >> 16) & 1)
        return Float(bitPattern: rounded & 0xFFFF_0000)
    }

    /// An integer wrapped to this integer dtype's width (two's complement), as a C cast does.
    @inline(__always)
    public func wrap(_ x: Int64) -> Int64 {
        switch self {
        case .bool: return x != 0 ? 1 : 0
        case .uint8: return Int64(UInt8(truncatingIfNeeded: x))
        case .int8: return Int64(Int8(truncatingIfNeeded: x))
        case .int16: return Int64(Int16(truncatingIfNeeded: x))
        case .int32: return Int64(Int32(truncatingIfNeeded: x))
        default: return x
        }
    }

    /// A floating value converted to this integer dtype as PyTorch's x86 build converts it:
    /// toward zero; out of range or NaN gives the 64-bit or 32-bit "indefinite" minimum, and
    /// the narrow types go through int32 (so 300.0 becomes 44 as uint8).
    @inline(__always)
    public func integer(fromFloating x: Double) -> Int64 {
        switch self {
        case .bool: return x != 0 ? 1 : 0
        case .int64:
            guard x >= -0x1p63, x < 0x1p63 else { return Int64.min }
            return Int64(x.rounded(.towardZero))
        default:
            guard x > -0x1p31 - 1, x < 0x1p31 else { return wrap(Int64(Int32.min)) }
            return wrap(Int64(x.rounded(.towardZero)))
        }
    }

    /// An integer converted to this floating dtype with one rounding (float32 from the
    /// integer itself, not through a double), as a C cast does.
    @inline(__always)
    public func floating(fromInteger x: Int64) -> Double {
        switch self {
        case .float64: return Double(x)
        case .float32: return Double(Float(x))
        default: return cast(Double(Float(x)))
        }
    }

    /// The dtype of an operation mixing two tensors: PyTorch's `promoteTypes` table.
    public static func promote(_ a: DType, _ b: DType) -> DType {
        if a == b { return a }
        if a == .bool { return b }
        if b == .bool { return a }
        switch (a.isFloatingPoint, b.isFloatingPoint) {
        case (true, false): return a
        case (false, true): return b
        case (true, true):
            if a == .float64 || b == .float64 { return .float64 }
            // float16 with bfloat16 has no common 16-bit type; any other pair holds float32.
            return .float32
        case (false, false):
            // uint8 with a signed type needs the next signed width to hold both ranges.
            if a == .uint8 || b == .uint8 {
                let signed = a == .uint8 ? b : a
                return signed == .int8 ? .int16 : signed
            }
            return a.elementSize >= b.elementSize ? a : b
        }
    }

    /// Whether a result of type `from` may be written into a tensor of type `to` in place:
    /// PyTorch's `canCast` (no float into integers, nothing but bool into bool).
    public static func canCast(from: DType, to: DType) -> Bool {
        if from.isFloatingPoint && !to.isFloatingPoint { return false }
        if from != .bool && to == .bool { return false }
        return true
    }

    /// The range of Python ints `torch.tensor(..., dtype=self)` accepts without "value cannot
    /// be converted to type ... without overflow" (c10's `overflows`: unsigned types also take
    /// negatives down to minus their maximum, which then wrap).
    public func accepts(_ x: Int64) -> Bool {
        switch self {
        case .uint8: return x >= -255 && x <= 255
        case .int8: return x >= Int64(Int8.min) && x <= Int64(Int8.max)
        case .int16: return x >= Int64(Int16.min) && x <= Int64(Int16.max)
        case .int32: return x >= Int64(Int32.min) && x <= Int64(Int32.max)
        default: return true
        }
    }
}

/// PyTorch's `result_type`: the dtype an operation over tensors and Python numbers computes in.
///
/// Operands fall in three groups — tensors with dimensions, 0-d tensors, Python numbers — and a
/// later group only counts when it is of a higher category (bool < integer < floating) than
/// the groups before it: `int32_tensor + 5` stays int32, `int32_tensor + 2.5` is float32.
public struct ResultType: Sendable {
    private var dimensioned: DType?
    private var zeroDim: DType?
    private var wrapped: DType?

    public init() {}

    public mutating func add(_ t: Tensor) { add(t.dtype, rank: t.rank) }

    public mutating func add(_ dtype: DType, rank: Int) {
        if rank > 0 {
            dimensioned = dimensioned.map { DType.promote($0, dtype) } ?? dtype
        } else {
            zeroDim = zeroDim.map { DType.promote($0, dtype) } ?? dtype
        }
    }

    /// A Python number: a float counts as the default dtype (float32), an int as int64.
    public mutating func add(_ s: Scalar) {
        wrapped = wrapped.map { DType.promote($0, s.dtype) } ?? s.dtype
    }

    public var dtype: DType {
        ResultType.combine(dimensioned, ResultType.combine(zeroDim, wrapped)) ?? .float32
    }

    /// `combine_categories`: the higher group wins unless the lower one is of a higher category.
    private static func combine(_ higher: DType?, _ lower: DType?) -> DType? {
        guard let higher else { return lower }
        guard let lower else { return higher }
        if higher.isFloatingPoint { return higher }
        if higher == .bool || lower.isFloatingPoint { return DType.promote(higher, lower) }
        return higher
    }
}
