import TensorCore

/// Attribute and item access: `obj.name`, `obj[index]`, and assignment to both.
extension Interpreter {
    static func isDunder(_ name: String) -> Bool {
        name.hasPrefix("__") && name.hasSuffix("__") && name.count > 4
    }

    func noAttribute(_ obj: Value, _ name: String) -> PyError {
        let hint = Suggestions.trailer(Suggestions.closest(to: name, among: attributeNames(obj).sorted()))
        if case .module(let m) = obj { return PyError(.attributeError, "module '\(m.name)' has no attribute '\(name)'" + hint) }
        if case .classObject(let c) = obj { return PyError(.attributeError, "type object '\(c.name)' has no attribute '\(name)'" + hint) }
        return PyError(.attributeError, "'\(obj.typeName)' object has no attribute '\(name)'" + hint)
    }

    /// The attribute names "Did you mean" chooses from. Empty for `torch` and tensors: their
    /// real counterparts have 750 names or more, past which Python suggests nothing.
    func attributeNames(_ obj: Value) -> [String] {
        switch obj {
        case .module(let m): return m.name == "torch" ? [] : Array(m.members.keys)
        case .classObject(let c): return c.mro.flatMap { $0.attributes.keys }
        case .instance(let inst):
            return Array(inst.attributes.keys) + inst.parameterNames + inst.moduleNames + inst.bufferNames
                + inst.cls.mro.flatMap { $0.attributes.keys }
        default: return []
        }
    }

    func getAttribute(_ obj: Value, _ name: String) throws -> Value {
        if Interpreter.isDunder(name) && name != "__init__" && name != "__name__" {
            throw PyError(.attributeError, "attribute '\(name)' is not part of the step language")
        }
        switch obj {
        case .tensor(let box):
            return try tensorAttribute(box, name)
        case .instance(let inst):
            if let v = inst.attributes[name] { return v }
            if let v = inst.cls.lookup(name) { return try bind(v, to: obj) }
            if inst.cls.isModule, let v = try moduleAttribute(inst, name) { return v }
            throw noAttribute(obj, name)
        case .classObject(let cls):
            if name == "__name__" { return .str(cls.name) }
            if let v = cls.lookup(name) { return v }
            throw noAttribute(obj, name)
        case .module(let m):
            if let v = m.members[name] { return v }
            throw noAttribute(obj, name)
        case .superProxy(let inst, let start):
            let mro = inst.cls.mro
            if let i = mro.firstIndex(where: { $0 === start }) {
                for c in mro[(i + 1)...] {
                    if let v = c.attributes[name] { return try bind(v, to: .instance(inst)) }
                }
            }
            throw PyError(.attributeError, "'super' object has no attribute '\(name)'")
        case .list(let l):
            if let m = listMethod(l, name) { return .builtin(m) }
        case .dict(let d):
            if let m = dictMethod(d, name) { return .builtin(m) }
        case .str(let s):
            if let m = stringMethod(s, name) { return .builtin(m) }
        case .size(let dims):
            if name == "numel" { return .builtin(Builtin("numel") { _, _, _ in .int(dims.elementCount) }) }
        case .namedTuple(_, let fields, let values):
            if let i = fields.firstIndex(of: name) { return values[i] }
        case .dtype(let d):
            if name == "is_floating_point" { return .bool(d.isFloatingPoint) }
        case .float(let x):
            if name == "is_integer" { return .builtin(Builtin("is_integer") { _, _, _ in .bool(x.isFinite && x == x.rounded()) }) }
            if name == "real" { return obj }
        case .function(let f):
            if name == "__name__" { return .str(f.name) }
        case .builtin(let b):
            if name == "__name__" { return .str(b.name) }
        default:
            break
        }
        throw noAttribute(obj, name)
    }

    func setAttribute(_ obj: Value, _ name: String, _ value: Value) throws {
        if Interpreter.isDunder(name) {
            throw PyError(.attributeError, "attribute '\(name)' is not part of the step language")
        }
        switch obj {
        case .instance(let inst):
            if inst.cls.isModule {
                try setModuleAttribute(inst, name, value)
            } else {
                inst.attributes[name] = value
            }
        case .tensor(let box):
            try setTensorAttribute(box, name, value)
        case .classObject(let cls):
            cls.attributes[name] = value
        case .module:
            throw PyError(.attributeError, "steps cannot change modules such as torch")
        default:
            throw PyError(.attributeError, "'\(obj.typeName)' object has no attribute '\(name)'")
        }
    }

