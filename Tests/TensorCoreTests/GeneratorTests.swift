import Foundation
import Testing
import TensorCore

/// Loads the JSON files under `Reference/` that real PyTorch produced.
enum TorchReferenceFile {
    /// `torch-reference.json`: the shared reference values from `make_reference.py`.
    static let shared = "torch-reference"
    /// `tensorcore-reference.json`: extra cases from `scripts/make_tensorcore_reference.py`.
    static let extra = "tensorcore-reference"

    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        // The test target copies the folder whole (`.copy("Reference")`), so the file sits in a
        // `Reference` subdirectory of the bundle.
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json",
                                                  subdirectory: "Reference"))
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }
}

/// The parts of `torch-reference.json` about random numbers.
private struct SharedRngFile: Decodable {
    struct Case: Decodable {
        let call: String
        let seed: UInt64
        let shape: [Int]?
        let values: [Double]?
        let weight_shape: [Int]?
        let weight: [Double]?
        let bias: [Double]?
    }
    let rng: [Case]
}

/// The random-number parts of `tensorcore-reference.json`.
private struct ExtraRngFile: Decodable {
    struct Draw: Decodable {
        let seed: UInt64?
        let initial_seed: UInt64?
        let shape: [Int]
        let values: [Double]
    }
    struct Step: Decodable {
        let op: String
        let n: Int
        let values: [Double]
    }
    struct Sequence: Decodable {
        let name: String
        let seed: UInt64
        let steps: [Step]
    }
    struct Uniform: Decodable {
        let seed: UInt64
        let shape: [Int]
        let a: Double
        let b: Double
        let values: [Double]
    }
    struct Dropout: Decodable {
        let seed: UInt64
        let p: Double
        let keep: [Bool]
    }
    struct Linear: Decodable {
        let seed: UInt64
        let `in`: Int
        let out: Int
        let weight_shape: [Int]
        let weight: [Double]
        let bias: [Double]?
    }
    struct Rng: Decodable {
        let rand: [Draw]
        let randn: [Draw]
        let randn_sequences: [Sequence]
        let uniform: [Uniform]
        let dropout: [Dropout]
        let linear: [Linear]
    }
    let rng: Rng
}

/// `nn.Linear(in, out, bias)` initialisation: weight (out, in) then bias, both `uniform_(-k, k)`.
private func linearInit(inFeatures: Int, outFeatures: Int, bias: Bool, generator: Generator) -> (Tensor, Tensor?) {
    let k = 1 / Double(inFeatures).squareRoot()
    let weight = Tensor(shape: [outFeatures, inFeatures], data: Array(repeating: 0, count: outFeatures * inFeatures))
    weight.uniform_(-k, k, generator: generator)
    guard bias else { return (weight, nil) }
    let b = Tensor(shape: [outFeatures], data: Array(repeating: 0, count: outFeatures))
    b.uniform_(-k, k, generator: generator)
    return (weight, b)
}

/// float32 values compared bit for bit.
private func floats(_ values: [Double]) -> [Float] { values.map(Float.init) }

@Suite struct GeneratorTests {
    @Test func mersenneTwisterMatchesTheStandardSequence() {
        // 5489 is MT19937's reference seed; its first output is the published 3499211612.
        let g = Generator(seed: 5489)
        #expect(g.random() == 3_499_211_612)
    }

    @Test func defaultGeneratorStartsFromPyTorchsDefaultSeed() {
        #expect(Generator().initialSeed == 67_280_421_310_721)
        #expect(Generator.defaultSeed == 67_280_421_310_721)
    }

    @Test func manualSeedRestartsTheSequenceAndKeepsTheFullSeed() {
        let g = Generator(seed: 1)
        let first = (0..<5).map { _ in g.random() }
        g.manualSeed(1)
        #expect((0..<5).map { _ in g.random() } == first)
        // Only the low 32 bits reach the state, but initialSeed keeps what was given.
        let wide = Generator(seed: (1 << 32) + 1)
        #expect(wide.initialSeed == (1 << 32) + 1)
        #expect(wide.random() == first[0])
    }

    @Test func random64JoinsTwoOutputsFirstHigh() {
        let a = Generator(seed: 9), b = Generator(seed: 9)
        let joined = a.random64()
        let hi = UInt64(b.random()), lo = UInt64(b.random())
        #expect(joined == (hi << 32) | lo)
    }

    @Test func manualSeedClearsTheCachedNormal() {
        let g = Generator(seed: 3)
        let first = g.normal()
        _ = g.normal()  // the cached sine sample
        g.manualSeed(3)
        _ = g.normal()  // leaves a cached sample behind
        g.manualSeed(3)
        #expect(g.normal() == first)
    }

