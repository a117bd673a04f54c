import Foundation
import Testing
import TensorCore

/// `float32-reference.json` from `scripts/make_float32_reference.py`: operations with the exact
/// float32 bits PyTorch (CPU, AVX2, MKL) produced.
private struct Float32ReferenceFile: Decodable {
    /// A tensor rebuilt from a seed: a view into a storage of generated float32 values.
    struct Spec: Decodable {
        let seed: UInt64
        let emin: Int
        let emax: Int
        let storage: Int
        let shape: [Int]
        let strides: [Int]
        let offset: Int
        let grad: Bool?
        let positive: Bool?
        /// Storage positions overwritten with "inf", "-inf" or "nan".
        let special: [[Special]]?
    }

    /// An element of a `special` pair: an index or a value's name.
    enum Special: Decodable {
        case index(Int)
        case name(String)

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let i = try? c.decode(Int.self) { self = .index(i) } else { self = .name(try c.decode(String.self)) }
        }
    }

    struct Case: Decodable {
        let op: String
        let name: String
        let x: Spec?
        let a: Spec?
        let b: Spec?
        let dim: Int?
        let unbiased: Bool?
        let shape: [Int]
        /// Base64 of the little-endian float32 result.
        let expected: String
    }

    let torch_version: String
    /// `torch.get_num_threads()` when the file was made.
    let torch_threads: Int
    let reductions: [Case]
    let softmax: [Case]
    let matmul: [Case]
    let elementwise: [Case]
}

/// The script's input values: splitmix64 outputs turned into float32 bit patterns.
private enum ReferenceValues {
    static func make(seed: UInt64, count: Int, emin: Int, emax: Int) -> [Float] {
        var state = seed
        let span = UInt64(emax - emin + 1)
        return (0..<count).map { _ in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            let u = z ^ (z >> 31)
            let exponent = UInt64(Int64(emin) + Int64(((u >> 32) & 0xFFFF) % span) + 127)
            return Float(bitPattern: UInt32((u >> 63) << 31 | exponent << 23 | (u & 0x7F_FFFF)))
        }
    }

    static func tensor(_ spec: Float32ReferenceFile.Spec) -> Tensor {
        var data = make(seed: spec.seed, count: spec.storage, emin: spec.emin, emax: spec.emax)
        if spec.positive == true { data = data.map { Swift.abs($0) } }
        for pair in spec.special ?? [] {
            guard case .index(let i) = pair[0], case .name(let name) = pair[1] else { continue }
            data[i] = Float(name) ?? .nan
        }
        return Tensor(storage: TensorStorage(data.map(Double.init)), shape: spec.shape, strides: spec.strides,
                      offset: spec.offset, dtype: .float32, requiresGrad: spec.grad ?? false)
    }
}

/// Runs one reference case through TensorCore.
private func evaluate(_ c: Float32ReferenceFile.Case) throws -> Tensor {
    func input(_ spec: Float32ReferenceFile.Spec?) throws -> Tensor {
        ReferenceValues.tensor(try #require(spec, "\(c.name): missing operand"))
    }
    switch c.op {
    case "sum": return try input(c.x).sum(dim: c.dim)
    case "mean": return try input(c.x).mean(dim: c.dim)
    case "var": return try input(c.x).variance(dim: c.dim, unbiased: c.unbiased ?? true)
    case "std": return try input(c.x).std(dim: c.dim, unbiased: c.unbiased ?? true)
    case "softmax": return try input(c.x).softmax(dim: try #require(c.dim))
    case "matmul": return try input(c.a).matmul(try input(c.b))
    case "dot": return try input(c.a).dot(try input(c.b))
    case "exp": return try input(c.x).unary(.exp)
    case "log": return try input(c.x).unary(.log)
    default:
        Issue.record("\(c.name): unknown reference op \(c.op)")
        return Tensor(shape: [0], data: [])
    }
}

/// Per operation: how many result elements matched PyTorch bit for bit, and which cases did not.
private struct Tally {
    var exact: [String: Int] = [:]
    var total: [String: Int] = [:]
    /// The largest distance in units in the last place between a result and PyTorch's.
    var maxUlps: [String: Int] = [:]
    var failures: [String] = []

    mutating func check(_ cases: [Float32ReferenceFile.Case]) throws {
        for c in cases {
            let result = try evaluate(c)
            let expected = try #require(Data(base64Encoded: c.expected), "\(c.name): bad base64")
            let bits = expected.withUnsafeBytes { raw in
                (0..<(raw.count / 4)).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)) }
            }
            let got = result.scalars.map { Float($0) }
            var matched = 0
            if result.shape == c.shape && got.count == bits.count {
                for (value, want) in zip(got, bits) {
                    let w = Float(bitPattern: want)
                    if value.bitPattern == want || (value.isNaN && w.isNaN) {
                        matched += 1
                    } else if value.isFinite && w.isFinite && value.sign == w.sign {
                        let ulps = Int(value.bitPattern.magnitude) - Int(want.magnitude)
                        maxUlps[c.op] = Swift.max(maxUlps[c.op] ?? 0, Swift.abs(ulps))
                    } else {
                        maxUlps[c.op] = Int.max
                    }
                }
            }
            exact[c.op, default: 0] += matched
            total[c.op, default: 0] += bits.count
            if matched != bits.count || result.shape != c.shape {
                failures.append("\(c.name): \(bits.count - matched) of \(bits.count) differ")
            }
        }
    }

    var summary: String {
        total.keys.sorted().map { "\($0) \(exact[$0] ?? 0)/\(total[$0] ?? 0)" }.joined(separator: ", ")
    }
}

