import Foundation

/// Reads a whole input by reading its stream to the end, so a pipe, a FIFO, `/dev/stdin` or
/// `/dev/null` reads like a file (FileManager's `contents(atPath:)` refuses all of them).
public enum FileReader {
    /// Why an input could not be read.
    public struct ReadError: Error, CustomStringConvertible, Equatable {
        /// The path as the caller gave it.
        public let path: String
        /// What went wrong: "no such file", "it is a folder", or the system's words.
        public let reason: String

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }

        public var description: String { "cannot read '\(path)': \(reason)" }
    }

    /// The bytes of `path`; `-` and `/dev/stdin` are standard input (read as it stands, which
    /// also works when it is a socket, where opening `/dev/stdin` again fails).
    public static func read(_ path: String) throws -> Data {
        if path == "-" || path == "/dev/stdin" { return try read(descriptor: STDIN_FILENO, reported: path) }
        let fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            throw ReadError(path: path, reason: code == ENOENT ? "no such file" : FileWriter.reason(code))
        }
        defer { close(fd) }
        var status = stat()
        if fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
            throw ReadError(path: path, reason: "it is a folder")
        }
        return try read(descriptor: fd, reported: path)
    }

    /// Everything `fd` yields until the end of the stream.
    public static func read(descriptor fd: Int32, reported path: String) throws -> Data {
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadError(path: path, reason: FileWriter.reason(errno))
            }
            if n == 0 { return data }
            data.append(contentsOf: chunk[..<n])
        }
    }

    /// Splits text into lines at LF, CRLF or a lone CR; a final line end ends the last line
    /// rather than starting an empty one.
    public static func lines(_ text: String) -> [String] {
        if text.isEmpty { return [] }
        // "\r\n" is one Character in Swift, so splitting at "\n" alone would miss it.
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }.map(String.init)
        if let last = text.last, last == "\n" || last == "\r\n" || last == "\r" { lines.removeLast() }
        return lines
    }
}
