import Foundation
import LessonKit

/// Standard output and standard error, written with write(2) so that a failure is seen.
///
/// Swift's `print` buffers through stdio and drops write errors, and `FileHandle.write` traps
/// on them, so every byte tutor prints goes through `printOut` and `printError` instead.
enum Streams {
    /// Readies the standard streams before any command runs.
    static func prepare() {
        // A reader that goes away must not kill tutor with a signal: writes then fail with
        // EPIPE, which `printOut` (and a FIFO's writer) handle.
        signal(SIGPIPE, SIG_IGN)
        // A parent may start tutor with signals blocked (a test runner's thread, say), and a
        // child keeps its parent's mask: unblock them, so Ctrl-C and kill stop tutor as they
        // stop any program.
        var none = sigset_t()
        sigemptyset(&none)
        sigprocmask(SIG_SETMASK, &none, nil)
        // A closed 0, 1 or 2 would be handed to the next file tutor opens, and output meant for
        // the terminal would land in a lesson or an export. Hold each closed one with /dev/null:
        // read-only for stdout, so writing there still fails with EBADF as it would have.
        for fd in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let held = open("/dev/null", fd == STDERR_FILENO ? O_WRONLY : O_RDONLY)
            if held >= 0, held != fd {
                dup2(held, fd)
                close(held)
            }
        }
    }

    /// Ends tutor after standard output failed: quietly when the reader went away (as
    /// `head` does), with one line on stderr otherwise.
    static func standardOutputFailed(_ code: Int32) -> Never {
        if code != EPIPE {
            printError("tutor: error: cannot write to standard output: \(String(cString: strerror(code)))")
        }
        exit(1)
    }
}

/// Writes to standard output, unbuffered. When it cannot (a full disk, a closed descriptor, a
/// reader that went away) tutor stops at once with exit status 1: there is no one to tell.
///
/// It stops rather than throws because prompts are written from deep inside a quiz session,
/// and nothing tutor keeps is half-written at that point (files are replaced atomically).
func printOut(_ text: String, terminator: String = "\n") {
    let code = FileWriter.writeAll(STDOUT_FILENO, Data((text + terminator).utf8))
    if code != 0 { Streams.standardOutputFailed(code) }
}

/// Writes a line to standard error; if even that fails there is nowhere left to say so.
func printError(_ text: String) {
    _ = FileWriter.writeAll(STDERR_FILENO, Data((text + "\n").utf8))
}

/// Writes a command's file output: `-` is standard output, anything else goes through
/// `FileWriter` (atomic for files, links followed, FIFOs and devices written in place).
func writeOutput(_ text: String, to path: String) throws {
    if path == "-" {
        printOut(text, terminator: "")
    } else {
        try FileWriter.write(text, to: path)
    }
}

/// Lines from standard input as they arrive, ending at LF, CRLF or a lone CR, like the lines
/// of an `--answers` file. (Swift's `readLine` leaves a CR-only file as one line.) It reads no
/// further than it must, so a program that answers each prompt in turn is not kept waiting.
final class StandardInputLines {
    private var buffer: [UInt8] = []
    private var atEnd = false
    /// The last line ended with CR: an LF that comes next belongs to it.
    private var skipLF = false

    /// The next line without its line end, or nil at the end of the input.
    func next() -> String? {
        while true {
            if skipLF, let first = buffer.first {
                if first == UInt8(ascii: "\n") { buffer.removeFirst() }
                skipLF = false
            }
            if let end = buffer.firstIndex(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
                let line = String(decoding: buffer[..<end], as: UTF8.self)
                skipLF = buffer[end] == UInt8(ascii: "\r")
                buffer.removeSubrange(...end)
                return line
            }
            if atEnd {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                return String(decoding: buffer, as: UTF8.self)
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { atEnd = true } else { buffer.append(contentsOf: chunk[..<n]) }
        }
    }
}
