import Foundation

/// Float32 arithmetic done in the order PyTorch's CPU kernels (AVX2 build, MKL BLAS) use.
///
/// Float32 addition is not associative, so a sum rounded once from double — the closest
/// float — often differs in the last bit from what PyTorch prints. These helpers replay the
/// kernels' exact sequence of float32 operations: the cascade sum of `SumKernel.cpp`, the
/// vectorised softmax of `SoftMaxKernel.cpp` with SLEEF's `expf`, and the accumulation
/// orders of MKL's `sdot`/`sgemm`, which were measured on PyTorch 2.15 (see
/// `scripts/make_float32_reference.py` and `Float32ArithmeticTests`).
enum Float32Arithmetic {
    /// Lanes of an AVX2 float register; PyTorch's `Vectorized<float>::size()`.
    static let vectorWidth = 8

    /// `at::internal::GRAIN_SIZE`: below this many elements reductions run on one thread, so
    /// their order does not depend on the machine's thread count.
    static let grainSize = 32768
}

/// The PyTorch process whose float32 results TensorCore reproduces.
public enum PyTorchCPU {
    /// `torch.get_num_threads()`. Some kernels split even small tensors between threads, and
    /// where a thread's share ends decides which elements take vectorised code, and so how they
    /// round; large sums add per-thread partial sums.
    nonisolated(unsafe) public static var threads = defaultThreads()