@Suite struct Float32ArithmeticTests {
    private static func file() throws -> Float32ReferenceFile {
        try TorchReferenceFile.load("float32-reference", as: Float32ReferenceFile.self)
    }

    /// `sum`, `mean`, `var` and `std`, over all elements or one dimension, of contiguous and
    /// transposed views.
    @Test func sumsMeansAndVariancesMatchPyTorchBits() throws {
        var tally = Tally()
        let file = try Self.file()
        // Sums past 32768 elements split their work by thread; use the reference's count.
        PyTorchCPU.threads = file.torch_threads
        try tally.check(file.reductions)
        #expect(tally.failures.isEmpty, "\(tally.summary); \(tally.failures.prefix(8).joined(separator: "; "))")
    }

    /// `softmax` over the last dimension and over inner dimensions, with masked and NaN rows.
    @Test func softmaxMatchesPyTorchBits() throws {
        var tally = Tally()
        let file = try Self.file()
        // Softmax over an inner dimension splits its work by thread; use the reference's count.
        PyTorchCPU.threads = file.torch_threads
        try tally.check(file.softmax)
        #expect(tally.failures.isEmpty, "\(tally.summary); \(tally.failures.prefix(8).joined(separator: "; "))")
    }

    /// `@`/`matmul` in every layout (1-D to 4-D, transposed and offset views), and `torch.dot`.
    @Test func matrixProductsMatchPyTorchBits() throws {
        var tally = Tally()
        try tally.check(try Self.file().matmul)
        #expect(tally.failures.isEmpty, "\(tally.summary); \(tally.failures.prefix(8).joined(separator: "; "))")
    }

    /// `torch.exp`/`torch.log` call MKL's vector math (`vmsExp`/`vmsLn`, high-accuracy mode),
    /// whose algorithm is not public; TensorCore rounds the exact value instead, which agrees
    /// with MKL for about 99% of `exp` and 93% of `log` results, the rest one ulp away. This
    /// guards those rates rather than exactness.
    @Test func elementwiseExpAndLogStayWithinOneUlpOfMKL() throws {
        var tally = Tally()
        try tally.check(try Self.file().elementwise)
        let expRate = Double(tally.exact["exp"] ?? 0) / Double(tally.total["exp"] ?? 1)
        let logRate = Double(tally.exact["log"] ?? 0) / Double(tally.total["log"] ?? 1)
        #expect(expRate >= 0.97, "\(tally.summary)")
        #expect(logRate >= 0.85, "\(tally.summary)")
        #expect((tally.maxUlps["exp"] ?? 0) <= 1 && (tally.maxUlps["log"] ?? 0) <= 1, "\(tally.maxUlps)")
    }

    /// The book's numbers as learners print them; each expected value is PyTorch's `.tolist()`
    /// output, which rounding a double-precision sum once would miss (9.260000228881836 for the
    /// first, 5.610000133514404 for the nine-element sum).
    @Test func bookExamplesPrintLikePyTorch() throws {
        let rows: [[Double]] = [[0.43, 0.15, 0.89], [0.55, 0.87, 0.66], [0.57, 0.85, 0.64],
                                [0.22, 0.58, 0.33], [0.77, 0.25, 0.10], [0.05, 0.80, 0.55]]
        let inputs = Tensor(shape: [6, 3], data: rows.flatMap { $0 })
        #expect(try inputs.sum().scalars == [9.25999927520752])
        #expect(try inputs.sum(dim: 0).scalars == [2.5899999141693115, 3.5, 3.1700000762939453])
        #expect(try inputs.sum(dim: 1).scalars == [1.4700000286102295, 2.080000162124634, 2.059999942779541,
                                                   1.1299999952316284, 1.1200000047683716, 1.4000000953674316])
        let nine = Tensor(shape: [9], data: Array(rows.prefix(3).joined()))
        #expect(try nine.sum().scalars == [5.609999656677246])

        let scores = try inputs.matmul(try inputs.index([.int(1)]))
        #expect(scores.scalars == [0.9544000625610352, 1.4950001239776611, 1.4754000902175903,
                                   0.8434000015258789, 0.7070000171661377, 1.0865000486373901])
        let weights = try scores.softmax(dim: 0)
        #expect(weights.scalars == [0.13854756951332092, 0.2378913015127182, 0.23327402770519257,
                                    0.12399158626794815, 0.10818186402320862, 0.15811361372470856])
        #expect(try weights.sum().scalars == [1.0])
        let all = try inputs.matmul(inputs.T).softmax(dim: -1)
        #expect(try all.sum(dim: -1).scalars == [0.9999998807907104, 1.0, 1.0000001192092896, 1.0, 1.0, 1.0])
    }
}
