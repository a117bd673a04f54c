import Foundation

/// The one way tutor writes a file (transcripts, exports, rewritten lessons, the progress file).
///
/// What happens depends on what the path names once its symbolic links are followed:
/// - a regular file, or nothing yet: a temporary file beside it is written, flushed to disk and
///   renamed over it, so a reader never sees half a file and a failed write leaves the old one
///   intact. An existing file keeps its permissions (and, where allowed, its owner); a new one
///   gets 0644 less the umask.
/// - a symbolic link (or a chain of them, relative or absolute): the final target is replaced as
///   above and the links stay links.
/// - a FIFO, a device, a socket or any other special file: it is opened and written directly,
///   as a shell's `>` would; replacing `/dev/null` with a regular file would break the machine.
/// - a folder: an error.
public enum FileWriter {
    /// Why a file could not be written.
    public struct WriteError: Error, CustomStringConvertible, Equatable {
        /// The path as the caller gave it.
        public let path: String
        /// What went wrong, in the system's words where it gave any.
        public let reason: String

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }

        public var description: String { "cannot write '\(path)': \(reason)" }
    }

    /// What a path names once its links are followed.
    enum Target {
        /// Nothing exists there yet; `path` is where the file will be created.
        case missing(path: String)
        case regular(path: String, status: stat)
        case folder(path: String)
        /// A FIFO, device, socket or other file that is not stored data.
        case special(path: String)
    }

    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    public static func write(_ data: Data, to path: String) throws {
        switch try target(of: path) {
        case .folder:
            throw WriteError(path: path, reason: "it is a folder")
        case .special(let target):
            try writeInPlace(data, to: target, reported: path)
        case .regular(let target, let status):
            try replace(target, with: data, keeping: status, reported: path)
        case .missing(let target):
            try replace(target, with: data, keeping: nil, reported: path)
        }
    }

    /// Creates a new file holding `data`, making its folder (and theirs) first; never
    /// replaces anything: when something already has this name, throws and leaves it alone.
    public static func create(_ data: Data, at path: String) throws {
        let dir = parent(of: path)
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: path, reason: "cannot make the folder '\(dir)'")
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else {
            let code = errno
            throw WriteError(path: path, reason: code == EEXIST ? "it already exists" : reason(code))
        }
        var failure = writeAll(fd, data)
        if failure == 0, fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure != 0 {
            // Only what this call created goes: nobody else's file had this name.
            unlink(path)
            throw WriteError(path: path, reason: reason(failure))
        }
    }

    /// Throws the error `write` would most likely throw, without writing anything: lets a command
    /// fail before a long session rather than lose its result at the end.
    public static func checkWritable(_ path: String) throws {
        let target: String
        switch try self.target(of: path) {
        case .folder: throw WriteError(path: path, reason: "it is a folder")
        case .special: return
        case .regular(let p, _), .missing(let p): target = p
        }
        let dir = parent(of: target)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw WriteError(path: path, reason: "the folder '\(dir)' does not exist")
        }
        if access(dir, W_OK) != 0 {
            throw WriteError(path: path, reason: "the folder '\(dir)' is not writable")
        }
    }

    /// The path a write to `path` changes: `path` itself unless it is a symbolic link, else the
    /// end of the chain of links (which need not exist yet).
    public static func resolvedPath(_ path: String) throws -> String {
        switch try target(of: path) {
        case .missing(let p), .regular(let p, _), .folder(let p), .special(let p): return p
        }
    }

    /// Follows symbolic links one at a time (as the kernel would, up to 40 of them), relative
    /// ones from the folder of the link that holds them.
    static func target(of path: String) throws -> Target {
        var current = path
        for _ in 0...40 {
            var status = stat()
            if lstat(current, &status) != 0 {
                let code = errno
                if code == ENOENT { return .missing(path: current) }
                throw WriteError(path: path, reason: reason(code))
            }
            switch status.st_mode & S_IFMT {
            case S_IFLNK:
                var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let n = readlink(current, &buffer, buffer.count - 1)
                guard n >= 0 else { throw WriteError(path: path, reason: reason(errno)) }
                let destination = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                current = destination.hasPrefix("/") ? destination : join(parent(of: current), destination)
            case S_IFREG: return .regular(path: current, status: status)
            case S_IFDIR: return .folder(path: current)
            default: return .special(path: current)
            }
        }
        throw WriteError(path: path, reason: reason(ELOOP))
    }

    /// Writes a temporary file beside `target`, then renames it over `target`.
    private static func replace(_ target: String, with data: Data, keeping existing: stat?, reported: String) throws {
        let dir = parent(of: target)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw WriteError(path: reported, reason: "the folder '\(dir)' does not exist")
        }
        let name = (target as NSString).lastPathComponent
        let temp = join(dir, ".\(name).\(UUID().uuidString).tmp")
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(path: reported, reason: reason(errno)) }
        var failure: Int32 = 0
        if let existing {
            // The owner first: chown clears set-id bits that the chmod then restores. Only root
            // (or an owner within their own groups) may chown; anyone else keeps a file of their own.
            _ = fchown(fd, existing.st_uid, existing.st_gid)
            if fchmod(fd, existing.st_mode & 0o7777) != 0 { failure = errno }
        }
        if failure == 0 { failure = writeAll(fd, data) }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure == 0, rename(temp, target) != 0 { failure = errno }
        if failure != 0 {
            unlink(temp)
            throw WriteError(path: reported, reason: reason(failure))
        }
        // The rename itself is durable once the folder is flushed; a failure here loses nothing.
        let dirFD = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            close(dirFD)
        }
    }

    /// Opens a special file (FIFO, device) and writes to it as it is.
    private static func writeInPlace(_ data: Data, to target: String, reported: String) throws {
        let fd = open(target, O_WRONLY | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw WriteError(path: reported, reason: reason(errno)) }
        var failure = writeAll(fd, data)
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure != 0 { throw WriteError(path: reported, reason: reason(failure)) }
    }

    /// Writes every byte, retrying after signals; returns 0 or the errno that stopped it.
    public static func writeAll(_ fd: Int32, _ data: Data) -> Int32 {
        data.withUnsafeBytes { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return 0 }
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fd, base + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if n == 0 { return EIO }
                offset += n
            }
            return 0
        }
    }

    /// The system's description of an errno value.
    public static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// The folder a path is in, as a path that can be opened ("." for a bare name).
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = path[..<slash]
        return dir.isEmpty ? "/" : String(dir)
    }

    /// `name` inside `dir`, without normalising `..` away (a link may point through `..`
    /// from a folder that is itself reached through a link).
    static func join(_ dir: String, _ name: String) -> String {
        dir.hasSuffix("/") ? dir + name : dir + "/" + name
    }
}
