import Foundation
import Testing

/// `tutor quiz` end to end on every lesson: answers from --answers and from stdin, right,
/// wrong, skipped, malformed and missing; scores in --json and in the progress file; a damaged
/// progress file; transcripts; exit codes; and the interactive path in a pseudo-terminal.
///
/// Right answers come from `tutor run N --json` (the core computes them), never typed in here.
@Suite struct QuizCommandTests {
    static let lessonsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Lessons")
    static let lessons = [1, 2, 3, 4, 5, 6]

    /// A quiz entry of `tutor run N --json`.
    struct RunQuiz: Decodable {
        let index: Int
        let ask: String
        let choices: [String]
        let answer: String?
    }

    struct RunDocument: Decodable {
        let quizzes: [RunQuiz]
    }

    /// The `tutor quiz --json` document.
    struct Report: Decodable {
        struct Question: Decodable {
            let index: Int
            let given: String?
            let verdict: String
            let correct: Bool
            let rightAnswer: String
            let answerRepr: String
            let difference: Double?
            let note: String?
        }
        struct Score: Decodable {
            let correct: Int
            let total: Int
            let wrong: Int
            let skipped: Int
            let unparseable: Int
            let unanswered: Int
            let complete: Bool
        }
        struct Progress: Decodable {
            let previousBest: String?
            let best: String?
            let isNewBest: Bool
            let saved: Bool
        }
        let lesson: Int
        let questions: [Question]
        let score: Score
        let progress: Progress
    }

    /// The progress file as written.
    struct ProgressFile: Decodable {
        struct Entry: Decodable {
            let correct: Int
            let total: Int
        }
        struct Lesson: Decodable {
            let best: Entry?
            let last: Entry?
            let attempts: Int
        }
        let lessons: [String: Lesson]
    }

    /// A fresh state folder, so no test sees another's scores or the learner's own.
    struct State {
        let directory: URL
        var environment: [String: String] { ["XDG_STATE_HOME": directory.path] }
        var progressFile: URL { directory.appendingPathComponent("tutor/progress.json") }

        init() throws { directory = try TutorBinary.temporaryDirectory() }

        func progress() throws -> ProgressFile {
            try JSONDecoder().decode(ProgressFile.self, from: Data(contentsOf: progressFile))
        }
    }

    /// Every lesson's quizzes with the answers the core computes, from `tutor run N --json`.
    static func quizzes(_ lesson: Int) throws -> [RunQuiz] {
        let run = try TutorBinary.run(["run", String(lesson), "--json", "--lessons", lessonsDirectory.path])
        let doc = try JSONDecoder().decode(RunDocument.self, from: Data(run.stdout.utf8))
        return doc.quizzes
    }

    /// The computed answer as a learner would type it: its repr (`torch.Size([6, 2])`,
    /// `0.2379...`, `'journey'`, `tensor([...])`, `True`).
    static func right(_ q: RunQuiz) throws -> String {
        try #require(q.answer, "quiz \(q.index) has no computed answer")
    }

    /// An answer that is readable but certainly wrong, made from the right one.
    static func wrong(_ q: RunQuiz) throws -> String {
        let answer = try right(q)
        if !q.choices.isEmpty {
            let text = answer.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")).lowercased()
            let other = try #require(q.choices.firstIndex { $0.lowercased() != text })
            return String(other + 1)
        }
        if answer == "True" { return "False" }
        if answer == "False" { return "True" }
        if answer.hasPrefix("torch.Size(") { return "(999, 999)" }
        if answer.hasPrefix("tensor(") { return "[1000]" }
        if let v = Double(answer) { return String(v + 1000) }
        return "certainly not \(answer)"
    }

    /// How many tries a wrong answer gets: one on two-way questions (True/False, two
    /// choices), else two.
    static func tries(_ q: RunQuiz) -> Int {
        q.choices.count == 2 || q.answer == "True" || q.answer == "False" ? 1 : 2
    }

    /// A wrong answer on every try the question gives.
    static func wrongLines(_ q: RunQuiz) throws -> [String] {
        Array(repeating: try wrong(q), count: tries(q))
    }

    func quiz(_ lesson: Int, _ extra: [String] = [], stdin: String? = nil, state: State) throws -> TutorBinary.Run {
        try TutorBinary.run(["quiz", String(lesson), "--lessons", Self.lessonsDirectory.path] + extra, stdin: stdin,
                            environment: state.environment)
    }

