import TensorCore

/// A Python exception raised while parsing or running a step, with the line it happened on.
public struct PyError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The Python exception class, by the name Python prints.
    public struct Kind: RawRepresentable, Equatable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// `SyntaxError`: the source is not valid Python.
        public static let syntaxError = Kind(rawValue: "SyntaxError")
        /// `IndentationError`: inconsistent indentation.
        public static let indentationError = Kind(rawValue: "IndentationError")
        /// `NameError`: a name that is not defined (or not available in steps).
        public static let nameError = Kind(rawValue: "NameError")
        /// `TypeError`: an operation on a value of the wrong type or wrong argument count.
        public static let typeError = Kind(rawValue: "TypeError")
        /// `ValueError`: a value of the right type but not acceptable.
        public static let valueError = Kind(rawValue: "ValueError")
        /// `IndexError`: a sequence or tensor index out of range.
        public static let indexError = Kind(rawValue: "IndexError")
        /// `KeyError`: a missing dict key.
        public static let keyError = Kind(rawValue: "KeyError")
        /// `AttributeError`: an attribute that does not exist.
        public static let attributeError = Kind(rawValue: "AttributeError")
        /// `ZeroDivisionError`: division or modulo by zero.
        public static let zeroDivisionError = Kind(rawValue: "ZeroDivisionError")
        /// `AssertionError`: a failed `assert`.
        public static let assertionError = Kind(rawValue: "AssertionError")
        /// `RuntimeError`: PyTorch's error for shape mismatches and the like.
        public static let runtimeError = Kind(rawValue: "RuntimeError")
        /// `RecursionError`: too many nested calls.
        public static let recursionError = Kind(rawValue: "RecursionError")
        /// `OverflowError`: a number too large.
        public static let overflowError = Kind(rawValue: "OverflowError")
        /// `ImportError`: importing a module steps may not use.
        public static let importError = Kind(rawValue: "ImportError")
        /// `ModuleNotFoundError`: importing a module that does not exist.
        public static let moduleNotFoundError = Kind(rawValue: "ModuleNotFoundError")
        /// `UnboundLocalError`: a local read before assignment.
        public static let unboundLocalError = Kind(rawValue: "UnboundLocalError")
        /// `NotImplementedError`: valid Python that is outside the step language.
        public static let notImplemented = Kind(rawValue: "NotImplementedError")
        /// `TimeoutError`: the step ran longer than the tutor allows.
        public static let timeoutError = Kind(rawValue: "TimeoutError")
        /// `MemoryError`: a value larger than the tutor allows.
        public static let memoryError = Kind(rawValue: "MemoryError")
        /// `UnicodeDecodeError`: the file is not UTF-8 text.
        public static let unicodeDecodeError = Kind(rawValue: "UnicodeDecodeError")
        /// `StopIteration`: `next()` past the end.
        public static let stopIteration = Kind(rawValue: "StopIteration")
    }

    public let kind: Kind
    public let message: String
    /// Line within the source the error belongs to; nil until the evaluator stamps it.
    public var line: Int?

    public init(_ kind: Kind, _ message: String, line: Int? = nil) {
        self.kind = kind
        self.message = message
        self.line = line
    }

    /// `ErrorType: message`, as the last line of a Python traceback shows it.
    public var description: String {
        message.isEmpty ? kind.rawValue : "\(kind.rawValue): \(message)"
    }

    /// Raised by the lexer and parser when the run's budget is spent; the interpreter words it.
    static let budgetSpent = PyError(.timeoutError, "")

    /// The tensor core's errors become the Python exceptions PyTorch raises.
    init(_ error: TensorError) {
        self.init(Kind(rawValue: error.kind.rawValue), error.message)
    }
}