    /// PyTorch's default: `OMP_NUM_THREADS` if set, else MKL's count of physical cores
    /// (hyperthreads excluded), read from Linux's CPU topology when available.
    static func defaultThreads() -> Int {
        if let text = ProcessInfo.processInfo.environment["OMP_NUM_THREADS"], let n = Int(text), n > 0 { return n }
        var cores = Set<String>()
        for cpu in 0..<ProcessInfo.processInfo.activeProcessorCount {
            let topology = "/sys/devices/system/cpu/cpu\(cpu)/topology/"
            guard let core = try? String(contentsOfFile: topology + "core_id", encoding: .utf8),
                  let package = try? String(contentsOfFile: topology + "physical_package_id", encoding: .utf8)
            else { return ProcessInfo.processInfo.activeProcessorCount }
            cores.insert(package.trimmingCharacters(in: .whitespacesAndNewlines) + ":" + core.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return Swift.max(1, cores.count)
    }
}

// MARK: - exp

extension Float32Arithmetic {
    /// `2^q` for `q` in the normal exponent range, built from its bits as SLEEF does.
    @inline(__always)
    private static func pow2(_ q: Int32) -> Float {
        Float(bitPattern: UInt32(truncatingIfNeeded: q + 0x7F) << 23)
    }

    /// SLEEF's `R_LN2f` and `L2Lf`, given as bits: they are C float literals, and converting
    /// their long decimal forms through a wider type could round them differently.
    private static let log2e = Float(bitPattern: 0x3FB8_AA3B)
    private static let ln2Low = Float(bitPattern: 0x35BF_BE8E)

    /// SLEEF's `expf` (`Sleef_expf8_u10`, the AVX2 variant PyTorch's `Vectorized<float>::exp`
    /// calls): Cody–Waite reduction by ln 2, a degree-6 polynomial, then scaling by `2^q`.
    ///
    /// Every multiply-add of the AVX2 build is a fused `vfmadd`, so `addingProduct` is used at
    /// exactly those steps; the result differs from a correctly rounded exp in about 10% of
    /// inputs, and softmax inherits those bits.
    static func sleefExp(_ d: Float) -> Float {
        if d.isNaN { return d }
        // SLEEF's own cut-offs: below -104 the result flushes to +0, above 100 it is +inf.
        if d < -104 { return 0 }
        if d > 100 { return .infinity }
        let q = Int32((d * log2e).rounded(.toNearestOrEven))
        let qf = Float(q)
        // ln 2 split into a short high part and a low correction, applied with fused steps.
        var s = d.addingProduct(qf, -0.693145751953125)
        s = s.addingProduct(qf, -ln2Low)
        var u: Float = 0.000198527617612853646278381
        u = Float(0.00139304355252534151077271).addingProduct(u, s)
        u = Float(0.00833336077630519866943359).addingProduct(u, s)
        u = Float(0.0416664853692054748535156).addingProduct(u, s)
        u = Float(0.166666671633720397949219).addingProduct(u, s)
        u = Float(0.5).addingProduct(u, s)
        u = 1 + s.addingProduct(s * s, u)
        // `vldexp2`: two half-size powers so 2^q never overflows on the way to a finite result.
        return u * pow2(q >> 1) * pow2(q - (q >> 1))
    }

    /// The C library's `expf`, which PyTorch's scalar (non-vectorised) kernel paths call.
    @inline(__always)
    static func libmExp(_ x: Float) -> Float { Foundation.exp(x) }
}

// MARK: - TensorIterator layout

/// How PyTorch's `TensorIterator` walks its operands: dimensions reordered so the fastest
/// moving comes first (reduced dimensions ahead of kept ones), then merged where the memory
/// layout allows. The order of a float sum follows this walk, not the tensor's logical order.
struct IteratorLayout {
    /// Sizes of the iteration dimensions, innermost first.
    var shape: [Int]
    /// Element strides of each operand along each iteration dimension.
    var strides: [[Int]]

    /// Builds the layout for operands sharing `shape`; when `reduction` is true operand 0 is the
    /// output, whose reduced dimensions have stride 0.
    init(shape logical: [Int], strides operands: [[Int]], reduction: Bool) {
        let n = logical.count
        // PyTorch starts from the reversed order (last dimension innermost), then insertion-sorts.
        var perm = Array((0..<n).reversed())
        func shouldSwap(_ d0: Int, _ d1: Int) -> Int {
            for (arg, op) in operands.enumerated() {
                let s0 = op[d0], s1 = op[d1]
                if reduction && arg == 0 && (s0 == 0) != (s1 == 0) {
                    // Reduced dimensions move to the front.
                    return s1 == 0 ? 1 : -1
                }
                if s0 == 0 || s1 == 0 { continue }
                if s0 < s1 { return -1 }
                if s0 > s1 { return 1 }
                if logical[d0] > logical[d1] { return 1 }
            }
            return 0
        }
        if n > 1 {
            for i in 1..<n {
                var d1 = i
                var d0 = i - 1
                while d0 >= 0 {
                    let c = shouldSwap(perm[d0], perm[d1])
                    if c > 0 {
                        perm.swapAt(d0, d1)
                        d1 = d0
                    } else if c < 0 {
                        break
                    }
                    d0 -= 1
                }
            }
        }
        var shape = perm.map { logical[$0] }
        var strides = operands.map { op in perm.map { op[$0] } }
        // Coalesce neighbours that are one stretch of memory for every operand.
        if n > 1 {
            var prev = 0
            for d in 1..<n {
                let mergeable = shape[prev] == 1 || shape[d] == 1
                    || strides.allSatisfy { shape[prev] * $0[prev] == $0[d] }
                if mergeable {
                    if shape[prev] == 1 { for a in strides.indices { strides[a][prev] = strides[a][d] } }
                    shape[prev] *= shape[d]
                } else {
                    prev += 1
                    if prev != d {
                        for a in strides.indices { strides[a][prev] = strides[a][d] }
                        shape[prev] = shape[d]
                    }
                }
            }
            shape.removeLast(n - prev - 1)
            for a in strides.indices { strides[a].removeLast(n - prev - 1) }
        }
        self.shape = shape
        self.strides = strides
    }

    /// Element offsets added to every operand's position (non-zero for a narrowed layout).
    var base: [Int] = []

    /// Calls `body` for each 2-D block of the iteration positions `range` (all by default) the
    /// way `serial_for_each` walks them: operand offsets, the two inner sizes, and each
    /// operand's strides along those two dimensions. A range that starts or ends inside a row
    /// yields partial rows, as PyTorch's `DimCounter` does.
    func forEach2D(in range: Range<Int>? = nil,
                   _ body: (_ offsets: [Int], _ size0: Int, _ size1: Int, _ strides0: [Int], _ strides1: [Int]) -> Void) {
        let nd = shape.count
        let positions = range ?? 0..<shape.elementCount
        if positions.isEmpty { return }
        let origin = base.isEmpty ? [Int](repeating: 0, count: strides.count) : base
        let strides0 = strides.map { nd > 0 ? $0[0] : 0 }
        let strides1 = strides.map { nd > 1 ? $0[1] : 0 }
        if nd <= 1 {
            body(zip(origin, strides0).map { $0 + $1 * positions.lowerBound }, positions.count, 1, strides0, strides1)
            return
        }
        // The position as an index per dimension, the first dimension fastest.
        var values = [Int](repeating: 0, count: nd)
        var rest = positions.lowerBound
        for d in 0..<nd {
            values[d] = rest % shape[d]
            rest /= shape[d]
        }
        var offset = positions.lowerBound
        while offset < positions.upperBound {
            let step0 = Swift.min(shape[0] - values[0], positions.upperBound - offset)
            var step1 = 1
            if step0 == shape[0] {
                step1 = Swift.min(shape[1] - values[1], (positions.upperBound - offset) / shape[0])
            }
            let offsets = strides.indices.map { a in zip(values, strides[a]).reduce(origin[a]) { $0 + $1.0 * $1.1 } }
            body(offsets, step0, step1, strides0, strides1)
            offset += step0 * step1
            // DimCounter::increment: whole rows carry from the second dimension.
            var overflow = step1 != 1 ? step1 : step0
            var d = step1 != 1 ? 1 : 0
            while d < nd && overflow > 0 {
                let value = values[d] + overflow
                if value >= shape[d] {
                    values[d] = value - shape[d]
                    overflow = 1
                } else {
                    values[d] = value
                    overflow = 0
                }
                d += 1
            }
        }
    }

    /// The layout restricted to positions `start..<start + size` of dimension `dim` (`narrow`).
    func narrowed(_ dim: Int, start: Int, size: Int) -> IteratorLayout {
        var sub = self
        let origin = base.isEmpty ? [Int](repeating: 0, count: strides.count) : base
        sub.base = strides.indices.map { origin[$0] + start * strides[$0][dim] }
        sub.shape[dim] = size
        return sub
    }
}

// MARK: - Cascade sum (SumKernel.cpp)

/// A float or a vector of float lanes, each lane summed on its own (`Vectorized<float>`).
protocol Summand {
    static var zero: Self { get }
    static func += (lhs: inout Self, rhs: Self)
}

extension Float: Summand {}
extension SIMD8: Summand where Scalar == Float {}

extension Float32Arithmetic {
    /// `utils::CeilLog2`.
    static func ceilLog2(_ x: Int) -> Int {
        x <= 2 ? 1 : Int.bitWidth - (x - 1).leadingZeroBitCount
    }

    /// `multi_row_sum`: sums `rows` interleaved sequences of `size` terms at once, in chunks of
    /// 16 (or more) whose partial sums are added level by level, so only sums of similar size meet.
    static func multiRowSum<A: Summand>(rows: Int, size: Int, _ load: (Int, Int) -> A) -> [A] {
        let levels = 4
        let levelPower = Swift.max(4, ceilLog2(size) / levels)
        let levelStep = 1 << levelPower
        let levelMask = levelStep - 1
        var acc = [[A]](repeating: [A](repeating: .zero, count: rows), count: levels)
        var i = 0
        while i + levelStep <= size {
            for _ in 0..<levelStep {
                for k in 0..<rows { acc[0][k] += load(i, k) }
                i += 1
            }
            for j in 1..<levels {
                for k in 0..<rows {
                    acc[j][k] += acc[j - 1][k]
                    acc[j - 1][k] = .zero
                }
                if i & (levelMask << (j * levelPower)) != 0 { break }
            }
        }
        while i < size {
            for k in 0..<rows { acc[0][k] += load(i, k) }
            i += 1
        }
        for j in 1..<levels {
            for k in 0..<rows { acc[0][k] += acc[j][k] }
        }
        return acc[0]
    }

    /// `row_sum`: one sequence of `size` terms read as a (-1, 4) array — four interleaved
    /// partial sums, the leftover terms, then the four partials in order.
    static func rowSum<A: Summand>(size: Int, _ load: (Int) -> A) -> A {
        let ilp = 4
        let sizeILP = size / ilp
        var partial = multiRowSum(rows: ilp, size: sizeILP) { i, k in load(i * ilp + k) }
        for i in (sizeILP * ilp)..<Swift.max(size, sizeILP * ilp) { partial[0] += load(i) }
        for k in 1..<ilp { partial[0] += partial[k] }
        return partial[0]
    }

    /// PyTorch's float `sum` over the dimensions `dims` of `t`: the reduced values in row-major
    /// order of the kept dimensions, replaying `cascade_sum` and `parallel_reduce`.
    ///
    /// From `grainSize` elements on, PyTorch splits the work between `PyTorchCPU.threads`
    /// threads — a full sum into per-thread partial sums, others by output columns — and the
    /// split changes the order of the additions, so it is replayed too.
    static func sum(_ t: Tensor, dims: Set<Int>) -> [Float] {
        let keptShape = t.shape.indices.filter { !dims.contains($0) }.map { t.shape[$0] }
        var keptStrides = Tensor.contiguousStrides(keptShape).makeIterator()
        let outStrides = t.shape.indices.map { dims.contains($0) ? 0 : keptStrides.next()! }
        var out = [Float](repeating: 0, count: keptShape.elementCount)
        let numel = t.count
        if numel == 0 { return out }
        let data = t.storage.data
        let layout = IteratorLayout(shape: t.shape, strides: [outStrides, t.strides], reduction: true)
        func run(_ part: IteratorLayout, _ range: Range<Int>? = nil, into target: inout [Float]) {
            part.forEach2D(in: range) { offsets, size0, size1, strides0, strides1 in
                cascadeSumBlock(data, inputOffset: t.offset + offsets[1], out: &target, outOffset: offsets[0],
                                size0: size0, size1: size1,
                                inStrides: (strides0[1], strides1[1]), outStrides: (strides0[0], strides1[0]))
            }
        }
        let threads = PyTorchCPU.threads
        if numel < grainSize || threads == 1 {
            run(layout, into: &out)
        } else if out.count == 1 {
            // `two_pass_reduction`: each thread sums its share of positions into its own slot,
            // then the slots are summed like a short row.
            let used = Swift.min(threads, (numel + grainSize - 1) / grainSize)
            let chunk = (numel + used - 1) / used
            var partial = [Double](repeating: 0, count: threads)
            for thread in 0..<used {
                var slot: [Float] = [0]
                run(layout, (thread * chunk)..<Swift.min(numel, (thread + 1) * chunk), into: &slot)
                partial[thread] = Double(slot[0])
            }
            cascadeSumBlock(partial, inputOffset: 0, out: &out, outOffset: 0, size0: threads, size1: 1,
                            inStrides: (1, 0), outStrides: (0, 0))
        } else {
            // `parallel_dim_reduction`: threads take runs of the largest kept dimension,
            // rounded to 32 columns (128 bytes) when those columns are adjacent in memory.
            let nd = layout.shape.count
            var dim = nd - 1
            var d = nd - 1
            while d >= 0 && !(layout.strides[0][d] == 0 && layout.shape[d] > 1) {
                if layout.shape[d] > layout.shape[dim] { dim = d }
                d -= 1
            }
            let columns = layout.shape[dim]
            let round = layout.strides[1][dim] == 1
            let used = Swift.min(threads, columns)
            let chunk = (columns + used - 1) / used
            for thread in 0..<used {
                var begin = thread * chunk, end = Swift.min(columns, begin + chunk)
                if begin >= end { continue }
                if round {
                    begin = begin == 0 ? 0 : (begin + 31) / 32 * 32
                    end = end == columns ? end : (end + 31) / 32 * 32
                }
                if begin >= end { continue }
                run(layout.narrowed(dim, start: begin, size: Swift.min(end, columns) - begin), into: &out)
            }
        }
        return out
    }

    /// The 2-D loop body of `cascade_sum`: picks the vectorised or scalar kernel by layout and
    /// adds each partial result into the zero-filled output, as `CastStoreAccumulate` does.
    private static func cascadeSumBlock(_ data: [Double], inputOffset base: Int, out: inout [Float], outOffset: Int,
                                        size0 s0: Int, size1 s1: Int,
                                        inStrides: (Int, Int), outStrides: (Int, Int)) {
        var (in0, in1) = inStrides
        var (out0, out1) = outStrides
        var size0 = s0, size1 = s1
        // Make the first dimension the reduced one.
        if out0 != 0 && out1 == 0 {
            swap(&in0, &in1)
            swap(&out0, &out1)
            swap(&size0, &size1)
        }
        @inline(__always) func load(_ i: Int) -> Float { Float(data[base + i]) }
        if out0 != 0 && out1 != 0 {
            // Nothing is reduced here (a reduced dimension of size 1): out += in element-wise.
            for j in 0..<size1 {
                for i in 0..<size0 {
                    out[outOffset + j * out1 + i * out0] += load(j * in1 + i * in0)
                }
            }
            return
        }
        let outStride = out1
        func store(_ j: Int, _ value: Float) { out[outOffset + j * outStride] += value }
        let w = vectorWidth
        /// Eight neighbouring elements, one `Vectorized<float>` load.
        func vector(_ start: Int) -> SIMD8<Float> {
            var v = SIMD8<Float>()
            for l in 0..<w { v[l] = load(start + l) }
            return v
        }
        if in0 == 1 && size0 >= w {
            // Contiguous inner reduction: vector partial sums, then the scalar tail, then lanes.
            let vecSize = size0 / w
            for j in 0..<size1 {
                let row = j * in1
                let acc = rowSum(size: vecSize) { i in vector(row + i * w) }
                var total: Float = 0
                for k in (vecSize * w)..<size0 { total += load(row + k) }
                for l in 0..<w { total += acc[l] }
                store(j, total)
            }
        } else if in1 == 1 && size1 >= w {
            // Contiguous outer reduction: kept columns side by side in vector lanes.
            var j = 0
            while j + 4 * w <= size1 {
                let sums = multiRowSum(rows: 4, size: size0) { i, k in vector(j + i * in0 + k * w) }
                for r in 0..<4 { for l in 0..<w { store(j + r * w + l, sums[r][l]) } }
                j += 4 * w
            }
            while j + w <= size1 {
                let sums = rowSum(size: size0) { i in vector(j + i * in0) }
                for l in 0..<w { store(j + l, sums[l]) }
                j += w
            }
            while j < size1 {
                let column = j
                store(j, rowSum(size: size0) { i in load(column + i * in0) })
                j += 1
            }
        } else if in0 < in1 {
            for j in 0..<size1 {
                let row = j * in1
                store(j, rowSum(size: size0) { i in load(row + i * in0) })
            }
        } else {
            var j = 0
            while j + 3 < size1 {
                let first = j
                let sums = multiRowSum(rows: 4, size: size0) { i, k in load((first + k) * in1 + i * in0) }
                for r in 0..<4 { store(j + r, sums[r]) }
                j += 4
            }
            while j < size1 {
                let row = j * in1
                store(j, rowSum(size: size0) { i in load(row + i * in0) })
                j += 1
            }
        }
    }
}

// MARK: - Variance (ReduceOps.cpp, SharedReduceOps.h)

extension Float32Arithmetic {
    /// `std_var_all_cpu`, used when the result has one element: the float32 mean widened to
    /// double, then the squared deviations summed in double in memory order.
    static func varianceAll(_ t: Tensor, correction: Double, takeSqrt: Bool) -> Double {
        let n = t.count
        let mean = Double(sum(t, dims: Set(t.shape.indices))[0] / Float(n))
        let data = t.storage.data
        let layout = IteratorLayout(shape: t.shape, strides: [t.strides], reduction: false)
        var total = 0.0
        layout.forEach2D { offsets, size0, size1, strides0, strides1 in
            var local = 0.0
            for i in 0..<size1 {
                for j in 0..<size0 {
                    let dx = data[t.offset + offsets[0] + i * strides1[0] + j * strides0[0]] - mean
                    local += dx * dx
                }
            }
            total += local
        }
        let variance = total / Swift.max(0, Double(n) - correction)
        return takeSqrt ? variance.squareRoot() : variance
    }

    /// `WelfordOps` in double over one line of values, as `std_var_kernel_impl` reduces each
    /// output; the AVX2 build fuses the `m2` update into one multiply-add.
    static func welfordVariance(_ xs: [Double], correction: Double, takeSqrt: Bool) -> Double {
        var mean = 0.0, m2 = 0.0
        for (i, x) in xs.enumerated() {
            let delta = x - mean
            mean += delta / Double(i + 1)
            m2 = m2.addingProduct(delta, x - mean)
        }
        let nf = Double(xs.count)
        let variance = m2 / (nf > correction ? nf - correction : 0)
        return takeSqrt ? variance.squareRoot() : variance
    }
}

// MARK: - Softmax (SoftMaxKernel.cpp)

extension Float32Arithmetic {
    /// `vec::maximum`: NaN wins.
    @inline(__always)
    static func vecMax(_ a: Float, _ b: Float) -> Float {
        a.isNaN || b.isNaN ? .nan : (a > b ? a : b)
    }

    /// `vec::reduce_all` on AVX2: eight lane accumulators over whole vectors (a short tail
    /// updates only its first lanes), then the lanes combined as halves, quarters and pairs.
    /// Fewer than eight values are folded left to right.
    static func reduceAll(_ xs: ArraySlice<Float>, _ op: (Float, Float) -> Float) -> Float {
        let w = vectorWidth
        let base = xs.startIndex, size = xs.count
        if size < w {
            var acc = xs[base]
            for i in 1..<Swift.max(size, 1) { acc = op(acc, xs[base + i]) }
            return acc
        }
        var lanes = (0..<w).map { xs[base + $0] }
        var d = w
        while d < size - size % w {
            for l in 0..<w { lanes[l] = op(lanes[l], xs[base + d + l]) }
            d += w
        }
        for l in 0..<(size - d) { lanes[l] = op(lanes[l], xs[base + d + l]) }
        let halves = (0..<w).map { op(lanes[$0], lanes[$0 ^ 4]) }
        let quarters = (0..<w).map { op(halves[$0], halves[$0 ^ 2]) }
        return op(quarters[0], quarters[1])
    }

    /// `_vec_softmax_lastdim`: per row, max, SLEEF exp of the differences, their sum, and a
    /// multiply by the reciprocal of the sum (not a division).
    static func softmaxLastDim(_ x: [Float], rows: Int, size: Int) -> [Float] {
        var out = [Float](repeating: 0, count: x.count)
        for r in 0..<rows {
            if !ExecutionBudget.charge(3 * size) { break }
            let row = x[(r * size)..<((r + 1) * size)]
            let m = reduceAll(row, vecMax)
            for i in 0..<size { out[r * size + i] = sleefExp(x[r * size + i] - m) }
            let inverse = 1 / reduceAll(out[(r * size)..<((r + 1) * size)], +)
            for i in 0..<size { out[r * size + i] *= inverse }
        }
        return out
    }

    /// `_vec_softmax` for a dimension that is not the last. The `outer × inner` positions are
    /// split evenly between `PyTorchCPU.threads` threads; within a share, eight neighbouring
    /// inner positions that fit go through vector code (SLEEF exp), the rest through scalar
    /// code (the C library's `expf`); both divide by the sum.
    static func softmaxInner(_ x: [Float], outer: Int, size: Int, inner: Int) -> [Float] {
        var out = [Float](repeating: 0, count: x.count)
        let w = vectorWidth
        /// One position's line of `size` values, `base` its first element.
        func line(_ position: Int, vectorised: Bool) {
            let base = (position / inner) * size * inner + position % inner
            var m = x[base]
            for d in 1..<Swift.max(size, 1) {
                let v = x[base + d * inner]
                // Vector code keeps NaN; scalar `std::max(m, v)` keeps m unless m < v.
                m = vectorised ? vecMax(m, v) : (m < v ? v : m)
            }
            var total: Float = 0
            for d in 0..<size {
                let t = x[base + d * inner] - m
                let e = vectorised ? sleefExp(t) : libmExp(t)
                out[base + d * inner] = e
                total += e
            }
            for d in 0..<size { out[base + d * inner] /= total }
        }
        let range = outer * inner
        let threads = Swift.max(1, Swift.min(PyTorchCPU.threads, range))
        let chunk = (range + threads - 1) / threads
        for begin in stride(from: 0, to: range, by: Swift.max(chunk, 1)) {
            let end = Swift.min(range, begin + chunk)
            var idx = begin
            while idx < end {
                if !ExecutionBudget.charge(3 * size * w) { break }
                let innerIndex = idx % inner
                if innerIndex + w <= inner && idx + w <= end {
                    for lane in 0..<w { line(idx + lane, vectorised: true) }
                    idx += w
                } else {
                    let tail = idx + w > end ? end - idx : inner - innerIndex
                    for i in 0..<tail { line(idx + i, vectorised: false) }
                    idx += tail
                }
            }
        }
        return out
    }
}

// MARK: - Dot product (MKL sdot)

extension Float32Arithmetic {
    /// MKL's `sdot` as measured on AVX2: products rounded, then summed in four-lane vectors.
    ///
    /// `xOffset`/`yOffset` are the element offsets of the operands in their (64-byte aligned)
    /// storage. Scalar steps run until `y` reaches a 16-byte boundary; if `x` is then aligned
    /// too, blocks of 16, 8 and 4 go to four accumulators, otherwise one block of 4 does and the
    /// rest is added one by one. Strided operands are summed in order.
    static func dot(_ x: [Float], _ y: [Float], xOffset: Int, yOffset: Int, contiguous: Bool) -> Float {
        let n = x.count
        if !contiguous {
            var s: Float = 0
            for i in 0..<n { s += x[i] * y[i] }
            return s
        }
        @inline(__always) func product(_ i: Int) -> SIMD4<Float> {
            SIMD4(x[i] * y[i], x[i + 1] * y[i + 1], x[i + 2] * y[i + 2], x[i + 3] * y[i + 3])
        }
        let peel = Swift.min(n, (4 - yOffset % 4) % 4)
        var a = SIMD4<Float>(), b = SIMD4<Float>(), c = SIMD4<Float>(), d = SIMD4<Float>()
        var i = 0
        while i < peel {
            a[0] += x[i] * y[i]
            i += 1
        }
        if (xOffset - yOffset) % 4 == 0 {
            while n - i >= 16 {
                a += product(i)
                b += product(i + 4)
                c += product(i + 8)
                d += product(i + 12)
                i += 16
            }
            if n - i >= 8 {
                a += product(i)
                b += product(i + 4)
                i += 8
            }
        }
        if n - i >= 4 {
            a += product(i)
            i += 4
        }
        while i < n {
            a[0] += x[i] * y[i]
            i += 1
        }
        a = ((a + b) + c) + d
        return (a[0] + a[2]) + (a[1] + a[3])
    }
}

// MARK: - Matrix products (MKL sgemm/sgemv as PyTorch calls them)

/// A 2-D operand of a matrix product, with the memory facts MKL's choice of kernel depends on.
struct BLASOperand {
    /// Elements in logical row-major order.
    var values: [Float]
    var rows: Int
    var cols: Int
    /// Element offset of the first element in its storage (PyTorch aligns storage to 64 bytes).
    var offset: Int
    var rowStride: Int
    var columnStride: Int

    /// The operand a 2-D tensor view presents.
    init(_ t: Tensor) {
        precondition(t.rank == 2, "BLAS operands are matrices")
        values = t.scalars.map { Float($0) }
        rows = t.shape[0]
        cols = t.shape[1]
        offset = t.offset
        rowStride = t.strides[0]
        columnStride = t.strides[1]
    }

    /// Whether PyTorch passes it as is with rows contiguous (`lda` = row stride).
    func isRowMajor(leading: Int) -> Bool { columnStride == 1 && rowStride >= Swift.max(1, leading) }
    /// Whether PyTorch passes it transposed, columns contiguous.
    func isColumnMajor(leading: Int) -> Bool { rowStride == 1 && columnStride >= Swift.max(1, leading) }

    /// Row `i` as a contiguous array.
    func row(_ i: Int) -> [Float] { Array(values[(i * cols)..<((i + 1) * cols)]) }
    /// Column `j` as a contiguous array.
    func column(_ j: Int) -> [Float] { (0..<rows).map { values[$0 * cols + j] } }
}

/// The accumulation orders of MKL's float kernels (AVX2 code path), found by probing PyTorch's
/// `mm`, `bmm`, `mv` and `dot` with inputs that reveal each sum's bracketing, and confirmed
/// bit for bit on random matrices up to 64 × 64 × 64 (see `Float32ArithmeticTests`).
enum MKLKernels {
    /// Plain loop: products rounded, added left to right.
    /// `start` is the value the result held before (axpy-style kernels accumulate into it).
    static func sequential(_ a: [Float], _ b: [Float], from start: Float = 0) -> Float {
        var s = start
        for (x, y) in zip(a, b) { s += x * y }
        return s
    }

    /// The small kernel's scalar start of a result column (before 16-byte alignment): terms in
    /// runs of eight, the second half of each run summed apart and then added.
    static func peeled(_ a: [Float], _ b: [Float], from start: Float = 0) -> Float {
        let x = Array(a), k = x.count
        var s = start, p = 0
        while p + 8 <= k {
            for q in p..<(p + 4) { s += x[q] * b[q] }
            var t: Float = 0
            for q in (p + 4)..<(p + 8) { t += x[q] * b[q] }
            s += t
            p += 8
        }
        for q in p..<k { s += x[q] * b[q] }
        return s
    }

    /// Lanes of a four-wide accumulator combined as (0 + 2) + (1 + 3).
    @inline(__always)
    static func horizontal(_ v: SIMD4<Float>) -> Float { (v[0] + v[2]) + (v[1] + v[3]) }

    @inline(__always)
    static func products(_ x: [Float], _ y: [Float], _ i: Int) -> SIMD4<Float> {
        SIMD4(x[i] * y[i], x[i + 1] * y[i + 1], x[i + 2] * y[i + 2], x[i + 3] * y[i + 3])
    }

    /// The dot kernel for a transposed right operand: `peel` scalar terms, four-wide blocks into
    /// `accumulators` registers, their lanes combined, then the leftover terms one by one.
    static func dot4(_ a: [Float], _ b: [Float], peel: Int, accumulators: Int) -> Float {
        precondition((1...4).contains(accumulators), "MKL's dot kernels use one to four registers")
        let x = a, k = x.count
        // Registers, not an array: this runs once per element of a product.
        var acc = (SIMD4<Float>(), SIMD4<Float>(), SIMD4<Float>(), SIMD4<Float>())
        var i = 0
        while i < Swift.min(peel, k) {
            acc.0[0] += x[i] * b[i]
            i += 1
        }
        while k - i >= 4 * accumulators {
            acc.0 += products(x, b, i)
            if accumulators > 1 { acc.1 += products(x, b, i + 4) }
            if accumulators > 2 { acc.2 += products(x, b, i + 8) }
            if accumulators > 3 { acc.3 += products(x, b, i + 12) }
            i += 4 * accumulators
        }
        var total = acc.0
        if accumulators > 1 { total += acc.1 }
        if accumulators > 2 { total += acc.2 }
        if accumulators > 3 { total += acc.3 }
        var r = horizontal(total)
        while i < k {
            r += x[i] * b[i]
            i += 1
        }
        return r
    }

    /// gemv ('t') for rows in full blocks of four: a few leading terms, four-wide blocks, the
    /// lanes, then any leftover terms. The number of leading terms (1 to 4) depends on where
    /// the matrix starts in memory (`offset`, in elements) and on its row stride (`lda`).
    static func gemvBlock(_ a: [Float], _ x: [Float], offset: Int, rowStride: Int) -> Float {
        let row = Array(a), k = row.count
        if k == 0 { return 0 }
        let head = Swift.min(k, ((rowStride - 1 - offset) % 4 + 4) % 4 + 1)
        var acc = SIMD4<Float>()
        for i in 0..<head { acc[0] += row[i] * x[i] }
        var i = head
        while i + 4 <= k {
            acc += products(row, x, i)
            i += 4
        }
        var r = horizontal(acc)
        while i < k {
            r += row[i] * x[i]
            i += 1
        }
        return r
    }

    /// gemv ('t') for the rows after the last full block of four: leading terms until `x`
    /// (starting `xOffset` elements into its storage) is 16-byte aligned, at least one, then
    /// blocks of eight into one or two registers (`split`), the lanes, then the leftover terms.
    static func gemvRemainder(_ a: [Float], _ x: [Float], split: Bool, xOffset: Int) -> Float {
        let row = Array(a), k = row.count
        var first = SIMD4<Float>(), second = SIMD4<Float>()
        let head = Swift.min(4 - xOffset % 4, k)
        for i in 0..<head { first[0] += row[i] * x[i] }
        var i = head
        while k - i >= 8 {
            first += products(row, x, i)
            if split { second += products(row, x, i + 4) } else { first += products(row, x, i + 4) }
            i += 8
        }
        var r = horizontal(first + second)
        while i < k {
            r += row[i] * x[i]
            i += 1
        }
        return r
    }

    /// `sgemv('t')`: every row of `a` times `x`, the matrix starting `offset` elements into its
    /// storage with rows `rowStride` apart, `x` starting `xOffset` into its own. Rows go in
    /// blocks of four; the remaining rows alternate between a split and a single accumulator.
    static func gemvRows(_ a: BLASOperand, _ x: [Float], offset: Int, rowStride: Int, xOffset: Int) -> [Float] {
        let full = 4 * (a.rows / 4)
        var out = [Float](repeating: 0, count: a.rows)
        for i in 0..<a.rows {
            if !ExecutionBudget.charge(a.cols) { break }
            out[i] = i < full ? gemvBlock(a.row(i), x, offset: offset, rowStride: rowStride)
                : gemvRemainder(a.row(i), x, split: (i - full) % 2 == 0, xOffset: xOffset)
        }
        return out
    }
}

extension Float32Arithmetic {
    /// `torch.mm(a, b)` (also each matrix of a batched product): the float32 values, row-major.
    ///
    /// Mirrors `addmm_impl_cpu_`'s choice of how to pass operands to `sgemm` (transposed or not,
    /// copied when neither layout fits) and then MKL's choice of kernel by shape: a packed FMA
    /// kernel for blocks of four rows when there are at least four rows and twelve columns, a
    /// small unfused kernel otherwise, and gemv-style kernels for single columns or rows.
    /// `cOffset` is where the result starts in its storage (non-zero inside `bmm`), `batched`
    /// whether MKL's batched path runs (a batch of more than one matrix).
    ///
    /// The packed kernel splits k into blocks beyond 192 terms (`MKLKernels.packedDot`).
    ///
    /// `initial` (m × n, row-major) is what the result holds before the product, as `addmm`
    /// fills it with the bias and calls sgemm with beta = 1: the packed kernel adds its k-blocks
    /// to it one by one, the axpy-style kernels (small kernel with a row-major right operand,
    /// gemv with a column-major matrix) accumulate every term into it, and the dot kernels add
    /// it once to their finished sum.
    static func mm(_ a: BLASOperand, _ b: BLASOperand, cOffset: Int = 0, batched: Bool = false,
                   initial: [Float]? = nil) -> [Float] {
        let m = a.rows, k = a.cols, n = b.cols
        if m == 0 || n == 0 { return [] }
        if k == 0 { return initial ?? [Float](repeating: 0, count: m * n) }
        // Results of the kernels that add `initial` once, after their sum.
        func plusInitial(_ values: [Float]) -> [Float] {
            guard let initial else { return values }
            return zip(initial, values).map { $0 + $1 }
        }
        let columns = (0..<n).map { b.column($0) }
        if n == 1 {
            // A single result column: PyTorch keeps BLAS's column-major result, so `a` is the
            // first operand, passed transposed unless its columns are contiguous.
            if m == 1 && !batched {
                // One element: a gemv remainder row when `b` is a contiguous column, else a loop.
                guard b.isColumnMajor(leading: k) else { return plusInitial([MKLKernels.sequential(a.row(0), columns[0])]) }
                return plusInitial([MKLKernels.gemvRemainder(columns[0], a.row(0), split: true, xOffset: a.offset)])
            }
            if a.isColumnMajor(leading: m) {
                return (0..<m).map { MKLKernels.sequential(a.row($0), columns[0], from: initial?[$0] ?? 0) }
            }
            if batched {
                // The batched path has no gemv: a contiguous column gets the dot kernel of the
                // transposed layout below (one remainder column), otherwise a plain loop.
                guard b.isColumnMajor(leading: k) else {
                    return plusInitial((0..<m).map { MKLKernels.sequential(a.row($0), columns[0]) })
                }
                let rowMajor = a.isRowMajor(leading: k)
                return plusInitial((0..<m).map { i in
                    let start = rowMajor ? a.offset + i * a.rowStride : i * k
                    return MKLKernels.dot4(a.row(i), columns[0], peel: (4 - start % 4) % 4, accumulators: 2)
                })
            }
            let rowMajor = a.isRowMajor(leading: k)
            return plusInitial(MKLKernels.gemvRows(a, columns[0], offset: rowMajor ? a.offset : 0,
                                                   rowStride: rowMajor ? a.rowStride : k, xOffset: b.offset))
        }
        // Otherwise PyTorch computes the transposed product, so `b` comes first for BLAS.
        let bTransposed = !b.isRowMajor(leading: n) && b.isColumnMajor(leading: k)
        let aRowMajor = a.isRowMajor(leading: k)
        let aTransposed = !aRowMajor && a.isColumnMajor(leading: m)
        // A copied operand is a fresh, aligned, contiguous buffer.
        let aOffset = aRowMajor ? a.offset : 0
        let aRowStride = aRowMajor ? a.rowStride : k
        // (Only in `mm`: the batched path multiplies a transposed single row as both-transposed
        // operands below, one unfused sum per element.)
        if m == 1 && bTransposed && !(batched && aTransposed) {
            // One result row against a transposed matrix runs as gemv over the matrix's rows.
            var rows = b
            rows.values = columns.flatMap { $0 }
            rows.rows = n
            rows.cols = k
            return plusInitial(MKLKernels.gemvRows(rows, a.row(0), offset: b.offset, rowStride: b.columnStride, xOffset: a.offset))
        }
        let packed = n >= 12 && m >= 4
        let fullRows = 4 * (m / 4)
        // The rows after the last block of four take the packed kernel too on one thread, and on
        // two threads unless MKL hands them to its small kernel: fewer than twelve rows, except
        // for tiny products (measured: k ≤ 4 up to 100 columns, k and n both ≤ 16).
        let packedRemainder = PyTorchCPU.threads == 1 || batched || m >= 12 || (k <= 16 && n <= 16) || (k <= 4 && n <= 100)
        var out = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            // A spent budget stops the product; the caller raises before the result is seen.
            if !ExecutionBudget.charge(n * k) { break }
            let row = a.row(i)
            for j in 0..<n {
                let start = initial?[i * n + j]
                let value: Float
                if packed && (i < fullRows || packedRemainder) {
                    value = MKLKernels.packedDot(row, columns[j], initial: start)
                } else if bTransposed && !aTransposed {
                    // Both operands contiguous along k: dot products, peeled until `a`'s row is
                    // 16-byte aligned; the columns after the last block of four use two registers.
                    let peel = (4 - (aOffset + i * aRowStride) % 4) % 4
                    let sum = MKLKernels.dot4(row, columns[j], peel: peel, accumulators: j < 4 * (n / 4) ? 1 : 2)
                    value = start.map { $0 + sum } ?? sum
                } else if bTransposed {
                    let sum = MKLKernels.sequential(row, columns[j])
                    value = start.map { $0 + sum } ?? sum
                } else {
                    // Axpy-style small kernel: result columns (our rows) start with scalar steps up
                    // to a 16-byte boundary when at least four elements remain after them.
                    var peel = (4 - (cOffset + i * n) % 4) % 4
                    if n - peel < 4 { peel = 0 }
                    value = j < peel ? MKLKernels.peeled(row, columns[j], from: start ?? 0)
                        : MKLKernels.sequential(row, columns[j], from: start ?? 0)
                }
                out[i * n + j] = value
            }
        }
        return out
    }

    /// `torch.mv(a, x)`: `sgemv`, transposed (rows contiguous) unless `a`'s columns are; `x`
    /// starts `xOffset` elements into its storage.
    static func mv(_ a: BLASOperand, _ x: [Float], xOffset: Int) -> [Float] {
        if a.cols == 0 { return [Float](repeating: 0, count: a.rows) }
        let columnMajor = a.rowStride == 1 && (a.cols == 1 || a.columnStride >= Swift.max(1, a.rows))
        if columnMajor {
            return (0..<a.rows).map { MKLKernels.sequential(a.row($0), x) }
        }
        // Neither layout: PyTorch multiplies a fresh contiguous copy.
        let rowMajor = a.columnStride == 1 && (a.rows == 1 || a.rowStride >= Swift.max(1, a.cols))
        return MKLKernels.gemvRows(a, x, offset: rowMajor ? a.offset : 0, rowStride: rowMajor ? a.rowStride : a.cols,
                                   xOffset: xOffset)
    }

    /// `bmm`'s own loop for tiny products (fewer than 400 multiply-adds per matrix): unfused, in order.
    static func naiveBatchProduct(_ a: [Float], _ b: [Float], m: Int, k: Int, n: Int) -> [Float] {
        var out = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var s: Float = 0
                for p in 0..<k { s += a[i * k + p] * b[p * n + j] }
                out[i * n + j] = s
            }
        }
        return out
    }
}

