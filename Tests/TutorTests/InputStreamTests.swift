import Foundation
import Testing

/// Inputs that are streams, not files: `-`, `/dev/stdin`, a FIFO and `/dev/null` for
/// `quiz --answers` and `tutor exec`, and answer files with CRLF or CR line ends.
@Suite struct InputStreamTests {
    static let lessons = TutorBinary.lessonsDirectory.path
    static let script = "import torch\nx = torch.tensor([1.0, 2.0])\nprint(x * 2)\n"
    static let printed = "tensor([2., 4.])\n"

    /// Lesson 1's answers, right and wrong in turn, from `tutor run 1 --json`.
    static func answers() throws -> (lines: [String], right: Int, total: Int) {
        struct Doc: Decodable { struct Quiz: Decodable { let answer: String?; let choices: [String] }; let quizzes: [Quiz] }
        let run = try TutorBinary.run(["run", "1", "--json", "--lessons", lessons])
        let quizzes = try JSONDecoder().decode(Doc.self, from: Data(run.stdout.utf8)).quizzes
        // An unreadable answer is a wrong try: it gets a second one, except on two-way questions.
        let lines = try quizzes.enumerated().flatMap { i, q in
            i % 2 == 0 ? [try q.answer.unwrap("answer")]
                : Array(repeating: "zzz", count: q.choices.count == 2 || q.answer == "True" || q.answer == "False" ? 1 : 2)
        }
        return (lines, (quizzes.count + 1) / 2, quizzes.count)
    }

    struct Score: Decodable {
        struct Numbers: Decodable { let correct: Int; let total: Int; let unanswered: Int }
        let score: Numbers
    }

    func quiz(_ arguments: [String], stdin: String? = nil) throws -> (TutorBinary.Run, Score?) {
        let run = try TutorBinary.run(["quiz", "1", "--json", "--lessons", Self.lessons] + arguments, stdin: stdin,
                                      environment: ["XDG_STATE_HOME": try TutorBinary.temporaryDirectory().path])
        return (run, try? JSONDecoder().decode(Score.self, from: Data(run.stdout.utf8)))
    }

    /// Runs `body` while a background `sh` writes `text` into the new FIFO it is given; the
    /// writer is stopped afterwards should tutor never have opened the FIFO.
    func withFIFO<T>(writing text: String, _ body: (String) throws -> T) throws -> T {
        let dir = try TutorBinary.temporaryDirectory()
        let source = dir.appendingPathComponent("source"), fifo = dir.appendingPathComponent("fifo").path
        try Data(text.utf8).write(to: source)
        try TutorBinary.makeFIFO(fifo)
        let writer = try TutorBinary.background("cat '\(source.path)' > '\(fifo)'")
        defer {
            if writer.isRunning { writer.terminate() }
            writer.waitUntilExit()
        }
        return try body(fifo)
    }

    // MARK: quiz --answers

    @Test(arguments: ["\n", "\r\n", "\r"])
    func everyLineEndSplitsTheSame(_ end: String) throws {
        let (lines, right, total) = try Self.answers()
        let file = try TutorBinary.temporaryDirectory().appendingPathComponent("answers.txt")
        try Data((lines.joined(separator: end) + end).utf8).write(to: file)
        let (run, score) = try quiz(["--answers", file.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(score?.score.correct == right, "\(end.debugDescription)")
        #expect(score?.score.total == total)
        #expect(score?.score.unanswered == 0)
    }

    /// Piped in without --answers, read a line at a time as the quiz asks.
    @Test(arguments: ["\n", "\r\n", "\r"])
    func pipedAnswersSplitAtEveryLineEnd(_ end: String) throws {
        let (lines, right, _) = try Self.answers()
        let (run, score) = try quiz([], stdin: lines.joined(separator: end) + end)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(score?.score.correct == right, "\(end.debugDescription)")
        #expect(score?.score.unanswered == 0)
    }

    @Test(arguments: ["-", "/dev/stdin"])
    func answersFromStandardInput(_ path: String) throws {
        let (lines, right, _) = try Self.answers()
        let (run, score) = try quiz(["--answers", path], stdin: lines.joined(separator: "\r\n") + "\r\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(score?.score.correct == right)
        #expect(score?.score.unanswered == 0)
    }

    @Test func answersFromAFIFO() throws {
        let (lines, right, _) = try Self.answers()
        let (run, score) = try withFIFO(writing: lines.joined(separator: "\n") + "\n") { try quiz(["--answers", $0]) }
        #expect(run.status == 0, "\(run.stderr)")
        #expect(score?.score.correct == right)
    }

    /// No answers: the quiz ends at once, nothing is recorded.
    @Test func answersFromDevNullEndTheQuizAtOnce() throws {
        let state = try TutorBinary.temporaryDirectory()
        let run = try TutorBinary.run(["quiz", "1", "--answers", "/dev/null", "--lessons", Self.lessons],
                                      environment: ["XDG_STATE_HOME": state.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Score: 0/"))
        #expect(run.stdout.contains("No question was answered"))
        #expect(!FileManager.default.fileExists(atPath: state.appendingPathComponent("tutor/progress.json").path))
    }

    // MARK: exec

    @Test(arguments: ["-", "/dev/stdin"])
    func execReadsStandardInput(_ path: String) throws {
        let run = try TutorBinary.run(["exec", path], stdin: Self.script)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == Self.printed)
    }

    @Test func execReadsAFIFO() throws {
        let run = try withFIFO(writing: Self.script) { try TutorBinary.run(["exec", $0]) }
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == Self.printed)
    }

    @Test func execFromStandardInputNamesItStdinInErrors() throws {
        let run = try TutorBinary.run(["exec", "-"], stdin: "print('a')\nprint(y)\n")
        #expect(run.status == 1)
        #expect(run.stdout == "a\n")
        #expect(run.stderr == "<stdin>:2: NameError: name 'y' is not defined\n")
    }

    @Test func execOfAFolderIsAnError() throws {
        let dir = try TutorBinary.temporaryDirectory()
        let run = try TutorBinary.run(["exec", dir.path])
        #expect(run.status == 1)
        #expect(run.stderr == "tutor: error: cannot open '\(dir.path)': it is a folder\n")
    }
}
