import Foundation

/// Random tensors drawn exactly as PyTorch's CPU kernels draw them from a `Generator`.
extension Tensor {
    /// `torch.rand(shape)`: float32 uniforms in [0, 1), one 24-bit draw per element.
    public static func rand(_ shape: [Int], generator: Generator = .global) -> Tensor {
        let n = shape.elementCount
        var data = [Double](repeating: 0, count: n)
        for i in 0..<n {
            // A spent budget stops the draws; the interpreter raises before the tensor is seen.
            if i & 0xFFF == 0 && !ExecutionBudget.charge(0x1000) { break }
            data[i] = generator.uniform24()
        }
        return Tensor(shape: shape, data: data)
    }

    /// `torch.randn(shape)`: float32 standard normals.
    ///
    /// PyTorch picks the algorithm by size: fewer than 16 elements draw one double Box–Muller
    /// sample each (using the generator's cached second sample), 16 or more fill uniforms first
    /// and transform them in blocks of 16 in float32.
    public static func randn(_ shape: [Int], generator: Generator = .global) -> Tensor {
        let n = shape.elementCount
        if n < 16 {
            var data = [Double]()
            data.reserveCapacity(n)
            for _ in 0..<n { data.append(generator.normal()) }
            return Tensor(shape: shape, data: data)
        }
        var values = [Float](repeating: 0, count: n)
        for i in 0..<n {
            if i & 0xFFF == 0 && !ExecutionBudget.charge(0x1000) { break }
            values[i] = Float(generator.uniform24())
        }
        var start = 0
        while start + 16 <= n {
            if start & 0xFFF == 0 && !ExecutionBudget.charge(0x4000) { break }
            normalBlock16(&values, at: start)
            start += 16
        }
        if n % 16 != 0 {
            // PyTorch redraws the last 16 elements (overlapping the last full block) and
            // transforms them again, rather than transforming a partial block.
            for i in (n - 16)..<n { values[i] = Float(generator.uniform24()) }
            normalBlock16(&values, at: n - 16)
        }
        return Tensor(shape: shape, data: values.map(Double.init))
    }

    /// `torch.rand(shape, dtype=)`: float32 as `rand`, float64 from one 53-bit draw per element.
    public static func rand(_ shape: [Int], dtype: DType, generator: Generator = .global) throws -> Tensor {
        switch dtype {
        case .float32: return rand(shape, generator: generator)
        case .float64: return Tensor(shape: shape, data: draw(shape.elementCount) { generator.uniform53() }, dtype: .float64)
        default: throw unsupportedDraw("rand", dtype)
        }
    }

    /// `torch.randn(shape, dtype=)`: float32 as `randn`; float64 as PyTorch's scalar kernels
    /// draw it: fewer than 16 elements take cached double Box–Muller samples, more fill 53-bit
    /// uniforms and transform them 16 at a time with libm (the last 16 redrawn, as for float32).
    public static func randn(_ shape: [Int], dtype: DType, generator: Generator = .global) throws -> Tensor {
        switch dtype {
        case .float32: return randn(shape, generator: generator)
        case .float64: break
        default: throw unsupportedDraw("randn", dtype)
        }
        let n = shape.elementCount
        if n < 16 { return Tensor(shape: shape, data: draw(n) { generator.normal() }, dtype: .float64) }
        var values = draw(n) { generator.uniform53() }
        for start in stride(from: 0, through: n - 16, by: 16) { normalBlock16(&values, at: start) }
        if n % 16 != 0 {
            for i in (n - 16)..<n { values[i] = generator.uniform53() }
            normalBlock16(&values, at: n - 16)
        }
        return Tensor(shape: shape, data: values, dtype: .float64)
    }

    /// `n` values of `next()`, stopping early once the run's budget is spent.
    private static func draw(_ n: Int, _ next: () -> Double) -> [Double] {
        var data = [Double](repeating: 0, count: n)
        for i in 0..<n {
            if i & 0xFFF == 0 && !ExecutionBudget.charge(0x1000) { break }
            data[i] = next()
        }
        return data
    }

    private static func unsupportedDraw(_ name: String, _ dtype: DType) -> TensorError {
        TensorError(.notImplemented, "torch.\(name)(dtype=\(dtype.torchName)) is not part of the step language (float32 and float64 are)")
    }

    /// `tensor.uniform_(a, b)`: fills this tensor's elements in row-major order, in place.
    ///
    /// Follows PyTorch's float kernel: the bounds are cast to float32 and subtracted in float32,
    /// then `u * (b - a) + a` is evaluated fused (one rounding), as the AVX2 build compiles it.
    /// Computing `b - a` in double instead differs for bounds like (-7.3, 0.001).
    public func uniform_(_ a: Double, _ b: Double, generator: Generator = .global) {
        precondition(dtype.isFloatingPoint, "\"uniform_\" not implemented for '\(dtype.scalarTypeName)'")
        let from = Float(a), to = Float(b)
        let range = to - from
        for index in storageIndices() {
            let u = Float(generator.uniform24())  // exact: 24 bits
            storage.data[index] = Double(from.addingProduct(u, range))
        }
    }

    /// Dropout's keep mask: element i is kept when its 53-bit uniform is below `1 - p`.
    public static func bernoulliKeep(count: Int, p: Double, generator: Generator = .global) -> [Bool] {
        let keep = 1 - p
        return (0..<count).map { _ in generator.uniform53() < keep }
    }
}

// Kept outside `extension Tensor` so `log`-like names resolve to these helpers and the C
// math functions, not to tensor methods of the same names.

/// 2π rounded to nearest float, as PyTorch's `float(2.0f * pi<double>)`; `2 * Float.pi`
/// would be one ulp low because Swift rounds `Float.pi` toward zero.
private let twoPi = Float(2 * Double.pi)

