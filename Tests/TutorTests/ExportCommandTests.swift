import Foundation
import Testing

/// `tutor export` end to end: every lesson in every format, where files go, and failures
/// that leave existing files alone.
@Suite struct ExportCommandTests {
    static let lessonsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Lessons")

    static var lessonNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: lessonsDirectory.path)) ?? [])
            .filter { $0.hasSuffix(".md") && $0.first?.isNumber == true }.sorted()
    }

    func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    @Test(arguments: ["md", "html", "ipynb"])
    func everyLessonExports(format: String) throws {
        let out = try TutorBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(!Self.lessonNames.isEmpty)
        for name in Self.lessonNames {
            let number = String(Int(name.prefix { $0.isNumber })!)
            let run = try TutorBinary.run(["export", number, "--format", format, "-o", out.path, "--lessons", Self.lessonsDirectory.path])
            #expect(run.status == 0, "\(name): \(run.stderr)")
            let file = out.appendingPathComponent((name as NSString).deletingPathExtension + "." + format)
            let text = try read(file)
            #expect(run.stderr.contains("wrote \(file.path)"))
            switch format {
            case "md": #expect(text.hasPrefix("# "))
            case "html": #expect(text.hasPrefix("<!DOCTYPE html>") && text.hasSuffix("</html>\n"))
            default:
                let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
                #expect(json?["nbformat"] as? Int == 4)
            }
        }
    }

    @Test func mdAndHTMLGoToStdoutWithoutOutputPath() throws {
        let md = try TutorBinary.run(["export", "2", "--format", "md", "--lessons", Self.lessonsDirectory.path])
        #expect(md.status == 0)
        #expect(md.stdout.hasPrefix("# Trainable weights"))
        #expect(md.stdout.contains("**Output** ✓ matches the lesson"))
        let html = try TutorBinary.run(["export", "2", "--format", "html", "-o", "-", "--lessons", Self.lessonsDirectory.path])
        #expect(html.status == 0)
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>"))
    }

    @Test func notebookWithoutOutputPathGoesToTheCurrentFolder() throws {
        let dir = try TutorBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try TutorBinary.run(["export", "2", "--format", "ipynb", "--lessons", Self.lessonsDirectory.path], directory: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("02-trainable-weights.ipynb").path))
    }

    @Test func formatFromTheExtension() throws {
        let dir = try TutorBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("lesson.html").path
        let run = try TutorBinary.run(["export", "1", "-o", path, "--lessons", Self.lessonsDirectory.path])
        #expect(run.status == 0)
        #expect(try read(URL(fileURLWithPath: path)).hasPrefix("<!DOCTYPE html>"))
        let missing = try TutorBinary.run(["export", "1", "--lessons", Self.lessonsDirectory.path])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("--format"))
        let bad = try TutorBinary.run(["export", "1", "--format", "pdf", "--lessons", Self.lessonsDirectory.path])
        #expect(bad.status == 64)
    }

    @Test func missingOrUnwritableFolderIsAClearErrorAndLeavesFilesAlone() throws {
        let dir = try TutorBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("no/such/folder/out.md").path
        let run = try TutorBinary.run(["export", "1", "--format", "md", "-o", missing, "--lessons", Self.lessonsDirectory.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("cannot write '\(missing)'"))
        #expect(run.stderr.contains("does not exist"))

        // A folder we cannot write into: the existing file there stays as it was.
        let locked = dir.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        let existing = locked.appendingPathComponent("keep.md")
        try Data("old\n".utf8).write(to: existing)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path) }
        if access(locked.path, W_OK) != 0 {  // root can write anywhere; then there is nothing to test
            let denied = try TutorBinary.run(["export", "1", "--format", "md", "-o", existing.path, "--lessons", Self.lessonsDirectory.path])
            #expect(denied.status == 1)
            #expect(denied.stderr.contains("cannot write"))
            #expect(try read(existing) == "old\n")
        }

        // A failed write leaves the existing file as it was, even for root: with a 240-byte
        // name the file itself can exist, but the temporary file beside it cannot.
        let long = dir.appendingPathComponent(String(repeating: "a", count: 237) + ".md")
        try Data("old\n".utf8).write(to: long)
        let failed = try TutorBinary.run(["export", "1", "--format", "md", "-o", long.path, "--lessons", Self.lessonsDirectory.path])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("cannot write"))
        #expect(try read(long) == "old\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func aFailingStepStillExportsAndExitsOne() throws {
        let dir = try TutorBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("# T\n\n```python\nprint(1 + 1)\n```\n\n```output\n3\n```\n".utf8).write(to: dir.appendingPathComponent("01-t.md"))
        let out = dir.appendingPathComponent("t.html").path
        let run = try TutorBinary.run(["export", "1", "-o", out, "--lessons", dir.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("01-t.md: error: 1 step differs from the lesson or raised an error; the transcript shows it"))
        #expect(try read(URL(fileURLWithPath: out)).contains("✗ step output differs"))
    }

    @Test func unknownLessonIsAnError() throws {
        let run = try TutorBinary.run(["export", "99", "--format", "md", "--lessons", Self.lessonsDirectory.path])
        #expect(run.status == 64)
        #expect(run.stderr.contains("there is no lesson 99"))
    }
}
