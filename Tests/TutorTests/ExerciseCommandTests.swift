import Foundation
import Testing

/// `tutor exercise`: the starter file written once and never overwritten, the learner's code
/// checked against the lesson's reference, known mistakes named, hints in steps, `--json`,
/// `--watch`, and progress shown by `tutor list`.
@Suite struct ExerciseCommandTests {
    /// A folder to work in and a state folder of its own, so progress starts empty.
    struct Workspace {
        let dir: URL
        let state: URL
        var file: URL { dir.appendingPathComponent("tutor-exercises/01-attention-without-weights.py") }

        init() throws {
            dir = try TutorBinary.temporaryDirectory()
            state = try TutorBinary.temporaryDirectory()
        }

        func tutor(_ arguments: [String]) throws -> TutorBinary.Run {
            try TutorBinary.run(arguments, environment: ["XDG_STATE_HOME": state.path], directory: dir)
        }

        func write(_ code: String) throws {
            try Data(code.utf8).write(to: file)
        }

        func json(_ arguments: [String]) throws -> (TutorBinary.Run, [String: Any]) {
            let run = try tutor(arguments + ["--json"])
            let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            return (run, object ?? [:])
        }
    }

    static func firstExercise(_ report: [String: Any]) -> [String: Any] {
        (report["exercises"] as? [[String: Any]])?.first ?? [:]
    }

