/// Operators of binary expressions, by their Python spelling.
enum BinOp: String {
    case add = "+", sub = "-", mul = "*", div = "/", floorDiv = "//", mod = "%", pow = "**", matmul = "@"
    case bitAnd = "&", bitOr = "|", bitXor = "^", lshift = "<<", rshift = ">>"
}

enum UnaryOp: String {
    case neg = "-", pos = "+", invert = "~", not = "not"
}

enum CmpOp: String {
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case isOp = "is", isNot = "is not", inOp = "in", notIn = "not in"
}

/// One piece of an f-string: literal text or a replacement field.
enum FStringPart {
    case text(String)
    /// `{expr!conversion:spec}`; the spec may itself hold fields.
    case field(Expr, conversion: Character?, spec: [FStringPart])
}

/// An argument in a call: positional or `name=value`.
struct Argument {
    let name: String?
    let value: Expr
}

/// `for target in iterable if cond...` inside a comprehension.
struct Comprehension {
    let target: Expr
    let iterable: Expr
    let conditions: [Expr]
}

/// An expression and the line it starts on.
struct Expr {
    indirect enum Kind {
        case name(String)
        case int(Int)
        case float(Double)
        case string(String)
        case bool(Bool)
        case none
        case ellipsis
        case fstring([FStringPart])
        case list([Expr])
        case tuple([Expr])
        case dict([(Expr, Expr)])
        case listComp(Expr, [Comprehension])
        case dictComp(Expr, Expr, [Comprehension])
        case attribute(Expr, String)
        case index(Expr, Expr)
        case slice(Expr?, Expr?, Expr?)
        case call(Expr, [Argument])
        case binary(BinOp, Expr, Expr)
        case unary(UnaryOp, Expr)
        case compare(Expr, [(CmpOp, Expr)])
        case and([Expr])
        case or([Expr])
        case conditional(test: Expr, then: Expr, orElse: Expr)
    }

    let kind: Kind
    let line: Int
}

/// A function's parameter: a name and an optional default.
struct Parameter {
    let name: String
    let defaultValue: Expr?
}

struct FunctionDef {
    let name: String
    let parameters: [Parameter]
    let body: [Stmt]
    let line: Int
}

/// A statement and the line it starts on.
struct Stmt {
    indirect enum Kind {
        case expression(Expr)
        case assign(targets: [Expr], value: Expr)
        case augAssign(target: Expr, op: BinOp, value: Expr)
        case ifStmt(branches: [(Expr, [Stmt])], orElse: [Stmt])
        case whileStmt(test: Expr, body: [Stmt], orElse: [Stmt])
        case forStmt(target: Expr, iterable: Expr, body: [Stmt], orElse: [Stmt])
        case function(FunctionDef)
        case classDef(name: String, bases: [Expr], body: [Stmt])
        case returnStmt(Expr?)
        case pass
        case breakStmt
        case continueStmt
        case assert(Expr, message: Expr?)
        /// `import a.b as c` entries.
        case importModules([(module: String, alias: String?)])
        /// `from a import b as c`.
        case importFrom(module: String, names: [(name: String, alias: String?)])
        case delete([Expr])
        case raise(Expr?)
    }

    let kind: Kind
    let line: Int
}
