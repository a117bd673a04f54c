import Foundation
import Testing

/// A lessons folder holding things that are not lesson files: each is named in an error and
/// the real lessons still list — nothing blocks on a FIFO, reads a device forever or loads a
/// file of any size.
@Suite struct SpecialLessonFilesTests {
    @Test func specialFilesInTheLessonsFolderAreRefusedByName() throws {
        let dir = try TutorBinary.temporaryDirectory()
        try Data("# Real\n\n```python\nprint(1)\n```\n".utf8).write(to: dir.appendingPathComponent("01-real.md"))
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("02-folder.md"), withIntermediateDirectories: true)
        #expect(mkfifo(dir.appendingPathComponent("03-fifo.md").path, 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("04-zero.md").path, withDestinationPath: "/dev/zero")
        // A sparse file: 17 MiB long without writing 17 MiB.
        let big = dir.appendingPathComponent("05-big.md").path
        #expect(FileManager.default.createFile(atPath: big, contents: nil))
        #expect(truncate(big, 17 << 20) == 0)

        let run = try TutorBinary.run(["list", "--lessons", dir.path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("Real"))
        #expect(run.stderr.contains("02-folder.md: error: cannot read the lesson: it is a folder, not a lesson file"))
        #expect(run.stderr.contains("03-fifo.md: error: cannot read the lesson: it is not a regular file"))
        #expect(run.stderr.contains("04-zero.md: error: cannot read the lesson: it is not a regular file"))
        #expect(run.stderr.contains("05-big.md: error: cannot read the lesson: it is 17 MiB; a lesson may be at most 16 MiB"))

        let fifoRun = try TutorBinary.run(["run", "3", "--lessons", dir.path])
        #expect(fifoRun.status == 1)
        #expect(fifoRun.stderr.contains("it is not a regular file"))
    }
}
