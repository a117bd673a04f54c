import Foundation
import TensorCore

/// The `torch` namespace and the members of tensor objects, bound to TensorCore.
extension Interpreter {
    func tensorValue(_ t: Tensor) -> Value { .tensor(TensorBox(t)) }

    /// The tensor an argument names, with PyTorch's message otherwise.
    func expectTensor(_ v: Value?, _ function: String, _ argument: String) throws -> Tensor {
        guard case .tensor(let t)? = v else {
            throw PyError(.typeError, "\(function)(): argument '\(argument)' must be Tensor, not \(v?.typeName ?? "NoneType")")
        }
        return t.tensor
    }

    func expectInt(_ v: Value?, _ function: String, _ argument: String) throws -> Int {
        guard let v = v, let i = intIndex(v) else {
            throw PyError(.typeError, "\(function)(): argument '\(argument)' must be int, not \(v?.typeName ?? "NoneType")")
        }
        if case .float = v { throw PyError(.typeError, "\(function)(): argument '\(argument)' must be int, not float") }
        return i
    }

    func expectNumber(_ v: Value?, _ function: String, _ argument: String) throws -> Double {
        guard let v = v else { throw PyError(.typeError, "\(function)() missing required argument '\(argument)'") }
        switch v {
        case .int, .float, .bool: return try numberValue(v)
        case .tensor(let t) where t.tensor.rank == 0: return t.tensor.scalar
        default: throw PyError(.typeError, "\(function)(): argument '\(argument)' must be Number, not \(v.typeName)")
        }
    }

    func dtypeArgument(_ v: Value?) throws -> DType? {
        guard let v = v else { return nil }
        if case .none = v { return nil }
        guard case .dtype(let d) = v else {
            throw PyError(.typeError, "dtype must be torch.dtype, not \(v.typeName)")
        }
        return d
    }

    /// Sizes given as `f(2, 3)`, `f((2, 3))`, `f([2, 3])` or `f(x.shape)`.
    func shapeArguments(_ args: [Value], _ function: String) throws -> [Int] {
        if args.count == 1 {
            switch args[0] {
            case .tuple, .list, .size:
                return try items(args[0]).map { try expectInt($0, function, "size") }
            default: break
            }
        }
        return try args.map { v in
            guard let i = intIndex(v), !v.isTensor else {
                throw PyError(.typeError, "\(function)(): argument 'size' must be tuple of ints, but found element of type \(v.typeName) at pos 0")
            }
            return i
        }
    }

    /// `torch.tensor(data)`: nested lists of numbers, with the dtype PyTorch infers.
    func makeTensor(_ data: Value, dtype: DType?) throws -> Tensor {
        // Leaves stay Python numbers until the dtype is known, so ints stay exact.
        var flat = [Scalar]()
        var inferred: DType? = nil
        func infer(_ d: DType) { inferred = inferred.map { DType.promote($0, d) } ?? d }
        var shape: [Int]? = nil
        func walk(_ v: Value, _ depth: Int) throws {
            switch v {
            case .list, .tuple:
                let children = try items(v)
                if shape == nil || depth >= shape!.count {
                    if shape == nil { shape = [] }
                    if depth == shape!.count { shape!.append(children.count) }
                }
                if depth < shape!.count && shape![depth] != children.count {
                    throw PyError(.valueError, "expected sequence of length \(shape![depth]) at dim \(depth) (got \(children.count))")
                }
                try nested("while converting a nested list to a tensor") {
                    for c in children { try walk(c, depth + 1) }
                }
                if children.isEmpty && depth + 1 < (shape?.count ?? 0) {
                    throw PyError(.valueError, "expected sequence of length \(shape![depth + 1]) at dim \(depth + 1) (got 0)")
                }
            case .int(let i):
                try leaf(depth)
                flat.append(.int(i))
                infer(.int64)
            case .float(let d):
                try leaf(depth)
                flat.append(.float(d))
                infer(.float32)
            case .bool(let b):
                try leaf(depth)
                flat.append(.bool(b))
                infer(.bool)
            case .tensor(let t):
                if t.tensor.rank == 0 {
                    try leaf(depth)
                    // A 0-d tensor counts with its own dtype, as PyTorch infers it.
                    let x = t.tensor
                    flat.append(x.dtype.isFloatingPoint ? .float(x.scalar) : (x.dtype == .bool ? .bool(x.integerScalar != 0) : .int(Int(x.integerScalar))))
                    infer(x.dtype)
                } else {
                    throw PyError(.valueError, "only one element tensors can be converted to Python scalars")
                }
            default:
                throw PyError(.typeError, "new(): invalid data type '\(v.typeName)'")
            }
        }
        func leaf(_ depth: Int) throws {
            if shape == nil { shape = [] }
            if depth < shape!.count {
                throw PyError(.valueError, "expected sequence of length \(shape![depth]) at dim \(depth) (got 0)")
            }
            if depth > shape!.count {
                throw PyError(.typeError, "not a sequence")
            }
        }
        if case .tensor(let t) = data {
            return Tensor(shape: t.tensor.shape, elements: t.tensor.elements, dtype: dtype ?? t.tensor.dtype)
        }
        try walk(data, 0)
        let finalShape = shape ?? []
        if flat.count != finalShape.elementCount {
            throw PyError(.valueError, "expected a rectangular nested list")
        }
        try checkSize(finalShape)
        let target = dtype ?? inferred ?? .float32
        if target.isFloatingPoint {
            // Each number goes through a Python float (a double) first, as PyTorch unpacks it.
            return Tensor(shape: finalShape, data: flat.map(\.value), dtype: target)
        }
        return Tensor(shape: finalShape, integers: try flat.map { try integerElement($0, target, in: "type \(target.rawValue)") }, dtype: target)
    }

