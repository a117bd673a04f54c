import Foundation
import Testing
import TensorCore

/// `matmul-order-reference.json` from `scripts/matmul_order.py reference`: float32 products of
/// seeded `torch.randn` inputs (and `nn.Linear` layers), with long inner dimensions where MKL's
/// packed kernel splits k into blocks, as real PyTorch computed them.
private struct MatmulOrderFile: Decodable {
    struct Case: Decodable {
        let name: String
        /// "matmul", "bmm" or "linear".
        let op: String
        let seed: UInt64
        let a: [Int]?
        let b: [Int]?
        /// Whether the operand is a transposed view (storage drawn with its last two sizes swapped).
        let a_t: Bool?
        let b_t: Bool?
        let x: [Int]?
        let x_t: Bool?
        let `in`: Int?
        let out: Int?
        let bias: Bool?
        let shape: [Int]
        /// FNV-1a over the result's float32 bit patterns, one 32-bit word per step.
        let fnv1a: String
        /// The bit patterns of the first four elements, to show how a failure differs.
        let head: [UInt32]
    }
    let torch_threads: Int
    let cases: [Case]
}

@Suite struct MatmulOrderTests {
    /// `torch.randn(*shape)`, or with `transposed` the transpose of a draw of the shape with its
    /// last two sizes swapped, as the script draws it.
    private static func draw(_ shape: [Int], transposed: Bool, _ g: Generator) throws -> Tensor {
        guard transposed else { return Tensor.randn(shape, generator: g) }
        var storage = shape
        storage.swapAt(shape.count - 1, shape.count - 2)
        return try Tensor.randn(storage, generator: g).transpose(-2, -1)
    }

    private static func evaluate(_ c: MatmulOrderFile.Case) throws -> Tensor {
        let g = Generator(seed: c.seed)
        if c.op == "linear" {
            let layer = try Linear(inFeatures: try #require(c.in), outFeatures: try #require(c.out),
                                   bias: c.bias ?? true, generator: g)
            return try layer(try draw(try #require(c.x), transposed: c.x_t ?? false, g))
        }
        let a = try draw(try #require(c.a), transposed: c.a_t ?? false, g)
        let b = try draw(try #require(c.b), transposed: c.b_t ?? false, g)
        return c.op == "bmm" ? try a.bmm(b) : try a.matmul(b)
    }

    private static func fnv1a(_ values: [Float]) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for v in values { h = (h ^ UInt64(v.bitPattern)) &* 0x100_0000_01B3 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Products in every regime of MKL's k-blocking (k up to 4096), every operand layout,
    /// `nn.Linear` with and without bias, batched and 4-D products: bit for bit PyTorch's.
    @Test func productsMatchPyTorchBitForBit() throws {
        let file = try TorchReferenceFile.load("matmul-order-reference", as: MatmulOrderFile.self)
        // Which rows take MKL's packed kernel depends on the thread count.
        PyTorchCPU.threads = file.torch_threads
        var failures: [String] = []
        for c in file.cases {
            let result = try Self.evaluate(c)
            let values = result.scalars.map { Float($0) }
            guard result.shape == c.shape else {
                failures.append("\(c.name): shape \(result.shape), expected \(c.shape)")
                continue
            }
            if Self.fnv1a(values) != c.fnv1a {
                let head = values.prefix(4).map(\.bitPattern)
                failures.append("\(c.name): bits differ (first elements \(head), expected \(c.head))")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(file.cases.count) products differ: \(failures.prefix(8).joined(separator: "; "))")
    }
}
