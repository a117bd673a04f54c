import Foundation
import Testing

/// Standard output that fails: a full disk (/dev/full), a closed descriptor, a reader that
/// goes away. Every command ends with exit status 1, never a crash or a signal; a full disk
/// or a closed stdout says so in one line on stderr, a reader that left gets silence.
@Suite struct StandardOutputTests {
    static let lessons = TutorBinary.lessonsDirectory.path

    /// One of every command that prints, with what it needs.
    static func commands() throws -> [[String]] {
        let dir = try TutorBinary.temporaryDirectory()
        let script = dir.appendingPathComponent("step.py")
        try Data("import torch\nprint(torch.ones(2, 3))\n".utf8).write(to: script)
        let answers = dir.appendingPathComponent("answers.txt")
        try Data("6, 3\n".utf8).write(to: answers)
        return [
            ["list", "--lessons", lessons],
            ["run", "1", "--lessons", lessons],
            ["run", "1", "--json", "--lessons", lessons],
            ["check", "1", "--lessons", lessons],
            ["exec", script.path],
            ["export", "1", "--format", "md", "-o", "-", "--lessons", lessons],
            ["quiz", "1", "--answers", answers.path, "--lessons", lessons],
            ["quiz", "1", "--answers", answers.path, "--json", "--lessons", lessons],
            ["--help"],
        ]
    }

    func state() throws -> [String: String] {
        ["XDG_STATE_HOME": try TutorBinary.temporaryDirectory().path]
    }

    @Test func aFullDiskIsOneLineOnStderrAndExitOne() throws {
        for command in try Self.commands() {
            let full = try FileHandle(forWritingAtPath: "/dev/full").unwrap("/dev/full")
            defer { try? full.close() }
            let end = try TutorBinary.run(command, standardOutput: full, environment: try state())
            #expect(end.exited(1), "\(command): \(end.reason) \(end.status) \(end.stderr)")
            #expect(end.stderr == "tutor: error: cannot write to standard output: No space left on device\n", "\(command)")
        }
    }

    @Test func aClosedStandardOutputIsAnErrorNotSilence() throws {
        for command in try Self.commands() {
            let quoted = command.map { "'\($0)'" }.joined(separator: " ")
            let end = try TutorBinary.runShell("exec \"$TUTOR\" \(quoted) >&-", environment: try state())
            #expect(end.exited(1), "\(command): \(end.reason) \(end.status) \(end.stderr)")
            #expect(end.stderr == "tutor: error: cannot write to standard output: Bad file descriptor\n", "\(command)")
        }
    }

    /// A pipe with no reader at all: the first write fails with EPIPE.
    @Test func aPipeWithoutAReaderEndsQuietly() throws {
        for command in try Self.commands() {
            var fds: [Int32] = [0, 0]
            try #require(pipe(&fds) == 0)
            close(fds[0])
            let writer = FileHandle(fileDescriptor: fds[1], closeOnDealloc: true)
            let end = try TutorBinary.run(command, standardOutput: writer, environment: try state())
            try writer.close()
            #expect(end.exited(1), "\(command): \(end.reason) \(end.status) \(end.stderr)")
            #expect(end.stderr == "", "\(command)")
        }
    }

    /// `tutor exec big.py | head -c 100`: the reader takes a little, then closes while tutor
    /// is still writing (well past what the pipe buffers).
    @Test func aReaderThatClosesEarlyEndsItQuietly() throws {
        let script = try TutorBinary.temporaryDirectory().appendingPathComponent("big.py")
        try Data("for i in range(4000):\n    print('x' * 100)\n".utf8).write(to: script)
        let pipe = Pipe()
        let process = Process()
        process.executableURL = TutorBinary.url
        process.arguments = ["exec", script.path]
        let errURL = try TutorBinary.temporaryDirectory().appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = pipe
        process.standardError = err
        try process.run()
        try pipe.fileHandleForWriting.close()
        let head = try pipe.fileHandleForReading.read(upToCount: 100)
        #expect(head?.count == 100)
        try pipe.fileHandleForReading.close()
        process.waitUntilExit()
        try err.close()
        #expect(process.terminationReason == .exit, "killed by signal \(process.terminationStatus)")
        #expect(process.terminationStatus == 1)
        #expect(try String(contentsOf: errURL, encoding: .utf8) == "")
    }

    /// The same through a shell pipeline, as a learner types it.
    @Test func runPipedIntoHeadExitsOneWithoutASignal() throws {
        let dir = try TutorBinary.temporaryDirectory()
        let script = dir.appendingPathComponent("big.py"), out = dir.appendingPathComponent("status")
        try Data("for i in range(4000):\n    print('x' * 100)\n".utf8).write(to: script)
        let end = try TutorBinary.runShell("{ \"$TUTOR\" exec '\(script.path)'; echo $? > '\(out.path)'; } | head -n 1 > /dev/null")
        #expect(end.exited(0))
        #expect(end.stderr == "")
        // 141 would be death by SIGPIPE.
        #expect(try String(contentsOf: out, encoding: .utf8) == "1\n")
    }
}