    @Test func theFirstRunWritesTheStarterAndLaterRunsNeverOverwriteIt() throws {
        let w = try Workspace()
        let first = try w.tutor(["exercise", "1"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Wrote tutor-exercises/01-attention-without-weights.py"))
        let starter = try String(contentsOf: w.file, encoding: .utf8)
        #expect(starter.contains("# Exercise 1 of 1: softmax_stable"))
        #expect(starter.contains("def softmax_stable(x):"))
        #expect(starter.contains("#     tutor exercise 1"))

        // The untouched starter does not pass, and checking it changes nothing.
        let second = try w.tutor(["exercise", "1"])
        #expect(second.status == 1)
        #expect(second.stdout.contains("○ softmax_stable: not started"))
        #expect(try String(contentsOf: w.file, encoding: .utf8) == starter)
    }

    @Test func aRightSolutionPassesEveryCase() throws {
        let w = try Workspace()
        _ = try w.tutor(["exercise", "1"])
        try w.write("def softmax_stable(x):\n    return torch.softmax(x, dim=-1)\nprint('checked')\n")
        let run = try w.tutor(["exercise", "1"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("✓ softmax_stable matches the reference on all"))
        #expect(run.stdout.contains("Your file printed:\n  checked\n"))
        // `tutor list` shows it done, and a later failing edit does not undo that.
        try w.write("def softmax_stable(x):\n    return x\n")
        _ = try w.tutor(["exercise", "1"])
        let list = try w.tutor(["list"])
        #expect(list.stdout.split(separator: "\n").first { $0.hasPrefix("1 ") }?.contains(" 1/1 ") == true, "\(list.stdout)")
    }

    @Test(arguments: [
        ("e = torch.exp(x)\n    return e / e.sum(dim=-1, keepdim=True)", "the naive softmax"),
        ("e = torch.exp(x - x.max(dim=0, keepdim=True).values)\n    return e / e.sum(dim=0, keepdim=True)", "over the first dimension"),
        ("e = torch.exp(x - x.max())\n    return e / e.sum(dim=-1, keepdim=True)", "of the whole tensor"),
    ])
    func knownMistakesAreNamed(_ body: String, _ named: String) throws {
        let w = try Workspace()
        _ = try w.tutor(["exercise", "1"])
        try w.write("def softmax_stable(x):\n    \(body)\n")
        let (run, report) = try w.json(["exercise", "1"])
        #expect(run.status == 1)
        let entry = Self.firstExercise(report)
        #expect(entry["status"] as? String == "fail")
        #expect((entry["mistake"] as? String)?.contains(named) == true, "\(run.stdout)")
        #expect((entry["details"] as? [String])?.contains { $0.hasPrefix("expected: ") } == true)
    }

    /// Lesson 4's class, with `forward`'s body and the first layer's line given.
    static func selfAttention(first: String = "self.W_query = nn.Linear(d_in, d_out, bias=qkv_bias)\n        self.W_key = nn.Linear(d_in, d_out, bias=qkv_bias)",
                              forward: String) -> String {
        """
        class SelfAttention_v2(nn.Module):
            def __init__(self, d_in, d_out, qkv_bias=False):
                super().__init__()
                \(first)
                self.W_value = nn.Linear(d_in, d_out, bias=qkv_bias)

            def forward(self, x):
                q, k, v = self.W_query(x), self.W_key(x), self.W_value(x)
                \(forward)

        """
    }

    /// The mistakes issue 9 names, each made in the lesson that teaches the step, written
    /// differently from the lesson's own code for it.
    @Test(arguments: [
        (3, "def attention_weights(queries, keys):\n    s = torch.matmul(queries, keys.transpose(-1, -2))\n    return torch.softmax(s, dim=-1)\n", "no scaling"),
        (3, "def attention_weights(queries, keys):\n    s = torch.matmul(queries, keys.transpose(-1, -2))\n    return torch.softmax(s / keys.shape[-1], dim=-1)\n", "instead of by its square root"),
        (3, "def attention_weights(queries, keys):\n    s = torch.matmul(queries, keys.transpose(-1, -2)) / keys.shape[-1] ** 0.5\n    return s.softmax(dim=-2)\n", "the wrong dimension"),
        (4, selfAttention(forward: "return torch.softmax(q @ k.T / k.shape[1] ** 0.5, dim=1) @ k"), "keys used where values belong"),
        (4, selfAttention(forward: "return torch.softmax(q @ k.T, dim=1) @ v"), "no scaling"),
        (4, selfAttention(first: "self.W_key = nn.Linear(d_in, d_out, bias=qkv_bias)\n        self.W_query = nn.Linear(d_in, d_out, bias=qkv_bias)",
                          forward: "return torch.softmax(q @ k.T / k.shape[1] ** 0.5, dim=1) @ v"), "another order"),
    ])
    func lessonMistakesAreNamed(_ lesson: Int, _ code: String, _ named: String) throws {
        let w = try Workspace()
        let made = try w.tutor(["exercise", String(lesson), "--file", "mine.py"])
        #expect(made.status == 0)
        try Data(code.utf8).write(to: w.dir.appendingPathComponent("mine.py"))
        let (run, report) = try w.json(["exercise", String(lesson), "--file", "mine.py"])
        #expect(run.status == 1)
        let entry = Self.firstExercise(report)
        #expect(entry["status"] as? String == "fail")
        #expect((entry["mistake"] as? String)?.contains(named) == true, "\(entry)")
    }

    @Test(arguments: [
        (3, "def attention_weights(queries, keys):\n    s = torch.matmul(queries, keys.transpose(-1, -2))\n    return torch.softmax(s / keys.shape[-1] ** 0.5, dim=-1)\n"),
        (4, selfAttention(forward: "return torch.softmax(q @ k.T / k.shape[1] ** 0.5, dim=1) @ v")),
    ])
    func lessonExercisesPassWithARightAnswer(_ lesson: Int, _ code: String) throws {
        let w = try Workspace()
        _ = try w.tutor(["exercise", String(lesson), "--file", "mine.py"])
        try Data(code.utf8).write(to: w.dir.appendingPathComponent("mine.py"))
        let run = try w.tutor(["exercise", String(lesson), "--file", "mine.py"])
        #expect(run.status == 0, "\(run.stdout)")
    }

    @Test func aNameTheLessonDefinesMustComeFromTheFile() throws {
        // Lesson 4 defines SelfAttention_v2 in a step; a file without it has not done the exercise.
        let w = try Workspace()
        _ = try w.tutor(["exercise", "4", "--file", "mine.py"])
        try Data("print('nothing yet')\n".utf8).write(to: w.dir.appendingPathComponent("mine.py"))
        let (run, report) = try w.json(["exercise", "4", "--file", "mine.py"])
        #expect(run.status == 1)
        #expect(Self.firstExercise(report)["status"] as? String == "todo")
    }

    @Test func aWrongAnswerThatIsNoKnownMistakeShowsExpectedAgainstGot() throws {
        let w = try Workspace()
        _ = try w.tutor(["exercise", "1"])
        try w.write("def softmax_stable(x):\n    return torch.softmax(x, dim=-1) * 2\n")
        let (run, report) = try w.json(["exercise", "1"])
        #expect(run.status == 1)
        let entry = Self.firstExercise(report)
        let message = entry["message"] as? String ?? ""
        #expect(message.hasPrefix("softmax_stable differs on \"the scores of the query 'journey'\" (case 1 of 7): 6 of 6 values differ: at [0]: expected 0.1385, got 0.27"), "\(message)")
        let details = entry["details"] as? [String] ?? []
        // The input and the expected row are those the lesson itself prints for this query.
        #expect(details.count == 3)
        #expect(details.first == "input: tensor([0.9544, 1.4950, 1.4754, 0.8434, 0.7070, 1.0865])")
        #expect(details.dropFirst().first == "expected: tensor([0.1385, 0.2379, 0.2333, 0.1240, 0.1082, 0.1581])")
        #expect(details.last?.hasPrefix("got:      tensor([0.27") == true)
        #expect(entry["mistake"] is NSNull)
        #expect(entry["cases_passed"] as? Int == 0 && entry["cases_total"] as? Int == 7)
        // The terminal shows the same, with the hint.
        let shown = try w.tutor(["exercise", "1"])
        #expect(shown.stdout.contains("    expected: tensor([0.1385, 0.2379, 0.2333, 0.1240, 0.1082, 0.1581])\n"))
        #expect(shown.stdout.contains("? Hint 1 of 3: "))
    }

    @Test func hintsComeInStepsAndTheSameCodeKeepsItsHint() throws {
        let w = try Workspace()
        _ = try w.tutor(["exercise", "1"])
        func hintNumber(_ code: String) throws -> Int? {
            try w.write(code)
            return Self.firstExercise(try w.json(["exercise", "1"]).1)["hint_number"] as? Int
        }
        #expect(try hintNumber("def softmax_stable(x):\n    return x * 2\n") == 1)
        #expect(try hintNumber("def softmax_stable(x):\n    return x * 2\n") == 1)
        #expect(try hintNumber("def softmax_stable(x):\n    return x * 3\n") == 2)
        #expect(try hintNumber("def softmax_stable(x):\n    return x * 4\n") == 3)
        #expect(try hintNumber("def softmax_stable(x):\n    return x * 5\n") == 3)
    }

    @Test func aSyntaxErrorIsAnErrorAtTheLineOfTheFile() throws {
        let w = try Workspace()
        _ = try w.tutor(["exercise", "1"])
        try w.write("# my attempt\ndef softmax_stable(x)\n    return x\n")
        let (run, report) = try w.json(["exercise", "1"])
        #expect(run.status == 1)
        let entry = Self.firstExercise(report)
        #expect(entry["status"] as? String == "error")
        #expect((entry["message"] as? String)?.contains("01-attention-without-weights.py:2: SyntaxError") == true, "\(entry)")
        #expect(report["passed"] as? Int == 0 && report["total"] as? Int == 1 && report["lesson"] as? Int == 1)
    }

    @Test func anEndlessLoopIsStoppedByTheTimeLimit() throws {
        let w = try Workspace()
        _ = try w.tutor(["exercise", "1"])
        try w.write("def softmax_stable(x):\n    while True:\n        pass\n")
        let started = Date()
        let (run, report) = try w.json(["exercise", "1", "--time-limit", "0.5"])
        #expect(Date().timeIntervalSince(started) < 8)
        let entry = Self.firstExercise(report)
        #expect(run.status == 1)
        #expect(entry["status"] as? String == "error")
        #expect((entry["message"] as? String)?.contains("TimeoutError") == true)
        #expect((entry["message"] as? String)?.contains("01-attention-without-weights.py:") == true, "\(entry)")
    }

    @Test func aDefinitionBelowTheUntouchedStarterIsChecked() throws {
        let w = try Workspace()
        _ = try w.tutor(["exercise", "1"])
        let starter = try String(contentsOf: w.file, encoding: .utf8)
        try w.write(starter + "\n\ndef softmax_stable(x):\n    return torch.softmax(x, dim=-1)\n")
        let run = try w.tutor(["exercise", "1"])
        #expect(run.status == 0, "\(run.stdout)")
    }

    @Test func aFileThatPrintsMegabytesGivesABoundedReport() throws {
        let w = try Workspace()
        _ = try w.tutor(["exercise", "1"])
        try w.write("print('x' * 3000000)\ndef softmax_stable(x):\n    return torch.softmax(x, dim=-1)\n")
        let (run, report) = try w.json(["exercise", "1"])
        #expect(run.status == 0)
        #expect(run.stdout.utf8.count < 20_000)
        #expect((report["printed"] as? String)?.hasSuffix("more characters)\n") == true)
        #expect(try w.tutor(["exercise", "1"]).stdout.utf8.count < 20_000)
    }

    @Test func aNameNotDefinedIsStillToDo() throws {
        let w = try Workspace()
        _ = try w.tutor(["exercise", "1"])
        try w.write("x = 1\n")
        let (run, report) = try w.json(["exercise", "1"])
        #expect(run.status == 1)
        #expect(Self.firstExercise(report)["status"] as? String == "todo")
    }

    @Test func anotherFileMayBeNamedAndBadFilesAreClearErrors() throws {
        let w = try Workspace()
        let made = try w.tutor(["exercise", "1", "--file", "mine/softmax.py"])
        #expect(made.status == 0)
        #expect(FileManager.default.fileExists(atPath: w.dir.appendingPathComponent("mine/softmax.py").path))
        try FileManager.default.createDirectory(at: w.dir.appendingPathComponent("folder.py"), withIntermediateDirectories: true)
        let folder = try w.tutor(["exercise", "1", "--file", "folder.py"])
        #expect(folder.status == 1)
        #expect(folder.stderr.contains("cannot read the exercise file 'folder.py': it is a folder"))
        try Data([0x64, 0x65, 0x66, 0xFF, 0x0A]).write(to: w.dir.appendingPathComponent("bad.py"))
        let bad = try w.tutor(["exercise", "1", "--file", "bad.py"])
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("tutor: error: bad.py:1:"), "\(bad.stderr)")
    }

    @Test func aLessonWithoutExercisesSaysWhichLessonsHaveThem() throws {
        let dir = try TutorBinary.temporaryDirectory()
        try Data("# No exercises\n\n```python\nx = 1\n```\n".utf8).write(to: dir.appendingPathComponent("01-plain.md"))
        let run = try TutorBinary.run(["exercise", "1", "--lessons", dir.path])
        #expect(run.status == 1)
        #expect(run.stderr == "tutor: error: lesson 1 has no exercises; lessons with exercises: none\n")
    }

    @Test func watchChecksAgainAfterEachChange() throws {
        let w = try Workspace()
        _ = try w.tutor(["exercise", "1"])
        let process = Process()
        process.executableURL = TutorBinary.url
        process.arguments = ["exercise", "1", "--watch"]
        var env = ProcessInfo.processInfo.environment
        env["XDG_STATE_HOME"] = w.state.path
        env.removeValue(forKey: "COLUMNS")
        process.environment = env
        process.currentDirectoryURL = w.dir
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        let collected = Collected()
        out.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }

        func wait(for text: String) -> Bool {
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                if collected.text.contains(text) { return true }
                usleep(50_000)
            }
            return false
        }
        #expect(wait(for: "not started"))
        try w.write("def softmax_stable(x):\n    return torch.softmax(x, dim=-1)\n")
        #expect(wait(for: "✓ softmax_stable matches"), "\(collected.text)")
        #expect(collected.text.contains("changed"))
        #expect(process.isRunning)
    }

    /// Output gathered from a pipe as it arrives.
    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func append(_ more: Data) { lock.lock(); data.append(more); lock.unlock() }
        var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
    }
}
