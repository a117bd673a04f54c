import Foundation

/// What running a whole script produced: everything it printed, then the error that stopped it.
public struct ScriptResult: Sendable {
    public let output: String
    public let error: PyError?
}

/// Runs step-language scripts with plain script semantics (no echo of expressions).
public enum ScriptRunner {
    /// Decodes a file's bytes as UTF-8, or reports where it is not, as Python's tokenizer would.
    public static func decode(_ data: Data) -> Result<String, PyError> {
        let bytes = [UInt8](data)
        if let text = String(validating: bytes, as: UTF8.self) {
            return .success(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        }
        // Find the first byte that is not part of a valid sequence, for the message.
        var offset = 0
        while offset < bytes.count {
            let b = bytes[offset]
            let length = b < 0x80 ? 1 : (b >> 5 == 0b110 ? 2 : (b >> 4 == 0b1110 ? 3 : (b >> 3 == 0b11110 ? 4 : 0)))
            let end = offset + length
            if length == 0 || end > bytes.count || String(validating: bytes[offset..<end], as: UTF8.self) == nil { break }
            offset = end
        }
        // Lines end at LF, CRLF or a lone CR, as Python counts them.
        let before = bytes[..<min(offset, bytes.count)]
        let line = zip(before, before.dropFirst().map(Optional.some) + [nil]).filter { b, next in
            b == 0x0A || (b == 0x0D && next != 0x0A)
        }.count + 1
        let byte = offset < bytes.count ? String(format: "0x%02x", bytes[offset]) : "?"
        let reason = offset < bytes.count && bytes[offset] >> 6 == 0b10 ? "invalid start byte" : "invalid continuation byte"
        return .failure(PyError(.syntaxError, "(unicode error) 'utf-8' codec can't decode byte \(byte) in position \(offset): \(reason)", line: line))
    }

    /// Runs `source` in a fresh namespace (the interpreter runs it on a thread with room for
    /// deep recursion).
    public static func run(_ source: String, limits: Limits = Limits()) -> ScriptResult {
        let interpreter = Interpreter(limits: limits)
        do {
            try interpreter.runScript(source)
            return ScriptResult(output: interpreter.output, error: nil)
        } catch let e as PyError {
            return ScriptResult(output: interpreter.output, error: e)
        } catch {
            return ScriptResult(output: interpreter.output, error: PyError(.runtimeError, "\(error)"))
        }
    }
}

/// Runs `body` on a thread with a 512 MiB stack, so a step nested 1000 calls deep fails
/// with RecursionError rather than overflowing the native stack. On such a thread already,
/// it runs `body` right there.
public func withLargeStack<T>(_ body: @escaping () -> T) -> T {
    if LargeStack.isCurrent { return body() }
    let box = LargeStackBox(body)
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        LargeStack.markCurrent()
        box.value = box.body?()
        // Let go of the closure before the caller goes on: it may not outlive the call.
        box.body = nil
        done.signal()
    }
    thread.stackSize = LargeStack.bytes
    thread.start()
    done.wait()
    return box.value!
}

/// `withLargeStack` for a body that throws.
func withLargeStack<T>(throwing body: @escaping () throws -> T) throws -> T {
    try withLargeStack { Result { try body() } }.get()
}

/// Which threads have the large stack.
enum LargeStack {
    static let bytes = 512 << 20

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    static var isCurrent: Bool { pthread_getspecific(key) != nil }

    static func markCurrent() {
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: 1))
    }
}

/// Carries the closure and its result across the thread boundary.
private final class LargeStackBox<T>: @unchecked Sendable {
    var value: T?
    var body: (() -> T)?
    init(_ body: @escaping () -> T) { self.body = body }
}
