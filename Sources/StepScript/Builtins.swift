import Foundation
import TensorCore

/// Matches a call's arguments to named parameters, with Python-style messages.
struct Arguments {
    let function: String
    let values: [Value?]

    init(_ function: String, _ args: [Value], _ kwargs: [(String, Value)], _ names: [String], required: Int = 0) throws {
        self.function = function
        if args.count > names.count {
            throw PyError(.typeError, "\(function)() takes \(names.count == required ? "" : "at most ")\(names.count) argument\(names.count == 1 ? "" : "s") (\(args.count) given)")
        }
        var values = [Value?](repeating: nil, count: names.count)
        for (i, a) in args.enumerated() { values[i] = a }
        for (k, v) in kwargs {
            guard let i = names.firstIndex(of: k) else {
                throw PyError(.typeError, "\(function)() got an unexpected keyword argument '\(k)'")
            }
            if values[i] != nil { throw PyError(.typeError, "\(function)() got multiple values for argument '\(k)'") }
            values[i] = v
        }
        for i in 0..<required where values[i] == nil {
            throw PyError(.typeError, "\(function)() missing required argument '\(names[i])' (pos \(i + 1))")
        }
        self.values = values
    }

    subscript(_ i: Int) -> Value? {
        guard let v = values[i] else { return nil }
        if case .none = v { return nil }
        return v
    }
}

