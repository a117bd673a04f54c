import Foundation
import Testing

/// `tutor` on lessons a hostile tester wrote: CRLF and CR line ends, an infinite quiz
/// tolerance, a huge heatmap, very deep prose. Each ends with status 0 or 1 and a clear
/// message, never a trap.
@Suite struct HostileLessonCommandsTests {
    static let lesson = """
    # Line ends

    Prose on
    two lines.

    ```python
    x = 0.5 * 3
    print(x)
    ```

    ```quiz
    ask: What is x?
    answer: x
    ```

    ```output
    1.5
    ```

    ```heatmap
    tensor: [[1, 2], [3, 4]]
    ```

    """

    /// A lessons folder with `files` (name → bytes) and a state folder for the quiz.
    func folder(_ files: [String: String]) throws -> URL {
        let dir = try TutorBinary.temporaryDirectory()
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    static func ends(_ end: String, _ text: String) -> String { text.replacingOccurrences(of: "\n", with: end) }

    /// What `arguments` print, run in a folder holding the lesson in each line-end style,
    /// with what they wrote there (an export) appended to stdout.
    func outputs(_ arguments: [String], stdin: String? = nil) throws -> [String: TutorBinary.Run] {
        var out = [String: TutorBinary.Run]()
        for (name, end) in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")] {
            let dir = try folder(["01-ends.md": Self.ends(end, Self.lesson)])
            let state = try TutorBinary.temporaryDirectory()
            let run = try TutorBinary.run(arguments + ["--lessons", "."], stdin: stdin,
                                          environment: ["XDG_STATE_HOME": state.path], directory: dir)
            let written = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0 != "01-ends.md" }.sorted()
                .map { try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8) }
            out[name] = TutorBinary.Run(status: run.status, stdout: run.stdout + written.joined(), stderr: run.stderr)
        }
        return out
    }

    @Test(arguments: [["list"], ["run", "1", "--color", "always"], ["run", "1", "--json"], ["check"],
                      ["export", "1", "--format", "md"], ["export", "1", "--format", "ipynb"], ["export", "1", "--format", "html"]])
    func crlfAndCRLessonsWorkExactlyAsLF(_ arguments: [String]) throws {
        let runs = try outputs(arguments)
        let lf = try #require(runs["lf"])
        #expect(lf.status == 0, "\(lf.stderr)")
        #expect(!lf.stdout.isEmpty)
        for name in ["crlf", "cr"] {
            let other = try #require(runs[name])
            #expect(other.status == lf.status, "\(name): \(other.stderr)")
            #expect(other.stdout == lf.stdout, "\(name)")
            #expect(other.stderr == lf.stderr, "\(name)")
        }
    }

    @Test func crlfQuizScoresAsLF() throws {
        let runs = try outputs(["quiz", "1", "--json"], stdin: "1.5\n")
        let lf = try #require(runs["lf"])
        #expect(lf.status == 0, "\(lf.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(lf.stdout.utf8)) as? [String: Any])
        let questions = try #require(report["questions"] as? [[String: Any]])
        #expect(questions.map { $0["verdict"] as? String } == ["correct"])
        for name in ["crlf", "cr"] {
            #expect(runs[name]?.status == 0)
            #expect(runs[name]?.stdout == lf.stdout, "\(name)")
        }
    }

    @Test func oneCRLFLessonDoesNotBreakList() throws {
        let dir = try folder(["01-lf.md": Self.lesson, "02-crlf.md": Self.ends("\r\n", Self.lesson.replacingOccurrences(of: "Line ends", with: "Windows")),
                              "03-cr.md": Self.ends("\r", Self.lesson.replacingOccurrences(of: "Line ends", with: "Old Mac"))])
        let run = try TutorBinary.run(["list", "--lessons", dir.path], environment: ["XDG_STATE_HOME": dir.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Windows"))
        #expect(run.stdout.contains("Old Mac"))
    }

    @Test(arguments: ["\r\n", "\r"])
    func diagnosticsInCRLFLessonsHaveTheirLines(_ end: String) throws {
        let broken = Self.ends(end, "# T\n\ntext\n\n```python\nprint(2)\n```\n\n```output\n3\n```\n\n```python\nx = 1\n")
        let dir = try folder(["01-bad.md": broken])
        let check = try TutorBinary.run(["check", "--lessons", dir.path])
        #expect(check.status == 1)
        #expect(check.stderr.contains("01-bad.md:13: error: code block opened with ``` is never closed"), "\(check.stderr)")
        let mismatch = Self.ends(end, "# T\n\ntext\n\n```python\nprint(2)\n```\n\n```output\n3\n```\n")
        let dir2 = try folder(["01-bad.md": mismatch])
        let run = try TutorBinary.run(["check", "--lessons", dir2.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("01-bad.md:9: error: step output differs: max |diff| 1.0 at element 0 (expected 3, got 2)"), "\(run.stderr)")
    }

    @Test func updateKeepsCRLF() throws {
        let stale = Self.ends("\r\n", Self.lesson.replacingOccurrences(of: "```output\n1.5\n```", with: "```output\n1.4\n9\n```"))
        let dir = try folder(["01-ends.md": stale])
        let run = try TutorBinary.run(["check", "--update", "--lessons", dir.path])
        #expect(run.status == 0, "\(run.stderr)")
        let updated = try Data(contentsOf: dir.appendingPathComponent("01-ends.md"))
        #expect(updated == Data(Self.ends("\r\n", Self.lesson).utf8))
    }

    // MARK: Tolerance, heatmaps, deep prose

    @Test func infiniteToleranceIsReportedNotCrashed() throws {
        let text = "# T\n\n```python\nx = 0.5\n```\n\n```quiz\nask: x?\nanswer: x\ntolerance: inf\n```\n"
        let dir = try folder(["01-t.md": text])
        for command in [["check"], ["quiz", "1"], ["run", "1"], ["list"]] {
            let run = try TutorBinary.run(command + ["--lessons", dir.path], stdin: "0.5\n", environment: ["XDG_STATE_HOME": dir.path])
            #expect(run.status == 1, "\(command): \(run.stderr)")
            #expect(run.stderr.contains("01-t.md:10: error: 'tolerance:' must be a finite number, 0 or more, got 'inf'"), "\(command): \(run.stderr)")
        }
    }

    @Test func hugeHeatmapIsRefusedQuicklyEverywhere() throws {
        let text = "# H\n\n```python\nimport torch\nbig = torch.zeros(2000, 2000)\n```\n\n```heatmap\ntensor: big\n```\n"
        let dir = try folder(["01-h.md": text])
        let message = "01-h.md:8: error: heatmap cannot be drawn: ValueError: 'big' is 2000 × 2000; a heatmap draws at most 64 × 64 cells; slice it to show a part"
        let started = Date()
        for format in ["html", "md", "ipynb"] {
            let out = dir.appendingPathComponent("out.\(format)")
            let run = try TutorBinary.run(["export", "1", "--format", format, "-o", out.path, "--lessons", dir.path])
            #expect(run.status == 0, "\(format): \(run.stderr)")
            let size = try FileManager.default.attributesOfItem(atPath: out.path)[.size] as? Int ?? 0
            #expect(size < 40_000, "\(format)")
        }
        let run = try TutorBinary.run(["run", "1", "--color", "always", "--lessons", dir.path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("a heatmap draws at most 64 × 64 cells"))
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(Date().timeIntervalSince(started) < 20)
    }

    @Test func deepNestedListRunsQuickly() throws {
        let text = "# N\n\n" + (0..<1_000).map { String(repeating: "  ", count: $0) + "- item \($0)\n" }.joined()
        let dir = try folder(["01-n.md": text])
        let started = Date()
        let run = try TutorBinary.run(["run", "1", "--color", "never", "--lessons", dir.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("• item 999"))
        #expect(Date().timeIntervalSince(started) < 10)
    }
}