/// Turns 16 uniforms at `start` into 16 normals: element j pairs with element j + 8.
///
/// Mirrors PyTorch's AVX2 kernel (`normal_fill_16_AVX2`), whose log and sin/cos are the
/// Cephes-style polynomials of `avx_mathfun.h` rather than libm, so the results match bit for bit.
private func normalBlock16(_ d: inout [Float], at start: Int) {
    for j in start..<(start + 8) {
        let u1: Float = 1 - d[j]  // [0, 1) -> (0, 1] so the log is finite
        let u2 = d[j + 8]
        let r = (-2 * CephesFloat.log(u1)).squareRoot()
        let (sine, cosine) = CephesFloat.sinCos(twoPi * u2)
        // PyTorch finishes with fma(n, std = 1, mean = 0), which turns -0 into +0;
        // adding +0 does the same.
        d[j] = r * cosine + 0
        d[j + 8] = r * sine + 0
    }
}

/// The double version of `normalBlock16`: PyTorch's scalar `normal_fill_16`, with libm.
private func normalBlock16(_ d: inout [Double], at start: Int) {
    for j in start..<(start + 8) {
        let u1 = 1 - d[j]
        let u2 = d[j + 8]
        let r = (-2 * Foundation.log(u1)).squareRoot()
        let theta = 2 * Double.pi * u2
        d[j] = r * Foundation.cos(theta) + 0
        d[j + 8] = r * Foundation.sin(theta) + 0
    }
}

/// Single-precision log and sin/cos computed the way PyTorch's AVX2 normal kernel does.
///
/// The kernel is compiled with floating-point contraction, so some multiply-adds are fused;
/// `fma` marks exactly those (found by matching 260,000 `torch.randn` draws bit for bit).
private enum CephesFloat {
    /// `Float(x as Double)`: C writes these constants as double literals converted to float.
    private static func c(_ x: Double) -> Float { Float(x) }

    private static let sqrtHalf = c(0.707106781186547524)
    private static let logPoly: [Float] = [
        7.0376836292E-2, -1.1514610310E-1, 1.1676998740E-1, -1.2420140846E-1, 1.4249322787E-1,
        -1.6668057665E-1, 2.0000714765E-1, -2.4999993993E-1, 3.3333331174E-1,
    ].map(c)
    /// ln 2 split in two parts (high part exact in few bits) for an accurate `e * ln 2`.
    private static let ln2Low = c(-2.12194440e-4), ln2High = c(0.693359375)

    private static let fourOverPi = c(1.27323954473516)
    /// π/4 split in three parts for the extended-precision range reduction.
    private static let piOver4Parts: [Float] = [-0.78515625, -2.4187564849853515625e-4,
                                                -3.77489497744594108e-8].map(c)
    private static let cosPoly: [Float] = [2.443315711809948E-005, -1.388731625493765E-003,
                                           4.166664568298827E-002].map(c)
    private static let sinPoly: [Float] = [-1.9515295891E-4, 8.3321608736E-3, -1.6666654611E-1].map(c)

    @inline(__always)
    private static func fma(_ a: Float, _ b: Float, _ addend: Float) -> Float {
        addend.addingProduct(a, b)
    }

    /// Natural log for positive `input`: split into exponent and a mantissa near 1, then a
    /// degree-9 polynomial in the mantissa.
    static func log(_ input: Float) -> Float {
        let bits = max(input, Float.leastNormalMagnitude).bitPattern
        var exponent = Float(Int32(bitPattern: bits >> 23) - 127) + 1
        // Mantissa scaled into [0.5, 1).
        var x = Float(bitPattern: (bits & ~0x7F80_0000) | 0x3F00_0000)
        // Below sqrt(1/2) use 2x - 1 with one less exponent, keeping x - 1 in [-0.29, 0.41].
        let doubled = x < sqrtHalf
        let extra: Float = doubled ? x : 0
        x = x - 1
        if doubled { exponent -= 1 }
        x = x + extra

        let z = x * x
        var y = logPoly[0]
        for coefficient in logPoly.dropFirst() { y = fma(y, x, coefficient) }
        y = y * x
        y = fma(y, z, exponent * ln2Low)
        y = fma(-z, 0.5, y)
        x = x + y
        return fma(exponent, ln2High, x)
    }

    /// Sine and cosine of `input` by reduction to [-π/4, π/4] and two short polynomials.
    static func sinCos(_ input: Float) -> (sin: Float, cos: Float) {
        var x = abs(input)
        // Octant index, rounded up to even so the remainder is centred on a multiple of π/4.
        var octant = Int32(x * fourOverPi)
        octant = (octant + 1) & ~1
        let q = Float(octant)
        for part in piOver4Parts { x = fma(q, part, x) }

        let sinFlips = (input.sign == .minus) != ((octant & 4) != 0)
        let cosFlips = (~(octant - 2) & 4) != 0
        // Octants 0 and 4 (mod 8) take sine from the sine polynomial; 2 and 6 swap them.
        let direct = (octant & 2) == 0

        let z = x * x
        var cosine = fma(cosPoly[0], z, cosPoly[1])
        cosine = fma(cosine, z, cosPoly[2])
        cosine = cosine * z
        cosine = fma(cosine, z, -(z * 0.5))
        cosine = cosine + 1

        var sine = fma(sinPoly[0], z, sinPoly[1])
        sine = fma(sine, z, sinPoly[2])
        sine = sine * z
        sine = fma(sine, x, x)

        var s = direct ? sine : cosine
        var c = direct ? cosine : sine
        if sinFlips { s = -s }
        if cosFlips { c = -c }
        return (s, c)
    }
}