extension Interpreter {
    func makeBuiltins() -> [String: Value] {
        var b: [String: Value] = [:]
        // The built-in types are callable conversions that `type()` also returns.
        let types: Set<String> = ["int", "float", "str", "bool", "list", "tuple", "dict", "range"]
        func add(_ name: String, _ f: @escaping (Interpreter, [Value], [(String, Value)]) throws -> Value) {
            b[name] = .builtin(Builtin(name, type: types.contains(name) ? name : nil, f))
        }
        add("print") { interp, args, kwargs in
            var sep = " ", end = "\n"
            for (k, v) in kwargs {
                switch (k, v) {
                case ("sep", .str(let s)): sep = s
                case ("sep", .none): break
                case ("end", .str(let s)): end = s
                case ("end", .none): break
                case ("flush", _): break
                case ("sep", _), ("end", _):
                    throw PyError(.typeError, "\(k) must be None or a string, not \(v.typeName)")
                case ("file", _):
                    throw PyError(.notImplemented, "print(file=...) is not part of the step language: steps cannot write files")
                default:
                    throw PyError(.typeError, "'\(k)' is an invalid keyword argument for print()")
                }
            }
            try interp.write(try args.map(interp.str).joined(separator: sep) + end)
            return .none
        }
        add("len") { interp, args, kwargs in
            let a = try Arguments("len", args, kwargs, ["obj"], required: 1)
            return .int(try interp.length(a[0] ?? .none))
        }
        add("repr") { interp, args, kwargs in
            .str(try interp.checkString(try interp.repr(try Arguments("repr", args, kwargs, ["obj"], required: 1)[0] ?? .none)))
        }
        add("str") { interp, args, kwargs in
            let a = try Arguments("str", args, kwargs, ["object"])
            return .str(try interp.checkString(try a.values[0].map(interp.str) ?? ""))
        }
        add("bool") { interp, args, kwargs in
            let a = try Arguments("bool", args, kwargs, ["x"])
            return .bool(try a.values[0].map(interp.truthy) ?? false)
        }
        add("int") { interp, args, kwargs in
            let a = try Arguments("int", args, kwargs, ["x"])
            return try interp.toInt(a.values[0] ?? .int(0))
        }
        add("float") { interp, args, kwargs in
            let a = try Arguments("float", args, kwargs, ["x"])
            return try interp.toFloat(a.values[0] ?? .float(0))
        }
        add("abs") { interp, args, kwargs in
            let v = try Arguments("abs", args, kwargs, ["x"], required: 1).values[0]!
            switch v {
            case .int(let i):
                if i == Int.min { throw PyError(.overflowError, "integer result too large for the step language (at most 64 bits)") }
                return .int(Swift.abs(i))
            case .bool(let x): return .int(x ? 1 : 0)
            case .float(let d): return .float(Swift.abs(d))
            case .tensor(let t): return .tensor(TensorBox(t.tensor.unary(.abs)))
            default: throw PyError(.typeError, "bad operand type for abs(): '\(v.typeName)'")
            }
        }
        add("round") { interp, args, kwargs in
            let a = try Arguments("round", args, kwargs, ["number", "ndigits"], required: 1)
            return try interp.round(a.values[0]!, a[1])
        }
        add("list") { interp, args, kwargs in
            let a = try Arguments("list", args, kwargs, ["iterable"])
            return .list(ListBox(try a.values[0].map(interp.items) ?? []))
        }
        add("tuple") { interp, args, kwargs in
            let a = try Arguments("tuple", args, kwargs, ["iterable"])
            return .tuple(try a.values[0].map(interp.items) ?? [])
        }
        add("dict") { interp, args, kwargs in
            let d = DictBox()
            if let source = args.first {
                if case .dict(let other) = source {
                    for (k, v) in zip(other.keys, other.values) { d.set(k, v) }
                } else {
                    for pair in try interp.items(source) {
                        let kv = try interp.unpack(pair, count: 2)
                        try interp.checkHashable(kv[0])
                        d.set(kv[0], kv[1])
                    }
                }
            }
            for (k, v) in kwargs { d.set(.str(k), v) }
            return .dict(d)
        }
        add("range") { interp, args, kwargs in
            if !kwargs.isEmpty { throw PyError(.typeError, "range() takes no keyword arguments") }
            let ints = try args.map { v -> Int in
                guard let i = interp.intIndex(v), !(v.isTensor) else {
                    throw PyError(.typeError, "'\(v.typeName)' object cannot be interpreted as an integer")
                }
                return i
            }
            switch ints.count {
            case 1: return .range(start: 0, stop: ints[0], step: 1)
            case 2: return .range(start: ints[0], stop: ints[1], step: 1)
            case 3:
                if ints[2] == 0 { throw PyError(.valueError, "range() arg 3 must not be zero") }
                return .range(start: ints[0], stop: ints[1], step: ints[2])
            default:
                throw PyError(.typeError, ints.isEmpty ? "range expected at least 1 argument, got 0" : "range expected at most 3 arguments, got \(ints.count)")
            }
        }
        add("enumerate") { interp, args, kwargs in
            let a = try Arguments("enumerate", args, kwargs, ["iterable", "start"], required: 1)
            var i: Int? = try a[1].map { try interp.toInt($0).intValue } ?? 0
            var out = [Value]()
            try interp.iterate(a.values[0]!) { v in
                // The count past Int.max is only an error if an item needs it.
                guard let index = i else { throw PyError(.overflowError, "integer result too large for the step language (at most 64 bits)") }
                try interp.checkLength(out.count + 1, "list")
                out.append(.tuple([.int(index), v]))
                let (next, o) = index.addingReportingOverflow(1)
                i = o ? nil : next
                return true
            }
            return .list(ListBox(out))
        }
        add("zip") { interp, args, kwargs in
            if !kwargs.isEmpty { throw PyError(.notImplemented, "zip() keyword arguments are not part of the step language") }
            let lists = try args.map(interp.items)
            let n = lists.map(\.count).min() ?? 0
            return .list(ListBox((0..<n).map { i in .tuple(lists.map { $0[i] }) }))
        }
        add("reversed") { interp, args, kwargs in
            let a = try Arguments("reversed", args, kwargs, ["sequence"], required: 1)
            return .list(ListBox(try interp.items(a.values[0]!).reversed()))
        }
        add("sorted") { interp, args, kwargs in
            let a = try Arguments("sorted", args, kwargs, ["iterable", "reverse"], required: 1)
            var items = try interp.items(a.values[0]!)
            try interp.sortValues(&items, reverse: try a[1].map(interp.truthy) ?? false)
            return .list(ListBox(items))
        }
        add("sum") { interp, args, kwargs in
            let a = try Arguments("sum", args, kwargs, ["iterable", "start"], required: 1)
            var total = a.values[1] ?? .int(0)
            if case .str = total { throw PyError(.typeError, "sum() can't sum strings [use ''.join(seq) instead]") }
            try interp.iterate(a.values[0]!) { v in
                total = try interp.binary(.add, total, v)
                return true
            }
            return total
        }
        add("min") { interp, args, kwargs in try interp.extreme("min", args, kwargs, wantMax: false) }
        add("max") { interp, args, kwargs in try interp.extreme("max", args, kwargs, wantMax: true) }
        add("any") { interp, args, kwargs in
            let a = try Arguments("any", args, kwargs, ["iterable"], required: 1)
            var found = false
            try interp.iterate(a.values[0]!) { v in found = try interp.truthy(v); return !found }
            return .bool(found)
        }
        add("all") { interp, args, kwargs in
            let a = try Arguments("all", args, kwargs, ["iterable"], required: 1)
            var ok = true
            try interp.iterate(a.values[0]!) { v in ok = try interp.truthy(v); return ok }
            return .bool(ok)
        }
        add("isinstance") { interp, args, kwargs in
            let a = try Arguments("isinstance", args, kwargs, ["obj", "class_or_tuple"], required: 2)
            return .bool(try interp.isInstance(a.values[0]!, a.values[1]!))
        }
        add("super") { _, args, _ in
            guard args.count == 2, case .classObject(let c) = args[0], case .instance(let inst) = args[1] else {
                throw PyError(.runtimeError, "super(): no arguments")
            }
            return .superProxy(instance: inst, start: c)
        }
        add("type") { interp, args, kwargs in
            let a = try Arguments("type", args, kwargs, ["object"], required: 1)
            return interp.typeOf(a.values[0]!)
        }
        for name in ["ValueError", "TypeError", "RuntimeError", "IndexError", "KeyError", "AssertionError",
                     "ZeroDivisionError", "NotImplementedError", "AttributeError", "NameError", "Exception"] {
            b[name] = .classObject(ClassObject(name: name, bases: [], attributes: [
                "__exception__": .bool(true),
                "__init__": .builtin(Builtin("__init__") { _, args, _ in
                    guard case .instance(let inst) = args[0] else { return .none }
                    inst.attributes["args"] = .tuple(Array(args.dropFirst()))
                    return .none
                }),
            ], qualifiedName: name))
        }
        return b
    }

