import Foundation

/// Writes files so a reader never sees half of one and a failure leaves the old file intact:
/// write a temporary file beside the target, then rename it over the target.
public enum AtomicFile {
    /// Why a file could not be written.
    public struct WriteError: Error, CustomStringConvertible, Equatable {
        public let path: String
        public let reason: String
        public var description: String { "cannot write '\(path)': \(reason)" }
    }

    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw WriteError(path: path, reason: "the folder '\(dir)' does not exist")
        }
        let temp = URL(fileURLWithPath: dir).appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else {
            throw WriteError(path: path, reason: String(cString: strerror(errno)))
        }
        let written = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        let writeErrno = errno
        if !written || fsync(fd) != 0 || close(fd) != 0 {
            try? FileManager.default.removeItem(at: temp)
            throw WriteError(path: path, reason: String(cString: strerror(written ? errno : writeErrno)))
        }
        if rename(temp.path, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temp)
            throw WriteError(path: path, reason: reason)
        }
    }
}