    /// A Python number stored into an integer tensor: floats go toward zero, and a value
    /// outside the type's range is refused as PyTorch refuses it (`checked_convert`).
    func integerElement(_ s: Scalar, _ dtype: DType, in typeName: String) throws -> Int64 {
        let x: Int64
        switch s {
        case .bool(let b): return b ? 1 : 0
        case .int(let i): x = Int64(i)
        case .float(let d): x = DType.int64.integer(fromFloating: d)
        }
        if dtype == .bool { return x != 0 ? 1 : 0 }
        guard dtype.accepts(x) else {
            throw PyError(.runtimeError, "value cannot be converted to \(typeName) without overflow")
        }
        return x
    }

    func checkSize(_ shape: [Int]) throws {
        try TensorLimits.check(shape)
    }

    /// A factory's `dtype=` and `requires_grad=` applied to a fresh tensor.
    private func finish(_ t: Tensor, _ a: Arguments, dtypeIndex: Int, gradIndex: Int) throws -> Value {
        var r = t
        if let d = try dtypeArgument(a.values[dtypeIndex]), d != r.dtype { r = Tensor(shape: r.shape, elements: r.elements, dtype: d) }
        if let g = a[gradIndex], try truthy(g) {
            guard r.dtype.isFloatingPoint else {
                throw PyError(.runtimeError, "Only Tensors of floating point and complex dtype can require gradients")
            }
            r.requiresGrad = true
        }
        return tensorValue(r)
    }

    /// Splits `f(2, 3, dtype=...)` into sizes and keyword options.
    private func factory(_ name: String, _ args: [Value], _ kwargs: [(String, Value)], _ make: ([Int], DType) throws -> Tensor) throws -> Value {
        let shape = try shapeArguments(args, name)
        let a = try Arguments(name, [], kwargs, ["dtype", "requires_grad", "generator", "device"])
        if a[3] != nil { throw PyError(.notImplemented, "\(name)(device=...) is not part of the step language: everything runs on the CPU") }
        try checkSize(shape)
        return try finish(try make(shape, try dtypeArgument(a.values[0]) ?? .float32), a, dtypeIndex: 0, gradIndex: 1)
    }