// MARK: - Routing products the way torch.matmul does

extension Tensor {
    /// The value of `torch.dot(x, y)` for float32: MKL's `sdot`.
    static func dotValue(_ x: Tensor, _ y: Tensor) -> Double {
        let a = x.scalars, b = y.scalars
        // PyTorch passes unit strides for a single element.
        let contiguous = a.count <= 1 || (x.strides[0] == 1 && y.strides[0] == 1)
        return Double(Float32Arithmetic.dot(a.map { Float($0) }, b.map { Float($0) },
                                            xOffset: x.offset, yOffset: y.offset, contiguous: contiguous))
    }

    /// The values of `torch.mm(a, b)` for float32 matrices, row-major.
    static func matrixProduct(_ a: Tensor, _ b: Tensor) -> [Double] {
        return Float32Arithmetic.mm(BLASOperand(a), BLASOperand(b)).map(Double.init)
    }

    /// The values of `torch.mv(a, x)` for float32.
    static func matrixVectorProduct(_ a: Tensor, _ x: Tensor) -> [Double] {
        return Float32Arithmetic.mv(BLASOperand(a), x.scalars.map { Float($0) }, xOffset: x.offset).map(Double.init)
    }

    /// The values of a float32 vector times a matrix, which PyTorch computes as `x.unsqueeze(0).mm(b)`.
    static func vectorMatrixProduct(_ x: Tensor, _ b: Tensor) -> [Double] {
        let k = x.shape[0]
        let row = x.view(shape: [1, k], strides: [k * x.strides[0], x.strides[0]], offset: x.offset)
        return Float32Arithmetic.mm(BLASOperand(row), BLASOperand(b)).map(Double.init)
    }