    /// `type(v)`: classes for objects, the built-in type values for everything else.
    func typeOf(_ v: Value) -> Value {
        switch v {
        case .instance(let inst): return .classObject(inst.cls)
        case .tensor(let box): return (box.isParameter ? nnModule.members["Parameter"] : torchModule.members["Tensor"]) ?? .none
        case .size: return torchModule.members["Size"] ?? .none
        default:
            if case .builtin(let b)? = builtins[v.typeName], b.typeName != nil { return .builtin(b) }
            return .builtin(Builtin(v.typeName, type: v.typeName) { _, _, _ in
                throw PyError(.typeError, "cannot create '\(v.typeName)' instances")
            })
        }
    }

    func length(_ v: Value) throws -> Int {
        switch v {
        case .list(let l): return l.items.count
        case .tuple(let t): return t.count
        case .str(let s): return s.count
        case .dict(let d): return d.keys.count
        case .size(let s): return s.count
        case .namedTuple(_, _, let values): return values.count
        case .range(let a, let b, let s):
            guard let n = Interpreter.rangeCount(a, b, s) else {
                throw PyError(.overflowError, "Python int too large to convert to C ssize_t")
            }
            return n
        case .tensor(let t):
            guard t.tensor.rank > 0 else { throw PyError(.typeError, "len() of a 0-d tensor") }
            return t.tensor.shape[0]
        case .instance(let inst) where inst.cls.native == .moduleList || inst.cls.native == .sequential:
            return inst.moduleNames.count
        default:
            throw PyError(.typeError, "object of type '\(v.typeName)' has no len()")
        }
    }