    func answersFile(_ lines: [String]) throws -> URL {
        let url = try TutorBinary.temporaryDirectory().appendingPathComponent("answers.txt")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        return url
    }

    func report(_ run: TutorBinary.Run) throws -> Report {
        try JSONDecoder().decode(Report.self, from: Data(run.stdout.utf8))
    }

    // MARK: Every lesson

    @Test(arguments: lessons)
    func everyRightAnswerFromAFile(_ lesson: Int) throws {
        let state = try State()
        let quizzes = try Self.quizzes(lesson)
        #expect(!quizzes.isEmpty)
        let file = try answersFile(try quizzes.map(Self.right))
        let run = try quiz(lesson, ["--answers", file.path, "--json"], state: state)
        #expect(run.status == 0, "\(run.stderr)")
        let r = try report(run)
        #expect(r.lesson == lesson)
        #expect(r.questions.map(\.verdict) == Array(repeating: "correct", count: quizzes.count))
        #expect(r.score.correct == quizzes.count)
        #expect(r.score.total == quizzes.count)
        #expect(r.score.complete)
        // `run --json` shows each answer as the quiz shows it to the learner.
        #expect(r.questions.map(\.rightAnswer) == quizzes.map { $0.answer ?? "" })
        #expect(r.progress.best == "\(quizzes.count)/\(quizzes.count)")
        #expect(r.progress.isNewBest)
        #expect(r.progress.saved)
        let saved = try #require(try state.progress().lessons[String(lesson)])
        #expect(saved.best?.correct == quizzes.count)
        #expect(saved.last?.total == quizzes.count)
        #expect(saved.attempts == 1)
        // `tutor list` shows the best score.
        let list = try TutorBinary.run(["list", "--lessons", Self.lessonsDirectory.path], environment: state.environment)
        let row = try #require(list.stdout.split(separator: "\n").first { $0.hasPrefix("\(lesson) ") })
        #expect(row.hasSuffix(" \(quizzes.count)/\(quizzes.count)"))
    }

    @Test(arguments: lessons)
    func everyWrongAnswerFromStdin(_ lesson: Int) throws {
        let state = try State()
        let quizzes = try Self.quizzes(lesson)
        let run = try quiz(lesson, ["--json"], stdin: try quizzes.flatMap(Self.wrongLines).joined(separator: "\n") + "\n", state: state)
        #expect(run.status == 0, "\(run.stderr)")
        let r = try report(run)
        #expect(r.questions.map(\.verdict) == Array(repeating: "wrong", count: quizzes.count))
        #expect(r.score.correct == 0)
        #expect(r.score.wrong == quizzes.count)
        #expect(r.questions.allSatisfy { !$0.rightAnswer.isEmpty })
        #expect(try state.progress().lessons[String(lesson)]?.best?.correct == 0)
    }

    /// Right, wrong, skipped, malformed, then the input ends: the score so far, exit 0.
    @Test(arguments: lessons)
    func mixedAnswersAndTheEndOfInput(_ lesson: Int) throws {
        let state = try State()
        let quizzes = try Self.quizzes(lesson)
        try #require(quizzes.count >= 5)
        let lines = [try Self.right(quizzes[0])] + (try Self.wrongLines(quizzes[1])) + ["", "???"]
        let run = try quiz(lesson, ["--json"], stdin: lines.joined(separator: "\n") + "\n", state: state)
        #expect(run.status == 0, "\(run.stderr)")
        let r = try report(run)
        let expected = ["correct", "wrong", "skipped", "unparseable"] + Array(repeating: "unanswered", count: quizzes.count - 4)
        #expect(r.questions.map(\.verdict) == expected)
        #expect(r.questions[3].note?.contains("'???'") == true)
        #expect(r.questions[3].given == "???")
        #expect(r.questions[4].given == nil)
        #expect(r.score.correct == 1)
        #expect(r.score.total == quizzes.count)
        #expect(r.score.skipped == 1)
        #expect(r.score.unparseable == 1)
        #expect(r.score.unanswered == quizzes.count - 4)
        #expect(!r.score.complete)
        #expect(try state.progress().lessons[String(lesson)]?.last?.correct == 1)
    }

