import TensorCore

/// `torch.nn`: `Module` with PyTorch's registration of parameters, submodules and buffers,
/// and the built-in layers `Linear`, `Dropout`, `ModuleList`, `Sequential`, `ReLU`.
extension Interpreter {
    func makeNNModule() -> ModuleObject {
        var m: [String: Value] = [:]
        m["Module"] = .classObject(moduleClass)
        m["Parameter"] = .builtin(Builtin("Parameter", type: "torch.nn.parameter.Parameter") { interp, args, kwargs in
            let a = try Arguments("Parameter", args, kwargs, ["data", "requires_grad"])
            var t = try a.values[0].map { try interp.expectTensor($0, "Parameter", "data") } ?? Tensor(shape: [0], data: [])
            let grad = try a[1].map(interp.truthy) ?? true
            if grad && !t.dtype.isFloatingPoint {
                throw PyError(.runtimeError, "Only Tensors of floating point and complex dtype can require gradients")
            }
            t = Tensor(storage: t.storage, shape: t.shape, strides: t.strides, offset: t.offset, dtype: t.dtype, requiresGrad: grad)
            return .tensor(TensorBox(t, isParameter: true))
        })
        for (name, native, initNames) in [("Linear", NativeClass.linear, ["in_features", "out_features", "bias"]),
                                          ("Dropout", .dropout, ["p", "inplace"]),
                                          ("ModuleList", .moduleList, ["modules"]),
                                          ("Sequential", .sequential, []),
                                          ("ReLU", .relu, ["inplace"])] {
            m[name] = .classObject(makeNativeClass(name, native, initNames))
        }
        m["functional"] = .module(makeFunctionalModule())
        return ModuleObject(name: "torch.nn", members: m)
    }

    /// `torch.nn.functional`: the layers' computations as plain functions.
    func makeFunctionalModule() -> ModuleObject {
        var m: [String: Value] = [:]
        m["softmax"] = .builtin(Builtin("softmax") { interp, args, kwargs in
            let a = try Arguments("softmax", args, kwargs, ["input", "dim", "dtype"], required: 2)
            let x = try interp.expectTensor(a.values[0], "softmax", "input")
            return interp.tensorValue(try x.softmax(dim: try interp.expectInt(a.values[1], "softmax", "dim")))
        })
        m["relu"] = .builtin(Builtin("relu") { interp, args, kwargs in
            let a = try Arguments("relu", args, kwargs, ["input", "inplace"], required: 1)
            return interp.tensorValue(try interp.expectTensor(a.values[0], "relu", "input").unary(.relu))
        })
        m["dropout"] = .builtin(Builtin("dropout") { interp, args, kwargs in
            let a = try Arguments("dropout", args, kwargs, ["input", "p", "training", "inplace"], required: 1)
            let x = try interp.expectTensor(a.values[0], "dropout", "input")
            guard try a[2].map(interp.truthy) ?? true else { return a.values[0]! }
            return interp.tensorValue(try x.dropout(p: try a[1].map { try interp.numberValue($0) } ?? 0.5, generator: interp.generator))
        })
        m["linear"] = .builtin(Builtin("linear") { interp, args, kwargs in
            let a = try Arguments("linear", args, kwargs, ["input", "weight", "bias"], required: 2)
            let bias = try a[2].map { try interp.expectTensor($0, "linear", "bias") }
            return interp.tensorValue(try Linear(weight: try interp.expectTensor(a.values[1], "linear", "weight"), bias: bias)(
                try interp.expectTensor(a.values[0], "linear", "input")))
        })
        return ModuleObject(name: "torch.nn.functional", members: m)
    }