    func toInt(_ v: Value) throws -> Value {
        switch v {
        case .int: return v
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let d):
            if d.isNaN { throw PyError(.valueError, "cannot convert float NaN to integer") }
            if d.isInfinite { throw PyError(.overflowError, "cannot convert float infinity to integer") }
            guard let i = Int(exactly: d.rounded(.towardZero)) else { throw PyError(.overflowError, "int too large for the step language") }
            return .int(i)
        case .str(let s):
            guard let i = Int(s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")) else {
                throw PyError(.valueError, "invalid literal for int() with base 10: \(Interpreter.quote(s))")
            }
            return .int(i)
        case .tensor(let t):
            guard t.tensor.count == 1 else {
                throw PyError(.runtimeError, "a Tensor with \(t.tensor.count) elements cannot be converted to Scalar")
            }
            if !t.tensor.dtype.isFloatingPoint { return .int(Int(t.tensor.integerScalar)) }
            return try toInt(.float(t.tensor.scalar))
        default:
            throw PyError(.typeError, "int() argument must be a string, a bytes-like object or a real number, not '\(v.typeName)'")
        }
    }

    func toFloat(_ v: Value) throws -> Value {
        switch v {
        case .float: return v
        case .int(let i): return .float(Double(i))
        case .bool(let b): return .float(b ? 1 : 0)
        case .str(let s):
            let t = s.trimmingCharacters(in: .whitespaces).lowercased()
            switch t {
            case "inf", "+inf", "infinity": return .float(.infinity)
            case "-inf", "-infinity": return .float(-.infinity)
            case "nan", "+nan", "-nan": return .float(.nan)
            default:
                guard let d = Double(t), !t.hasPrefix("0x") else {
                    throw PyError(.valueError, "could not convert string to float: \(Interpreter.quote(s))")
                }
                return .float(d)
            }
        case .tensor(let t):
            guard t.tensor.count == 1 else {
                throw PyError(.runtimeError, "a Tensor with \(t.tensor.count) elements cannot be converted to Scalar")
            }
            return .float(t.tensor.scalar)
        default:
            throw PyError(.typeError, "float() argument must be a string or a real number, not '\(v.typeName)'")
        }
    }

    /// Python's `round`: half to even, and correctly rounded decimal digits.
    func round(_ v: Value, _ digits: Value?) throws -> Value {
        switch v {
        case .int(let i):
            guard let d = digits, let n = intIndex(d), n < 0 else { return .int(i) }
            // Past 19 digits every 64-bit int rounds to 0.
            if n < -19 { return .int(0) }
            var p = 1
            for _ in 0..<(-n) { p = p.multipliedReportingOverflow(by: 10).overflow ? Int.max : p * 10 }
            let q = (Double(i) / Double(p)).rounded(.toNearestOrEven)
            guard let whole = Int(exactly: q), case (let r, false) = whole.multipliedReportingOverflow(by: p) else {
                throw PyError(.overflowError, "int too large for the step language (at most 64 bits)")
            }
            return .int(r)
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let x):
            guard let d = digits else {
                if x.isNaN { throw PyError(.valueError, "cannot convert float NaN to integer") }
                if x.isInfinite { throw PyError(.overflowError, "cannot convert float infinity to integer") }
                guard let i = Int(exactly: x.rounded(.toNearestOrEven)) else {
                    throw PyError(.overflowError, "int too large for the step language (at most 64 bits)")
                }
                return .int(i)
            }
            guard let n = intIndex(d) else {
                throw PyError(.typeError, "'\(d.typeName)' object cannot be interpreted as an integer")
            }
            if !x.isFinite { return v }
            if n >= 0 {
                return .float(Double(String(format: "%.\(Swift.min(n, 300))f", x)) ?? x)
            }
            // Past 308 digits every finite double rounds to a signed zero.
            if n < -308 { return .float(x.sign == .minus ? -0.0 : 0.0) }
            let p = Foundation.pow(10.0, Double(-n))
            return .float((x / p).rounded(.toNearestOrEven) * p)
        case .tensor(let t) where !t.tensor.dtype.isFloatingPoint:
            return v  // integers are already round
        case .tensor(let t):
            let n = try digits.map { try toInt($0).intValue } ?? 0
            let scale = Foundation.pow(10.0, Double(n))
            let data = t.tensor.scalars.map { ($0 * scale).rounded(.toNearestOrEven) / scale }
            return .tensor(TensorBox(Tensor(shape: t.tensor.shape, data: data, dtype: t.tensor.dtype)))
        default:
            throw PyError(.typeError, "type \(v.typeName) doesn't define __round__ method")
        }
    }

    private func extreme(_ name: String, _ args: [Value], _ kwargs: [(String, Value)], wantMax: Bool) throws -> Value {
        var defaultValue: Value? = nil
        for (k, v) in kwargs {
            if k == "default" { defaultValue = v; continue }
            if k == "key" { throw PyError(.notImplemented, "\(name)(key=...) is not part of the step language") }
            throw PyError(.typeError, "'\(k)' is an invalid keyword argument for \(name)()")
        }
        let candidates: [Value]
        if args.count == 1 {
            candidates = try items(args[0])
        } else if args.isEmpty {
            throw PyError(.typeError, "\(name) expected at least 1 argument, got 0")
        } else {
            candidates = args
        }
        guard var best = candidates.first else {
            if let d = defaultValue { return d }
            throw PyError(.valueError, "\(name)() iterable argument is empty")
        }
        for c in candidates.dropFirst() {
            let better = try compare(wantMax ? .gt : .lt, c, best)
            if try truthy(better) { best = c }
        }
        return best
    }

    func sortValues(_ items: inout [Value], reverse: Bool) throws {
        var failure: Error? = nil
        items.sort { a, b in
            if failure != nil { return false }
            do { return try self.truthy(try self.compare(reverse ? .gt : .lt, a, b)) } catch { failure = error; return false }
        }
        if let f = failure { throw f }
    }

    func isInstance(_ v: Value, _ cls: Value) throws -> Bool {
        switch cls {
        case .tuple(let options): return try options.contains { try isInstance(v, $0) }
        case .classObject(let c):
            if case .instance(let inst) = v { return inst.cls.isSubclass(of: c) }
            return false
        case .builtin(let b):
            switch (b.name, v) {
            case ("int", .int), ("int", .bool), ("float", .float), ("str", .str), ("bool", .bool),
                 ("list", .list), ("tuple", .tuple), ("tuple", .size), ("tuple", .namedTuple), ("dict", .dict),
                 ("Tensor", .tensor), ("range", .range), ("Size", .size):
                return true
            case ("Parameter", .tensor(let t)): return t.isParameter
            default: return false
            }
        default:
            throw PyError(.typeError, "isinstance() arg 2 must be a type, a tuple of types, or a union")
        }
    }

    // MARK: Methods of built-in types

    func listMethod(_ l: ListBox, _ name: String) -> Builtin? {
        switch name {
        case "append":
            return Builtin("append") { interp, args, kwargs in
                let a = try Arguments("append", args, kwargs, ["object"], required: 1)
                try interp.checkLength(l.items.count + 1, "list")
                l.items.append(a.values[0]!)
                return .none
            }
        case "extend":
            return Builtin("extend") { interp, args, kwargs in
                let a = try Arguments("extend", args, kwargs, ["iterable"], required: 1)
                // A sized argument is refused before it is copied.
                if let n = try? interp.length(a.values[0]!) { try interp.checkLength(l.items.count + n, "list") }
                let more = try interp.items(a.values[0]!)
                try interp.checkLength(l.items.count + more.count, "list")
                l.items += more
                return .none
            }
        case "insert":
            return Builtin("insert") { interp, args, kwargs in
                let a = try Arguments("insert", args, kwargs, ["index", "object"], required: 2)
                var i = try interp.toInt(a.values[0]!).intValue
                try interp.checkLength(l.items.count + 1, "list")
                if i < 0 { i = Swift.max(i, -l.items.count) + l.items.count }
                l.items.insert(a.values[1]!, at: Swift.min(Swift.max(i, 0), l.items.count))
                return .none
            }
        case "pop":
            return Builtin("pop") { interp, args, kwargs in
                let a = try Arguments("pop", args, kwargs, ["index"])
                if l.items.isEmpty { throw PyError(.indexError, "pop from empty list") }
                let i = try interp.sequenceIndex(a.values[0] ?? .int(-1), count: l.items.count, what: "pop")
                return l.items.remove(at: i)
            }
        case "index":
            return Builtin("index") { interp, args, kwargs in
                let a = try Arguments("index", args, kwargs, ["value"], required: 1)
                for (i, v) in l.items.enumerated() where try interp.equal(v, a.values[0]!) { return .int(i) }
                throw PyError(.valueError, "\(try interp.repr(a.values[0]!)) is not in list")
            }
        case "count":
            return Builtin("count") { interp, args, kwargs in
                let a = try Arguments("count", args, kwargs, ["value"], required: 1)
                return .int(try l.items.filter { try interp.equal($0, a.values[0]!) }.count)
            }
        case "remove":
            return Builtin("remove") { interp, args, kwargs in
                let a = try Arguments("remove", args, kwargs, ["value"], required: 1)
                for (i, v) in l.items.enumerated() where try interp.equal(v, a.values[0]!) {
                    l.items.remove(at: i)
                    return .none
                }
                throw PyError(.valueError, "list.remove(x): x not in list")
            }
        case "reverse":
            return Builtin("reverse") { _, _, _ in l.items.reverse(); return .none }
        case "clear":
            return Builtin("clear") { _, _, _ in l.items.removeAll(); return .none }
        case "copy":
            return Builtin("copy") { _, _, _ in .list(ListBox(l.items)) }
        case "sort":
            return Builtin("sort") { interp, args, kwargs in
                let a = try Arguments("sort", args, kwargs, ["reverse"])
                try interp.sortValues(&l.items, reverse: try a[0].map(interp.truthy) ?? false)
                return .none
            }
        default:
            return nil
        }
    }

    func dictMethod(_ d: DictBox, _ name: String) -> Builtin? {
        switch name {
        case "keys": return Builtin("keys") { _, _, _ in .list(ListBox(d.keys)) }
        case "values": return Builtin("values") { _, _, _ in .list(ListBox(d.values)) }
        case "items": return Builtin("items") { _, _, _ in .list(ListBox(zip(d.keys, d.values).map { .tuple([$0, $1]) })) }
        case "get":
            return Builtin("get") { _, args, kwargs in
                let a = try Arguments("get", args, kwargs, ["key", "default"], required: 1)
                return d.index(of: a.values[0]!).map { d.values[$0] } ?? a.values[1] ?? .none
            }
        case "pop":
            return Builtin("pop") { interp, args, kwargs in
                let a = try Arguments("pop", args, kwargs, ["key", "default"], required: 1)
                guard let i = d.index(of: a.values[0]!) else {
                    if let dflt = a.values[1] { return dflt }
                    throw PyError(.keyError, try interp.repr(a.values[0]!))
                }
                return d.remove(at: i)
            }
        case "update":
            return Builtin("update") { _, args, kwargs in
                if let first = args.first, case .dict(let other) = first {
                    for (k, v) in zip(other.keys, other.values) { d.set(k, v) }
                }
                for (k, v) in kwargs { d.set(.str(k), v) }
                return .none
            }
        case "copy":
            return Builtin("copy") { _, _, _ in .dict(d.copy()) }
        default:
            return nil
        }
    }

    func stringMethod(_ s: String, _ name: String) -> Builtin? {
        switch name {
        case "upper": return Builtin("upper") { _, _, _ in .str(s.uppercased()) }
        case "lower": return Builtin("lower") { _, _, _ in .str(s.lowercased()) }
        case "strip": return Builtin("strip") { _, _, _ in .str(s.trimmingCharacters(in: .whitespacesAndNewlines)) }
        case "split":
            return Builtin("split") { _, args, kwargs in
                let a = try Arguments("split", args, kwargs, ["sep"])
                if case .str(let sep)? = a[0] {
                    if sep.isEmpty { throw PyError(.valueError, "empty separator") }
                    return .list(ListBox(s.components(separatedBy: sep).map { .str($0) }))
                }
                return .list(ListBox(s.split(whereSeparator: { $0.isWhitespace }).map { .str(String($0)) }))
            }
        case "join":
            return Builtin("join") { interp, args, kwargs in
                let a = try Arguments("join", args, kwargs, ["iterable"], required: 1)
                let parts = try interp.items(a.values[0]!).enumerated().map { i, v -> String in
                    guard case .str(let t) = v else {
                        throw PyError(.typeError, "sequence item \(i): expected str instance, \(v.typeName) found")
                    }
                    return t
                }
                let total = parts.reduce(Swift.max(parts.count - 1, 0) * s.utf8.count) { $0 + $1.utf8.count }
                try interp.checkLength(total, "string")
                try interp.charge(total)
                return .str(parts.joined(separator: s))
            }
        case "replace":
            return Builtin("replace") { interp, args, kwargs in
                let a = try Arguments("replace", args, kwargs, ["old", "new"], required: 2)
                guard case .str(let old) = a.values[0]!, case .str(let new) = a.values[1]! else {
                    throw PyError(.typeError, "replace() arguments must be str")
                }
                // The result's length, before building it: an empty `old` matches between every character.
                let matches = old.isEmpty ? s.count + 1 : s.components(separatedBy: old).count - 1
                try interp.checkLength(s.utf8.count + matches * (new.utf8.count - old.utf8.count), "string")
                try interp.charge(s.utf8.count)
                return .str(s.replacingOccurrences(of: old, with: new))
            }
        case "startswith", "endswith":
            return Builtin(name) { _, args, kwargs in
                let a = try Arguments(name, args, kwargs, ["prefix"], required: 1)
                guard case .str(let p) = a.values[0]! else { throw PyError(.typeError, "\(name) first arg must be str") }
                return .bool(name == "startswith" ? s.hasPrefix(p) : s.hasSuffix(p))
            }
        default:
            return nil
        }
    }
}

extension Value {
    var isTensor: Bool {
        if case .tensor = self { return true }
        return false
    }

    /// The Int inside `.int` (callers convert first).
    var intValue: Int {
        if case .int(let i) = self { return i }
        return 0
    }
}