    func makeTorchModule() -> ModuleObject {
        var m: [String: Value] = [:]
        func add(_ name: String, _ f: @escaping (Interpreter, [Value], [(String, Value)]) throws -> Value) {
            m[name] = .builtin(Builtin(name, f))
        }
        add("tensor") { interp, args, kwargs in
            let a = try Arguments("tensor", args, kwargs, ["data", "dtype", "requires_grad", "device"], required: 1)
            if a[3] != nil { throw PyError(.notImplemented, "tensor(device=...) is not part of the step language: everything runs on the CPU") }
            return try interp.finish(try interp.makeTensor(a.values[0]!, dtype: try interp.dtypeArgument(a.values[1])), a, dtypeIndex: 1, gradIndex: 2)
        }
        add("zeros") { interp, args, kwargs in try interp.factory("zeros", args, kwargs) { try Tensor.zeros($0, dtype: $1) } }
        add("ones") { interp, args, kwargs in try interp.factory("ones", args, kwargs) { try Tensor.ones($0, dtype: $1) } }
        // `empty` leaves memory unspecified in PyTorch; zeros are one honest choice of "anything".
        add("empty") { interp, args, kwargs in try interp.factory("empty", args, kwargs) { try Tensor.zeros($0, dtype: $1) } }
        add("rand") { interp, args, kwargs in try interp.factory("rand", args, kwargs) { try Tensor.rand($0, dtype: $1, generator: interp.generator) } }
        add("randn") { interp, args, kwargs in try interp.factory("randn", args, kwargs) { try Tensor.randn($0, dtype: $1, generator: interp.generator) } }
        add("full") { interp, args, kwargs in
            let a = try Arguments("full", args, kwargs, ["size", "fill_value", "dtype", "requires_grad"], required: 2)
            let shape = try interp.shapeArguments([a.values[0]!], "full")
            let fill = try interp.scalarArgument(a.values[1]!, "full", "fill_value")
            try interp.checkSize(shape)
            let dtype = try interp.dtypeArgument(a.values[2]) ?? fill.dtype
            if !dtype.isFloatingPoint { _ = try interp.integerElement(fill, dtype, in: "type \(dtype.rawValue)_t") }
            return try interp.finish(try Tensor.full(shape, fill, dtype: dtype), a, dtypeIndex: 2, gradIndex: 3)
        }
        for (name, value) in [("zeros_like", 0.0), ("ones_like", 1.0)] {
            add(name) { interp, args, kwargs in
                let a = try Arguments(name, args, kwargs, ["input", "dtype", "requires_grad"], required: 1)
                let t = try interp.expectTensor(a.values[0], name, "input")
                return try interp.finish(try Tensor.full(t.shape, value, dtype: t.dtype), a, dtypeIndex: 1, gradIndex: 2)
            }
        }
        add("rand_like") { interp, args, kwargs in
            let a = try Arguments("rand_like", args, kwargs, ["input"], required: 1)
            return interp.tensorValue(Tensor.rand(try interp.expectTensor(a.values[0], "rand_like", "input").shape, generator: interp.generator))
        }
        add("randn_like") { interp, args, kwargs in
            let a = try Arguments("randn_like", args, kwargs, ["input"], required: 1)
            return interp.tensorValue(Tensor.randn(try interp.expectTensor(a.values[0], "randn_like", "input").shape, generator: interp.generator))
        }
        add("eye") { interp, args, kwargs in
            let a = try Arguments("eye", args, kwargs, ["n", "m", "dtype", "requires_grad"], required: 1)
            let n = try interp.expectInt(a.values[0], "eye", "n")
            let k = try a[1].map { try interp.expectInt($0, "eye", "m") }
            return try interp.finish(try Tensor.eye(n, k), a, dtypeIndex: 2, gradIndex: 3)
        }
        add("arange") { interp, args, kwargs in
            let a = try Arguments("arange", args, kwargs, ["start", "end", "step", "dtype", "requires_grad"], required: 1)
            let parts = try [a.values[0], a.values[1], a.values[2]].compactMap { $0 }.map { try interp.scalarArgument($0, "arange", "end") }
            let isFloat = parts.contains { if case .float = $0 { return true }; return false }
            let dtype = try interp.dtypeArgument(a.values[3]) ?? (isFloat ? .float32 : .int64)
            let t: Tensor
            if !isFloat && !dtype.isFloatingPoint {
                // Python ints count exactly, also past 2^53.
                let n = parts.map { s -> Int64 in if case .int(let i) = s { return Int64(i) }; return Int64(s.value) }
                let (start, end, step) = n.count == 1 ? (0, n[0], 1) : (n[0], n[1], n.count > 2 ? n[2] : 1)
                t = try Tensor.arange(start: start, end: end, step: step, dtype: dtype)
            } else {
                let x = parts.map(\.value)
                let (start, end, step) = x.count == 1 ? (0, x[0], 1) : (x[0], x[1], x.count > 2 ? x[2] : 1)
                t = try Tensor.arange(start: start, end: end, step: step, dtype: dtype)
            }
            return try interp.finish(t, a, dtypeIndex: 3, gradIndex: 4)
        }
        add("manual_seed") { interp, args, kwargs in
            let a = try Arguments("manual_seed", args, kwargs, ["seed"], required: 1)
            let s = try interp.expectInt(a.values[0], "manual_seed", "seed")
            guard s >= -0x8000_0000_0000_0000 else { throw PyError(.runtimeError, "Overflow when unpacking long") }
            interp.generator.manualSeed(UInt64(bitPattern: Int64(s)))
            return interp.generatorObject
        }
        add("initial_seed") { interp, _, _ in .int(Int(interp.generator.initialSeed)) }
        m["Size"] = .builtin(Builtin("Size", type: "torch.Size") { interp, args, kwargs in
            let a = try Arguments("Size", args, kwargs, ["sizes"])
            return .size(try a.values[0].map { try interp.items($0).map { try interp.expectInt($0, "Size", "sizes") } } ?? [])
        })
        m["Tensor"] = .builtin(Builtin("Tensor", type: "torch.Tensor") { _, _, _ in
            throw PyError(.notImplemented, "torch.Tensor(...) is not part of the step language; use torch.tensor(...)")
        })
        add("is_tensor") { _, args, _ in .bool(args.first?.isTensor ?? false) }
        add("numel") { interp, args, kwargs in
            let a = try Arguments("numel", args, kwargs, ["input"], required: 1)
            return .int(try interp.expectTensor(a.values[0], "numel", "input").count)
        }
        add("stack") { interp, args, kwargs in
            let a = try Arguments("stack", args, kwargs, ["tensors", "dim"], required: 1)
            let ts = try interp.tensorList(a.values[0]!, "stack")
            return interp.tensorValue(try Tensor.stack(ts, dim: try a[1].map { try interp.expectInt($0, "stack", "dim") } ?? 0))
        }
        add("cat") { interp, args, kwargs in
            let a = try Arguments("cat", args, kwargs, ["tensors", "dim"], required: 1)
            let ts = try interp.tensorList(a.values[0]!, "cat")
            return interp.tensorValue(try Tensor.cat(ts, dim: try a[1].map { try interp.expectInt($0, "cat", "dim") } ?? 0))
        }
        add("allclose") { interp, args, kwargs in
            let a = try Arguments("allclose", args, kwargs, ["input", "other", "rtol", "atol", "equal_nan"], required: 2)
            let x = try interp.expectTensor(a.values[0], "allclose", "input")
            let y = try interp.expectTensor(a.values[1], "allclose", "other")
            return .bool(try x.allClose(y, rtol: try a[2].map { try interp.expectNumber($0, "allclose", "rtol") } ?? 1e-5,
                                        atol: try a[3].map { try interp.expectNumber($0, "allclose", "atol") } ?? 1e-8))
        }
        add("equal") { interp, args, kwargs in
            let a = try Arguments("equal", args, kwargs, ["input", "other"], required: 2)
            let x = try interp.expectTensor(a.values[0], "equal", "input")
            let y = try interp.expectTensor(a.values[1], "equal", "other")
            // Same-dtype integers compare exactly (doubles would merge values past 2^53).
            return .bool(x.shape == y.shape && (x.dtype == y.dtype ? x.elements == y.elements : x.scalars == y.scalars))
        }
        add("where") { interp, args, kwargs in
            let a = try Arguments("where", args, kwargs, ["condition", "input", "other"], required: 3)
            let c = try interp.expectTensor(a.values[0], "where", "condition")
            let x = try interp.tensorOperand(a.values[1]!)
            let y = try interp.tensorOperand(a.values[2]!)
            return interp.tensorValue(try Tensor.select(c, x, y))
        }
        // Functions that are also tensor methods: `torch.f(t, ...)` is `t.f(...)`.
        for name in ["dot", "matmul", "mm", "bmm", "softmax", "exp", "log", "sqrt", "abs", "tril", "triu", "sum",
                     "mean", "var", "std", "max", "min", "argmax", "argmin", "transpose", "masked_fill", "reshape",
                     "unsqueeze", "squeeze", "permute", "flatten", "clone", "sin", "cos", "tanh", "sigmoid", "relu",
                     "maximum", "minimum", "pow", "add", "sub", "mul", "div", "isclose", "round", "rsqrt", "t"] {
            add(name) { interp, args, kwargs in
                guard let first = args.first ?? kwargs.first(where: { $0.0 == "input" })?.1 else {
                    throw PyError(.typeError, "\(name)() missing required argument 'input' (pos 1)")
                }
                guard case .tensor(let box) = first else {
                    throw PyError(.typeError, "\(name)(): argument 'input' (position 1) must be Tensor, not \(first.typeName)")
                }
                let rest = args.isEmpty ? [] : Array(args.dropFirst())
                return try interp.call(try interp.tensorAttribute(box, name), rest, kwargs.filter { $0.0 != "input" })
            }
        }
        m["inf"] = .float(.infinity)
        m["nan"] = .float(.nan)
        m["pi"] = .float(Double.pi)
        m["e"] = .float(M_E)
        for dtype in DType.allCases { m[dtype.rawValue] = .dtype(dtype) }
        // PyTorch's C-style aliases.
        for (alias, dtype) in [("float", DType.float32), ("double", .float64), ("half", .float16), ("long", .int64),
                               ("int", .int32), ("short", .int16)] {
            m[alias] = .dtype(dtype)
        }
        m["nn"] = .module(nnModule)
        return ModuleObject(name: "torch", members: m)
    }