    func makeModuleClass() -> ClassObject {
        func method(_ name: String, _ f: @escaping (Interpreter, Instance, [Value], [(String, Value)]) throws -> Value) -> Value {
            .builtin(Builtin(name) { interp, args, kwargs in
                guard case .instance(let inst)? = args.first, inst.cls.isModule else {
                    throw PyError(.typeError, "descriptor '\(name)' requires a 'Module' object")
                }
                return try f(interp, inst, Array(args.dropFirst()), kwargs)
            })
        }
        let attributes: [String: Value] = [
            "__init__": method("__init__") { _, inst, _, _ in
                inst.moduleInitialized = true
                return .none
            },
            "parameters": method("parameters") { interp, inst, args, kwargs in
                _ = try Arguments("parameters", args, kwargs, ["recurse"])
                return .list(ListBox(interp.namedParameters(inst, prefix: "").map(\.1)))
            },
            "named_parameters": method("named_parameters") { interp, inst, _, _ in
                .list(ListBox(interp.namedParameters(inst, prefix: "").map { .tuple([.str($0.0), $0.1]) }))
            },
            "children": method("children") { _, inst, _, _ in
                .list(ListBox(inst.moduleNames.compactMap { inst.attributes[$0] }))
            },
            "train": method("train") { interp, inst, args, kwargs in
                let a = try Arguments("train", args, kwargs, ["mode"])
                interp.setTraining(inst, try a[0].map(interp.truthy) ?? true)
                return .instance(inst)
            },
            "eval": method("eval") { interp, inst, _, _ in
                interp.setTraining(inst, false)
                return .instance(inst)
            },
            "register_buffer": method("register_buffer") { interp, inst, args, kwargs in
                let a = try Arguments("register_buffer", args, kwargs, ["name", "tensor", "persistent"], required: 2)
                guard case .str(let name) = a.values[0]! else {
                    throw PyError(.typeError, "buffer name should be a string. Got \(a.values[0]!.typeName)")
                }
                if !inst.moduleInitialized {
                    throw PyError(.attributeError, "cannot assign buffer before Module.__init__() call")
                }
                if inst.attributes[name] != nil && !inst.bufferNames.contains(name) {
                    throw PyError(.keyError, "\"attribute '\(name)' already exists\"")
                }
                let value = a.values[1]!
                if case .tensor = value {} else if case .none = value {} else {
                    throw PyError(.typeError, "cannot assign '\(value.typeName)' object to buffer '\(name)' (torch Tensor or None required)")
                }
                if !inst.bufferNames.contains(name) { inst.bufferNames.append(name) }
                inst.attributes[name] = value
                return .none
            },
            "forward": method("forward") { _, inst, _, _ in
                throw PyError(.notImplemented, "Module [\(inst.cls.name)] is missing the required \"forward\" function")
            },
            "zero_grad": method("zero_grad") { _, _, _, _ in .none },
        ]
        return ClassObject(name: "Module", bases: [], attributes: attributes,
                           qualifiedName: "torch.nn.modules.module.Module", native: .module)
    }

    /// A built-in layer: a subclass of `Module` whose `__init__` and `forward` are native.
    private func makeNativeClass(_ name: String, _ native: NativeClass, _ initNames: [String]) -> ClassObject {
        let initMethod = Value.builtin(Builtin("__init__") { interp, args, kwargs in
            guard case .instance(let inst)? = args.first else { return .none }
            try interp.initializeNative(inst, native, Array(args.dropFirst()), kwargs, initNames)
            return .none
        })
        let forward = Value.builtin(Builtin("forward") { interp, args, kwargs in
            guard case .instance(let inst)? = args.first else { return .none }
            return try interp.nativeForward(inst, native, Array(args.dropFirst()), kwargs)
        })
        var attributes: [String: Value] = ["__init__": initMethod, "forward": forward]
        if native == .moduleList {
            attributes["append"] = .builtin(Builtin("append") { interp, args, _ in
                guard case .instance(let inst)? = args.first, args.count == 2 else {
                    throw PyError(.typeError, "append() takes exactly one argument")
                }
                try interp.setModuleAttribute(inst, String(inst.moduleNames.count), args[1])
                return .instance(inst)
            })
        }
        let module = (name == "Linear" || name == "Dropout" || name == "ReLU") ? name.lowercased() : "container"
        let file = name == "ReLU" ? "activation" : module
        return ClassObject(name: name, bases: [moduleClass], attributes: attributes,
                           qualifiedName: "torch.nn.modules.\(file).\(name)", native: native)
    }

    private func initializeNative(_ inst: Instance, _ native: NativeClass, _ args: [Value], _ kwargs: [(String, Value)], _ names: [String]) throws {
        inst.moduleInitialized = true
        switch native {
        case .linear:
            let a = try Arguments("Linear.__init__", args, kwargs, names + ["device", "dtype"], required: 2)
            let inF = try expectInt(a.values[0], "Linear", "in_features")
            let outF = try expectInt(a.values[1], "Linear", "out_features")
            let bias = try a[2].map(truthy) ?? true
            try checkSize([outF, inF])
            let layer = try Linear(inFeatures: inF, outFeatures: outF, bias: bias, generator: generator)
            inst.attributes["in_features"] = .int(inF)
            inst.attributes["out_features"] = .int(outF)
            try setModuleAttribute(inst, "weight", .tensor(TensorBox(layer.weight, isParameter: true)))
            inst.parameterNames.append("bias")
            inst.attributes["bias"] = layer.bias.map { .tensor(TensorBox($0, isParameter: true)) } ?? Value.none
        case .dropout:
            let a = try Arguments("Dropout.__init__", args, kwargs, names)
            let p = try a[0].map { try numberValue($0) } ?? 0.5
            if p < 0 || p > 1 {
                throw PyError(.valueError, "dropout probability has to be between 0 and 1, but got \(PythonFormat.floatRepr(p))")
            }
            inst.attributes["p"] = a[0] ?? .float(0.5)
            inst.attributes["inplace"] = .bool(try a[1].map(truthy) ?? false)
        case .moduleList:
            let a = try Arguments("ModuleList.__init__", args, kwargs, names)
            if let modules = a[0] {
                for (i, m) in try items(modules).enumerated() { try setModuleAttribute(inst, String(i), m) }
            }
        case .sequential:
            if !kwargs.isEmpty { throw PyError(.typeError, "Sequential() takes no keyword arguments") }
            for (i, m) in args.enumerated() { try setModuleAttribute(inst, String(i), m) }
        case .relu:
            _ = try Arguments("ReLU.__init__", args, kwargs, names)
            inst.attributes["inplace"] = .bool(false)
        case .module:
            break
        }
    }

