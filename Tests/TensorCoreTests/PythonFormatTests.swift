import Foundation
import Testing
import TensorCore

/// The `float_repr` part of `tensorcore-reference.json`: Python's `repr` of doubles.
private struct FloatReprFile: Decodable {
    struct Case: Decodable {
        /// `float.hex()`, so the input is read back exactly, independent of the code under test.
        let hex: String
        let repr: String
    }
    let float_repr: [Case]
}

@Suite struct PythonFormatTests {
    @Test func floatReprMatchesPython() throws {
        let file = try TorchReferenceFile.load(TorchReferenceFile.extra, as: FloatReprFile.self)
        for c in file.float_repr {
            let x = try #require(Double(c.hex), "cannot read \(c.hex)")
            #expect(PythonFormat.floatRepr(x) == c.repr, "\(c.hex)")
        }
    }

    @Test func referenceCoversTheLayoutSwitches() throws {
        // The cases where Python's layout differs from Swift's `description` must be present.
        let file = try TorchReferenceFile.load(TorchReferenceFile.extra, as: FloatReprFile.self)
        let covered = Set(file.float_repr.compactMap { Double($0.hex) })
        for x in [0.1 + 0.2, 1e-05, 1e16, 1e16 - 2, 123456789.0, 0.0001, 1e15, 3.9248000383377075] {
            #expect(covered.contains(x), "\(x) missing from the reference")
        }
        #expect(file.float_repr.contains { $0.repr == "-0.0" })
        #expect(file.float_repr.contains { $0.repr == "nan" })
    }

    @Test func negativeNaNPrintsWithoutSign() {
        // Python prints every NaN as `nan`; C's printf and Swift may write `-nan`.
        let negativeNaN = -Double.nan
        #expect(PythonFormat.floatRepr(negativeNaN) == PythonFormat.floatRepr(.nan))
        #expect(PythonFormat.fixed(negativeNaN, precision: 4) == PythonFormat.floatRepr(.nan))
        #expect(PythonFormat.scientific(negativeNaN, precision: 4) == PythonFormat.floatRepr(.nan))
    }
}
