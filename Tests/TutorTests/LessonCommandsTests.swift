import Foundation
import Testing

/// `tutor list`, `run` and `check` end to end, on the real lessons and on broken ones.
@Suite struct LessonCommandsTests {
    static let lessonsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Lessons")

    /// A lessons folder holding one lesson file with `text`.
    func folder(_ text: String, name: String = "01-test.md") throws -> URL {
        let dir = try TutorBinary.temporaryDirectory()
        try Data(text.utf8).write(to: dir.appendingPathComponent(name))
        return dir
    }

    @Test func checkPassesOnEveryLesson() throws {
        let run = try TutorBinary.run(["check"], directory: Self.lessonsDirectory.deletingLastPathComponent())
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try #require(run.stdout.split(separator: "\n").last)
        #expect(summary.hasSuffix(" passed, 0 failed"))
        #expect(run.stderr.isEmpty)
    }

    @Test func checkReportsMismatchesWithFileAndLine() throws {
        let dir = try folder("# T\n\n```python\nprint(0.25 * 2)\n```\n\n```output\n0.6\n```\n")
        let run = try TutorBinary.run(["check", "--lessons", dir.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("01-test.md:7: error: step output differs: max |diff| 0.1 at element 0 (expected 0.6, got 0.5)"))
        #expect(run.stdout.hasSuffix("0 passed, 1 failed\n"))
    }

    @Test func checkReportsStepErrorsAtTheirLine() throws {
        let dir = try folder("# T\n\n```python\nx = 1\ny = x @ 2\n```\n")
        let run = try TutorBinary.run(["check", "--lessons", dir.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("01-test.md:5: error: step raised TypeError: unsupported operand type(s) for @: 'int' and 'int'"))
    }

    @Test func updateRewritesOutputBlocksOnly() throws {
        let text = "# T\n\nSome prose.\n\n```python\nprint(2 + 2)\n```\n\n```output\n5\n```\n\nMore prose.\n"
        let dir = try folder(text)
        let run = try TutorBinary.run(["check", "--update", "--lessons", dir.path])
        #expect(run.status == 0, "\(run.stderr)")
        let updated = try String(contentsOf: dir.appendingPathComponent("01-test.md"), encoding: .utf8)
        #expect(updated == text.replacingOccurrences(of: "```output\n5\n```", with: "```output\n4\n```"))
    }

    @Test(arguments: [
        ("# T\n\n```python\nx = 1\n", "01-test.md:3: error: code block opened with ``` is never closed"),
        ("# T\n\n```quiz\nask: why?\n```\n", "01-test.md:3: error: quiz block has no 'answer:' line"),
        ("# T\n\n```output\n1\n```\n", "01-test.md:3: error: output block has no python step before it"),
        ("# T\n\n```python\nimport torch\nv = torch.ones(3)\n```\n\n```heatmap\ntensor: v\n```\n",
         "01-test.md:8: error: heatmap cannot be drawn: ValueError: a heatmap needs a 2-D tensor"),
    ])
    func malformedLessonsFailCleanly(_ text: String, _ message: String) throws {
        let dir = try folder(text)
        for command in [["check"], ["run", "1"]] {
            let run = try TutorBinary.run(command + ["--lessons", dir.path])
            #expect(run.status == 1, "\(command)")
            #expect(run.stderr.contains(message), "\(command): \(run.stderr)")
        }
    }

    @Test func heatmapsOfExtremeValuesRenderEverywhere() throws {
        let dir = try folder("# T\n\n```python\nimport torch\nm = torch.tensor([[1.0, -torch.inf], [float('nan'), 1e30]])\n```\n\n```heatmap\ntensor: m\n```\n")
        let run = try TutorBinary.run(["run", "1", "--color", "always", "--lessons", dir.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("1.0e+30"))
        #expect(run.stdout.contains("-inf"))
        for format in ["md", "html"] {
            let export = try TutorBinary.run(["export", "1", "--format", format, "--lessons", dir.path])
            #expect(export.status == 0, "\(format): \(export.stderr)")
        }
    }

    @Test func notUTF8LessonFailsCleanly() throws {
        let dir = try TutorBinary.temporaryDirectory()
        try (Data("# T\n\n".utf8) + Data([0xC0, 0x0A])).write(to: dir.appendingPathComponent("01-bin.md"))
        let run = try TutorBinary.run(["run", "1", "--lessons", dir.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("01-bin.md:3: error: the lesson is not UTF-8 text"))
    }

    @Test func unknownLessonListsTheOthers() throws {
        let run = try TutorBinary.run(["run", "9", "--lessons", Self.lessonsDirectory.path])
        #expect(run.status == 64)
        #expect(run.stderr == "tutor: error: there is no lesson 9; lessons: 1, 2, 3, 4, 5, 6\n")
    }

    @Test func runJSONDescribesEveryStep() throws {
        let run = try TutorBinary.run(["run", "2", "--json"], environment: ["TUTOR_LESSONS": Self.lessonsDirectory.path])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["lesson"] as? Int == 2)
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(!steps.isEmpty)
        for step in steps {
            #expect(Set(step.keys) == ["index", "line", "code", "stdout", "expected", "expectedLine", "status", "message", "error"])
            #expect(step["line"] is Int)
            #expect(step["code"] is String)
            #expect(step["stdout"] is String)
            #expect(["pass", "unchecked"].contains(step["status"] as? String))
        }
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["failed"] as? Int == 0)
        #expect(summary["steps"] as? Int == steps.count)
    }

    @Test func colourFollowsTheOptionAndNO_COLOR() throws {
        let lessons = ["--lessons", Self.lessonsDirectory.path]
        let plain = try TutorBinary.run(["run", "1", "--color", "never"] + lessons)
        #expect(!plain.stdout.contains("\u{1B}["))
        #expect(plain.stdout.contains("✓ matches the lesson"))
        let coloured = try TutorBinary.run(["run", "1", "--color", "always"] + lessons)
        #expect(coloured.stdout.contains("\u{1B}["))
        // Not a terminal: auto means no colour.
        let auto = try TutorBinary.run(["run", "1"] + lessons, environment: ["NO_COLOR": "1"])
        #expect(!auto.stdout.contains("\u{1B}["))
    }

    @Test func runFitsEightyColumns() throws {
        for n in 1...6 {
            let run = try TutorBinary.run(["run", String(n), "--color", "never", "--lessons", Self.lessonsDirectory.path])
            #expect(run.status == 0)
            for line in run.stdout.split(separator: "\n") {
                #expect(line.count <= 80, "lesson \(n): \(line)")
            }
        }
    }

    @Test(arguments: ["60", "100", "300", "10"])
    func runLaysOutToColumns(_ columns: String) throws {
        let run = try TutorBinary.run(["run", "2", "--color", "never", "--lessons", Self.lessonsDirectory.path],
                                      environment: ["COLUMNS": columns])
        #expect(run.status == 0)
        // COLUMNS is followed between 40 and 100 columns; each step's rule spans the width.
        let width = min(max(Int(columns)!, 40), 100)
        let rules = run.stdout.split(separator: "\n").filter { $0.hasPrefix("── Step") }
        #expect(!rules.isEmpty)
        for rule in rules { #expect(rule.count == width, "\(rule)") }
    }

    @Test func listShowsEveryLesson() throws {
        let run = try TutorBinary.run(["list", "--lessons", Self.lessonsDirectory.path])
        #expect(run.status == 0)
        #expect(run.stdout.contains("Attention without trainable weights"))
        #expect(run.stdout.split(separator: "\n").count == 7)
    }

    @Test func usageErrorsExit64() throws {
        #expect(try TutorBinary.run(["run"]).status == 64)
        #expect(try TutorBinary.run(["run", "one"]).status == 64)
        #expect(try TutorBinary.run(["frobnicate"]).status == 64)
    }

    @Test func colourMeansTheSameForListAndCheck() throws {
        let list = try TutorBinary.run(["list", "--color", "always"])
        #expect(list.stdout.hasPrefix("\u{1B}[1m#"))
        let check = try TutorBinary.run(["--color", "always", "check", "1"])
        #expect(check.stdout.hasSuffix("passed, 0 failed\u{1B}[0m\n"))
        for plain in [try TutorBinary.run(["list", "--color", "never"]), try TutorBinary.run(["check", "1", "--color", "never"])] {
            #expect(!plain.stdout.contains("\u{1B}["))
        }
    }

    @Test func runJSONShowsAnswersAsTheQuizShowsThem() throws {
        let run = try TutorBinary.run(["run", "1", "--json"])
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let quizzes = report?["quizzes"] as? [[String: Any]] ?? []
        // A choice without quotes; a float rounded as PyTorch prints it.
        let choice = quizzes.first { !(($0["choices"] as? [String]) ?? []).isEmpty }
        #expect((choice?["choices"] as? [String])?.contains(choice?["answer"] as? String ?? "?") == true)
        #expect(quizzes.compactMap { $0["answer"] as? String }.allSatisfy { !$0.hasPrefix("'") && $0.count < 40 })
    }
}