    func makeModuleList(_ modules: [Value]) throws -> Value {
        guard case .classObject(let cls)? = nnModule.members["ModuleList"] else { return .none }
        let inst = Instance(cls: cls)
        try initializeNative(inst, .moduleList, [.list(ListBox(modules))], [], ["modules"])
        return .instance(inst)
    }

    private func nativeForward(_ inst: Instance, _ native: NativeClass, _ args: [Value], _ kwargs: [(String, Value)]) throws -> Value {
        switch native {
        case .linear:
            let a = try Arguments("forward", args, kwargs, ["input"], required: 1)
            let x = try expectTensor(a.values[0], "linear", "input")
            let w = try expectTensor(inst.attributes["weight"], "linear", "weight")
            var b: Tensor? = nil
            if case .tensor(let box)? = inst.attributes["bias"] { b = box.tensor }
            return tensorValue(try Linear(weight: w, bias: b)(x))
        case .dropout:
            let a = try Arguments("forward", args, kwargs, ["input"], required: 1)
            let x = try expectTensor(a.values[0], "dropout", "input")
            guard inst.training else { return a.values[0]! }
            let p = try numberValue(inst.attributes["p"] ?? .float(0.5))
            return tensorValue(try x.dropout(p: p, generator: generator))
        case .relu:
            let a = try Arguments("forward", args, kwargs, ["input"], required: 1)
            return tensorValue(try expectTensor(a.values[0], "relu", "input").unary(.relu))
        case .sequential:
            let a = try Arguments("forward", args, kwargs, ["input"], required: 1)
            var v = a.values[0]!
            for name in inst.moduleNames { v = try call(inst.attributes[name]!, [v], []) }
            return v
        case .moduleList:
            throw PyError(.notImplemented, "Module [ModuleList] is missing the required \"forward\" function")
        case .module:
            throw PyError(.notImplemented, "Module [\(inst.cls.name)] is missing the required \"forward\" function")
        }
    }

    /// `module(x)`: runs `forward`, user-defined or native.
    func callModule(_ inst: Instance, _ args: [Value], _ kwargs: [(String, Value)]) throws -> Value {
        guard let forward = inst.cls.lookup("forward") else {
            throw PyError(.notImplemented, "Module [\(inst.cls.name)] is missing the required \"forward\" function")
        }
        return try callBound(forward, on: .instance(inst), args, kwargs)
    }

    /// Attributes every module has beyond its own: `training`.
    func moduleAttribute(_ inst: Instance, _ name: String) throws -> Value? {
        switch name {
        case "training": return .bool(inst.training)
        default: return nil
        }
    }

    /// `module.name = value`, registering parameters and submodules as PyTorch's `__setattr__` does.
    func setModuleAttribute(_ inst: Instance, _ name: String, _ value: Value) throws {
        if name == "training" {
            inst.training = try truthy(value)
            return
        }
        let isParameter: Bool = { if case .tensor(let t) = value { return t.isParameter }; return false }()
        let isModule: Bool = { if case .instance(let i) = value { return i.cls.isModule }; return false }()
        if isParameter {
            if !inst.moduleInitialized {
                throw PyError(.attributeError, "cannot assign parameters before Module.__init__() call")
            }
            inst.moduleNames.removeAll { $0 == name }
            inst.bufferNames.removeAll { $0 == name }
            if !inst.parameterNames.contains(name) { inst.parameterNames.append(name) }
        } else if isModule {
            if !inst.moduleInitialized {
                throw PyError(.attributeError, "cannot assign module before Module.__init__() call")
            }
            inst.parameterNames.removeAll { $0 == name }
            inst.bufferNames.removeAll { $0 == name }
            if !inst.moduleNames.contains(name) { inst.moduleNames.append(name) }
        } else if inst.parameterNames.contains(name) {
            if case .none = value {} else {
                throw PyError(.typeError, "cannot assign '\(Interpreter.legacyTypeName(value))' as parameter '\(name)' (torch.nn.Parameter or None expected)")
            }
        } else if inst.moduleNames.contains(name) {
            if case .none = value {} else {
                throw PyError(.typeError, "cannot assign '\(Interpreter.legacyTypeName(value))' as child module '\(name)' (torch.nn.Module or None expected)")
            }
        } else if inst.bufferNames.contains(name) {
            if case .tensor = value {} else if case .none = value {} else {
                throw PyError(.typeError, "cannot assign '\(Interpreter.legacyTypeName(value))' as buffer '\(name)' (torch.Tensor or None expected)")
            }
        }
        inst.attributes[name] = value
    }

