import Foundation
import Testing

/// Quiz sessions that finish together: every `tutor quiz` is a real process, twenty at a time,
/// all sharing one XDG_STATE_HOME. The progress file is changed under a lock (read, merge,
/// write), so every session is counted and no lesson's record is lost.
@Suite struct ConcurrentProgressTests {
    static let lessons = TutorBinary.lessonsDirectory.path

    struct ProgressFile: Decodable {
        struct Entry: Decodable { let correct: Int; let total: Int }
        struct Lesson: Decodable { let best: Entry?; let last: Entry?; let attempts: Int; let unfinished: Int; let title: String? }
        let lessons: [String: Lesson]
    }

    /// The right answers to lesson `n`'s questions, from `tutor run n --json`.
    static func rightAnswers(_ n: Int) throws -> [String] {
        struct Doc: Decodable { struct Quiz: Decodable { let answer: String? }; let quizzes: [Quiz] }
        let run = try TutorBinary.run(["run", String(n), "--json", "--lessons", lessons])
        return try JSONDecoder().decode(Doc.self, from: Data(run.stdout.utf8)).quizzes.map { try $0.answer.unwrap("answer") }
    }

    /// Starts one `tutor quiz` per entry of `sessions` (lesson, answers file) back to back,
    /// then waits for them all; returns each one's exit status and stderr.
    func runTogether(_ sessions: [(Int, URL)], state: URL) throws -> [(Int32, String)] {
        let dir = try TutorBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var env = ProcessInfo.processInfo.environment
        env["XDG_STATE_HOME"] = state.path
        var running = [(Process, URL)]()
        for (i, (lesson, answers)) in sessions.enumerated() {
            let process = Process()
            process.executableURL = TutorBinary.url
            process.arguments = ["quiz", String(lesson), "--answers", answers.path, "--lessons", Self.lessons]
            process.environment = env
            let err = dir.appendingPathComponent("stderr-\(i)")
            _ = FileManager.default.createFile(atPath: err.path, contents: nil)
            process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            process.standardError = try FileHandle(forWritingTo: err)
            process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
            running.append((process, err))
        }
        // waitUntilExit spins a run loop, which here steals a core from the sessions; a
        // termination handler only waits.
        let finished = DispatchGroup()
        for (process, _) in running {
            finished.enter()
            process.terminationHandler = { _ in finished.leave() }
        }
        for (process, _) in running { try process.run() }
        finished.wait()
        return try running.map { process, err in (process.terminationStatus, try String(contentsOf: err, encoding: .utf8)) }
    }

    @Test func twentySessionsFinishingTogetherAreAllCounted() throws {
        let state = try TutorBinary.temporaryDirectory()
        let folder = try TutorBinary.temporaryDirectory()
        var right = [Int: URL](), wrong = [Int: URL]()
        for n in [1, 2, 4] {
            right[n] = folder.appendingPathComponent("right-\(n).txt")
            wrong[n] = folder.appendingPathComponent("wrong-\(n).txt")
            try Data((try Self.rightAnswers(n).joined(separator: "\n") + "\n").utf8).write(to: right[n]!)
            try Data("zzz\n".utf8).write(to: wrong[n]!)
        }
        // Ten on lesson 1, five on each of two others, interleaved; every answer right (a
        // finished session) and one unreadable answer (unfinished) in turn.
        // (Lesson 3 takes a third of a second to run in a debug build: twenty of those would
        // make a slow test, not a better one.)
        let lessonOf = [1, 2, 1, 4, 1, 2, 1, 4, 1, 2, 1, 4, 1, 2, 1, 4, 1, 2, 4, 1]
        let sessions = lessonOf.enumerated().map { i, n in
            (n, lessonOf[..<i].filter { $0 == n }.count % 2 == 0 ? right[n]! : wrong[n]!)
        }
        for (status, stderr) in try runTogether(sessions, state: state) {
            #expect(status == 0, "\(stderr)")
            #expect(stderr.isEmpty)
        }
        let progressFile = state.appendingPathComponent("tutor/progress.json")
        let saved = try JSONDecoder().decode(ProgressFile.self, from: Data(contentsOf: progressFile)).lessons
        #expect(Set(saved.keys) == ["1", "2", "4"])
        for n in [1, 2, 4] {
            let count = lessonOf.filter { $0 == n }.count
            #expect(saved[String(n)]?.attempts == count, "lesson \(n)")
            #expect(saved[String(n)]?.unfinished == count / 2, "lesson \(n)")
        }
        for (key, lesson) in saved {
            #expect(lesson.best?.correct == lesson.best?.total, "lesson \(key): a finished session with every answer right was recorded")
            #expect(lesson.last != nil)
            #expect(lesson.title != nil)
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: progressFile.deletingLastPathComponent().path).sorted()
        #expect(left == ["progress.json", "progress.json.lock"])
    }
}
