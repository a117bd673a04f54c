import Foundation
import TensorCore

/// How far a step may go before it is stopped.
public struct Limits: Sendable {
    /// Wall-clock seconds one `run` may take.
    public var seconds: Double
    /// Wall-clock seconds all the runs of a lesson may take together.
    public var lessonSeconds: Double
    /// Deepest nesting of Python calls (Python's own default is 1000).
    public var callDepth: Int
    /// Most characters a run may print.
    public var outputCharacters: Int
    /// Most items in one list or characters in one string (tensors have TensorLimits).
    public var elements: Int
    /// Most resident memory the process may reach while a run goes on.
    public var memoryBytes: Int

    public init(seconds: Double = 10, callDepth: Int = 1000, outputCharacters: Int = 4_000_000, elements: Int = 4_000_000,
                memoryBytes: Int = 2 << 30, lessonSeconds: Double = 60) {
        self.seconds = seconds
        self.lessonSeconds = lessonSeconds
        self.callDepth = callDepth
        self.outputCharacters = outputCharacters
        self.elements = elements
        self.memoryBytes = memoryBytes
    }
}

/// What a statement asks of the block running it.
enum Flow {
    case normal
    case breakLoop
    case continueLoop
    case returnValue(Value)
}

/// Runs step-language code: one instance is one namespace, shared by the steps run in it.
public final class Interpreter {
    let limits: Limits
    let globals = Scope(parent: nil)
    var builtins: [String: Value] = [:]
    /// Everything printed so far by this run.
    public internal(set) var output = ""
    var callDepth = 0
    /// Containers whose repr is being built, so a list that contains itself prints `[...]`.
    var reprInProgress = Set<ObjectIdentifier>()
    /// How deep comparisons, reprs and tensor conversions are nested in containers.
    var nesting = 0

    /// Runs `body` one container level deeper, failing like Python when nesting runs away
    /// (two lists that contain themselves, compared).
    func nested<T>(_ what: String, _ body: () throws -> T) throws -> T {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > limits.callDepth {
            throw PyError(.recursionError, "maximum recursion depth exceeded \(what)")
        }
        return try body()
    }
    /// This namespace's random generator: each run starts from PyTorch's default seed, as a
    /// fresh Python process does, and runs in parallel never share draws.
    public let generator = Generator()
    /// Time and memory for the whole of a run: statements, builtins, parsing and kernels.
    let budget: ExecutionBudget
    lazy var torchModule: ModuleObject = makeTorchModule()
    lazy var nnModule: ModuleObject = makeNNModule()
    lazy var moduleClass: ClassObject = makeModuleClass()

    public init(limits: Limits = Limits()) {
        self.limits = limits
        budget = ExecutionBudget(seconds: limits.seconds, memoryBytes: limits.memoryBytes)
        builtins = makeBuiltins()
    }

    /// Bounds all the runs in this namespace from now on to `seconds` together (a lesson's
    /// steps, answers and heatmaps), on top of each run's own limit.
    public func limitTotalTime(_ seconds: Double) {
        budget.limitTotalTime(seconds)
    }

    // MARK: Entry points

    /// Runs `source` as a script: only `print` shows anything. Throws the first error raised.
    public func runScript(_ source: String) throws {
        try running {
            let program = try parse(source)
            _ = try execBlock(program, globals)
        }
    }

    /// Runs `source` as a notebook cell: a trailing bare expression's repr is returned
    /// (nil when there is none or it is `None`), after whatever the cell printed.
    public func runCell(_ source: String) throws -> String? {
        try running {
            var program = try parse(source)
            guard let last = program.last, case .expression(let e) = last.kind else {
                _ = try execBlock(program, globals)
                return nil
            }
            program.removeLast()
            _ = try execBlock(program, globals)
            let v = try stamp(last.line) { try eval(e, globals) }
            if case .none = v { return nil }
            return try repr(v)
        }
    }

    /// Evaluates one expression in the namespace (quiz answers, heatmap tensors).
    func evaluate(_ source: String) throws -> Value {
        try running {
            var parser = Parser(tokens: try Lexer.tokenize(source))
            let e = try parser.parseTestList()
            try checkBudget()
            return try stamp(e.line) { try eval(e, globals) }
        }
    }

