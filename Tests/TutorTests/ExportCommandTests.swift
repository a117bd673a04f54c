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

    /// In every format the output that answers a question does not show before it is
    /// answered: lesson 2's step 5 prints query_2, whose shape question 3 asks. (The prose
    /// after it is held back with it: `ExportHeldTests`.)
    @Test func transcriptsHoldBackTheOutputThatAnswersAQuestion() throws {
        func export(_ format: String) throws -> String {
            let run = try TutorBinary.run(["export", "2", "--format", format, "-o", "-", "--lessons", Self.lessonsDirectory.path])
            #expect(run.status == 0, "\(run.stderr)")
            return run.stdout
        }
        let output = "tensor([0.4306, 1.4551])"
        // HTML: the question carries its answer; the output sits in a container the page hides until it is answered.
        let html = try export("html")
        #expect(html.contains("<aside class=\"quiz\" id=\"question-3\" aria-labelledby=\"question-3-ask\" data-kind=\"shape\" data-shape=\"2\" data-tries=\"2\">"))
        let container = try #require(html.range(of: "<details class=\"held\" data-answers=\"question-3\" data-holds=\"the output of step 5 and what follows it\">"))
        let shown = try #require(html.range(of: output))
        let closed = try #require(html.range(of: "</details>", range: container.upperBound..<html.endIndex))
        #expect(container.upperBound < shown.lowerBound && shown.upperBound < closed.lowerBound)
        #expect(html.contains(".js details.held:not(.revealed), .js details.held:not(.revealed) + .held-note { display: none; }"))
        // Markdown: folded.
        let md = try export("md")
        let folded = try #require(md.range(of: "<details><summary>The output of step 5 and what follows it: answer question 3 first, then open</summary>"))
        let printed = try #require(md.range(of: output))
        #expect(folded.lowerBound < printed.lowerBound)
        #expect(md[folded.upperBound..<printed.lowerBound].contains("</details>") == false)
        // Notebook: the question before the code cell that prints its answer.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try export("ipynb").utf8)) as? [String: Any])
        let cells = try #require(json["cells"] as? [[String: Any]])
        func text(_ cell: [String: Any]) -> String { (cell["source"] as? [String] ?? []).joined() }
        let question = try #require(cells.firstIndex { text($0).hasPrefix("> **Question 3.**") })
        let step = try #require(cells.firstIndex { $0["execution_count"] as? Int == 5 })
        #expect(question < step)
        #expect(text(cells[question]).contains("<summary>Show the answer</summary>"))
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
