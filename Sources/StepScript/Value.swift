import TensorCore

/// A Python value in the step language.
///
/// Mutable containers and objects are reference types, so aliasing behaves as in Python.
enum Value {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case str(String)
    case list(ListBox)
    case tuple([Value])
    case dict(DictBox)
    case tensor(TensorBox)
    /// `torch.Size`: a tuple of ints with its own repr.
    case size([Int])
    case dtype(DType)
    case range(start: Int, stop: Int, step: Int)
    indirect case slice(Value, Value, Value)
    case ellipsis
    case function(Function)
    case builtin(Builtin)
    case classObject(ClassObject)
    case instance(Instance)
    case module(ModuleObject)
    /// `super()` bound to an instance, looking up from the class after `start`.
    case superProxy(instance: Instance, start: ClassObject)
    /// `torch.return_types.max(values=..., indices=...)`-style result.
    case namedTuple(typeName: String, fields: [String], values: [Value])
}

/// A Python list: shared, mutable.
final class ListBox {
    var items: [Value]
    init(_ items: [Value]) { self.items = items }
    deinit { Graveyard.bury(&items) }
}

/// A Python dict, keeping insertion order, with its keys found through their hashes.
final class DictBox {
    private(set) var keys: [Value] = []
    var values: [Value] = []
    /// The positions of the keys with each hash (equal keys hash alike, as in Python).
    private var buckets: [Int: [Int]] = [:]

    init() {}

    deinit {
        Graveyard.bury(&keys)
        Graveyard.bury(&values)
    }

    func index(of key: Value) -> Int? {
        guard let positions = buckets[Value.keyHash(key)] else { return nil }
        // Keys that only share a hash are told apart by comparing them; that work counts.
        ExecutionBudget.charge(positions.count)
        return positions.first { Value.identicalKeys(keys[$0], key) }
    }

    func set(_ key: Value, _ value: Value) {
        if let i = index(of: key) {
            values[i] = value
        } else {
            buckets[Value.keyHash(key), default: []].append(keys.count)
            keys.append(key)
            values.append(value)
        }
    }

    /// Removes the item at `i` and returns its value.
    @discardableResult
    func remove(at i: Int) -> Value {
        keys.remove(at: i)
        let value = values.remove(at: i)
        // Later items moved down one place.
        buckets = buckets.compactMapValues { positions in
            let moved = positions.compactMap { $0 == i ? nil : ($0 > i ? $0 - 1 : $0) }
            return moved.isEmpty ? nil : moved
        }
        return value
    }

    /// A new dict with the same items.
    func copy() -> DictBox {
        let c = DictBox()
        c.keys = keys
        c.values = values
        c.buckets = buckets
        return c
    }
}

/// A tensor object; `isParameter` marks `nn.Parameter`, which modules register.
final class TensorBox {
    var tensor: Tensor
    var isParameter: Bool
    init(_ tensor: Tensor, isParameter: Bool = false) {
        self.tensor = tensor
        self.isParameter = isParameter
    }
}

/// A `def` with its defaults evaluated at definition time and the scope it closes over.
final class Function {
    let name: String
    let parameters: [Parameter]
    let defaults: [Value?]
    let body: [Stmt]
    let closure: Scope?
    /// The class whose body defined this function, for zero-argument `super()`.
    var owner: ClassObject?
    let line: Int

    init(definition: FunctionDef, defaults: [Value?], closure: Scope?) {
        name = definition.name
        parameters = definition.parameters
        self.defaults = defaults
        body = definition.body
        self.closure = closure
        line = definition.line
    }
}

/// A function implemented in Swift; `bound` is the receiver for methods.
final class Builtin {
    let name: String
    let call: (Interpreter, [Value], [(String, Value)]) throws -> Value
    /// Set for built-in types (`int`, `torch.Tensor`): the qualified name `<class '...'>` shows.
    let typeName: String?

    init(_ name: String, type typeName: String? = nil, _ call: @escaping (Interpreter, [Value], [(String, Value)]) throws -> Value) {
        self.name = name
        self.typeName = typeName
        self.call = call
    }
}

/// A class: user-defined, or one of the built-in `nn` modules.
final class ClassObject {
    let name: String
    let bases: [ClassObject]
    var attributes: [String: Value]
    /// Qualified name printed in reprs (`torch.nn.modules.linear.Linear` style for built-ins).
    let qualifiedName: String
    /// Built-in behaviour shared by instances (nn.Module and its subclasses).
    let native: NativeClass?

    init(name: String, bases: [ClassObject], attributes: [String: Value], qualifiedName: String? = nil, native: NativeClass? = nil) {
        self.name = name
        self.bases = bases
        self.attributes = attributes
        self.qualifiedName = qualifiedName ?? "__main__.\(name)"
        self.native = native ?? bases.lazy.compactMap(\.native).first
    }

