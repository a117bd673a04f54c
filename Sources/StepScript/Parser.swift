import TensorCore
/// Recursive-descent parser from tokens to statements, following Python's grammar for the
/// step language and naming any construct outside it.
struct Parser {
    private let tokens: [Token]
    private var pos = 0
    /// Added to every line number, for f-string fields parsed out of a token.
    private let lineBase: Int
    /// How deep the expression being parsed nests; evaluating it recurses as deep.
    private var depth = 0
    /// Python's compiler gives up between 2000 and 3000 levels; so does the step language,
    /// which keeps evaluation well inside the interpreter's stack.
    private static let maxDepth = 2000

    private static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
        "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
        "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
        "with", "yield",
    ]

    /// Constructs that are valid Python but not part of the step language, by keyword.
    private static let unsupportedKeywords: [String: String] = [
        "lambda": "lambda expressions", "try": "try statements", "with": "with statements",
        "yield": "generators (yield)", "global": "global statements", "nonlocal": "nonlocal statements",
        "async": "async functions", "await": "await expressions", "except": "try statements",
        "finally": "try statements",
    ]

    init(tokens: [Token], lineBase: Int = 0) {
        self.tokens = tokens
        self.lineBase = lineBase
    }

    /// Parses a whole source file.
    static func parse(_ source: String) throws -> [Stmt] {
        var parser = Parser(tokens: try Lexer.tokenize(source))
        return try parser.parseFile()
    }

    // MARK: Token helpers

    private var current: Token { tokens[pos] }
    private var line: Int { current.line + lineBase }

    private func isOp(_ op: String) -> Bool {
        if case .op(let o) = current.kind { return o == op }
        return false
    }

    private func isKeyword(_ word: String) -> Bool {
        if case .name(let n) = current.kind { return n == word }
        return false
    }

    private mutating func advance() { if pos < tokens.count - 1 { pos += 1 } }

    private mutating func accept(_ op: String) -> Bool {
        if isOp(op) { advance(); return true }
        return false
    }

    private mutating func acceptKeyword(_ word: String) -> Bool {
        if isKeyword(word) { advance(); return true }
        return false
    }

    private func error(_ message: String = "invalid syntax") -> PyError {
        PyError(.syntaxError, message, line: line)
    }

    private func describeCurrent() -> String {
        switch current.kind {
        case .name(let n): return "'\(n)'"
        case .op(let o): return "'\(o)'"
        case .newline: return "end of line"
        case .end: return "end of input"
        case .indent: return "indent"
        case .dedent: return "dedent"
        default: return "literal"
        }
    }

    private mutating func expect(_ op: String) throws {
        guard accept(op) else {
            if op == ")" || op == "]" || op == "}" {
                throw error("expected '\(op)' but found \(describeCurrent())")
            }
            throw error("expected '\(op)'")
        }
    }

    private mutating func expectKeyword(_ word: String) throws {
        guard acceptKeyword(word) else { throw error("expected '\(word)'") }
    }

    private mutating func expectName() throws -> String {
        if case .name(let n) = current.kind, !Parser.keywords.contains(n) {
            advance()
            return n
        }
        throw error()
    }

    private func unsupported(_ what: String) -> PyError {
        PyError(.notImplemented, "\(what) are not part of the step language", line: line)
    }

    // MARK: Statements

    mutating func parseFile() throws -> [Stmt] {
        var body = [Stmt]()
        while true {
            if case .end = current.kind { break }
            if case .newline = current.kind { advance(); continue }
            if case .indent = current.kind { throw PyError(.indentationError, "unexpected indent", line: line) }
            body += try parseStatement()
        }
        return body
    }

    private mutating func parseStatement() throws -> [Stmt] {
        if !ExecutionBudget.charge(256) { throw PyError.budgetSpent }
        if case .name(let word) = current.kind {
            switch word {
            case "if": return [try parseIf()]
            case "while": return [try parseWhile()]
            case "for": return [try parseFor()]
            case "def": return [try parseDef()]
            case "class": return [try parseClass()]
            default:
                if let what = Parser.unsupportedKeywords[word] { throw unsupported(what) }
            }
        }
        if isOp("@") { throw unsupported("decorators") }
        return try parseSimpleStatements()
    }

    /// `small; small; small NEWLINE`
    private mutating func parseSimpleStatements() throws -> [Stmt] {
        var result = [try parseSmallStatement()]
        while accept(";") {
            if case .newline = current.kind { break }
            result.append(try parseSmallStatement())
        }
        guard case .newline = current.kind else {
            if case .end = current.kind { return result }
            throw error()
        }
        advance()
        return result
    }

    private mutating func parseSmallStatement() throws -> Stmt {
        let l = line
        if case .name(let word) = current.kind {
            switch word {
            case "pass": advance(); return Stmt(kind: .pass, line: l)
            case "break": advance(); return Stmt(kind: .breakStmt, line: l)
            case "continue": advance(); return Stmt(kind: .continueStmt, line: l)
            case "return":
                advance()
                if case .newline = current.kind { return Stmt(kind: .returnStmt(nil), line: l) }
                if isOp(";") { return Stmt(kind: .returnStmt(nil), line: l) }
                return Stmt(kind: .returnStmt(try parseTestList()), line: l)
            case "assert":
                advance()
                let test = try parseTest()
                let msg = accept(",") ? try parseTest() : nil
                return Stmt(kind: .assert(test, message: msg), line: l)
            case "import": return try parseImport()
            case "from": return try parseFromImport()
            case "del":
                advance()
                var targets = [try parseBitOr()]
                while accept(",") { targets.append(try parseBitOr()) }
                return Stmt(kind: .delete(targets), line: l)
            case "raise":
                advance()
                if case .newline = current.kind { return Stmt(kind: .raise(nil), line: l) }
                let e = try parseTest()
                if acceptKeyword("from") { _ = try parseTest() }
                return Stmt(kind: .raise(e), line: l)
            default:
                if let what = Parser.unsupportedKeywords[word] { throw unsupported(what) }
            }
        }
        let first = try parseTestList(allowStar: true)
        if isOp("=") {
            var targets = [first]
            var value = first
            while accept("=") {
                value = try parseTestList(allowStar: true)
                targets.append(value)
            }
            targets.removeLast()
            for t in targets { try checkTarget(t) }
            return Stmt(kind: .assign(targets: targets, value: value), line: l)
        }
        if case .op(let o) = current.kind, o.count >= 2, o.hasSuffix("="), !["==", "!=", "<=", ">="].contains(o),
           let op = BinOp(rawValue: String(o.dropLast())) {
            advance()
            try checkTarget(first)
            if case .tuple = first.kind { throw error("'tuple' is an illegal expression for augmented assignment") }
            let value = try parseTestList()
            return Stmt(kind: .augAssign(target: first, op: op, value: value), line: l)
        }
        if isOp(":") { throw unsupported("variable annotations") }
        return Stmt(kind: .expression(first), line: l)
    }

    private func checkTarget(_ e: Expr) throws {
        switch e.kind {
        case .name, .attribute, .index: return
        case .tuple(let items), .list(let items): for i in items { try checkTarget(i) }
        case .call: throw PyError(.syntaxError, "cannot assign to function call here. Maybe you meant '==' instead of '='?", line: e.line)
        default: throw PyError(.syntaxError, "cannot assign to expression here. Maybe you meant '==' instead of '='?", line: e.line)
        }
    }

    private mutating func parseDottedName() throws -> String {
        var name = try expectName()
        while accept(".") { name += "." + (try expectName()) }
        return name
    }

    private mutating func parseImport() throws -> Stmt {
        let l = line
        advance()
        var modules = [(module: String, alias: String?)]()
        repeat {
            let m = try parseDottedName()
            let alias = acceptKeyword("as") ? try expectName() : nil
            modules.append((m, alias))
        } while accept(",")
        return Stmt(kind: .importModules(modules), line: l)
    }

    private mutating func parseFromImport() throws -> Stmt {
        let l = line
        advance()
        if isOp(".") { throw unsupported("relative imports") }
        let module = try parseDottedName()
        try expectKeyword("import")
        if isOp("*") { throw unsupported("star imports") }
        let paren = accept("(")
        var names = [(name: String, alias: String?)]()
        repeat {
            if paren && isOp(")") { break }
            let n = try expectName()
            names.append((n, acceptKeyword("as") ? try expectName() : nil))
        } while accept(",")
        if paren { try expect(")") }
        return Stmt(kind: .importFrom(module: module, names: names), line: l)
    }

    /// A suite after `:`: an indented block, or simple statements on the same line.
    private mutating func parseBlock() throws -> [Stmt] {
        try expect(":")
        if case .newline = current.kind {
            advance()
            guard case .indent = current.kind else {
                throw PyError(.indentationError, "expected an indented block", line: line)
            }
            advance()
            var body = [Stmt]()
            while true {
                if case .dedent = current.kind { advance(); break }
                if case .end = current.kind { break }
                if case .newline = current.kind { advance(); continue }
                if case .indent = current.kind { throw PyError(.indentationError, "unexpected indent", line: line) }
                body += try parseStatement()
            }
            return body
        }
        return try parseSimpleStatements()
    }

    private mutating func parseIf() throws -> Stmt {
        let l = line
        advance()
        var branches = [(try parseNamedTest(), try parseBlock())]
        var orElse = [Stmt]()
        while true {
            if acceptKeyword("elif") {
                branches.append((try parseNamedTest(), try parseBlock()))
            } else if acceptKeyword("else") {
                orElse = try parseBlock()
                break
            } else {
                break
            }
        }
        return Stmt(kind: .ifStmt(branches: branches, orElse: orElse), line: l)
    }

    private mutating func parseNamedTest() throws -> Expr {
        let e = try parseTest()
        if isOp(":=") { throw unsupported("assignment expressions (:=)") }
        return e
    }

    private mutating func parseWhile() throws -> Stmt {
        let l = line
        advance()
        let test = try parseNamedTest()
        let body = try parseBlock()
        let orElse = acceptKeyword("else") ? try parseBlock() : []
        return Stmt(kind: .whileStmt(test: test, body: body, orElse: orElse), line: l)
    }

    private mutating func parseTargetList() throws -> Expr {
        let l = line
        var items = [try parseBitOr()]
        var trailingComma = false
        while accept(",") {
            trailingComma = true
            if isKeyword("in") || isOp("=") { break }
            items.append(try parseBitOr())
            trailingComma = false
        }
        let target = items.count == 1 && !trailingComma ? items[0] : Expr(kind: .tuple(items), line: l)
        try checkTarget(target)
        return target
    }

    private mutating func parseFor() throws -> Stmt {
        let l = line
        advance()
        let target = try parseTargetList()
        try expectKeyword("in")
        let iterable = try parseTestList()
        let body = try parseBlock()
        let orElse = acceptKeyword("else") ? try parseBlock() : []
        return Stmt(kind: .forStmt(target: target, iterable: iterable, body: body, orElse: orElse), line: l)
    }

    private mutating func parseDef() throws -> Stmt {
        let l = line
        advance()
        let name = try expectName()
        try expect("(")
        var params = [Parameter]()
        var sawDefault = false
        while !isOp(")") {
            if isOp("*") || isOp("**") { throw unsupported("*args and **kwargs parameters") }
            if isOp("/") { throw unsupported("positional-only parameters") }
            let p = try expectName()
            if isOp(":") { advance(); _ = try parseTest() }
            var d: Expr? = nil
            if accept("=") {
                d = try parseTest()
                sawDefault = true
            } else if sawDefault {
                throw error("non-default argument follows default argument")
            }
            if params.contains(where: { $0.name == p }) {
                throw error("duplicate argument '\(p)' in function definition")
            }
            params.append(Parameter(name: p, defaultValue: d))
            if !accept(",") { break }
        }
        try expect(")")
        if accept("->") { _ = try parseTest() }
        let body = try parseBlock()
        return Stmt(kind: .function(FunctionDef(name: name, parameters: params, body: body, line: l)), line: l)
    }

    private mutating func parseClass() throws -> Stmt {
        let l = line
        advance()
        let name = try expectName()
        var bases = [Expr]()
        if accept("(") {
            while !isOp(")") {
                bases.append(try parseTest())
                if isOp("=") { throw unsupported("class keyword arguments") }
                if !accept(",") { break }
            }
            try expect(")")
        }
        let body = try parseBlock()
        return Stmt(kind: .classDef(name: name, bases: bases, body: body), line: l)
    }

    // MARK: Expressions

    /// `a, b, c` (a tuple when there is a comma), as on the right of `=` or after `return`.
    mutating func parseTestList(allowStar: Bool = false) throws -> Expr {
        let l = line
        if isOp("*") { throw unsupported("starred expressions") }
        let first = try parseTest()
        guard isOp(",") else { return first }
        var items = [first]
        while accept(",") {
            if isExpressionEnd() { break }
            if isOp("*") { throw unsupported("starred expressions") }
            items.append(try parseTest())
        }
        return Expr(kind: .tuple(items), line: l)
    }

    private func isExpressionEnd() -> Bool {
        switch current.kind {
        case .newline, .end: return true
        case .op(let o): return ["=", ")", "]", "}", ";", ":"].contains(o) || (o.hasSuffix("=") && o.count >= 2 && !["==", "!=", "<=", ">="].contains(o))
        default: return false
        }
    }

    /// Parses one level deeper, refusing expressions nested past `maxDepth` (as many levels
    /// more for a chain of `extra` binary operators).
    private mutating func nested<T>(extra: Int = 0, _ body: (inout Parser) throws -> T) throws -> T {
        if depth + extra >= Self.maxDepth {
            throw PyError(.recursionError, "maximum recursion depth exceeded during compilation", line: line)
        }
        depth += 1
        defer { depth -= 1 }
        return try body(&self)
    }

    mutating func parseTest() throws -> Expr {
        try nested { try $0.parseTestUnnested() }
    }

    private mutating func parseTestUnnested() throws -> Expr {
        if isKeyword("lambda") { throw unsupported("lambda expressions") }
        let l = line
        let body = try parseOr()
        if acceptKeyword("if") {
            let test = try parseOr()
            try expectKeyword("else")
            let orElse = try parseTest()
            return Expr(kind: .conditional(test: test, then: body, orElse: orElse), line: l)
        }
        return body
    }

    private mutating func parseOr() throws -> Expr {
        let l = line
        var items = [try parseAnd()]
        while acceptKeyword("or") { items.append(try parseAnd()) }
        return items.count == 1 ? items[0] : Expr(kind: .or(items), line: l)
    }

    private mutating func parseAnd() throws -> Expr {
        let l = line
        var items = [try parseNot()]
        while acceptKeyword("and") { items.append(try parseNot()) }
        return items.count == 1 ? items[0] : Expr(kind: .and(items), line: l)
    }

    private mutating func parseNot() throws -> Expr {
        let l = line
        if acceptKeyword("not") { return Expr(kind: .unary(.not, try nested { try $0.parseNot() }), line: l) }
        return try parseComparison()
    }

    private mutating func parseComparison() throws -> Expr {
        let l = line
        let left = try parseBitOr()
        var ops = [(CmpOp, Expr)]()
        while true {
            var op: CmpOp?
            if case .op(let o) = current.kind, let c = CmpOp(rawValue: o), !["is", "in"].contains(o) {
                op = c
                advance()
            } else if isKeyword("in") {
                advance()
                op = .inOp
            } else if isKeyword("is") {
                advance()
                op = acceptKeyword("not") ? .isNot : .isOp
            } else if isKeyword("not"), pos + 1 < tokens.count, case .name("in") = tokens[pos + 1].kind {
                advance()
                advance()
                op = .notIn
            }
            guard let found = op else { break }
            ops.append((found, try parseBitOr()))
        }
        return ops.isEmpty ? left : Expr(kind: .compare(left, ops), line: l)
    }

    private mutating func parseBinaryLevel(_ ops: [String], _ next: (inout Parser) throws -> Expr) throws -> Expr {
        var left = try next(&self)
        // Each operator in a chain nests the tree built so far one level deeper.
        var chain = 0
        while case .op(let o) = current.kind, ops.contains(o) {
            let l = line
            advance()
            chain += 1
            let right = try nested(extra: chain) { try next(&$0) }
            left = Expr(kind: .binary(BinOp(rawValue: o)!, left, right), line: min(left.line, l))
        }
        return left
    }

    private mutating func parseBitOr() throws -> Expr { try parseBinaryLevel(["|"]) { try $0.parseBitXor() } }
    private mutating func parseBitXor() throws -> Expr { try parseBinaryLevel(["^"]) { try $0.parseBitAnd() } }
    private mutating func parseBitAnd() throws -> Expr { try parseBinaryLevel(["&"]) { try $0.parseShift() } }
    private mutating func parseShift() throws -> Expr { try parseBinaryLevel(["<<", ">>"]) { try $0.parseArith() } }
    private mutating func parseArith() throws -> Expr { try parseBinaryLevel(["+", "-"]) { try $0.parseTerm() } }
    private mutating func parseTerm() throws -> Expr {
        try parseBinaryLevel(["*", "/", "//", "%", "@"]) { try $0.parseFactor() }
    }

    private mutating func parseFactor() throws -> Expr {
        let l = line
        if case .op(let o) = current.kind, o == "-" || o == "+" || o == "~" {
            advance()
            let operand = try nested { try $0.parseFactor() }
            // Fold negative literals so `-1` is a constant, as Python's parser effectively does.
            if o == "-" {
                if case .int(let v) = operand.kind { return Expr(kind: .int(-v), line: l) }
                if case .float(let v) = operand.kind { return Expr(kind: .float(-v), line: l) }
            }
            return Expr(kind: .unary(UnaryOp(rawValue: o)!, operand), line: l)
        }
        return try parsePower()
    }

    private mutating func parsePower() throws -> Expr {
        let l = line
        let base = try parsePrimary()
        if accept("**") {
            let exponent = try nested { try $0.parseFactor() }
            return Expr(kind: .binary(.pow, base, exponent), line: l)
        }
        return base
    }

    private mutating func parsePrimary() throws -> Expr {
        var e = try parseAtom()
        while true {
            let l = line
            if accept(".") {
                let name = try expectName()
                e = Expr(kind: .attribute(e, name), line: l)
            } else if isOp("(") {
                advance()
                e = Expr(kind: .call(e, try parseArguments()), line: e.line)
            } else if accept("[") {
                let index = try parseSubscriptList()
                try expect("]")
                e = Expr(kind: .index(e, index), line: e.line)
            } else {
                return e
            }
        }
    }

    private mutating func parseArguments() throws -> [Argument] {
        var args = [Argument]()
        var sawKeyword = false
        while !isOp(")") {
            if isOp("*") || isOp("**") { throw unsupported("*args and **kwargs in calls") }
            if case .name(let n) = current.kind, pos + 1 < tokens.count, case .op("=") = tokens[pos + 1].kind {
                advance()
                advance()
                if args.contains(where: { $0.name == n }) { throw error("keyword argument repeated: \(n)") }
                args.append(Argument(name: n, value: try parseTest()))
                sawKeyword = true
            } else {
                let value = try parseTest()
                if isKeyword("for") {
                    // A generator expression as the only argument: evaluated eagerly as a list.
                    let comps = try parseComprehensionClauses()
                    args.append(Argument(name: nil, value: Expr(kind: .listComp(value, comps), line: value.line)))
                } else {
                    if sawKeyword { throw error("positional argument follows keyword argument") }
                    args.append(Argument(name: nil, value: value))
                }
            }
            if !accept(",") { break }
        }
        try expect(")")
        return args
    }

    private mutating func parseSubscriptList() throws -> Expr {
        let l = line
        let first = try parseSubscriptItem()
        guard isOp(",") else { return first }
        var items = [first]
        while accept(",") {
            if isOp("]") { break }
            items.append(try parseSubscriptItem())
        }
        return Expr(kind: .tuple(items), line: l)
    }

    private mutating func parseSubscriptItem() throws -> Expr {
        let l = line
        var lower: Expr? = nil
        if !isOp(":") {
            lower = try parseTest()
            if !isOp(":") { return lower! }
        }
        try expect(":")
        var upper: Expr? = nil, step: Expr? = nil
        if !isOp(":") && !isOp("]") && !isOp(",") { upper = try parseTest() }
        if accept(":") {
            if !isOp("]") && !isOp(",") { step = try parseTest() }
        }
        return Expr(kind: .slice(lower, upper, step), line: l)
    }

    private mutating func parseComprehensionClauses() throws -> [Comprehension] {
        var comps = [Comprehension]()
        while acceptKeyword("for") {
            let target = try parseTargetList()
            try expectKeyword("in")
            let iterable = try parseOr()
            var conds = [Expr]()
            while acceptKeyword("if") { conds.append(try parseOr()) }
            comps.append(Comprehension(target: target, iterable: iterable, conditions: conds))
        }
        if isKeyword("async") { throw unsupported("async comprehensions") }
        return comps
    }

    private mutating func parseAtom() throws -> Expr {
        let l = line
        switch current.kind {
        case .int(let v): advance(); return Expr(kind: .int(v), line: l)
        case .float(let v): advance(); return Expr(kind: .float(v), line: l)
        case .string:
            return try parseStrings()
        case .name(let n):
            switch n {
            case "None": advance(); return Expr(kind: .none, line: l)
            case "True": advance(); return Expr(kind: .bool(true), line: l)
            case "False": advance(); return Expr(kind: .bool(false), line: l)
            default:
                if let what = Parser.unsupportedKeywords[n] { throw unsupported(what) }
                if Parser.keywords.contains(n) { throw error() }
                advance()
                return Expr(kind: .name(n), line: l)
            }
        case .op("("):
            advance()
            if accept(")") { return Expr(kind: .tuple([]), line: l) }
            if isOp("*") { throw unsupported("starred expressions") }
            let first = try parseTest()
            if isOp(":=") { throw unsupported("assignment expressions (:=)") }
            if isKeyword("for") {
                let comps = try parseComprehensionClauses()
                try expect(")")
                return Expr(kind: .listComp(first, comps), line: l)
            }
            if accept(")") { return first }
            var items = [first]
            while accept(",") {
                if isOp(")") { break }
                items.append(try parseTest())
            }
            try expect(")")
            return Expr(kind: .tuple(items), line: l)
        case .op("["):
            advance()
            if accept("]") { return Expr(kind: .list([]), line: l) }
            if isOp("*") { throw unsupported("starred expressions") }
            let first = try parseTest()
            if isKeyword("for") {
                let comps = try parseComprehensionClauses()
                try expect("]")
                return Expr(kind: .listComp(first, comps), line: l)
            }
            var items = [first]
            while accept(",") {
                if isOp("]") { break }
                items.append(try parseTest())
            }
            try expect("]")
            return Expr(kind: .list(items), line: l)
        case .op("{"):
            advance()
            if accept("}") { return Expr(kind: .dict([]), line: l) }
            if isOp("**") { throw unsupported("dict unpacking (**)") }
            let key = try parseTest()
            guard accept(":") else { throw unsupported("sets") }
            let value = try parseTest()
            if isKeyword("for") {
                let comps = try parseComprehensionClauses()
                try expect("}")
                return Expr(kind: .dictComp(key, value, comps), line: l)
            }
            var pairs = [(key, value)]
            while accept(",") {
                if isOp("}") { break }
                let k = try parseTest()
                try expect(":")
                pairs.append((k, try parseTest()))
            }
            try expect("}")
            return Expr(kind: .dict(pairs), line: l)
        case .op("..."):
            advance()
            return Expr(kind: .ellipsis, line: l)
        case .op(let o):
            if o == ")" || o == "]" || o == "}" { throw error("unmatched '\(o)'") }
            throw error()
        case .newline, .end:
            throw error("invalid syntax")
        case .indent:
            throw PyError(.indentationError, "unexpected indent", line: l)
        case .dedent:
            throw error()
        }
    }

    /// Adjacent string literals concatenate; any f-string among them makes the whole an f-string.
    private mutating func parseStrings() throws -> Expr {
        let l = line
        var parts = [FStringPart]()
        var anyF = false
        while case .string(let s, let isF) = current.kind {
            let tokenLine = current.line + lineBase
            advance()
            if isF {
                anyF = true
                parts += try Parser.parseFString(s, line: tokenLine)
            } else {
                parts.append(.text(s))
            }
        }
        if !anyF {
            let text = parts.map { if case .text(let t) = $0 { return t } else { return "" } }.joined()
            return Expr(kind: .string(text), line: l)
        }
        return Expr(kind: .fstring(parts), line: l)
    }

    /// Splits an f-string's text into literal parts and `{expr!c:spec}` fields.
    static func parseFString(_ s: String, line: Int) throws -> [FStringPart] {
        let chars = Array(s)
        var i = 0
        return try parseFStringParts(chars, &i, line: line, nested: false)
    }

    private static func parseFStringParts(_ chars: [Character], _ i: inout Int, line: Int, nested: Bool) throws -> [FStringPart] {
        var parts = [FStringPart]()
        var text = ""
        while i < chars.count {
            let c = chars[i]
            if nested && c == "}" { break }
            if c == "{" {
                if !nested && i + 1 < chars.count && chars[i + 1] == "{" {
                    text.append("{")
                    i += 2
                    continue
                }
                if !text.isEmpty { parts.append(.text(text)); text = "" }
                i += 1
                parts += try parseField(chars, &i, line: line)
                continue
            }
            if c == "}" {
                if i + 1 < chars.count && chars[i + 1] == "}" {
                    text.append("}")
                    i += 2
                    continue
                }
                throw PyError(.syntaxError, "f-string: single '}' is not allowed", line: line)
            }
            text.append(c)
            i += 1
        }
        if !text.isEmpty { parts.append(.text(text)) }
        return parts
    }

    /// A replacement field; `{x=}` (the debugging form) also yields its own text before the value.
    private static func parseField(_ chars: [Character], _ i: inout Int, line: Int) throws -> [FStringPart] {
        var depth = 0
        var quote: Character? = nil
        let start = i
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "(" || c == "[" || c == "{" {
                depth += 1
            } else if c == ")" || c == "]" || c == "}" {
                if depth == 0 { break }
                depth -= 1
            } else if depth == 0 && (c == ":" || (c == "!" && i + 1 < chars.count && chars[i + 1] != "=")) {
                break
            }
            i += 1
        }
        var exprText = String(chars[start..<i])
        // `{x = }` prints its own text, then the value (its repr unless a spec or conversion says otherwise).
        var debugText: String? = nil
        let body = exprText.reversed().drop { $0.isWhitespace }
        if body.first == "=", let before = body.dropFirst().first, !"=!<>".contains(before) {
            debugText = exprText
            exprText = String(String(body.dropFirst().reversed()))
        }
        if exprText.allSatisfy(\.isWhitespace) {
            throw PyError(.syntaxError, "f-string: empty expression not allowed", line: line)
        }
        var parser = Parser(tokens: try Lexer.tokenize("(" + exprText + ")"), lineBase: line - 1)
        let expr = try parser.parseTest()
        var conversion: Character? = nil
        if i < chars.count && chars[i] == "!" {
            i += 1
            guard i < chars.count, "rsa".contains(chars[i]) else {
                throw PyError(.syntaxError, "f-string: invalid conversion character: expected 's', 'r', or 'a'", line: line)
            }
            conversion = chars[i]
            i += 1
        }
        var spec = [FStringPart]()
        if i < chars.count && chars[i] == ":" {
            i += 1
            spec = try parseFStringParts(chars, &i, line: line, nested: true)
        }
        guard i < chars.count && chars[i] == "}" else {
            throw PyError(.syntaxError, "f-string: expecting '}'", line: line)
        }
        i += 1
        guard let text = debugText else { return [.field(expr, conversion: conversion, spec: spec)] }
        return [.text(text), .field(expr, conversion: conversion ?? (spec.isEmpty ? "r" : nil), spec: spec)]
    }
}