    /// Parses a step, its time counted in the run's budget.
    private func parse(_ source: String) throws -> [Stmt] {
        let program = try Parser.parse(source)
        try checkBudget()
        return program
    }

    /// Runs one entry point on a thread with room for deep recursion: a fresh budget,
    /// installed as the thread's current one so the tensor kernels charge it, and nothing
    /// left that a deep structure's release could need.
    private func running<T>(_ body: () throws -> T) throws -> T {
        // The body only runs while this call waits for it, so it does not really escape.
        try withoutActuallyEscaping(body) { body in
            try withLargeStack(throwing: { [self] in
                budget.start()
                callDepth = 0
                return try budget.install {
                    defer { Graveyard.drain() }
                    do {
                        return try body()
                    } catch let e as PyError where e == .budgetSpent {
                        // The lexer and parser only know that the budget is spent; say what ran out.
                        throw budgetError()
                    }
                }
            })
        }
    }

    /// Adds text to the output as if the code had printed it (a notebook's echoed value).
    public func appendOutput(_ text: String) {
        output += text
    }

    /// Clears printed output, keeping the namespace.
    public func takeOutput() -> String {
        defer { output = "" }
        return output
    }

    /// Counts an interpreted statement's work; raises once the run's budget is spent.
    @inline(__always)
    func tick() throws {
        if !budget.charge(64) { throw budgetError() }
    }

    /// Counts `units` of work done inside a builtin (an item iterated, a character built).
    @inline(__always)
    func charge(_ units: Int) throws {
        if !budget.charge(units) { throw budgetError() }
    }

    /// Reads the clock and memory now; raises when the budget is spent.
    func checkBudget() throws {
        if !budget.measure() { throw budgetError() }
    }

    /// The error for a spent budget, worded for the learner.
    func budgetError() -> PyError {
        switch budget.exceeded {
        case .memory(let bytes)?:
            return PyError(.memoryError, "the step used more than \(bytes >> 20) MiB of memory and was stopped")
        case .totalTime(let seconds)?:
            return PyError(.timeoutError, "the steps ran for more than \(PythonFormat.floatRepr(seconds)) seconds in all and were stopped")
        default:
            return PyError(.timeoutError, "the step ran for more than \(PythonFormat.floatRepr(limits.seconds)) seconds and was stopped (an endless loop?)")
        }
    }

    /// Refuses a string, list or other sequence of `count` items before it is built.
    func checkLength(_ count: Int, _ what: String = "sequence") throws {
        if count > limits.elements || count < 0 {
            throw PyError(.memoryError, "a \(what) of \(count < 0 ? "more than \(Int.max)" : String(count)) items is too large: the tutor allows \(limits.elements)")
        }
    }

    func write(_ text: String) throws {
        // What a stopped kernel left unfinished is never printed.
        if budget.exceeded != nil { throw budgetError() }
        if output.utf8.count + text.utf8.count > limits.outputCharacters {
            throw PyError(.memoryError, "the step printed more than \(limits.outputCharacters) characters and was stopped")
        }
        output += text
    }

    /// Refuses a string built past the length limit (reprs and formats, measured once built).
    @discardableResult
    func checkString(_ s: String) throws -> String {
        try checkLength(s.utf8.count, "string")
        return s
    }

    /// Gives an error raised while evaluating a node that node's line, unless an inner one did.
    @inline(__always)
    func stamp<T>(_ line: Int, _ body: () throws -> T) throws -> T {
        do {
            let result = try body()
            // A kernel that found the budget spent returned an unfinished result: never use it.
            if budget.exceeded != nil { throw budgetError() }
            return result
        } catch var e as PyError {
            if e.line == nil { e.line = line }
            throw e
        } catch let e as TensorError {
            var p = PyError(e)
            p.line = line
            throw p
        }
    }

    // MARK: Statements

