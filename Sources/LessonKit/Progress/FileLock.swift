import Foundation

/// An exclusive advisory lock (`flock(2)`) on a lock file, held until `release()`.
///
/// The lock file is never removed: removing it would let a process that opened the old one
/// and one that creates a new one both believe they hold the lock.
struct FileLock {
    private let fd: Int32

    /// Creates the lock file (and its folders) when needed and waits for the lock.
    /// `reported` is the path errors name: the file the lock guards.
    init(path: String, reported: String) throws {
        let dir = FileWriter.parent(of: path)
        let made = Self.makeFolders(dir)
        if made != 0 {
            throw FileWriter.WriteError(path: reported, reason: "cannot create the folder '\(dir)': \(FileWriter.reason(made))")
        }
        // Read-only is enough for flock, and works for a lock file someone else created.
        let fd = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw FileWriter.WriteError(path: reported, reason: "cannot open the lock file '\(path)': \(FileWriter.reason(errno))")
        }
        while flock(fd, LOCK_EX) != 0 {
            let code = errno
            if code == EINTR { continue }
            close(fd)
            throw FileWriter.WriteError(path: reported, reason: "cannot lock '\(path)': \(FileWriter.reason(code))")
        }
        self.fd = fd
    }

    /// Releases the lock (closing the file releases it too, should the process die first).
    func release() {
        _ = flock(fd, LOCK_UN)
        close(fd)
    }

    /// `mkdir -p`: 0 when `dir` is a folder afterwards, else the errno that stopped it.
    static func makeFolders(_ dir: String) -> Int32 {
        var status = stat()
        if stat(dir, &status) == 0 { return status.st_mode & S_IFMT == S_IFDIR ? 0 : ENOTDIR }
        if mkdir(dir, 0o777) == 0 { return 0 }
        var code = errno
        if code == ENOENT {
            let up = FileWriter.parent(of: dir)
            guard up != dir else { return code }
            code = makeFolders(up)
            if code != 0 { return code }
            if mkdir(dir, 0o777) == 0 { return 0 }
            code = errno
        }
        // Another process may have made it meanwhile.
        if code == EEXIST, stat(dir, &status) == 0, status.st_mode & S_IFMT == S_IFDIR { return 0 }
        return code
    }
}