    var generatorObject: Value {
        .instance(Instance(cls: ClassObject(name: "Generator", bases: [], attributes: [:], qualifiedName: "torch._C.Generator")))
    }

    func tensorList(_ v: Value, _ function: String) throws -> [Tensor] {
        try items(v).enumerated().map { i, t in
            guard case .tensor(let box) = t else {
                throw PyError(.typeError, "expected Tensor as element \(i) in argument 0, but got \(t.typeName)")
            }
            return box.tensor
        }
    }

    /// A tensor, or a Python number as a 0-d tensor, for functions such as `torch.where`.
    func tensorOperand(_ v: Value) throws -> Tensor {
        switch v {
        case .tensor(let t): return t.tensor
        default:
            guard let s = scalar(v) else { throw PyError(.typeError, "expected Tensor, not \(v.typeName)") }
            return Tensor(scalar: s, dtype: s.dtype)
        }
    }

    /// A Python number argument (or a one-element tensor's value) for functions such as
    /// `torch.full` and `masked_fill`, kept exact.
    func scalarArgument(_ v: Value, _ function: String, _ argument: String) throws -> Scalar {
        if let s = scalar(v) { return s }
        if case .tensor(let t) = v, t.tensor.count == 1, let s = scalar(Interpreter.pythonValue(t.tensor)) { return s }
        throw PyError(.typeError, "\(function)(): argument '\(argument)' must be Number, not \(v.typeName)")
    }

