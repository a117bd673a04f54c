import Foundation
import Testing

/// Every file tutor writes (`export -o`, `check --update`, `quiz --transcript`, the progress
/// file) goes through one write function: regular files are replaced atomically and keep their
/// mode, links are followed and stay links, FIFOs and devices are written in place, a folder is
/// an error, and a failed write leaves the old file as it was.
@Suite struct FileWriteTests {
    static let lessons = TutorBinary.lessonsDirectory.path

    func export(_ output: String, format: String = "md", lessons: String = lessons) throws -> TutorBinary.Run {
        try TutorBinary.run(["export", "1", "--format", format, "-o", output, "--lessons", lessons])
    }

    /// What `export 1 --format md` prints to stdout, to compare files with.
    func exported() throws -> String {
        let run = try TutorBinary.run(["export", "1", "--format", "md", "-o", "-", "--lessons", Self.lessons])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("# "))
        return run.stdout
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func link(_ path: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: destination)
    }

    func destination(_ path: String) throws -> String {
        try FileManager.default.destinationOfSymbolicLink(atPath: path)
    }

    // MARK: Regular files

    @Test func checkUpdateKeepsTheLessonsMode() throws {
        let (folder, lesson) = try TutorBinary.smallLesson()
        try #require(chmod(lesson.path, 0o600) == 0)
        let run = try TutorBinary.run(["check", "--update", "--lessons", folder.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try read(lesson.path).contains("```output\n4\n```"))
        #expect(TutorBinary.mode(lesson.path) == S_IFREG | 0o600)
    }

    @Test func exportOverAFileKeepsItsModeAndANewFileFollowsTheUmask() throws {
        let dir = try TutorBinary.temporaryDirectory()
        let existing = dir.appendingPathComponent("old.md").path
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: existing))
        try #require(chmod(existing, 0o640) == 0)
        #expect(try export(existing).status == 0)
        #expect(try read(existing) == (try exported()))
        #expect(TutorBinary.mode(existing) == S_IFREG | 0o640)

        for (umask, mode) in [("022", 0o644), ("077", 0o600)] as [(String, mode_t)] {
            let new = dir.appendingPathComponent("new-\(umask).md").path
            let end = try TutorBinary.runShell("umask \(umask); exec \"$TUTOR\" export 1 --format md -o '\(new)' --lessons '\(Self.lessons)'")
            #expect(end.exited(0), "\(end.stderr)")
            #expect(TutorBinary.mode(new) == S_IFREG | mode, "umask \(umask)")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    /// A temporary file beside a 240-byte name cannot exist: the rewrite fails, the lesson
    /// stays as it was, and the error names the file and the system's reason.
    @Test func aFailedRewriteLeavesTheLessonAlone() throws {
        let dir = try TutorBinary.temporaryDirectory()
        let lesson = dir.appendingPathComponent("01-" + String(repeating: "a", count: 234) + ".md")
        try Data(TutorBinary.smallLessonText.utf8).write(to: lesson)
        let run = try TutorBinary.run(["check", "--update", "--lessons", dir.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("tutor: error: cannot write '\(lesson.path)': File name too long"))
        #expect(try read(lesson.path) == TutorBinary.smallLessonText)
        #expect(run.stdout.hasSuffix("0 passed, 1 failed\n"))
    }

    // MARK: Links

    /// a -> b (relative), b -> .../sub/c (absolute), c -> ../final.md (relative to sub).
    @Test func aChainOfLinksIsFollowedAndStaysAChain() throws {
        let dir = try TutorBinary.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let a = dir.appendingPathComponent("a.md").path, b = dir.appendingPathComponent("b.md").path
        let c = dir.appendingPathComponent("sub/c.md").path, final = dir.appendingPathComponent("final.md").path
        try link(a, to: "b.md")
        try link(b, to: c)
        try link(c, to: "../final.md")
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: final))
        try #require(chmod(final, 0o600) == 0)

        let run = try export(a)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try destination(a) == "b.md")
        #expect(try destination(b) == c)
        #expect(try destination(c) == "../final.md")
        #expect(try read(final) == (try exported()))
        #expect(TutorBinary.mode(final) == S_IFREG | 0o600)
    }

    @Test func aLinkToNothingYetCreatesItsTarget() throws {
        let dir = try TutorBinary.temporaryDirectory()
        let path = dir.appendingPathComponent("t.md").path
        try link(path, to: "made.md")
        let run = try export(path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try destination(path) == "made.md")
        #expect(try read(dir.appendingPathComponent("made.md").path) == (try exported()))
    }

    @Test func aLinkedLessonIsRewrittenThroughItsLink() throws {
        let (real, lesson) = try TutorBinary.smallLesson()
        let folder = try TutorBinary.temporaryDirectory()
        let linked = folder.appendingPathComponent("01-small.md").path
        try link(linked, to: lesson.path)
        let run = try TutorBinary.run(["check", "--update", "--lessons", folder.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try destination(linked) == lesson.path)
        #expect(try read(lesson.path).contains("```output\n4\n```"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: real.path) == ["01-small.md"])
    }

    @Test func aLinkLoopIsAnError() throws {
        let dir = try TutorBinary.temporaryDirectory()
        let a = dir.appendingPathComponent("a.md").path
        try link(a, to: "b.md")
        try link(dir.appendingPathComponent("b.md").path, to: "a.md")
        let run = try export(a)
        #expect(run.status == 1)
        #expect(run.stderr == "tutor: error: cannot write '\(a)': Too many levels of symbolic links\n")
        #expect(try destination(a) == "b.md")
    }

    @Test func aTranscriptThroughALinkKeepsTheLink() throws {
        let dir = try TutorBinary.temporaryDirectory()
        let path = dir.appendingPathComponent("session.md").path
        let target = dir.appendingPathComponent("kept.md").path
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: target))
        try link(path, to: "kept.md")
        let run = try TutorBinary.run(["quiz", "1", "--transcript", path, "--lessons", Self.lessons], stdin: "6, 3\n",
                                      environment: ["XDG_STATE_HOME": try TutorBinary.temporaryDirectory().path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try destination(path) == "kept.md")
        #expect(try read(target).contains("**Your prediction:** `6, 3`"))
    }

    /// The progress file may live elsewhere (a dotfiles repository, say) behind a link.
    @Test func aLinkedProgressFileStaysALink() throws {
        let state = try TutorBinary.temporaryDirectory()
        let tutorState = state.appendingPathComponent("tutor")
        try FileManager.default.createDirectory(at: tutorState, withIntermediateDirectories: true)
        let elsewhere = try TutorBinary.temporaryDirectory().appendingPathComponent("progress.json").path
        try Data(#"{"version": 1, "lessons": {"3": {"attempts": 2, "best": {"correct": 5, "total": 8, "date": "2026-01-01T00:00:00Z"}}}}"#.utf8)
            .write(to: URL(fileURLWithPath: elsewhere))
        let progress = tutorState.appendingPathComponent("progress.json").path
        try link(progress, to: elsewhere)
        let run = try TutorBinary.run(["quiz", "1", "--lessons", Self.lessons], stdin: "6, 3\n", environment: ["XDG_STATE_HOME": state.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try destination(progress) == elsewhere)
        let saved = try read(elsewhere)
        #expect(saved.contains("\"1\""))
        #expect(saved.contains("\"3\""))
        #expect(FileManager.default.fileExists(atPath: progress + ".lock"))
    }

    // MARK: Special files

    /// The test itself is the reader: it opens the FIFO first (without waiting for a writer),
    /// and the export, smaller than the pipe's buffer, waits there until it is read.
    @Test func aFIFOWithAReaderGetsTheExportAndStaysAFIFO() throws {
        let fifo = try TutorBinary.temporaryDirectory().appendingPathComponent("out.fifo").path
        try TutorBinary.makeFIFO(fifo)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        try #require(reader >= 0)
        defer { close(reader) }
        let run = try export(fifo)
        #expect(run.status == 0, "\(run.stderr)")
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = Foundation.read(reader, &buffer, buffer.count)
            if n <= 0 { break }
            received.append(contentsOf: buffer[..<n])
        }
        #expect(String(decoding: received, as: UTF8.self) == (try exported()))
        #expect(TutorBinary.mode(fifo) & S_IFMT == S_IFIFO)
    }

    /// A character device made in a temporary folder (the kernel's null device, 1:3), never
    /// the machine's own /dev/null: it is written to and is still a device afterwards.
    @Test(.enabled(if: getuid() == 0, "mknod needs root"))
    func aCharacterDeviceIsWrittenNotReplaced() throws {
        let dir = try TutorBinary.temporaryDirectory()
        let device = dir.appendingPathComponent("null").path
        let made = try TutorBinary.runShell("mknod '\(device)' c 1 3")
        try #require(made.exited(0), "mknod: \(made.stderr)")
        let run = try export(device)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("wrote \(device)"))
        #expect(TutorBinary.mode(device) & S_IFMT == S_IFCHR)
        let transcript = try TutorBinary.run(["quiz", "1", "--transcript", device, "--lessons", Self.lessons], stdin: "6, 3\n",
                                             environment: ["XDG_STATE_HOME": dir.path])
        #expect(transcript.status == 0, "\(transcript.stderr)")
        #expect(TutorBinary.mode(device) & S_IFMT == S_IFCHR)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["null", "tutor"])
    }

    // MARK: Folders

    @Test func aFolderIsAClearError() throws {
        let dir = try TutorBinary.temporaryDirectory()
        // -o FOLDER writes NN-name.md inside it; here that name is itself a folder.
        let inside = dir.appendingPathComponent("01-attention-without-weights.md").path
        try FileManager.default.createDirectory(atPath: inside, withIntermediateDirectories: true)
        let run = try export(dir.path)
        #expect(run.status == 1)
        #expect(run.stderr == "tutor: error: cannot write '\(inside)': it is a folder\n")

        let linkToFolder = dir.appendingPathComponent("t.md").path
        try link(linkToFolder, to: inside)
        let quiz = try TutorBinary.run(["quiz", "1", "--transcript", linkToFolder, "--lessons", Self.lessons], stdin: "6, 3\n",
                                       environment: ["XDG_STATE_HOME": dir.path])
        #expect(quiz.status == 1)
        #expect(quiz.stderr.contains("tutor: error: cannot write the transcript '\(linkToFolder)': it is a folder"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: inside).isEmpty)
    }

    @Test func dashIsStandardOutput() throws {
        let dir = try TutorBinary.temporaryDirectory()
        let export = try TutorBinary.run(["export", "1", "--format", "md", "-o", "-", "--lessons", Self.lessons], directory: dir)
        #expect(export.stdout == (try exported()))
        let quiz = try TutorBinary.run(["quiz", "1", "--transcript", "-", "--lessons", Self.lessons], stdin: "6, 3\n",
                                       environment: ["XDG_STATE_HOME": dir.path], directory: dir)
        #expect(quiz.status == 0, "\(quiz.stderr)")
        #expect(quiz.stdout.contains("**Your prediction:** `6, 3`"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["tutor"])
        let both = try TutorBinary.run(["quiz", "1", "--transcript", "-", "--json", "--lessons", Self.lessons])
        #expect(both.status == 64)
    }
}