    /// The values of float32 `torch.matmul` when either operand has three or more dimensions,
    /// in the row-major order of the broadcast result.
    static func batchedProduct(_ t1: Tensor, _ t2: Tensor, batch: [Int]) throws -> [Double] {
        try floatMatmul(t1, t2).map(Double.init)
    }

    /// `_matmul_impl` for float32: fold the larger operand into a matrix for `mm`/`mv` when
    /// PyTorch does (`should_fold`), otherwise broadcast and run `bmm`. The path decides which
    /// kernels, and so which rounding, each element gets.
    static func floatMatmul(_ t1: Tensor, _ t2: Tensor) throws -> [Float] {
        let d1 = t1.rank, d2 = t2.rank
        switch (d1, d2) {
        case (1, 1): return [Float(dotValue(t1, t2))]
        case (2, 1): return matrixVectorProduct(t1, t2).map { Float($0) }
        case (1, 2): return vectorMatrixProduct(t1, t2).map { Float($0) }
        case (2, 2): return matrixProduct(t1, t2).map { Float($0) }
        default: break
        }
        if try shouldFold(t1, t2) {
            let transpose = d2 > d1
            let f1 = transpose ? try t2.transpose(-2, -1) : t1
            let f2 = !transpose ? t2 : (d1 == 2 ? t1.T : t1)
            let rows = f1.shape.dropLast().elementCount, k = f1.shape[f1.rank - 1]
            let folded = try f1.reshape([rows, k])
            guard f2.rank == 2 else {
                return Float32Arithmetic.mv(BLASOperand(folded), f2.scalars.map { Float($0) }, xOffset: f2.offset)
            }
            let p = f2.shape[1]
            let product = Float32Arithmetic.mm(BLASOperand(folded), BLASOperand(f2))
            guard transpose else { return product }
            // The folded product is the transposed result of each matrix; copy it back.
            let n = f1.shape[f1.rank - 2]
            var out = [Float](repeating: 0, count: product.count)
            for b in 0..<(n == 0 ? 0 : rows / n) {
                for i in 0..<p {
                    for j in 0..<n { out[(b * p + i) * n + j] = product[(b * n + j) * p + i] }
                }
            }
            return out
        }
        let n = d1 > 1 ? t1.shape[d1 - 2] : 1, k = t1.shape[d1 - 1]
        let m2 = d2 > 1 ? t2.shape[d2 - 2] : t2.shape[0], p = d2 > 1 ? t2.shape[d2 - 1] : 1
        let batch1 = Array(t1.shape.prefix(Swift.max(d1 - 2, 0)))
        let batch2 = Array(t2.shape.prefix(Swift.max(d2 - 2, 0)))
        if d1 == 3 && d2 == 3 && batch1[0] != batch2[0] {
            // PyTorch drops a broadcast batch of one from an operand that needs grad and retries.
            if batch1[0] == 1 && t1.tracksGrad { return try floatMatmul(try t1.squeeze(0), t2) }
            if batch2[0] == 1 && t2.tracksGrad { return try floatMatmul(t1, try t2.squeeze(0)) }
        }
        let batch = try broadcastShape(batch1, batch2)
        let count = batch.elementCount
        let e1 = try t1.expanded(to: batch + [n, k]).reshape([count, n, k])
        var e2: Tensor
        if d2 == 1 {
            let r = try t2.expanded(to: batch + [m2]).reshape([count, m2])
            e2 = r.view(shape: [count, m2, 1], strides: r.strides + [1], offset: r.offset)
        } else {
            e2 = try t2.expanded(to: batch + [m2, p]).reshape([count, m2, p])
        }
        return Float32Arithmetic.bmm(e1, e2)
    }