    // MARK: Tensor members

    func setTensorAttribute(_ box: TensorBox, _ name: String, _ value: Value) throws {
        switch name {
        case "requires_grad":
            let flag = try truthy(value)
            if box.tensor.gradFn != nil && !flag {
                throw PyError(.runtimeError, "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().")
            }
            if flag && !box.tensor.dtype.isFloatingPoint {
                throw PyError(.runtimeError, "only Tensors of floating point dtype can require gradients")
            }
            if box.tensor.gradFn == nil { box.tensor.requiresGrad = flag }
        case "data":
            guard case .tensor(let src) = value else { throw PyError(.typeError, "data must be a Tensor") }
            box.tensor = Tensor(storage: src.tensor.storage, shape: src.tensor.shape, strides: src.tensor.strides,
                                offset: src.tensor.offset, dtype: src.tensor.dtype,
                                requiresGrad: box.tensor.requiresGrad, gradFn: box.tensor.gradFn)
        default:
            throw PyError(.attributeError, "'Tensor' object has no attribute '\(name)'")
        }
    }

    func tensorAttribute(_ box: TensorBox, _ name: String) throws -> Value {
        let t = box.tensor
        func method(_ f: @escaping (Interpreter, [Value], [(String, Value)]) throws -> Value) -> Value {
            .builtin(Builtin(name, f))
        }
        func dimArgument(_ a: Arguments, _ i: Int) throws -> Int? {
            try a[i].map { try expectInt($0, name, "dim") }
        }
        func keepdim(_ a: Arguments, _ i: Int) throws -> Bool {
            try a[i].map(truthy) ?? false
        }
        switch name {
        case "T": return tensorValue(t.T)
        case "mT": return tensorValue(try t.transpose(-2, -1))
        case "shape": return .size(t.shape)
        case "dtype": return .dtype(t.dtype)
        case "ndim": return .int(t.rank)
        case "requires_grad": return .bool(t.tracksGrad)
        case "is_leaf": return .bool(t.gradFn == nil)
        case "grad": return .none
        case "data":
            return tensorValue(Tensor(storage: t.storage, shape: t.shape, strides: t.strides, offset: t.offset, dtype: t.dtype))
        case "device":
            return .str("cpu")
        case "size":
            return method { interp, args, kwargs in
                let a = try Arguments("size", args, kwargs, ["dim"])
                guard let d = try dimArgument(a, 0) else { return .size(t.shape) }
                return .int(t.shape[try normalizeDim(d, rank: t.rank)])
            }
        case "dim", "ndimension": return method { _, _, _ in .int(t.rank) }
        case "numel", "nelement": return method { _, _, _ in .int(t.count) }
        case "item":
            return method { _, _, _ in
                guard t.count == 1 else {
                    throw PyError(.runtimeError, "a Tensor with \(t.count) elements cannot be converted to Scalar")
                }
                return Interpreter.pythonValue(t)
            }
        case "tolist":
            return method { interp, _, _ in
                try interp.checkLength(t.count, "list")
                return Interpreter.toList(t)
            }
        case "sum", "mean":
            return method { interp, args, kwargs in
                let a = try Arguments(name, args, kwargs, ["dim", "keepdim", "dtype"])
                let d = try dimArgument(a, 0)
                let k = try keepdim(a, 1)
                return interp.tensorValue(name == "sum" ? try t.sum(dim: d, keepdim: k) : try t.mean(dim: d, keepdim: k))
            }
        case "var", "std":
            return method { interp, args, kwargs in
                let a = try Arguments(name, args, kwargs, ["dim", "unbiased", "keepdim", "correction"])
                var unbiased = try a[1].map(interp.truthy) ?? true
                if let c = a[3] { unbiased = try interp.numberValue(c) != 0 }
                let d = try dimArgument(a, 0), k = try keepdim(a, 2)
                return interp.tensorValue(name == "var" ? try t.variance(dim: d, keepdim: k, unbiased: unbiased)
                                                        : try t.std(dim: d, keepdim: k, unbiased: unbiased))
            }
        case "max", "min":
            return method { interp, args, kwargs in
                let a = try Arguments(name, args, kwargs, ["dim", "keepdim"])
                if case .tensor(let other)? = a.values[0] {
                    return interp.tensorValue(try t.binary(name == "max" ? .maximum : .minimum, other.tensor))
                }
                guard let d = try dimArgument(a, 0) else {
                    return interp.tensorValue(name == "max" ? try t.max() : try t.min())
                }
                let r = name == "max" ? try t.max(dim: d, keepdim: try keepdim(a, 1)) : try t.min(dim: d, keepdim: try keepdim(a, 1))
                return .namedTuple(typeName: "torch.return_types.\(name)", fields: ["values", "indices"],
                                   values: [interp.tensorValue(r.values), interp.tensorValue(r.indices)])
            }
        case "argmax", "argmin":
            return method { interp, args, kwargs in
                let a = try Arguments(name, args, kwargs, ["dim", "keepdim"])
                let d = try dimArgument(a, 0), k = try keepdim(a, 1)
                return interp.tensorValue(name == "argmax" ? try t.argmax(dim: d, keepdim: k) : try t.argmin(dim: d, keepdim: k))
            }
        case "dot", "matmul", "mm", "bmm":
            return method { interp, args, kwargs in
                let a = try Arguments(name, args, kwargs, [name == "dot" ? "tensor" : (name == "matmul" ? "other" : "mat2")], required: 1)
                let other = try interp.expectTensor(a.values[0], name, name == "dot" ? "tensor" : "other")
                if name == "mm" && (t.rank != 2 || other.rank != 2) {
                    throw PyError(.runtimeError, "self must be a matrix")
                }
                if name == "bmm" { return interp.tensorValue(try t.bmm(other)) }
                return interp.tensorValue(name == "dot" ? try t.dot(other) : try t.matmul(other))
            }
        case "softmax":
            return method { interp, args, kwargs in
                let a = try Arguments("softmax", args, kwargs, ["dim", "dtype"])
                guard let d = try dimArgument(a, 0) else {
                    throw PyError(.typeError, "softmax() missing required argument 'dim' (pos 1)")
                }
                return interp.tensorValue(try t.softmax(dim: d))
            }
        case "exp", "log", "sqrt", "abs", "sin", "cos", "tanh", "sigmoid", "relu", "rsqrt", "neg":
            let ops: [String: TensorCore.UnaryOp] = ["exp": .exp, "log": .log, "sqrt": .sqrt, "abs": .abs, "sin": .sin,
                                                     "cos": .cos, "tanh": .tanh, "sigmoid": .sigmoid, "relu": .relu,
                                                     "rsqrt": .rsqrt, "neg": .neg]
            return method { interp, args, kwargs in
                _ = try Arguments(name, args, kwargs, [])
                return interp.tensorValue(t.unary(ops[name]!))
            }
        case "add", "sub", "mul", "div", "pow", "maximum", "minimum", "eq", "ne", "lt", "le", "gt", "ge",
             "logical_and", "logical_or":
            let ops: [String: BinaryOp] = ["add": .add, "sub": .sub, "mul": .mul, "div": .div, "pow": .pow,
                                           "maximum": .maximum, "minimum": .minimum, "eq": .eq, "ne": .ne, "lt": .lt,
                                           "le": .le, "gt": .gt, "ge": .ge, "logical_and": .logicalAnd, "logical_or": .logicalOr]
            return method { interp, args, kwargs in
                let a = try Arguments(name, args, kwargs, ["other"], required: 1)
                switch a.values[0]! {
                case .tensor(let o): return interp.tensorValue(try t.binary(ops[name]!, o.tensor))
                default:
                    guard let s = interp.scalar(a.values[0]!) else {
                        throw PyError(.typeError, "\(name)(): argument 'other' must be Tensor or Number, not \(a.values[0]!.typeName)")
                    }
                    return interp.tensorValue(try t.binary(ops[name]!, s))
                }
            }
        case "transpose", "swapaxes":
            return method { interp, args, kwargs in
                let a = try Arguments(name, args, kwargs, ["dim0", "dim1"], required: 2)
                return interp.tensorValue(try t.transpose(try interp.expectInt(a.values[0], name, "dim0"),
                                                          try interp.expectInt(a.values[1], name, "dim1")))
            }
        case "t":
            return method { interp, _, _ in
                guard t.rank <= 2 else {
                    throw PyError(.runtimeError, "t() expects a tensor with <= 2 dimensions, but self is \(t.rank)D")
                }
                var r = try t.transpose(0, t.rank == 2 ? 1 : 0)
                if r.gradFn != nil { r.gradFn = "TBackward0" }
                return interp.tensorValue(r)
            }
        case "permute":
            return method { interp, args, kwargs in
                let dims = kwargs.first { $0.0 == "dims" }.map { [$0.1] } ?? args
                return interp.tensorValue(try t.permute(try interp.shapeArguments(dims, "permute")))
            }
        case "view", "reshape":
            return method { interp, args, kwargs in
                if args.count == 1, case .dtype = args[0] {
                    throw PyError(.notImplemented, "view(dtype) is not part of the step language")
                }
                let shape = try interp.shapeArguments(kwargs.first { $0.0 == "shape" }.map { [$0.1] } ?? args, name)
                return interp.tensorValue(name == "view" ? try t.viewAs(shape) : try t.reshape(shape))
            }
        case "flatten":
            return method { interp, args, kwargs in
                let a = try Arguments("flatten", args, kwargs, ["start_dim", "end_dim"])
                let s = try normalizeDim(try dimArgument(a, 0) ?? 0, rank: t.rank)
                let e = try normalizeDim(try a[1].map { try interp.expectInt($0, name, "end_dim") } ?? -1, rank: t.rank)
                if t.rank == 0 { return interp.tensorValue(try t.reshape([1])) }
                let shape = Array(t.shape[..<s]) + [t.shape[s...e].elementCount] + Array(t.shape[(e + 1)...])
                return interp.tensorValue(try t.reshape(shape))
            }
        case "expand":
            return method { interp, args, _ in interp.tensorValue(try t.expand(try interp.shapeArguments(args, "expand"))) }
        case "unsqueeze":
            return method { interp, args, kwargs in
                let a = try Arguments("unsqueeze", args, kwargs, ["dim"], required: 1)
                return interp.tensorValue(try t.unsqueeze(try interp.expectInt(a.values[0], name, "dim")))
            }
        case "squeeze":
            return method { interp, args, kwargs in
                let a = try Arguments("squeeze", args, kwargs, ["dim"])
                return interp.tensorValue(try t.squeeze(try dimArgument(a, 0)))
            }
        case "contiguous": return method { interp, _, _ in t.isContiguous ? .tensor(box) : interp.tensorValue(t.contiguous()) }
        case "clone": return method { interp, _, _ in interp.tensorValue(t.clone()) }
        case "detach":
            return method { interp, _, _ in
                interp.tensorValue(Tensor(storage: t.storage, shape: t.shape, strides: t.strides, offset: t.offset, dtype: t.dtype))
            }
        case "requires_grad_":
            return method { interp, args, kwargs in
                let a = try Arguments(name, args, kwargs, ["requires_grad"])
                try interp.setTensorAttribute(box, "requires_grad", a.values[0] ?? .bool(true))
                return .tensor(box)
            }
        case "masked_fill", "masked_fill_":
            return method { interp, args, kwargs in
                let a = try Arguments(name, args, kwargs, ["mask", "value"], required: 2)
                let mask = try interp.expectTensor(a.values[0], name, "mask")
                let value = try interp.scalarArgument(a.values[1]!, name, "value")
                if name == "masked_fill" { return interp.tensorValue(try t.maskedFill(mask, value)) }
                if t.requiresGrad && t.gradFn == nil && GradMode.isEnabled {
                    throw PyError(.runtimeError, "a leaf Variable that requires grad is being used in an in-place operation.")
                }
                try t.maskedFillInPlace(mask, value)
                if t.tracksGrad { box.tensor.gradFn = "MaskedFillBackward0" }
                return .tensor(box)
            }
        case "fill_", "zero_":
            return method { interp, args, kwargs in
                let value = name == "zero_" ? .int(0) : try interp.scalarArgument(try Arguments(name, args, kwargs, ["value"], required: 1).values[0]!, name, "value")
                try t.assign([.ellipsis], Tensor(scalar: value, dtype: t.dtype))
                return .tensor(box)
            }
        case "tril", "triu":
            return method { interp, args, kwargs in
                let a = try Arguments(name, args, kwargs, ["diagonal"])
                let d = try a[0].map { try interp.expectInt($0, name, "diagonal") } ?? 0
                return interp.tensorValue(name == "tril" ? try t.tril(diagonal: d) : try t.triu(diagonal: d))
            }
        case "bool", "byte", "char", "short", "int", "long", "half", "bfloat16", "float", "double":
            let conversions: [String: DType] = ["bool": .bool, "byte": .uint8, "char": .int8, "short": .int16, "int": .int32,
                                                "long": .int64, "half": .float16, "bfloat16": .bfloat16, "float": .float32,
                                                "double": .float64]
            return method { interp, args, kwargs in
                _ = try Arguments(name, args, kwargs, [])
                let target = conversions[name]!
                return target == t.dtype ? .tensor(box) : interp.tensorValue(t.to(target))
            }
        case "to", "type":
            return method { interp, args, kwargs in
                let a = try Arguments(name, args, kwargs, ["dtype"])
                // `t.type()` names the legacy tensor type; `t.to("cpu")` is the tensor itself.
                guard let v = a.values[0] else { return name == "type" ? .str(t.dtype.legacyTensorTypeName) : .tensor(box) }
                if case .str = v, name == "to" { return .tensor(box) }
                guard let d = try interp.dtypeArgument(v) else { return .tensor(box) }
                return d == t.dtype ? .tensor(box) : interp.tensorValue(t.to(d))
            }
        case "element_size":
            return method { _, args, kwargs in
                _ = try Arguments(name, args, kwargs, [])
                return .int(t.dtype.elementSize)
            }
        case "itemsize": return .int(t.dtype.elementSize)
        case "is_floating_point":
            return method { _, args, kwargs in
                _ = try Arguments(name, args, kwargs, [])
                return .bool(t.dtype.isFloatingPoint)
            }
        case "all", "any":
            return method { interp, _, _ in
                let values = t.scalars
                return interp.tensorValue(Tensor(scalar: (name == "all" ? values.allSatisfy { $0 != 0 } : values.contains { $0 != 0 }) ? 1 : 0, dtype: .bool))
            }
        case "allclose":
            return method { interp, args, kwargs in
                try interp.call(interp.torchModule.members["allclose"]!, [.tensor(box)] + args, kwargs)
            }
        case "isclose":
            return method { interp, args, kwargs in
                let a = try Arguments(name, args, kwargs, ["other", "rtol", "atol"], required: 1)
                let o = try interp.expectTensor(a.values[0], name, "other")
                let rtol = try a[1].map { try interp.numberValue($0) } ?? 1e-5
                let atol = try a[2].map { try interp.numberValue($0) } ?? 1e-8
                let shape = try Tensor.broadcastShape(t.shape, o.shape)
                let x = try t.expanded(to: shape).scalars, y = try o.expanded(to: shape).scalars
                return interp.tensorValue(Tensor(shape: shape, data: zip(x, y).map { Swift.abs($0 - $1) <= atol + rtol * Swift.abs($1) ? 1 : 0 }, dtype: .bool))
            }
        case "round":
            return method { interp, args, kwargs in
                let a = try Arguments(name, args, kwargs, ["decimals"])
                return try interp.round(.tensor(box), a[0] ?? .int(0))
            }
        case "numpy", "cuda", "backward", "grad_fn", "storage", "data_ptr", "__array__":
            throw PyError(.notImplemented, "Tensor.\(name) is not part of the step language")
        default:
            throw PyError(.attributeError, "'Tensor' object has no attribute '\(name)'")
        }
    }

    /// `t.item()`: a one-element tensor's value as a Python float, int or bool.
    static func pythonValue(_ t: Tensor) -> Value {
        pythonValue(t.elements, 0, t.dtype)
    }

    /// Element `i` of `elements` (of `dtype`) as a Python number.
    static func pythonValue(_ elements: TensorElements, _ i: Int, _ dtype: DType) -> Value {
        switch elements {
        case .floating(let d): return .float(d[i])
        case .integers(let x): return dtype == .bool ? .bool(x[i] != 0) : .int(Int(x[i]))
        }
    }

    static func toList(_ t: Tensor) -> Value {
        let data = t.elements
        if t.rank == 0 { return pythonValue(data, 0, t.dtype) }
        func build(_ dim: Int, _ offset: Int) -> Value {
            let inner = t.shape[(dim + 1)...].elementCount
            if dim == t.rank - 1 {
                return .list(ListBox((0..<t.shape[dim]).map { pythonValue(data, offset + $0, t.dtype) }))
            }
            return .list(ListBox((0..<t.shape[dim]).map { build(dim + 1, offset + $0 * inner) }))
        }
        return build(0, 0)
    }
}