    /// Method resolution order: depth-first, left to right, without repeats (enough for
    /// the single-inheritance hierarchies steps use).
    var mro: [ClassObject] {
        var out = [ClassObject]()
        func visit(_ c: ClassObject) {
            if out.contains(where: { $0 === c }) { return }
            out.append(c)
            c.bases.forEach(visit)
        }
        visit(self)
        return out
    }

    func lookup(_ name: String) -> Value? {
        for c in mro { if let v = c.attributes[name] { return v } }
        return nil
    }

    func isSubclass(of other: ClassObject) -> Bool { mro.contains { $0 === other } }

    var isModule: Bool { native != nil }
}

/// The built-in kinds of `nn.Module`.
enum NativeClass {
    case module, linear, dropout, moduleList, sequential, relu
}

/// An object: its attributes in insertion order, plus module state for `nn.Module`s.
final class Instance {
    let cls: ClassObject
    var attributes: [String: Value] = [:]
    /// Registered parameters, submodules and buffers, in registration order (nn.Module only).
    var parameterNames: [String] = []
    var moduleNames: [String] = []
    var bufferNames: [String] = []
    var training = true
    var moduleInitialized = false

    init(cls: ClassObject) { self.cls = cls }

    deinit {
        var values = Array(attributes.values)
        attributes.removeAll()
        Graveyard.bury(&values)
    }
}

/// `torch`, `torch.nn` and friends: a namespace of values.
final class ModuleObject {
    let name: String
    var members: [String: Value]
    init(name: String, members: [String: Value]) {
        self.name = name
        self.members = members
    }
}

/// A variable scope: a function call's locals, or the global namespace.
final class Scope {
    var variables: [String: Value] = [:]
    let parent: Scope?
    /// A class body's scope, which the methods defined in it do not see.
    var isClassBody = false
    /// The function whose call this scope is, for zero-argument `super()`.
    var currentFunction: Function?
    init(parent: Scope?) { self.parent = parent }

    deinit {
        if variables.isEmpty { return }
        var values = Array(variables.values)
        variables.removeAll()
        Graveyard.bury(&values)
    }

    func lookup(_ name: String) -> Value? {
        var s: Scope? = self
        while let scope = s {
            if let v = scope.variables[name] { return v }
            s = scope.parent
        }
        return nil
    }
}

extension Value {
    /// Python's type name, as error messages print it.
    var typeName: String {
        switch self {
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .str: return "str"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict: return "dict"
        case .tensor(let t): return t.isParameter ? "Parameter" : "Tensor"
        case .size: return "Size"
        case .dtype: return "torch.dtype"
        case .range: return "range"
        case .slice: return "slice"
        case .ellipsis: return "ellipsis"
        case .function: return "function"
        case .builtin: return "builtin_function_or_method"
        case .classObject: return "type"
        case .instance(let i): return i.cls.name
        case .module: return "module"
        case .superProxy: return "super"
        case .namedTuple(let n, _, _): return n.split(separator: ".").last.map(String.init) ?? n
        }
    }

    /// Keys compare by value for hashable immutables, as dict lookups need.
    /// A hash that agrees with `identicalKeys`: equal keys (1, 1.0 and True among them) hash
    /// alike. Values that are never keys share one hash.
    static func keyHash(_ v: Value, depth: Int = 0) -> Int {
        var h = Hasher()
        switch v {
        case .str(let s): h.combine(0); h.combine(s)
        case .int(let i): h.combine(1); h.combine(i)
        case .bool(let b): h.combine(1); h.combine(b ? 1 : 0)
        case .float(let x):
            if let i = Int(exactly: x) { h.combine(1); h.combine(i) } else { h.combine(2); h.combine(x.bitPattern) }
        case .none: h.combine(3)
        case .tuple(let items):
            h.combine(4)
            h.combine(items.count)
            if depth < 1000 { for item in items { h.combine(keyHash(item, depth: depth + 1)) } }
        case .tensor(let t): h.combine(ObjectIdentifier(t))
        case .instance(let o): h.combine(ObjectIdentifier(o))
        case .dtype(let d): h.combine(5); h.combine(d.rawValue)
        default: h.combine(6)
        }
        return h.finalize()
    }

    static func identicalKeys(_ a: Value, _ b: Value, depth: Int = 0) -> Bool {
        switch (a, b) {
        case (.str(let x), .str(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y
        case (.int(let x), .float(let y)), (.float(let y), .int(let x)): return Double(x) == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.bool(let x), .int(let y)), (.int(let y), .bool(let x)): return (x ? 1 : 0) == y
        case (.none, .none): return true
        case (.tuple(let x), .tuple(let y)):
            // Keys nest at most as deep as hashing allows (checkHashable); deeper is no key.
            return depth < 1000 && x.count == y.count && zip(x, y).allSatisfy { identicalKeys($0, $1, depth: depth + 1) }
        case (.tensor(let x), .tensor(let y)): return x === y
        case (.instance(let x), .instance(let y)): return x === y
        case (.dtype(let x), .dtype(let y)): return x == y
        default: return false
        }
    }
}
