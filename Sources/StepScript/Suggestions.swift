/// "Did you mean" for names and attributes, by Python's own rule (3.10 and later): the
/// candidate with the smallest edit distance, where a changed letter costs 2 and a change of
/// case 1, and no more than a third of the characters involved may change. Python offers
/// nothing when the object has 750 names or more, so neither does tutor for `torch` and
/// tensors, whose real counterparts have that many.
enum Suggestions {
    static let moveCost = 2
    static let caseCost = 1
    /// Python looks no further than this many candidates.
    static let maxCandidates = 750
    /// Nor compares names longer than this (in bytes) once common ends are trimmed.
    static let maxLength = 40

    /// The closest candidate to `name`, or nil when none is close enough. Candidates are
    /// tried in order; the first of equally close ones wins.
    static func closest(to name: String, among candidates: [String]) -> String? {
        guard candidates.count < maxCandidates else { return nil }
        let target = Array(name.utf8)
        var best: (name: String, distance: Int)? = nil
        for candidate in candidates where candidate != name {
            let bytes = Array(candidate.utf8)
            var limit = (target.count + bytes.count + 3) * moveCost / 6
            if let b = best { limit = min(limit, b.distance - 1) }
            let d = distance(target, bytes, limit: limit)
            if d <= limit && (best == nil || d < best!.distance) { best = (candidate, d) }
        }
        return best?.name
    }

    static func substitutionCost(_ a: UInt8, _ b: UInt8) -> Int {
        if a == b { return 0 }
        func lower(_ c: UInt8) -> UInt8 { (65...90).contains(c) ? c + 32 : c }
        return a & 31 == b & 31 && lower(a) == lower(b) ? caseCost : moveCost
    }

    /// The weighted edit distance of `a` and `b`, or `limit + 1` as soon as it must exceed `limit`.
    static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        var a = a[...], b = b[...]
        while let x = a.first, let y = b.first, x == y { a = a.dropFirst(); b = b.dropFirst() }
        while let x = a.last, let y = b.last, x == y { a = a.dropLast(); b = b.dropLast() }
        if a.isEmpty || b.isEmpty { return (a.count + b.count) * moveCost }
        if a.count > maxLength || b.count > maxLength { return limit + 1 }
        if b.count < a.count { swap(&a, &b) }
        if (b.count - a.count) * moveCost > limit { return limit + 1 }
        let short = Array(a), long = Array(b)
        // One row of the distance table, updated in place: row[i] is the cost of turning the
        // part of `long` read so far into short[...i].
        var row = (1...short.count).map { $0 * moveCost }
        var result = 0
        for (j, code) in long.enumerated() {
            var diagonal = j * moveCost
            result = diagonal
            var smallest = Int.max
            for i in short.indices {
                let substitute = diagonal + substitutionCost(code, short[i])
                diagonal = row[i]
                result = min(min(result, diagonal) + moveCost, substitute)
                row[i] = result
                smallest = min(smallest, result)
            }
            if smallest > limit { return limit + 1 }
        }
        return result
    }

    /// The names of Python 3.11's builtins module in its dict's order, which is the order
    /// Python tries them in: the builtins "Did you mean" offers are Python's, not only the
    /// step language's.
    static let pythonBuiltins: [String] = [
        "__name__", "__doc__", "__package__", "__loader__", "__spec__", "__build_class__", "__import__",
        "abs", "all", "any", "ascii", "bin", "breakpoint", "callable", "chr", "compile", "delattr", "dir",
        "divmod", "eval", "exec", "format", "getattr", "globals", "hasattr", "hash", "hex", "id", "input",
        "isinstance", "issubclass", "iter", "aiter", "len", "locals", "max", "min", "next", "anext", "oct",
        "ord", "pow", "print", "repr", "round", "setattr", "sorted", "sum", "vars", "None", "Ellipsis",
        "NotImplemented", "False", "True", "bool", "memoryview", "bytearray", "bytes", "classmethod",
        "complex", "dict", "enumerate", "filter", "float", "frozenset", "property", "int", "list", "map",
        "object", "range", "reversed", "set", "slice", "staticmethod", "str", "super", "tuple", "type",
        "zip", "__debug__", "BaseException", "BaseExceptionGroup", "Exception", "GeneratorExit",
        "KeyboardInterrupt", "SystemExit", "ArithmeticError", "AssertionError", "AttributeError",
        "BufferError", "EOFError", "ImportError", "LookupError", "MemoryError", "NameError", "OSError",
        "ReferenceError", "RuntimeError", "StopAsyncIteration", "StopIteration", "SyntaxError",
        "SystemError", "TypeError", "ValueError", "Warning", "FloatingPointError", "OverflowError",
        "ZeroDivisionError", "BytesWarning", "DeprecationWarning", "EncodingWarning", "FutureWarning",
        "ImportWarning", "PendingDeprecationWarning", "ResourceWarning", "RuntimeWarning", "SyntaxWarning",
        "UnicodeWarning", "UserWarning", "BlockingIOError", "ChildProcessError", "ConnectionError",
        "FileExistsError", "FileNotFoundError", "InterruptedError", "IsADirectoryError",
        "NotADirectoryError", "PermissionError", "ProcessLookupError", "TimeoutError", "IndentationError",
        "IndexError", "KeyError", "ModuleNotFoundError", "NotImplementedError", "RecursionError",
        "UnboundLocalError", "UnicodeError", "BrokenPipeError", "ConnectionAbortedError",
        "ConnectionRefusedError", "ConnectionResetError", "TabError", "UnicodeDecodeError",
        "UnicodeEncodeError", "UnicodeTranslateError", "ExceptionGroup", "EnvironmentError", "IOError",
        "open", "quit", "exit", "copyright", "credits", "license", "help"
    ]

    /// Python's trailer: `. Did you mean: 'inputs'?`, or nothing.
    static func trailer(_ suggestion: String?) -> String {
        suggestion.map { ". Did you mean: \(Interpreter.quote($0))?" } ?? ""
    }
}
