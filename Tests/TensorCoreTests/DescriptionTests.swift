import Foundation
import Testing
import TensorCore

/// The `repr` part of `torch-reference.json`: names and the text PyTorch printed.
private struct SharedReprFile: Decodable {
    struct Case: Decodable {
        let name: String
        let repr: String
    }
    let repr: [Case]
}

/// The printing parts of `tensorcore-reference.json`: each tensor with its data and repr.
private struct ExtraReprFile: Decodable {
    struct Case: Decodable {
        let name: String
        let shape: [Int]
        let dtype: String
        /// `float.hex()` text for floats, decimal digits for int64, 1/0 for bool.
        let values: [String]
        let requires_grad: Bool
        let grad_fn: String?
        let repr: String
    }
    struct Size: Decodable {
        let dims: [Int]
        let repr: String
    }
    let repr: [Case]
    let size: [Size]
}

/// The `inputs` matrix of `make_reference.py`.
private let inputs: [[Double]] = [[0.43, 0.15, 0.89], [0.55, 0.87, 0.66], [0.57, 0.85, 0.64],
                                  [0.22, 0.58, 0.33], [0.77, 0.25, 0.10], [0.05, 0.80, 0.55]]

private func matrix(_ rows: [[Double]], gradFn: String? = nil) -> Tensor {
    var t = Tensor(shape: [rows.count, rows[0].count], data: rows.flatMap { $0 })
    t.gradFn = gradFn
    return t
}

/// Rebuilds a case of `torch-reference.json` from the Python source in `make_reference.py`.
private func sharedCase(_ name: String) -> CustomStringConvertible? {
    let inf = Double.infinity
    switch name {
    case "scalar": return Tensor(scalar: 1.8524)
    case "scalar_one": return Tensor(scalar: 1.0)
    case "vector": return Tensor(shape: [3], data: [0.9544, 1.4950, 1.4754])
    case "int_valued_floats": return Tensor(shape: [3], data: [1, 2, 0])
    case "matrix": return matrix(inputs)
    case "negatives": return matrix([[-0.0739, 0.0713], [-0.0748, 0.0703]])
    case "mixed_magnitudes": return Tensor(shape: [3], data: [0.0001234, 12345.0, 1.0])
    case "tiny": return Tensor(shape: [2], data: [1e-5, 2e-5])
    case "huge": return Tensor(shape: [2], data: [1e9, 2.5e9])
    case "inf_nan": return Tensor(shape: [4], data: [1, inf, -inf, .nan])
    case "neg_inf_matrix": return matrix([[0.2899, -inf], [0.4656, 0.1723]])
    case "ints": return Tensor(shape: [3], data: [1, 2, 3], dtype: .int64)
    case "bools": return Tensor(shape: [2], data: [1, 0], dtype: .bool)
    case "empty": return Tensor(shape: [0], data: [])
    case "three_d":
        let top = Array(inputs[0..<2].joined())
        return Tensor(shape: [2, 2, 3], data: top + top)
    case "wide_row":
        // torch.arange(30, dtype=torch.float32) / 7, divided in float32.
        return Tensor(shape: [30], data: (0..<30).map { Double(Float($0) / 7) })
    case "summarized": return Tensor(shape: [2000], data: (0..<2000).map(Double.init))
    case "ones_matrix": return Tensor(shape: [2, 3], data: Array(repeating: 1, count: 6))
    case "requires_grad_leaf":
        var t = Tensor(shape: [2], data: [0.5, 0.25])
        t.requiresGrad = true
        return t
    case "mm_grad_fn":
        // Built from the printed data: the point is the grad_fn suffix, not the product.
        return matrix([[0.5003, 0.9145], [0.5528, 0.9559], [0.5548, 0.9559],
                       [0.2619, 0.4548], [0.4350, 0.6879], [0.2647, 0.4928]], gradFn: "MmBackward0")
    case "softmax_grad_fn":
        return matrix([[0.3979, 0.6021], [0.4006, 0.5994], [0.4010, 0.5990],
                       [0.4519, 0.5481], [0.4371, 0.5629], [0.4432, 0.5568]], gradFn: "SoftmaxBackward0")
    case "size": return TorchSize(dims: [6, 2])
    default: return nil
    }
}

private func dtype(_ name: String) -> DType? {
    switch name {
    case "float32": return .float32
    case "int64": return .int64
    case "bool": return .bool
    default: return nil
    }
}

@Suite struct DescriptionTests {
    @Test func sharedReferenceReprs() throws {
        let file = try TorchReferenceFile.load(TorchReferenceFile.shared, as: SharedReprFile.self)
        #expect(file.repr.count == 22)
        for c in file.repr {
            let value = try #require(sharedCase(c.name), "no Swift rebuild of \(c.name)")
            #expect(value.description == c.repr, "\(c.name)")
        }
    }

    @Test func extraReferenceReprs() throws {
        let file = try TorchReferenceFile.load(TorchReferenceFile.extra, as: ExtraReprFile.self)
        #expect(!file.repr.isEmpty)
        for c in file.repr {
            let values = try c.values.map { try #require(Double($0), "\(c.name): cannot read \($0)") }
            var t = Tensor(shape: c.shape, data: values, dtype: try #require(dtype(c.dtype)))
            t.requiresGrad = c.requires_grad
            t.gradFn = c.grad_fn
            #expect(t.description == c.repr, "\(c.name)")
        }
    }

    @Test func torchSizes() throws {
        let file = try TorchReferenceFile.load(TorchReferenceFile.extra, as: ExtraReprFile.self)
        for c in file.size {
            #expect(TorchSize(dims: c.dims).description == c.repr)
        }
        #expect(TorchSize(dims: [6, 2]) == TorchSize(dims: [6, 2]))
    }

    @Test func viewsPrintTheirOwnElements() {
        // A transposed view prints in its own row-major order, like `matrix.T`.
        let t = matrix([[1, 2, 3], [4, 5, 6]])
        let transposed = t.view(shape: [3, 2], strides: [1, 3], offset: 0)
        let expected = Tensor(shape: [3, 2], data: [1, 4, 2, 5, 3, 6])
        #expect(transposed.description == expected.description)
    }

    @Test func stringInterpolationUsesTheRepr() {
        let t = Tensor(shape: [2], data: [0.5, 0.25])
        #expect("\(t)" == t.description)
    }
}