    @Test func sharedReferenceDraws() throws {
        let file = try TorchReferenceFile.load(TorchReferenceFile.shared, as: SharedRngFile.self)
        #expect(file.rng.count == 12)
        for c in file.rng {
            let g = Generator(seed: c.seed)
            if let values = c.values {
                let shape = c.shape ?? [values.count]
                let t = Tensor.rand(shape, generator: g)
                #expect(t.shape == shape, "\(c.call)")
                #expect(floats(t.scalars) == floats(values), "\(c.call)")
            } else {
                let weightShape = try #require(c.weight_shape)
                let (weight, bias) = linearInit(inFeatures: weightShape[1], outFeatures: weightShape[0],
                                                bias: c.bias != nil, generator: g)
                #expect(weight.shape == weightShape, "\(c.call)")
                #expect(floats(weight.scalars) == floats(try #require(c.weight)), "\(c.call)")
                if let expected = c.bias {
                    #expect(floats(try #require(bias).scalars) == floats(expected), "\(c.call)")
                }
            }
        }
    }

    @Test func randMatchesTorchAcrossTwists() throws {
        let file = try TorchReferenceFile.load(TorchReferenceFile.extra, as: ExtraRngFile.self)
        for c in file.rng.rand {
            let g: Generator
            if let seed = c.seed {
                g = Generator(seed: seed)
            } else {
                g = Generator()
                #expect(g.initialSeed == c.initial_seed)
            }
            #expect(floats(Tensor.rand(c.shape, generator: g).scalars) == floats(c.values), "seed \(String(describing: c.seed))")
        }
    }

    @Test func randnMatchesTorch() throws {
        let file = try TorchReferenceFile.load(TorchReferenceFile.extra, as: ExtraRngFile.self)
        for c in file.rng.randn {
            let t = Tensor.randn(c.shape, generator: Generator(seed: c.seed!))
            #expect(t.shape == c.shape)
            // Both paths are exact: the small one is double Box–Muller rounded once, the large one
            // reproduces the AVX2 kernel's float32 polynomials.
            #expect(floats(t.scalars) == floats(c.values), "randn\(c.shape) seed \(c.seed!)")
        }
    }

    @Test func normalCacheCarriesAcrossCalls() throws {
        let file = try TorchReferenceFile.load(TorchReferenceFile.extra, as: ExtraRngFile.self)
        for sequence in file.rng.randn_sequences {
            let g = Generator(seed: sequence.seed)
            for step in sequence.steps {
                switch step.op {
                case "seed":
                    g.manualSeed(UInt64(step.n))
                case "rand":
                    #expect(floats(Tensor.rand([step.n], generator: g).scalars) == floats(step.values), "\(sequence.name)")
                default:
                    #expect(floats(Tensor.randn([step.n], generator: g).scalars) == floats(step.values), "\(sequence.name)")
                }
            }
        }
    }

    @Test func uniformInPlaceMatchesTorch() throws {
        let file = try TorchReferenceFile.load(TorchReferenceFile.extra, as: ExtraRngFile.self)
        for c in file.rng.uniform {
            let t = Tensor(shape: c.shape, data: Array(repeating: 0, count: c.values.count))
            t.uniform_(c.a, c.b, generator: Generator(seed: c.seed))
            #expect(floats(t.scalars) == floats(c.values), "uniform_(\(c.a), \(c.b)) seed \(c.seed)")
        }
    }

    @Test func uniformFillsAViewThroughItsStorage() {
        // A transposed view is filled in its own row-major order, reaching the base's storage.
        let base = Tensor(shape: [2, 3], data: Array(repeating: 0, count: 6))
        let view = base.view(shape: [3, 2], strides: [1, 3], offset: 0)
        view.uniform_(0, 1, generator: Generator(seed: 123))
        let draws = Tensor.rand([6], generator: Generator(seed: 123)).scalars
        #expect(view.scalars == draws)
        #expect(base.scalars == [draws[0], draws[2], draws[4], draws[1], draws[3], draws[5]])
    }

    @Test func dropoutMaskMatchesTorch() throws {
        let file = try TorchReferenceFile.load(TorchReferenceFile.extra, as: ExtraRngFile.self)
        for c in file.rng.dropout {
            let keep = Tensor.bernoulliKeep(count: c.keep.count, p: c.p, generator: Generator(seed: c.seed))
            #expect(keep == c.keep, "Dropout(\(c.p)) seed \(c.seed)")
        }
    }

    @Test func linearInitMatchesTorch() throws {
        let file = try TorchReferenceFile.load(TorchReferenceFile.extra, as: ExtraRngFile.self)
        for c in file.rng.linear {
            let (weight, bias) = linearInit(inFeatures: c.in, outFeatures: c.out, bias: c.bias != nil,
                                            generator: Generator(seed: c.seed))
            #expect(weight.shape == c.weight_shape)
            #expect(floats(weight.scalars) == floats(c.weight), "Linear(\(c.in), \(c.out)) seed \(c.seed)")
            if let expected = c.bias {
                #expect(floats(try #require(bias).scalars) == floats(expected))
            }
        }
    }
}
