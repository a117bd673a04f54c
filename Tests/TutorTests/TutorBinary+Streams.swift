import Foundation
import Testing

/// Running `tutor` with a standard output the test chooses (`/dev/full`, a pipe nobody reads, a
/// closed descriptor), and the lesson files and FIFOs those tests need.
extension TutorBinary {
    /// How a run ended, and what it said on stderr.
    struct Ending {
        let status: Int32
        /// `.uncaughtSignal` when a signal (SIGPIPE, a trap) killed it.
        let reason: Process.TerminationReason
        let stderr: String

        /// Ended by `exit` with `status`, not by a signal.
        func exited(_ code: Int32) -> Bool { reason == .exit && status == code }
    }

    static let lessonsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Lessons")

    /// Runs `executable` (tutor by default) with `standardOutput` as its stdout; stdin is
    /// `stdin` through a pipe, or empty.
    static func run(_ arguments: [String], standardOutput: FileHandle, stdin: String = "",
                    environment: [String: String] = [:], executable: URL = url) throws -> Ending {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let errURL = dir.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let err = try FileHandle(forWritingTo: errURL)
        let input = Pipe()
        process.standardOutput = standardOutput
        process.standardError = err
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        try err.close()
        return Ending(status: process.terminationStatus, reason: process.terminationReason,
                      stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    /// Runs tutor through `/bin/sh -c script`, where `$TUTOR` is the binary: for what only a
    /// shell sets up (a closed stdout, a umask).
    static func runShell(_ script: String, environment: [String: String] = [:]) throws -> Ending {
        let out = try FileHandle(forWritingAtPath: "/dev/null").unwrap()
        defer { try? out.close() }
        return try run(["-c", script], standardOutput: out, environment: environment.merging(["TUTOR": url.path]) { $1 },
                       executable: URL(fileURLWithPath: "/bin/sh"))
    }

    /// A lessons folder holding one small lesson whose output block is wrong (`check --update`
    /// rewrites it), with one quiz question.
    static func smallLesson() throws -> (folder: URL, file: URL) {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("01-small.md")
        try Data(smallLessonText.utf8).write(to: file)
        return (dir, file)
    }

    static let smallLessonText = "# Small\n\n```python\nx = 2 + 2\nprint(x)\n```\n\n```quiz\nask: What is x?\nanswer: x\n```\n\n```output\n5\n```\n"

    /// Makes a FIFO at `path`.
    static func makeFIFO(_ path: String) throws {
        try #require(mkfifo(path, 0o600) == 0, "mkfifo \(path): \(String(cString: strerror(errno)))")
    }

    /// Starts `/bin/sh -c script` in the background (a FIFO's other end); wait on the result.
    static func background(_ script: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        try process.run()
        return process
    }

    /// The file's type and permission bits, without following a final link.
    static func mode(_ path: String) -> mode_t {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode : 0
    }
}

extension Optional {
    /// The value, or a failed test.
    func unwrap(_ what: String = "value", sourceLocation: SourceLocation = #_sourceLocation) throws -> Wrapped {
        try #require(self, "\(what) is nil", sourceLocation: sourceLocation)
    }
}