    /// The session as a learner reads it from a pipe: prompts, verdicts and the score on
    /// stdout, 80 columns, no colour unless asked for.
    @Test(arguments: lessons)
    func readableSessionAtEightyColumns(_ lesson: Int) throws {
        let state = try State()
        let quizzes = try Self.quizzes(lesson)
        let lines = try quizzes.enumerated().flatMap { i, q in try i % 2 == 0 ? [Self.right(q)] : Self.wrongLines(q) }
        let run = try quiz(lesson, stdin: lines.joined(separator: "\n") + "\n", state: state)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        #expect(!run.stdout.contains("\u{1B}["))
        let right = (quizzes.count + 1) / 2
        #expect(run.stdout.contains("Score: \(right)/\(quizzes.count)"))
        #expect(run.stdout.contains("Your first score for this lesson."))
        #expect(run.stdout.components(separatedBy: "✓ Right.").count - 1 == right)
        #expect(run.stdout.components(separatedBy: "✗ Not quite. The answer is").count - 1 == quizzes.count - right)
        for q in quizzes { #expect(run.stdout.contains("Question \(q.index + 1):")) }
        for line in run.stdout.split(separator: "\n") {
            #expect(line.count <= 80, "longer than 80 columns: \(line)")
        }
        let coloured = try quiz(lesson, ["--color", "always"], stdin: lines.joined(separator: "\n") + "\n", state: state)
        #expect(coloured.stdout.contains("\u{1B}["))
        #expect(coloured.stdout.contains("That equals your best, \(right)/\(quizzes.count)."))
    }

    @Test func bestAndLastAcrossSessions() throws {
        let state = try State()
        let quizzes = try Self.quizzes(2)
        let allRight = try quizzes.map(Self.right)
        let allWrong = try quizzes.flatMap(Self.wrongLines)
        let oneRight = [allRight[0]] + (try quizzes.dropFirst().flatMap(Self.wrongLines))
        _ = try quiz(2, ["--json"], stdin: oneRight.joined(separator: "\n") + "\n", state: state)
        let better = try report(try quiz(2, ["--json"], stdin: allRight.joined(separator: "\n") + "\n", state: state))
        #expect(better.progress.previousBest == "1/\(quizzes.count)")
        #expect(better.progress.isNewBest)
        let worse = try quiz(2, stdin: allWrong.joined(separator: "\n") + "\n", state: state)
        #expect(worse.stdout.contains("Your best is \(quizzes.count)/\(quizzes.count)."))
        let saved = try #require(try state.progress().lessons["2"])
        #expect(saved.best?.correct == quizzes.count)
        #expect(saved.last?.correct == 0)
        #expect(saved.attempts == 3)
    }

    @Test func noInputRecordsNothing() throws {
        let state = try State()
        let run = try quiz(1, stdin: "", state: state)
        #expect(run.status == 0)
        #expect(run.stdout.contains("No question was answered"))
        #expect(!FileManager.default.fileExists(atPath: state.progressFile.path))
    }

    // MARK: Progress file

    @Test func aDamagedProgressFileIsSetAside() throws {
        let state = try State()
        let dir = state.progressFile.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let damaged = #"{"version": 1, "lessons": {"3": {"best": {"correct": 5, "total": 8, "date": "2026-01-01T00:00:00Z"}, "attempts": 1}, "1": {"best": 7"#
        try Data(damaged.utf8).write(to: state.progressFile)
        let list = try TutorBinary.run(["list", "--lessons", Self.lessonsDirectory.path], environment: state.environment)
        #expect(list.status == 0)
        #expect(list.stderr.contains("warning: the progress file"))
        #expect(list.stderr.contains("is damaged"))
        let asides = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("progress.json.damaged-") }
        #expect(asides.count == 1)
        #expect(try Data(contentsOf: dir.appendingPathComponent(asides[0])) == Data(damaged.utf8))

        let quizzes = try Self.quizzes(1)
        let run = try quiz(1, stdin: try Self.right(quizzes[0]) + "\n", state: state)
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty, "the damaged file was already set aside")
        // One answer, then the input ends: an unfinished attempt, recorded but never the best.
        #expect(try state.progress().lessons["1"]?.last?.correct == 1)
        #expect(try state.progress().lessons["1"]?.best == nil)
    }

    @Test func readableScoresSurviveDamageElsewhereInTheFile() throws {
        let state = try State()
        try FileManager.default.createDirectory(at: state.progressFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        let text = #"{"version": 1, "lessons": {"3": {"best": {"correct": 5, "total": 8, "date": "2026-01-01T00:00:00Z"}, "attempts": 1}, "4": {"best": {"correct": "seven"}}}}"#
        try Data(text.utf8).write(to: state.progressFile)
        let run = try quiz(1, stdin: "6, 3\n", state: state)
        #expect(run.status == 0)
        #expect(run.stderr.contains("kept the scores of 1 lesson"))
        let saved = try state.progress()
        #expect(saved.lessons["3"]?.best?.correct == 5)
        #expect(saved.lessons["1"] != nil)
        #expect(saved.lessons["4"] == nil)
        let list = try TutorBinary.run(["list", "--lessons", Self.lessonsDirectory.path], environment: state.environment)
        #expect(list.stdout.split(separator: "\n").contains { $0.hasPrefix("3 ") && $0.hasSuffix(" 5/8") })
    }

    // MARK: Transcript

    @Test func transcriptHoldsThePredictions() throws {
        let state = try State()
        let quizzes = try Self.quizzes(4)
        let out = try TutorBinary.temporaryDirectory().appendingPathComponent("session.md")
        let run = try quiz(4, ["--transcript", out.path], stdin: try Self.right(quizzes[0]) + "\n" + Self.wrong(quizzes[1]) + "\n",
                           state: state)
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOf: out, encoding: .utf8)
        #expect(text.hasPrefix("# "))
        #expect(text.contains("**Your prediction:** `\(try Self.right(quizzes[0]))` — ✓ correct"))
        #expect(text.contains("— ✗ wrong"))
        #expect(text.contains("**Your prediction:** not answered"))
        #expect(run.stdout.contains("Wrote the session to \(out.path)."))
    }

    @Test func anUnwritableTranscriptIsAnErrorAndLeavesFilesAlone() throws {
        let state = try State()
        let missingFolder = try quiz(1, ["--transcript", "/nonexistent-folder/t.md"], stdin: "6, 3\n", state: state)
        #expect(missingFolder.status == 1)
        #expect(missingFolder.stderr.contains("cannot write the transcript '/nonexistent-folder/t.md'"))

        let folder = try TutorBinary.temporaryDirectory()
        let isFolder = try quiz(1, ["--transcript", folder.path], stdin: "6, 3\n", state: state)
        #expect(isFolder.status == 1)
        #expect(isFolder.stderr.contains("it is a folder"))

        // /proc takes no new files, even from root: the write itself fails, after the quiz.
        let before = try String(contentsOfFile: "/proc/version", encoding: .utf8)
        let proc = try quiz(1, ["--transcript", "/proc/version"], stdin: "6, 3\n", state: state)
        #expect(proc.status == 1)
        #expect(proc.stderr.contains("/proc/version"))
        #expect(try String(contentsOfFile: "/proc/version", encoding: .utf8) == before)
    }

    // MARK: Errors and exit codes

    @Test func answersFileProblemsExitOne() throws {
        let state = try State()
        let missing = try quiz(1, ["--answers", "/nonexistent/answers.txt"], state: state)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot read --answers '/nonexistent/answers.txt': no such file"))
        let folder = try TutorBinary.temporaryDirectory()
        let isFolder = try quiz(1, ["--answers", folder.path], state: state)
        #expect(isFolder.status == 1)
        #expect(isFolder.stderr.contains("it is a folder"))
        let binary = folder.appendingPathComponent("bin.txt")
        try Data([0xFF, 0xFE, 0x00, 0x41]).write(to: binary)
        let notText = try quiz(1, ["--answers", binary.path], state: state)
        #expect(notText.status == 1)
        #expect(notText.stderr.contains("not UTF-8 text"))
    }

    @Test(arguments: [["quiz"], ["quiz", "one"], ["quiz", "1", "--answers", ""], ["quiz", "1", "--transcript", ""], ["quiz", "1", "--bogus"]])
    func usageErrorsExit64(_ arguments: [String]) throws {
        let run = try TutorBinary.run(arguments, environment: try State().environment)
        #expect(run.status == 64, "\(arguments): \(run.stderr)")
    }

    @Test func unknownLessonIsAUsageError() throws {
        let run = try quiz(99, stdin: "", state: try State())
        #expect(run.status == 64)
        #expect(run.stderr.contains("there is no lesson 99"))
    }

    @Test func aQuizWhoseAnswerCannotBeComputedIsALessonError() throws {
        let dir = try TutorBinary.temporaryDirectory()
        try Data("# Broken\n\n```python\nx = 1\n```\n\n```quiz\nask: What is y?\nanswer: y\n```\n".utf8)
            .write(to: dir.appendingPathComponent("01-broken.md"))
        let state = try State()
        let run = try TutorBinary.run(["quiz", "1", "--lessons", dir.path], stdin: "1\n", environment: state.environment)
        #expect(run.status == 1)
        #expect(run.stderr.contains("01-broken.md:7: error: quiz answer cannot be computed: NameError: name 'y' is not defined"))
        #expect(!FileManager.default.fileExists(atPath: state.progressFile.path))

        try Data("# No questions\n\n```python\nx = 1\n```\n".utf8).write(to: dir.appendingPathComponent("02-none.md"))
        let none = try TutorBinary.run(["quiz", "2", "--lessons", dir.path], stdin: "", environment: state.environment)
        #expect(none.status == 1)
        #expect(none.stderr.contains("lesson 2 has no quiz questions"))
    }

    @Test func aStepThatDiffersStillRunsTheQuizThenExitsOne() throws {
        let dir = try TutorBinary.temporaryDirectory()
        let text = "# Off\n\n```python\nx = 2 + 2\nprint(x)\n```\n\n```quiz\nask: What is x?\nanswer: x\n```\n\n```output\n5\n```\n"
        try Data(text.utf8).write(to: dir.appendingPathComponent("01-off.md"))
        let state = try State()
        let run = try TutorBinary.run(["quiz", "1", "--lessons", dir.path], stdin: "4\n", environment: state.environment)
        #expect(run.status == 1)
        #expect(run.stdout.contains("✓ Right."))
        #expect(run.stdout.contains("Score: 1/1"))
        #expect(run.stderr.contains("01-off.md:13: error: step output differs"))
        #expect(try state.progress().lessons["1"]?.best?.correct == 1)
    }

    // MARK: At a terminal

    static let scriptPath = ["/usr/bin/script", "/bin/script"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// util-linux `script` runs `tutor` in a pseudo-terminal, so stdin is a terminal: bad
    /// input is asked again instead of counted wrong.
    @Test(.enabled(if: scriptPath != nil, "needs util-linux script"))
    func aTerminalAsksAgainAfterBadInput() throws {
        let state = try State()
        let quizzes = try Self.quizzes(1)
        let tutor = TutorBinary.url.path
        let command = "'\(tutor)' quiz 1 --lessons '\(Self.lessonsDirectory.path)' --color never"
        // After each answer the lesson waits for Enter: the third line only goes on.
        let input = "six by three\n" + (try Self.right(quizzes[0])) + "\n\nzzz\n\n"
        let run = try Self.runScript(try #require(Self.scriptPath), ["-qec", command, "/dev/null"], stdin: input,
                                     environment: state.environment)
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.stdout.contains("'six by three' is not one of the choices"))
        #expect(run.stdout.contains("'zzz' is not one of the choices"))
        #expect(run.stdout.contains("Try again, or press Enter to skip."))
        #expect(run.stdout.contains("Press Enter to go on"))
        // The malformed lines were asked again, not counted: one right, one skipped.
        let saved = try #require(try state.progress().lessons["1"])
        #expect(saved.last?.correct == 1)
        #expect(run.stdout.contains("✓ Right."))
        #expect(run.stdout.contains("– Skipped."))
        #expect(!run.stdout.contains("counts as wrong"))
    }

    /// Runs `executable` with `stdin` piped in and stdout and stderr together, as a terminal shows them.
    static func runScript(_ executable: String, _ arguments: [String], stdin: String, environment: [String: String]) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        env["TERM"] = "xterm"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let dir = try TutorBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("out")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let input = Pipe()
        process.standardOutput = out
        process.standardError = out
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        try out.close()
        return (process.terminationStatus, try String(contentsOf: outURL, encoding: .utf8))
    }
}