    /// `should_fold`: whether `matmul` multiplies a ≥3-D operand as one tall matrix.
    static func shouldFold(_ t1: Tensor, _ t2: Tensor) throws -> Bool {
        let larger = t1.rank >= t2.rank
        let f1 = larger ? t1 : try t2.transpose(-2, -1)
        let smallRank = larger ? t2.rank : t1.rank
        guard f1.rank >= 3 && smallRank <= 2 else { return false }
        // Folding avoids a large expanded gradient for the smaller operand.
        if larger ? t2.tracksGrad : t1.tracksGrad { return true }
        if t1.rank == 2 { return false }
        if f1.count == 0 { return true }
        // Fold when the leading dimensions merge without a copy. PyTorch 2.15 folds a leading
        // size-1 dimension whatever its stride (measured: [1, 7, 2] with strides [14, 1, 7]).
        return f1.viewStrides([f1.count / f1.shape[f1.rank - 1], f1.shape[f1.rank - 1]]) != nil
    }
}

extension Float32Arithmetic {
    /// `torch.bmm` of `[batch, n, k]` by `[batch, k, p]`: PyTorch's own unfused loop below 400
    /// multiply-adds per matrix, MKL per matrix otherwise (the batched path when batch > 1).
    static func bmm(_ a: Tensor, _ b: Tensor) -> [Float] {
        let count = a.shape[0], n = a.shape[1], k = a.shape[2], p = b.shape[2]
        if count == 0 || n == 0 || p == 0 { return [] }
        if k == 0 { return [Float](repeating: 0, count: count * n * p) }
        func matrix(_ t: Tensor, _ i: Int) -> Tensor {
            t.view(shape: [t.shape[1], t.shape[2]], strides: [t.strides[1], t.strides[2]], offset: t.offset + i * t.strides[0])
        }
        var out = [Float]()
        out.reserveCapacity(count * n * p)
        for i in 0..<count {
            let ai = matrix(a, i), bi = matrix(b, i)
            if n * p * k < 400 {
                out += naiveBatchProduct(ai.scalars.map { Float($0) }, bi.scalars.map { Float($0) }, m: n, k: k, n: p)
            } else {
                out += mm(BLASOperand(ai), BLASOperand(bi), cOffset: i * n * p, batched: count > 1)
            }
        }
        return out
    }
}
