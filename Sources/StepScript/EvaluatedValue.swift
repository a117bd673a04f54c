import TensorCore

/// A value computed by a lesson expression (a quiz answer, a heatmap), in a form that code
/// outside the interpreter can compare and show.
public struct EvaluatedValue: Sendable, Equatable {
    /// What kind of value it is, with its data.
    public enum Kind: Sendable, Equatable {
        /// A Python int (bools are `.bool`).
        case integer(Int)
        /// A Python float.
        case number(Double)
        case bool(Bool)
        case string(String)
        /// A `torch.Size` or a tuple of ints.
        case shape([Int])
        /// A tensor, or a (nested) list of numbers: shape and row-major values.
        case tensor(shape: [Int], values: [Double], isInteger: Bool)
        /// Anything else (shown by its repr only).
        case other
    }

    public let kind: Kind
    /// What Python's `repr` shows for it.
    public let repr: String

    public init(kind: Kind, repr: String) {
        self.kind = kind
        self.repr = repr
    }
}

extension Interpreter {
    /// Evaluates one expression in this namespace, e.g. a quiz's `answer:` line.
    public func evaluateExpression(_ source: String) throws -> EvaluatedValue {
        let value = try evaluate(source)
        return EvaluatedValue(kind: try classify(value), repr: try repr(value))
    }

    /// Evaluates an expression that must give a tensor (heatmaps).
    public func evaluateTensor(_ source: String) throws -> Tensor {
        let value = try evaluate(source)
        switch value {
        case .tensor(let box): return box.tensor
        case .list, .tuple: return try makeTensor(value, dtype: .float32)
        default: throw PyError(.typeError, "expected a tensor, got \(value.typeName)", line: 1)
        }
    }

    private func classify(_ v: Value) throws -> EvaluatedValue.Kind {
        switch v {
        case .int(let i): return .integer(i)
        case .float(let d): return .number(d)
        case .bool(let b): return .bool(b)
        case .str(let s): return .string(s)
        case .size(let dims): return .shape(dims)
        case .tuple(let items) where items.allSatisfy({ if case .int = $0 { return true }; return false }) && !items.isEmpty:
            return .shape(items.map(\.intValue))
        case .tensor(let box):
            let t = box.tensor
            if t.rank == 0 {
                return t.dtype.isFloatingPoint ? .number(t.scalar) : (t.dtype == .bool ? .bool(t.scalar != 0) : .integer(Int(t.integerScalar)))
            }
            return .tensor(shape: t.shape, values: t.scalars, isInteger: !t.dtype.isFloatingPoint)
        case .list, .tuple:
            guard let t = try? makeTensor(v, dtype: nil) else { return .other }
            return .tensor(shape: t.shape, values: t.scalars, isInteger: !t.dtype.isFloatingPoint)
        default:
            return .other
        }
    }
}
