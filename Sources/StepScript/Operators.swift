import Foundation
import TensorCore

/// Python's arithmetic, comparison and truth rules, and their tensor counterparts.
extension Interpreter {
    /// The tensor-core operation for a Python operator, where there is one.
    private static func tensorOp(_ op: BinOp) -> BinaryOp? {
        switch op {
        case .add: return .add
        case .sub: return .sub
        case .mul: return .mul
        case .div: return .div
        case .floorDiv: return .floorDiv
        case .mod: return .mod
        case .pow: return .pow
        case .bitAnd: return .logicalAnd
        case .bitOr: return .logicalOr
        case .bitXor: return .logicalXor
        case .matmul, .lshift, .rshift: return nil
        }
    }

    /// A Python number as a scalar operand for tensor arithmetic.
    func scalar(_ v: Value) -> Scalar? {
        switch v {
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        default: return nil
        }
    }

    func binary(_ op: BinOp, _ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case (.tensor(let x), .tensor(let y)):
            if op == .matmul { return .tensor(TensorBox(try x.tensor.matmul(y.tensor))) }
            if [.bitAnd, .bitOr, .bitXor].contains(op) && (x.tensor.dtype != .bool || y.tensor.dtype != .bool) {
                throw PyError(.notImplemented, "bitwise operators are supported on bool tensors only")
            }
            guard let t = Interpreter.tensorOp(op) else { break }
            return .tensor(TensorBox(try x.tensor.binary(t, y.tensor)))
        case (.tensor(let x), _):
            if let s = scalar(b), let t = Interpreter.tensorOp(op) {
                if [.bitAnd, .bitOr, .bitXor].contains(op) && x.tensor.dtype != .bool { break }
                return .tensor(TensorBox(try x.tensor.binary(t, s)))
            }
        case (_, .tensor(let y)):
            if let s = scalar(a), let t = Interpreter.tensorOp(op) {
                if [.bitAnd, .bitOr, .bitXor].contains(op) && y.tensor.dtype != .bool { break }
                return .tensor(TensorBox(try y.tensor.binary(t, s, reversed: true)))
            }
        default:
            if let r = try numeric(op, a, b) { return r }
            if let r = try sequence(op, a, b) { return r }
            if op == .add, ["str", "list", "tuple"].contains(a.typeName) {
                throw PyError(.typeError, "can only concatenate \(a.typeName) (not \"\(b.typeName)\") to \(a.typeName)")
            }
        }
        throw PyError(.typeError, "unsupported operand type(s) for \(op.rawValue): '\(a.typeName)' and '\(b.typeName)'")
    }

    /// Python's rules for int, float and bool operands; nil when either is not a number.
    private func numeric(_ op: BinOp, _ a: Value, _ b: Value) throws -> Value? {
        func intValue(_ v: Value) -> Int? {
            switch v {
            case .int(let i): return i
            case .bool(let b): return b ? 1 : 0
            default: return nil
            }
        }
        if let x = intValue(a), let y = intValue(b) { return try intOp(op, x, y) }
        let x: Double, y: Double
        switch a {
        case .float(let d): x = d
        case .int, .bool: x = Double(intValue(a)!)
        default: return nil
        }
        switch b {
        case .float(let d): y = d
        case .int, .bool: y = Double(intValue(b)!)
        default: return nil
        }
        return try floatOp(op, x, y)
    }

    private func overflow() -> PyError {
        PyError(.overflowError, "integer result too large for the step language (at most 64 bits)")
    }

    private func intOp(_ op: BinOp, _ x: Int, _ y: Int) throws -> Value {
        switch op {
        case .add:
            let (r, o) = x.addingReportingOverflow(y)
            if o { throw overflow() }
            return .int(r)
        case .sub:
            let (r, o) = x.subtractingReportingOverflow(y)
            if o { throw overflow() }
            return .int(r)
        case .mul:
            let (r, o) = x.multipliedReportingOverflow(by: y)
            if o { throw overflow() }
            return .int(r)
        case .div:
            if y == 0 { throw PyError(.zeroDivisionError, "division by zero") }
            return .float(Double(x) / Double(y))
        case .floorDiv:
            if y == 0 { throw PyError(.zeroDivisionError, "integer division or modulo by zero") }
            // Int.min // -1 is the one quotient past 64 bits.
            let (q, o) = x.dividedReportingOverflow(by: y)
            if o { throw overflow() }
            return .int((x % y != 0 && (x < 0) != (y < 0)) ? q - 1 : q)
        case .mod:
            if y == 0 { throw PyError(.zeroDivisionError, "integer modulo by zero") }
            let r = x.remainderReportingOverflow(dividingBy: y).partialValue
            return .int((r != 0 && (r < 0) != (y < 0)) ? r + y : r)
        case .pow:
            if y < 0 {
                if x == 0 { throw PyError(.zeroDivisionError, "0.0 cannot be raised to a negative power") }
                return .float(Foundation.pow(Double(x), Double(y)))
            }
            var result = 1, base = x, e = y
            while e > 0 {
                if e & 1 == 1 {
                    let (r, o) = result.multipliedReportingOverflow(by: base)
                    if o { throw overflow() }
                    result = r
                }
                e >>= 1
                if e > 0 {
                    let (b2, o) = base.multipliedReportingOverflow(by: base)
                    if o { throw overflow() }
                    base = b2
                }
            }
            return .int(result)
        case .bitAnd: return .int(x & y)
        case .bitOr: return .int(x | y)
        case .bitXor: return .int(x ^ y)
        case .lshift:
            if y < 0 { throw PyError(.valueError, "negative shift count") }
            if y >= 63 || (x << y) >> y != x { throw overflow() }
            return .int(x << y)
        case .rshift:
            if y < 0 { throw PyError(.valueError, "negative shift count") }
            return .int(y >= 64 ? (x < 0 ? -1 : 0) : x >> y)
        case .matmul:
            throw PyError(.typeError, "unsupported operand type(s) for @: 'int' and 'int'")
        }
    }

    private func floatOp(_ op: BinOp, _ x: Double, _ y: Double) throws -> Value {
        switch op {
        case .add: return .float(x + y)
        case .sub: return .float(x - y)
        case .mul: return .float(x * y)
        case .div:
            if y == 0 { throw PyError(.zeroDivisionError, "float division by zero") }
            return .float(x / y)
        case .floorDiv:
            if y == 0 { throw PyError(.zeroDivisionError, "float floor division by zero") }
            return .float((x / y).rounded(.down))
        case .mod:
            if y == 0 { throw PyError(.zeroDivisionError, "float modulo") }
            let r = x.truncatingRemainder(dividingBy: y)
            return .float((r != 0 && (r < 0) != (y < 0)) ? r + y : r)
        case .pow:
            if x == 0 && y < 0 { throw PyError(.zeroDivisionError, "0.0 cannot be raised to a negative power") }
            if x < 0 && y != y.rounded() {
                throw PyError(.notImplemented, "complex numbers are not part of the step language")
            }
            let r = Foundation.pow(x, y)
            if r.isInfinite && x.isFinite && y.isFinite { throw PyError(.overflowError, "(34, 'Numerical result out of range')") }
            return .float(r)
        default:
            throw PyError(.typeError, "unsupported operand type(s) for \(op.rawValue): 'float' and 'float'")
        }
    }

    /// `+` and `*` on strings, lists and tuples.
    private func sequence(_ op: BinOp, _ a: Value, _ b: Value) throws -> Value? {
        func repeatCount(_ v: Value) -> Int? {
            switch v {
            case .int(let i): return max(i, 0)
            case .bool(let b): return b ? 1 : 0
            default: return nil
            }
        }
        /// Refuses a repetition whose length would pass the limit (or 64 bits) before building it.
        func checkSize(_ count: Int, _ n: Int) throws {
            let (total, o) = count.multipliedReportingOverflow(by: n)
            try checkLength(o ? -1 : total)
            try charge(o ? Int.max : total)
        }
        switch (op, a, b) {
        case (.add, .str(let x), .str(let y)):
            try checkLength(x.utf8.count + y.utf8.count, "string")
            return .str(x + y)
        case (.add, .list(let x), .list(let y)):
            try checkLength(x.items.count + y.items.count, "list")
            return .list(ListBox(x.items + y.items))
        case (.add, .tuple(let x), .tuple(let y)):
            try checkLength(x.count + y.count, "tuple")
            return .tuple(x + y)
        case (.add, .size(let x), .tuple(let y)):
            return .tuple(x.map { .int($0) } + y)
        case (.mul, .str(let s), _):
            guard let n = repeatCount(b) else { return nil }
            try checkSize(s.utf8.count, n)
            return .str(String(repeating: s, count: n))
        case (.mul, _, .str):
            return try repeatCount(a) != nil ? sequence(.mul, b, a) : nil
        case (.mul, .list(let l), _):
            guard let n = repeatCount(b) else { return nil }
            try checkSize(l.items.count, n)
            return .list(ListBox(Array([[Value]](repeating: l.items, count: n).joined())))
        case (.mul, _, .list):
            return try repeatCount(a) != nil ? sequence(.mul, b, a) : nil
        case (.mul, .tuple(let t), _):
            guard let n = repeatCount(b) else { return nil }
            try checkSize(t.count, n)
            return .tuple(Array([[Value]](repeating: t, count: n).joined()))
        case (.mul, _, .tuple):
            return try repeatCount(a) != nil ? sequence(.mul, b, a) : nil
        case (.mod, .str, _):
            throw PyError(.notImplemented, "%-formatting of strings is not part of the step language; use an f-string")
        default:
            return nil
        }
    }

    func unary(_ op: UnaryOp, _ v: Value) throws -> Value {
        switch (op, v) {
        case (.not, _): return .bool(!(try truthy(v)))
        case (.neg, .int(let i)):
            if i == Int.min { throw overflow() }
            return .int(-i)
        case (.neg, .bool(let b)): return .int(b ? -1 : 0)
        case (.neg, .float(let d)): return .float(-d)
        case (.pos, .int), (.pos, .float): return v
        case (.pos, .bool(let b)): return .int(b ? 1 : 0)
        case (.invert, .int(let i)): return .int(~i)
        case (.invert, .bool(let b)): return .int(b ? -2 : -1)
        case (.neg, .tensor(let t)):
            if t.tensor.dtype == .bool {
                throw PyError(.runtimeError, "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
            }
            return .tensor(TensorBox(t.tensor.unary(.neg)))
        case (.pos, .tensor): return v
        case (.invert, .tensor(let t)):
            guard t.tensor.dtype == .bool else {
                throw PyError(.notImplemented, "~ is supported on bool tensors only")
            }
            return .tensor(TensorBox(Tensor(shape: t.tensor.shape, data: t.tensor.scalars.map { $0 == 0 ? 1 : 0 }, dtype: .bool)))
        default:
            throw PyError(.typeError, "bad operand type for unary \(op.rawValue): '\(v.typeName)'")
        }
    }

    /// Python truthiness; a tensor must hold exactly one element.
    func truthy(_ v: Value) throws -> Bool {
        switch v {
        case .none: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .str(let s): return !s.isEmpty
        case .list(let l): return !l.items.isEmpty
        case .tuple(let t): return !t.isEmpty
        case .size(let s): return !s.isEmpty
        case .dict(let d): return !d.keys.isEmpty
        case .range(let a, let b, let s): return s > 0 ? a < b : a > b
        case .tensor(let t):
            if t.tensor.count == 0 {
                throw PyError(.runtimeError, "Boolean value of Tensor with no values is ambiguous")
            }
            if t.tensor.count > 1 {
                throw PyError(.runtimeError, "Boolean value of Tensor with more than one value is ambiguous")
            }
            return t.tensor.scalar != 0
        default: return true
        }
    }

    /// Python `==` for non-tensor values.
    func equal(_ a: Value, _ b: Value) throws -> Bool {
        switch (a, b) {
        case (.int, _), (.float, _), (.bool, _):
            switch b {
            case .int, .float, .bool: return try numberValue(a) == numberValue(b)
            default: return false
            }
        case (.str(let x), .str(let y)): return x == y
        case (.none, .none), (.ellipsis, .ellipsis): return true
        case (.list(let x), .list(let y)): return try x === y || sequencesEqual(x.items, y.items)
        case (.tuple(let x), .tuple(let y)): return try sequencesEqual(x, y)
        case (.size(let x), .size(let y)): return x == y
        case (.size(let x), .tuple(let y)), (.tuple(let y), .size(let x)):
            return try sequencesEqual(x.map { .int($0) }, y)
        case (.dict(let x), .dict(let y)):
            if x === y { return true }
            guard x.keys.count == y.keys.count else { return false }
            for (k, v) in zip(x.keys, x.values) {
                guard let i = y.index(of: k), try equal(v, y.values[i]) else { return false }
            }
            return true
        case (.range(let a1, let b1, let c1), .range(let a2, let b2, let c2)): return a1 == a2 && b1 == b2 && c1 == c2
        case (.dtype(let x), .dtype(let y)): return x == y
        case (.tensor(let x), .tensor(let y)): return x === y
        case (.instance(let x), .instance(let y)): return x === y
        case (.classObject(let x), .classObject(let y)): return x === y
        case (.function(let x), .function(let y)): return x === y
        case (.builtin(let x), .builtin(let y)): return x === y
        case (.namedTuple(_, _, let x), .namedTuple(_, _, let y)): return try sequencesEqual(x, y)
        default: return false
        }
    }

    private func sequencesEqual(_ x: [Value], _ y: [Value]) throws -> Bool {
        guard x.count == y.count else { return false }
        return try nested("in comparison") { try itemsEqual(x, y) }
    }

    private func itemsEqual(_ x: [Value], _ y: [Value]) throws -> Bool {
        for (a, b) in zip(x, y) {
            // Python compares identical items as equal without looking inside them.
            if identical(a, b) { continue }
            if case .tensor = a {
                guard try truthy(try compare(.eq, a, b)) else { return false }
            } else if !(try equal(a, b)) {
                return false
            }
        }
        return true
    }

    func numberValue(_ v: Value) throws -> Double {
        switch v {
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .bool(let b): return b ? 1 : 0
        case .tensor(let t):
            guard t.tensor.count == 1 else {
                throw PyError(.runtimeError, "a Tensor with \(t.tensor.count) elements cannot be converted to Scalar")
            }
            return t.tensor.scalar
        default: throw PyError(.typeError, "must be real number, not \(v.typeName)")
        }
    }

    /// `<`-style ordering for numbers, strings and sequences.
    private func less(_ a: Value, _ b: Value, _ op: CmpOp) throws -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y
        case (.int, _), (.float, _), (.bool, _):
            switch b {
            case .int, .float, .bool: return try numberValue(a) < numberValue(b)
            default: break
            }
        case (.str(let x), .str(let y)):
            return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
        case (.list(let x), .list(let y)): return try lexLess(x.items, y.items, op)
        case (.tuple(let x), .tuple(let y)): return try lexLess(x, y, op)
        default: break
        }
        throw PyError(.typeError, "'\(op.rawValue)' not supported between instances of '\(a.typeName)' and '\(b.typeName)'")
    }

    private func lexLess(_ x: [Value], _ y: [Value], _ op: CmpOp) throws -> Bool {
        try nested("in comparison") {
            for (a, b) in zip(x, y) where !(try equal(a, b)) { return try less(a, b, op) }
            return x.count < y.count
        }
    }

    func compare(_ op: CmpOp, _ a: Value, _ b: Value) throws -> Value {
        if case .tensor = a, let r = try tensorCompare(op, a, b) { return r }
        if case .tensor = b, let r = try tensorCompare(op, a, b) { return r }
        switch op {
        case .eq: return .bool(try equal(a, b))
        case .ne: return .bool(!(try equal(a, b)))
        case .lt: return .bool(try less(a, b, op))
        case .gt: return .bool(try less(b, a, op))
        case .le: return .bool(try !less(b, a, op))
        case .ge: return .bool(try !less(a, b, op))
        case .isOp: return .bool(identical(a, b))
        case .isNot: return .bool(!identical(a, b))
        case .inOp: return .bool(try contains(b, a))
        case .notIn: return .bool(!(try contains(b, a)))
        }
    }

    private func identical(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.none, .none), (.ellipsis, .ellipsis): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.list(let x), .list(let y)): return x === y
        case (.dict(let x), .dict(let y)): return x === y
        case (.tensor(let x), .tensor(let y)): return x === y
        case (.instance(let x), .instance(let y)): return x === y
        case (.classObject(let x), .classObject(let y)): return x === y
        case (.function(let x), .function(let y)): return x === y
        case (.module(let x), .module(let y)): return x === y
        case (.builtin(let x), .builtin(let y)): return x === y
        case (.dtype(let x), .dtype(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y && x >= -5 && x <= 256
        case (.str(let x), .str(let y)): return x == y
        default: return false
        }
    }

    private func contains(_ container: Value, _ item: Value) throws -> Bool {
        switch container {
        case .str(let s):
            guard case .str(let sub) = item else {
                throw PyError(.typeError, "'in <string>' requires string as left operand, not \(item.typeName)")
            }
            return sub.isEmpty || s.contains(sub)
        case .dict(let d): return d.index(of: item) != nil
        case .tensor(let t):
            let eq = try compare(.eq, .tensor(t), item)
            guard case .tensor(let m) = eq else { return false }
            return m.tensor.scalars.contains { $0 != 0 }
        default:
            var found = false
            try iterate(container) { v in
                if case .tensor = v {
                    found = try truthy(try compare(.eq, v, item))
                } else {
                    found = try equal(v, item)
                }
                return !found
            }
            return found
        }
    }

    /// Element-wise comparison when a tensor is involved; nil for `is`, `in` and non-numbers.
    private func tensorCompare(_ op: CmpOp, _ a: Value, _ b: Value) throws -> Value? {
        let t: BinaryOp
        switch op {
        case .eq: t = .eq
        case .ne: t = .ne
        case .lt: t = .lt
        case .le: t = .le
        case .gt: t = .gt
        case .ge: t = .ge
        default: return nil
        }
        switch (a, b) {
        case (.tensor(let x), .tensor(let y)): return .tensor(TensorBox(try x.tensor.binary(t, y.tensor)))
        case (.tensor(let x), _):
            guard let s = scalar(b) else {
                if op == .eq { return .bool(false) }
                if op == .ne { return .bool(true) }
                return nil
            }
            return .tensor(TensorBox(try x.tensor.binary(t, s)))
        case (_, .tensor(let y)):
            guard let s = scalar(a) else {
                if op == .eq { return .bool(false) }
                if op == .ne { return .bool(true) }
                return nil
            }
            return .tensor(TensorBox(try y.tensor.binary(t, s, reversed: true)))
        default: return nil
        }
    }
}