    // MARK: Items

    func intIndex(_ v: Value) -> Int? {
        switch v {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .tensor(let t) where t.tensor.rank == 0 && !t.tensor.dtype.isFloatingPoint: return Int(t.tensor.integerScalar)
        default: return nil
        }
    }

    /// A Python index into a sequence of `count` items, with Python's messages.
    func sequenceIndex(_ index: Value, count: Int, what: String) throws -> Int {
        guard let i = intIndex(index) else {
            throw PyError(.typeError, "\(what.split(separator: " ")[0]) indices must be integers or slices, not \(index.typeName)")
        }
        let j = i < 0 ? i + count : i
        guard j >= 0 && j < count else { throw PyError(.indexError, "\(what) index out of range") }
        return j
    }

    private func optionalInt(_ v: Value) throws -> Int? {
        if case .none = v { return nil }
        guard let i = intIndex(v) else {
            throw PyError(.typeError, "slice indices must be integers or None or have an __index__ method")
        }
        return i
    }

    /// The positions a slice selects from a sequence of `count` items.
    func sliceIndices(_ slice: Value, count: Int) throws -> [Int] {
        guard case .slice(let a, let b, let c) = slice else { return [] }
        let step = try optionalInt(c)
        if step == 0 { throw PyError(.valueError, "slice step cannot be zero") }
        let r = resolveSlice(try optionalInt(a), try optionalInt(b), step, count: count)
        return (0..<r.count).map { r.start + $0 * r.step }
    }

    func getItem(_ obj: Value, _ index: Value) throws -> Value {
        switch obj {
        case .list(let l):
            if case .slice = index { return .list(ListBox(try sliceIndices(index, count: l.items.count).map { l.items[$0] })) }
            return l.items[try sequenceIndex(index, count: l.items.count, what: "list")]
        case .tuple(let t):
            if case .slice = index { return .tuple(try sliceIndices(index, count: t.count).map { t[$0] }) }
            return t[try sequenceIndex(index, count: t.count, what: "tuple")]
        case .size(let dims):
            if case .slice = index { return .size(try sliceIndices(index, count: dims.count).map { dims[$0] }) }
            return .int(dims[try sequenceIndex(index, count: dims.count, what: "tuple")])
        case .namedTuple(_, _, let values):
            return values[try sequenceIndex(index, count: values.count, what: "tuple")]
        case .str(let s):
            let chars = Array(s)
            if case .slice = index { return .str(String(try sliceIndices(index, count: chars.count).map { chars[$0] })) }
            return .str(String(chars[try sequenceIndex(index, count: chars.count, what: "string")]))
        case .range(let a, let b, let s):
            guard let n = Interpreter.rangeCount(a, b, s) else {
                throw PyError(.overflowError, "Python int too large to convert to C ssize_t")
            }
            if case .slice(let lo, let hi, let by) = index {
                // As Python does: the slice's own step (not clamped as for lists), and its
                // start and stop indices clamped to the range, mapped through it.
                let step = try optionalInt(by) ?? 1
                if step == 0 { throw PyError(.valueError, "slice step cannot be zero") }
                func clamp(_ v: Int?, _ dflt: Int, _ low: Int, _ high: Int) -> Int128 {
                    guard let v else { return Int128(dflt) }
                    let w = v < 0 ? Int128(v) + Int128(n) : Int128(v)
                    return Swift.min(Swift.max(w, Int128(low)), Int128(high))
                }
                let first = step > 0 ? clamp(try optionalInt(lo), 0, 0, n) : clamp(try optionalInt(lo), n - 1, -1, n - 1)
                let last = step > 0 ? clamp(try optionalInt(hi), n, 0, n) : clamp(try optionalInt(hi), -1, -1, n - 1)
                guard let start = Int(exactly: Int128(a) + Int128(s) * first), let by = Int(exactly: Int128(s) * Int128(step)),
                      let stop = Int(exactly: Int128(a) + Int128(s) * last) else {
                    throw PyError(.overflowError, "integer result too large for the step language (at most 64 bits)")
                }
                return .range(start: start, stop: stop, step: by)
            }
            // Within the range, so it fits in 64 bits; the product on the way may not.
            let i = Int128(try sequenceIndex(index, count: n, what: "range object"))
            return .int(Int(Int128(a) + Int128(s) * i))
        case .dict(let d):
            try checkHashable(index)
            guard let i = d.index(of: index) else { throw PyError(.keyError, try repr(index)) }
            return d.values[i]
        case .tensor(let box):
            return .tensor(TensorBox(try box.tensor.index(try tensorIndices(index))))
        case .instance(let inst) where inst.cls.native == .moduleList || inst.cls.native == .sequential:
            let names = inst.moduleNames
            if case .slice = index {
                return try makeModuleList(try sliceIndices(index, count: names.count).map { inst.attributes[names[$0]]! })
            }
            let i = try sequenceIndex(index, count: names.count, what: "ModuleList")
            return inst.attributes[names[i]]!
        case .instance(let inst):
            if let m = inst.cls.lookup("__getitem__") { return try call(try bind(m, to: obj), [index], []) }
        default:
            break
        }
        throw PyError(.typeError, "'\(obj.typeName)' object is not subscriptable")
    }