    func execBlock(_ body: [Stmt], _ scope: Scope) throws -> Flow {
        for stmt in body {
            let flow = try stamp(stmt.line) { try exec(stmt, scope) }
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    func exec(_ stmt: Stmt, _ scope: Scope) throws -> Flow {
        try tick()
        switch stmt.kind {
        case .expression(let e):
            _ = try eval(e, scope)
        case .assign(let targets, let valueExpr):
            let value = try eval(valueExpr, scope)
            for t in targets { try assign(t, value, scope) }
        case .augAssign(let target, let op, let valueExpr):
            try augAssign(target, op, valueExpr, scope)
        case .ifStmt(let branches, let orElse):
            for (test, body) in branches where try truthy(try eval(test, scope)) {
                return try execBlock(body, scope)
            }
            return try execBlock(orElse, scope)
        case .whileStmt(let test, let body, let orElse):
            while try truthy(try eval(test, scope)) {
                try tick()
                switch try execBlock(body, scope) {
                case .breakLoop: return .normal
                case .returnValue(let v): return .returnValue(v)
                default: continue
                }
            }
            return try execBlock(orElse, scope)
        case .forStmt(let target, let iterable, let body, let orElse):
            let seq = try eval(iterable, scope)
            var result: Flow? = nil
            try iterate(seq) { item in
                try self.tick()
                try self.assign(target, item, scope)
                switch try self.execBlock(body, scope) {
                case .breakLoop:
                    result = .normal
                    return false
                case .returnValue(let v):
                    result = .returnValue(v)
                    return false
                default:
                    return true
                }
            }
            if let r = result { return r }
            return try execBlock(orElse, scope)
        case .function(let def):
            let defaults = try def.parameters.map { p in try p.defaultValue.map { try eval($0, scope) } }
            let f = Function(definition: def, defaults: defaults, closure: scope.isClassBody ? scope.parent : scope)
            scope.variables[def.name] = .function(f)
        case .classDef(let name, let baseExprs, let body):
            try defineClass(name, baseExprs, body, scope)
        case .returnStmt(let e):
            return .returnValue(try e.map { try eval($0, scope) } ?? .none)
        case .pass:
            break
        case .breakStmt:
            return .breakLoop
        case .continueStmt:
            return .continueLoop
        case .assert(let test, let message):
            if !(try truthy(try eval(test, scope))) {
                let text = try message.map { try str(try eval($0, scope)) } ?? ""
                throw PyError(.assertionError, text)
            }
        case .importModules(let modules):
            for (module, alias) in modules {
                let value = try importModule(module)
                if let a = alias {
                    scope.variables[a] = value
                } else {
                    // `import torch.nn` binds `torch`.
                    scope.variables[String(module.split(separator: ".")[0])] = try importModule(String(module.split(separator: ".")[0]))
                }
            }
        case .importFrom(let module, let names):
            let m = try importModule(module)
            for (name, alias) in names {
                guard case .module(let mod) = m, let v = mod.members[name] else {
                    if (try? importModule(module + "." + name)) != nil {
                        scope.variables[alias ?? name] = try importModule(module + "." + name)
                        continue
                    }
                    throw PyError(.importError, "cannot import name '\(name)' from '\(module)'")
                }
                scope.variables[alias ?? name] = v
            }
        case .delete(let targets):
            for t in targets { try delete(t, scope) }
        case .raise(let e):
            guard let e = e else { throw PyError(.runtimeError, "No active exception to reraise") }
            throw try exceptionFrom(try eval(e, scope))
        }
        return .normal
    }

    /// Turns `raise ValueError("msg")` into the error it names.
    private func exceptionFrom(_ v: Value) throws -> PyError {
        if case .instance(let inst) = v, inst.cls.attributes["__exception__"] != nil {
            let args = inst.attributes["args"].flatMap { v -> [Value]? in if case .tuple(let a) = v { return a } else { return nil } } ?? []
            let msg = try args.count == 1 ? str(args[0]) : (args.isEmpty ? "" : repr(.tuple(args)))
            return PyError(PyError.Kind(rawValue: inst.cls.name), msg)
        }
        if case .classObject(let c) = v, c.attributes["__exception__"] != nil {
            return PyError(PyError.Kind(rawValue: c.name), "")
        }
        return PyError(.typeError, "exceptions must derive from BaseException")
    }

    private func importModule(_ name: String) throws -> Value {
        switch name {
        case "torch": return .module(torchModule)
        case "torch.nn": return .module(nnModule)
        case "torch.nn.functional": return nnModule.members["functional"]!
        case "math", "random", "numpy", "os", "sys", "subprocess", "socket", "shutil", "pathlib", "io", "builtins", "importlib", "time":
            throw PyError(.importError, "import of '\(name)' is not allowed: steps may import only torch and torch.nn")
        default:
            if name.hasPrefix("torch.") {
                throw PyError(.notImplemented, "module '\(name)' is not part of the step language (only torch and torch.nn are)")
            }
            throw PyError(.importError, "import of '\(name)' is not allowed: steps may import only torch and torch.nn")
        }
    }

    private func defineClass(_ name: String, _ baseExprs: [Expr], _ body: [Stmt], _ scope: Scope) throws {
        var bases = [ClassObject]()
        for b in baseExprs {
            guard case .classObject(let c) = try eval(b, scope) else {
                throw PyError(.typeError, "bases must be types")
            }
            bases.append(c)
        }
        let classScope = Scope(parent: scope, isClassBody: true)
        _ = try execBlock(body, classScope)
        let cls = ClassObject(name: name, bases: bases, attributes: classScope.variables)
        for case .function(let f) in classScope.variables.values { f.owner = cls }
        scope.variables[name] = .classObject(cls)
    }

    // MARK: Assignment

    func assign(_ target: Expr, _ value: Value, _ scope: Scope) throws {
        switch target.kind {
        case .name(let n):
            scope.variables[n] = value
        case .tuple(let items), .list(let items):
            let values = try unpack(value, count: items.count)
            for (t, v) in zip(items, values) { try assign(t, v, scope) }
        case .attribute(let objExpr, let name):
            let obj = try eval(objExpr, scope)
            try stamp(target.line) { try setAttribute(obj, name, value) }
        case .index(let objExpr, let indexExpr):
            let obj = try eval(objExpr, scope)
            let index = try eval(indexExpr, scope)
            try stamp(target.line) { try setItem(obj, index, value) }
        default:
            throw PyError(.syntaxError, "cannot assign to expression", line: target.line)
        }
    }

    /// Splits a value into exactly `count` parts for `a, b = value`.
    func unpack(_ value: Value, count: Int) throws -> [Value] {
        var items = [Value]()
        try iterate(value) { v in
            items.append(v)
            return items.count <= count
        }
        if items.count > count {
            throw PyError(.valueError, "too many values to unpack (expected \(count))")
        }
        if items.count < count {
            throw PyError(.valueError, "not enough values to unpack (expected \(count), got \(items.count))")
        }
        return items
    }

    private func augAssign(_ target: Expr, _ op: BinOp, _ valueExpr: Expr, _ scope: Scope) throws {
        switch target.kind {
        case .name(let n):
            guard let current = scope.lookup(n) ?? builtins[n] else {
                throw PyError(.nameError, "name '\(n)' is not defined")
            }
            let rhs = try eval(valueExpr, scope)
            scope.variables[n] = try stamp(target.line) { try inPlace(op, current, rhs) }
        case .attribute(let objExpr, let name):
            let obj = try eval(objExpr, scope)
            let current = try getAttribute(obj, name)
            let rhs = try eval(valueExpr, scope)
            try setAttribute(obj, name, try inPlace(op, current, rhs))
        case .index(let objExpr, let indexExpr):
            let obj = try eval(objExpr, scope)
            let index = try eval(indexExpr, scope)
            let current = try getItem(obj, index)
            let rhs = try eval(valueExpr, scope)
            let result = try inPlace(op, current, rhs)
            // A tensor element updated in place already wrote through its view.
            if case .tensor(let a) = current, case .tensor(let b) = result, a === b { return }
            try setItem(obj, index, result)
        default:
            throw PyError(.syntaxError, "illegal expression for augmented assignment")
        }
    }

    /// `a op= b`: lists extend in place and tensors update their storage; others rebind.
    private func inPlace(_ op: BinOp, _ a: Value, _ b: Value) throws -> Value {
        if case .list(let l) = a, op == .add {
            var items = [Value]()
            try iterate(b) { items.append($0); return true }
            l.items += items
            return a
        }
        if case .tensor(let box) = a, op != .matmul {
            let result = try binary(op, a, b)
            guard case .tensor(let r) = result else { return result }
            if box.tensor.tracksGrad && box.tensor.gradFn == nil && GradMode.isEnabled {
                throw PyError(.runtimeError, "a leaf Variable that requires grad is being used in an in-place operation.")
            }
            if !DType.canCast(from: r.tensor.dtype, to: box.tensor.dtype) {
                throw PyError(.runtimeError, "result type \(r.tensor.dtype.scalarTypeName) can't be cast to the desired output type \(box.tensor.dtype.scalarTypeName)")
            }
            let expanded = try r.tensor.expanded(to: box.tensor.shape)
            try box.tensor.assign([.ellipsis], expanded)
            if let g = r.tensor.gradFn { box.tensor.gradFn = g }
            return a
        }
        return try binary(op, a, b)
    }

    private func delete(_ target: Expr, _ scope: Scope) throws {
        switch target.kind {
        case .name(let n):
            guard scope.variables.removeValue(forKey: n) != nil else {
                throw PyError(.nameError, "name '\(n)' is not defined")
            }
        case .index(let objExpr, let indexExpr):
            let obj = try eval(objExpr, scope)
            let index = try eval(indexExpr, scope)
            switch obj {
            case .list(let l):
                if case .slice = index {
                    let idx = try sliceIndices(index, count: l.items.count)
                    for i in idx.sorted(by: >) { l.items.remove(at: i) }
                } else {
                    l.items.remove(at: try sequenceIndex(index, count: l.items.count, what: "list assignment"))
                }
            case .dict(let d):
                guard let i = d.index(of: index) else { throw PyError(.keyError, try repr(index)) }
                d.remove(at: i)
            default:
                throw PyError(.typeError, "'\(obj.typeName)' object does not support item deletion")
            }
        default:
            throw PyError(.notImplemented, "this form of del is not part of the step language")
        }
    }

    // MARK: Expressions

    func eval(_ e: Expr, _ scope: Scope) throws -> Value {
        switch e.kind {
        case .name(let n):
            if let v = scope.lookup(n) { return v }
            if let v = builtins[n] { return v }
            if Interpreter.forbiddenNames.contains(n) {
                throw PyError(.nameError, "name '\(n)' is not available in steps: steps cannot reach files, the network, the environment or other modules", line: e.line)
            }
            if Interpreter.missingBuiltins.contains(n) {
                throw PyError(.nameError, "name '\(n)' is a Python builtin that the step language does not have", line: e.line)
            }
            throw PyError(.nameError, "name '\(n)' is not defined" + nameSuggestion(n, scope), line: e.line)
        case .int(let v): return .int(v)
        case .float(let v): return .float(v)
        case .string(let s): return .str(s)
        case .bool(let b): return .bool(b)
        case .none: return .none
        case .ellipsis: return .ellipsis
        case .fstring(let parts):
            return .str(try stamp(e.line) { try formatParts(parts, scope) })
        case .list(let items):
            return .list(ListBox(try items.map { try eval($0, scope) }))
        case .tuple(let items):
            return .tuple(try items.map { try eval($0, scope) })
        case .dict(let pairs):
            let d = DictBox()
            for (k, v) in pairs {
                let key = try eval(k, scope)
                try checkHashable(key)
                d.set(key, try eval(v, scope))
            }
            return .dict(d)
        case .listComp(let element, let comps):
            var out = [Value]()
            let inner = Scope(parent: scope)
            try comprehend(comps, 0, inner) {
                out.append(try self.eval(element, inner))
                if out.count > self.limits.elements { throw PyError(.memoryError, "list too large for the tutor") }
            }
            return .list(ListBox(out))
        case .dictComp(let key, let value, let comps):
            let d = DictBox()
            let inner = Scope(parent: scope)
            try comprehend(comps, 0, inner) {
                let k = try self.eval(key, inner)
                try self.checkHashable(k)
                d.set(k, try self.eval(value, inner))
            }
            return .dict(d)
        case .attribute(let objExpr, let name):
            let obj = try eval(objExpr, scope)
            return try stamp(e.line) { try getAttribute(obj, name) }
        case .index(let objExpr, let indexExpr):
            let obj = try eval(objExpr, scope)
            let index = try eval(indexExpr, scope)
            return try stamp(e.line) { try getItem(obj, index) }
        case .slice(let a, let b, let c):
            return .slice(try a.map { try eval($0, scope) } ?? .none, try b.map { try eval($0, scope) } ?? .none,
                          try c.map { try eval($0, scope) } ?? .none)
        case .call(let fnExpr, let argExprs):
            // `obj.method(...)` on an object calls the class's function with `obj` first,
            // without building a bound method for every call.
            var method: (function: Value, receiver: Value)? = nil
            let fn: Value
            if case .attribute(let objExpr, let name) = fnExpr.kind {
                let obj = try eval(objExpr, scope)
                if case .instance(let inst) = obj, inst.attributes[name] == nil, !Interpreter.isDunder(name),
                   let m = inst.cls.lookup(name), Interpreter.isCallableMember(m) {
                    method = (m, obj)
                    fn = m
                } else {
                    fn = try stamp(fnExpr.line) { try getAttribute(obj, name) }
                }
            } else {
                fn = try eval(fnExpr, scope)
            }
            var args = [Value]()
            var kwargs = [(String, Value)]()
            for a in argExprs {
                let v = try eval(a.value, scope)
                if let n = a.name { kwargs.append((n, v)) } else { args.append(v) }
            }
            if let (m, receiver) = method {
                return try stamp(e.line) { try callBound(m, on: receiver, args, kwargs) }
            }
            if case .builtin(let b) = fn, b.name == "super", args.isEmpty {
                return try stamp(e.line) { try zeroArgumentSuper(scope) }
            }
            return try stamp(e.line) { try call(fn, args, kwargs) }
        case .binary(let op, let l, let r):
            let a = try eval(l, scope)
            let b = try eval(r, scope)
            return try stamp(e.line) { try binary(op, a, b) }
        case .unary(let op, let operand):
            let v = try eval(operand, scope)
            return try stamp(e.line) { try unary(op, v) }
        case .compare(let first, let rest):
            var left = try eval(first, scope)
            var result = Value.bool(true)
            for (op, rightExpr) in rest {
                let right = try eval(rightExpr, scope)
                result = try stamp(e.line) { try compare(op, left, right) }
                if rest.count > 1, !(try truthy(result)) { return result }
                left = right
            }
            return result
        case .and(let items):
            var v = Value.bool(true)
            for item in items {
                v = try eval(item, scope)
                if !(try stamp(e.line) { try truthy(v) }) { return v }
            }
            return v
        case .or(let items):
            var v = Value.bool(false)
            for item in items {
                v = try eval(item, scope)
                if try stamp(e.line, { try truthy(v) }) { return v }
            }
            return v
        case .conditional(let test, let then, let orElse):
            return try truthy(try eval(test, scope)) ? try eval(then, scope) : try eval(orElse, scope)
        }
    }

    private func comprehend(_ comps: [Comprehension], _ i: Int, _ scope: Scope, _ body: () throws -> Void) throws {
        if i == comps.count { try body(); return }
        let c = comps[i]
        try iterate(try eval(c.iterable, scope)) { item in
            try self.tick()
            try self.assign(c.target, item, scope)
            for cond in c.conditions where !(try self.truthy(try self.eval(cond, scope))) { return true }
            try self.comprehend(comps, i + 1, scope, body)
            return true
        }
    }

    func checkHashable(_ v: Value) throws {
        switch v {
        case .list, .dict: throw PyError(.typeError, "unhashable type: '\(v.typeName)'")
        case .tuple(let items):
            try nested("while hashing a tuple") { for i in items { try checkHashable(i) } }
        default: break
        }
    }

    /// Names that would reach outside the step: files, other code, the process, the namespace's insides.
    static let forbiddenNames: Set<String> = [
        "open", "eval", "exec", "compile", "__import__", "globals", "locals", "vars", "breakpoint", "exit", "quit",
        "__builtins__", "__loader__", "__spec__", "__file__",
    ]

    /// Harmless builtins the step language lacks: an ordinary message, not the sandbox's.
    static let missingBuiltins: Set<String> = [
        "input", "dir", "getattr", "setattr", "delattr", "hasattr", "help", "memoryview", "id", "hash", "iter", "next",
        "ord", "chr", "bin", "hex", "oct", "format", "repr", "ascii", "callable", "issubclass", "object", "property",
        "staticmethod", "classmethod", "frozenset", "bytes", "bytearray", "complex", "aiter", "anext",
    ]

    /// Python's "Did you mean" for a name: the closest local, else global, else builtin, as
    /// the Python 3.11 that runs PyTorch here words it (3.12 also offers `self.name`).
    func nameSuggestion(_ name: String, _ scope: Scope) -> String {
        let locals = scope === globals ? nil : scope
        // A namespace's order is not kept, so its names are tried in sorted order.
        for names in [(locals?.variables.keys).map { $0.sorted() } ?? [], globals.variables.keys.sorted(), Suggestions.pythonBuiltins] {
            if let suggestion = Suggestions.closest(to: name, among: names) { return Suggestions.trailer(suggestion) }
        }
        return ""
    }

    /// `super()` inside a method: the class that defined the running function and its `self`.
    private func zeroArgumentSuper(_ scope: Scope) throws -> Value {
        guard let owner = scope.currentFunction?.owner,
              let first = scope.currentFunction?.parameters.first,
              case .instance(let inst) = scope.variables[first.name] ?? .none else {
            throw PyError(.runtimeError, "super(): no arguments")
        }
        return .superProxy(instance: inst, start: owner)
    }

    // MARK: Calls

    func call(_ fn: Value, _ args: [Value], _ kwargs: [(String, Value)]) throws -> Value {
        switch fn {
        case .function(let f):
            return try callFunction(f, args, kwargs)
        case .builtin(let b):
            return try b.call(self, args, kwargs)
        case .classObject(let cls):
            return try instantiate(cls, args, kwargs)
        case .instance(let inst):
            if inst.cls.isModule {
                return try callModule(inst, args, kwargs)
            }
            guard let method = inst.cls.lookup("__call__") else {
                throw PyError(.typeError, "'\(inst.cls.name)' object is not callable")
            }
            return try callBound(method, on: .instance(inst), args, kwargs)
        default:
            throw PyError(.typeError, "'\(fn.typeName)' object is not callable")
        }
    }

    func callFunction(_ f: Function, _ args: [Value], _ kwargs: [(String, Value)]) throws -> Value {
        let scope = Scope(parent: f.closure ?? globals)
        scope.currentFunction = f
        let params = f.parameters
        if args.count > params.count {
            let required = f.defaults.filter { $0 == nil }.count
            let takes = required == params.count ? "\(params.count)" : "from \(required) to \(params.count)"
            let word = params.count == 1 && required == params.count ? "argument" : "arguments"
            throw PyError(.typeError, "\(f.name)() takes \(takes) positional \(word) but \(args.count) \(args.count == 1 ? "was" : "were") given")
        }
        for (i, a) in args.enumerated() { scope.variables[params[i].name] = a }
        for (name, v) in kwargs {
            guard let i = params.firstIndex(where: { $0.name == name }) else {
                throw PyError(.typeError, "\(f.name)() got an unexpected keyword argument '\(name)'")
            }
            if i < args.count { throw PyError(.typeError, "\(f.name)() got multiple values for argument '\(name)'") }
            scope.variables[name] = v
        }
        var missing = [String]()
        for (i, p) in params.enumerated() where scope.variables[p.name] == nil {
            if let d = f.defaults[i] { scope.variables[p.name] = d } else { missing.append(p.name) }
        }
        if !missing.isEmpty {
            let names = missing.map { "'\($0)'" }
            let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names.last!
            throw PyError(.typeError, "\(f.name)() missing \(missing.count) required positional argument\(missing.count == 1 ? "" : "s"): \(list)")
        }
        callDepth += 1
        defer { callDepth -= 1 }
        if callDepth > limits.callDepth {
            throw PyError(.recursionError, "maximum recursion depth exceeded")
        }
        try tick()
        if case .returnValue(let v) = try execBlock(f.body, scope) { return v }
        return .none
    }

    /// Whether a class member becomes a bound method when read from an instance.
    static func isCallableMember(_ v: Value) -> Bool {
        switch v {
        case .function, .builtin: return true
        default: return false
        }
    }

    /// Calls a class's function with `receiver` as its first argument.
    func callBound(_ method: Value, on receiver: Value, _ args: [Value], _ kwargs: [(String, Value)]) throws -> Value {
        switch method {
        case .function(let f): return try callFunction(f, [receiver] + args, kwargs)
        case .builtin(let b): return try b.call(self, [receiver] + args, kwargs)
        default: return try call(method, args, kwargs)
        }
    }

    /// A method looked up on a class, bound to its instance.
    func bind(_ method: Value, to receiver: Value) throws -> Value {
        switch method {
        case .function(let f):
            return .builtin(Builtin(f.name) { interp, args, kwargs in
                try interp.callBound(method, on: receiver, args, kwargs)
            })
        case .builtin(let b):
            return .builtin(Builtin(b.name) { interp, args, kwargs in
                try interp.callBound(method, on: receiver, args, kwargs)
            })
        default:
            return method
        }
    }

    private func instantiate(_ cls: ClassObject, _ args: [Value], _ kwargs: [(String, Value)]) throws -> Value {
        if let factory = cls.attributes["__new_native__"], case .builtin(let b) = factory {
            return try b.call(self, args, kwargs)
        }
        let inst = Instance(cls: cls)
        if let initMethod = cls.lookup("__init__") {
            let result = try callBound(initMethod, on: .instance(inst), args, kwargs)
            if case .none = result {} else {
                throw PyError(.typeError, "__init__() should return None, not '\(result.typeName)'")
            }
        } else if !args.isEmpty || !kwargs.isEmpty {
            throw PyError(.typeError, "\(cls.name)() takes no arguments")
        }
        return .instance(inst)
    }

    // MARK: Iteration

    /// Calls `body` with each item of an iterable until it returns false.
    func iterate(_ v: Value, _ visit: (Value) throws -> Bool) throws {
        // Iterating is work wherever it happens, in a builtin as much as in a loop.
        try withoutActuallyEscaping(visit) { visit in
            try iterateItems(v) { item in
                try self.charge(4)
                return try visit(item)
            }
        }
    }

    private func iterateItems(_ v: Value, _ body: (Value) throws -> Bool) throws {
        switch v {
        case .list(let l):
            var i = 0
            while i < l.items.count {
                if !(try body(l.items[i])) { return }
                i += 1
            }
        case .tuple(let items):
            for item in items where !(try body(item)) { return }
        case .size(let dims):
            for d in dims where !(try body(.int(d))) { return }
        case .str(let s):
            for c in s where !(try body(.str(String(c)))) { return }
        case .range(let start, let stop, let step):
            var i = start
            while step > 0 ? i < stop : i > stop {
                if !(try body(.int(i))) { return }
                let (next, o) = i.addingReportingOverflow(step)
                if o { return }
                i = next
            }
        case .dict(let d):
            for k in d.keys where !(try body(k)) { return }
        case .tensor(let box):
            let t = box.tensor
            guard t.rank > 0 else { throw PyError(.typeError, "iteration over a 0-d tensor") }
            for i in 0..<t.shape[0] where !(try body(.tensor(TensorBox(try t.index([.int(i)]))))) { return }
        case .namedTuple(_, _, let values):
            for item in values where !(try body(item)) { return }
        case .instance(let inst) where inst.cls.native == .moduleList || inst.cls.native == .sequential:
            for name in inst.moduleNames where !(try body(inst.attributes[name] ?? .none)) { return }
        default:
            throw PyError(.typeError, "'\(v.typeName)' object is not iterable")
        }
    }

    /// How many items `range(start, stop, step)` has, or nil past Int.max.
    static func rangeCount(_ start: Int, _ stop: Int, _ step: Int) -> Int? {
        let a = Int128(start), b = Int128(stop), s = Int128(step)
        let n = s > 0 ? (b > a ? (b - a - 1) / s + 1 : 0) : (a > b ? (a - b - 1) / -s + 1 : 0)
        return Int(exactly: n)
    }

    /// All items of an iterable.
    func items(_ v: Value) throws -> [Value] {
        var out = [Value]()
        try iterate(v) {
            out.append($0)
            if out.count > limits.elements { throw PyError(.memoryError, "sequence too large for the tutor") }
            return true
        }
        return out
    }
}

extension Scope {
    convenience init(parent: Scope?, isClassBody: Bool) {
        self.init(parent: parent)
        self.isClassBody = isClassBody
    }
}