    /// PyTorch's `torch.typename` for messages: `torch.FloatTensor`, or the Python type.
    private static func legacyTypeName(_ v: Value) -> String {
        if case .tensor(let t) = v {
            return t.tensor.dtype.legacyTensorTypeName
        }
        return v.typeName
    }

    func namedParameters(_ inst: Instance, prefix: String) -> [(String, Value)] {
        var seen = [ObjectIdentifier]()
        var visited = Set<ObjectIdentifier>()
        var out = [(String, Value)]()
        func visit(_ m: Instance, _ prefix: String) {
            // A module may appear twice (or contain itself); PyTorch lists its parameters once.
            guard visited.insert(ObjectIdentifier(m)).inserted else { return }
            for name in m.parameterNames {
                guard case .tensor(let t)? = m.attributes[name] else { continue }
                if seen.contains(ObjectIdentifier(t)) { continue }
                seen.append(ObjectIdentifier(t))
                out.append((prefix + name, .tensor(t)))
            }
            for name in m.moduleNames {
                if case .instance(let child)? = m.attributes[name] { visit(child, prefix + name + ".") }
            }
        }
        visit(inst, prefix)
        return out
    }

    func setTraining(_ inst: Instance, _ mode: Bool) {
        var visited = Set<ObjectIdentifier>()
        func visit(_ m: Instance) {
            guard visited.insert(ObjectIdentifier(m)).inserted else { return }
            m.training = mode
            for name in m.moduleNames {
                if case .instance(let child)? = m.attributes[name] { visit(child) }
            }
        }
        visit(inst)
    }

    /// The text PyTorch's `Module.__repr__` prints: extra info, then children indented.
    func moduleRepr(_ inst: Instance) throws -> String {
        try nested("while getting the repr of an object") { try moduleReprBody(inst) }
    }

    private func moduleReprBody(_ inst: Instance) throws -> String {
        var extra = [String]()
        switch inst.cls.native {
        case .linear:
            let hasBias: Bool = { if case .tensor? = inst.attributes["bias"] { return true }; return false }()
            extra = ["in_features=\(try repr(inst.attributes["in_features"] ?? .none)), out_features=\(try repr(inst.attributes["out_features"] ?? .none)), bias=\(hasBias ? "True" : "False")"]
        case .dropout:
            extra = ["p=\(try repr(inst.attributes["p"] ?? .none)), inplace=\(try repr(inst.attributes["inplace"] ?? .none))"]
        default:
            break
        }
        func indent(_ s: String) -> String {
            s.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .map { $0.offset == 0 ? String($0.element) : "  " + $0.element }.joined(separator: "\n")
        }
        var childLines = [String]()
        let childReprs = try inst.moduleNames.map { name -> (String, String) in
            (name, try repr(inst.attributes[name] ?? .none))
        }
        if inst.cls.native == .moduleList && inst.cls.name == "ModuleList" {
            // Runs of identical children print once with their index range and count.
            var i = 0
            while i < childReprs.count {
                var j = i
                while j + 1 < childReprs.count && childReprs[j + 1].1 == childReprs[i].1 { j += 1 }
                if j > i {
                    childLines.append("(\(childReprs[i].0)-\(childReprs[j].0)): \(j - i + 1) x \(indent(childReprs[i].1))")
                } else {
                    childLines.append("(\(childReprs[i].0)): \(indent(childReprs[i].1))")
                }
                i = j + 1
            }
        } else {
            childLines = childReprs.map { "(\($0.0)): \(indent($0.1))" }
        }
        let lines = extra + childLines
        var text = inst.cls.name + "("
        if !lines.isEmpty {
            if extra.count == 1 && childLines.isEmpty {
                text += extra[0]
            } else {
                text += "\n  " + lines.joined(separator: "\n  ") + "\n"
            }
        }
        return text + ")"
    }
}