    func setItem(_ obj: Value, _ index: Value, _ value: Value) throws {
        switch obj {
        case .list(let l):
            if case .slice(_, _, let step) = index {
                let newItems = try items(value)
                let positions = try sliceIndices(index, count: l.items.count)
                if case .none = step {
                    let start = try positions.first ?? min(max(optionalIntStart(index, l.items.count), 0), l.items.count)
                    l.items.replaceSubrange(start..<(start + positions.count), with: newItems)
                } else {
                    guard positions.count == newItems.count else {
                        throw PyError(.valueError, "attempt to assign sequence of size \(newItems.count) to extended slice of size \(positions.count)")
                    }
                    for (p, v) in zip(positions, newItems) { l.items[p] = v }
                }
                return
            }
            l.items[try sequenceIndex(index, count: l.items.count, what: "list assignment")] = value
        case .dict(let d):
            try checkHashable(index)
            d.set(index, value)
        case .tensor(let box):
            let source = try tensorValue(value, like: box.tensor)
            let target = box.tensor
            if target.requiresGrad && target.gradFn == nil && GradMode.isEnabled {
                throw PyError(.runtimeError, "a view of a leaf Variable that requires grad is being used in an in-place operation.")
            }
            try target.assign(try tensorIndices(index), source)
            // Writing a grad-tracking value into a tensor makes autograd record the copy.
            if source.tracksGrad || target.gradFn != nil { box.tensor.gradFn = "CopySlices" }
        case .tuple, .size, .str, .namedTuple:
            throw PyError(.typeError, "'\(obj.typeName)' object does not support item assignment")
        default:
            throw PyError(.typeError, "'\(obj.typeName)' object does not support item assignment")
        }
    }

    private func optionalIntStart(_ slice: Value, _ count: Int) throws -> Int {
        guard case .slice(let a, _, _) = slice, let s = try optionalInt(a) else { return 0 }
        return s < 0 ? s + count : s
    }

    /// A value to write into a tensor: a tensor, a number, or nested lists of numbers.
    func tensorValue(_ v: Value, like target: Tensor) throws -> Tensor {
        switch v {
        case .tensor(let t): return t.tensor
        case .int, .float, .bool: return Tensor(scalar: scalar(v)!, dtype: target.dtype)
        case .list, .tuple: return try makeTensor(v, dtype: target.dtype)
        default:
            throw PyError(.typeError, "can't assign a \(v.typeName) to a \(target.dtype.legacyTensorTypeName)")
        }
    }

    /// The subscript of a tensor as tensor-core index items.
    func tensorIndices(_ index: Value) throws -> [TensorIndex] {
        func one(_ v: Value) throws -> TensorIndex {
            switch v {
            case .int(let i): return .int(i)
            case .bool:
                throw PyError(.notImplemented, "indexing a tensor with a Python bool is not part of the step language")
            case .slice(let a, let b, let c): return .slice(try optionalInt(a), try optionalInt(b), try optionalInt(c))
            case .none: return .newAxis
            case .ellipsis: return .ellipsis
            case .tensor(let t):
                if t.tensor.rank == 0 && t.tensor.dtype.isIntegral { return .int(Int(t.tensor.integerScalar)) }
                return .tensor(t.tensor)
            case .list:
                return .tensor(try makeTensor(v, dtype: nil))
            default:
                throw PyError(.indexError, "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got \(v.typeName))")
            }
        }
        if case .tuple(let items) = index { return try items.map(one) }
        return [try one(index)]
    }
}
