import Foundation
import StepScript

/// Compares what a learner's code returned with what the reference returned: shapes exactly,
/// numbers within a tolerance, everything else by its repr.
public enum ValueComparison {
    /// Why `got` does not match `expected`, in a few words; nil when it matches.
    ///
    /// Numbers match when |got - expected| <= atol + rtol * |expected|, as PyTorch's
    /// `assert_close` has it; nan matches nan (a known mistake can give nan) and an infinity
    /// only itself.
    public static func difference(expected: EvaluatedValue, got: EvaluatedValue, atol: Double, rtol: Double) -> String? {
        func close(_ e: Double, _ g: Double) -> Bool {
            if e.isNaN || g.isNaN { return e.isNaN && g.isNaN }
            if e.isInfinite || g.isInfinite { return e == g }
            return Swift.abs(g - e) <= atol + rtol * Swift.abs(e)
        }
        switch (numbers(expected), numbers(got)) {
        case let ((eShape, e)?, (gShape, g)?):
            guard eShape == gShape else {
                return "the shape is \(shapeText(gShape)), not \(shapeText(eShape))"
            }
            let differing = zip(e, g).enumerated().filter { !close($0.element.0, $0.element.1) }
            guard let first = differing.first else { return nil }
            let at = eShape.isEmpty ? "" : "at \(indexText(first.offset, shape: eShape)): "
            let how = "\(at)expected \(element(first.element.0)), got \(element(first.element.1))"
            if e.count == 1 { return how }
            return "\(differing.count) of \(e.count) values differ: \(how)"
        case (.some(let (eShape, _)), nil):
            return "expected a \(eShape.isEmpty ? "number" : "tensor of shape \(shapeText(eShape))"), got \(brief(got.repr))"
        default:
            if case .string(let e) = expected.kind, case .string(let g) = got.kind { return e == g ? nil : "expected \(brief(expected.repr)), got \(brief(got.repr))" }
            return expected.repr == got.repr ? nil : "expected \(brief(expected.repr)), got \(brief(got.repr))"
        }
    }

    /// A value's numbers with their shape: a tensor, a number (shape `[]`), a bool; nil for
    /// anything else. `torch.Size` and tuples of ints count as shapes only against each other.
    static func numbers(_ v: EvaluatedValue) -> ([Int], [Double])? {
        switch v.kind {
        case .tensor(let shape, let values, _): return (shape, values)
        case .number(let d): return ([], [d])
        case .integer(let i): return ([], [Double(i)])
        case .bool(let b): return ([], [b ? 1 : 0])
        case .shape(let dims): return ([dims.count], dims.map(Double.init))
        case .string, .other: return nil
        }
    }

    /// `(6, 2)`, as Python writes a shape tuple.
    public static func shapeText(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// The multi-index `[0, 3]` of the flat position `offset` in a row-major tensor.
    static func indexText(_ offset: Int, shape: [Int]) -> String {
        var rest = offset
        var index = [Int](repeating: 0, count: shape.count)
        for d in stride(from: shape.count - 1, through: 0, by: -1) where shape[d] > 0 {
            index[d] = rest % shape[d]
            rest /= shape[d]
        }
        return "[" + index.map(String.init).joined(separator: ", ") + "]"
    }

    /// One value as PyTorch prints a float32 tensor's elements: four decimals, or scientific
    /// notation when four decimals would hide it.
    public static func element(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        let a = Swift.abs(v)
        if a != 0 && (a >= 1e8 || a < 1e-4) { return String(format: "%.4e", v) }
        return String(format: "%.4f", v)
    }

    /// A repr cut to its first line and 60 characters.
    static func brief(_ repr: String) -> String {
        let line = repr.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let cut = line.count > 60 ? String(line.prefix(59)) + "…" : line
        return cut + (line != repr && !cut.hasSuffix("…") ? " …" : "")
    }
}
