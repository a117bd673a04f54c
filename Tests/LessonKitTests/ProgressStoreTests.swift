import Foundation
import Testing
import LessonKit
import Synchronization

/// Best and last quiz scores per lesson: where they live, how they are kept, and what
/// happens to a damaged file.
@Suite struct ProgressStoreTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-progress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func store() throws -> (ProgressStore, URL) {
        let dir = try temporaryDirectory()
        return (ProgressStore(path: dir.appendingPathComponent("tutor/progress.json").path), dir)
    }

    @Test func pathFollowsXDGStateHome() {
        #expect(ProgressStore.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/tutor/progress.json")
        #expect(ProgressStore.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/state/tutor/progress.json")
        // The XDG spec ignores a relative or empty value.
        #expect(ProgressStore.defaultPath(environment: ["XDG_STATE_HOME": "rel", "HOME": "/h"]) == "/h/.local/state/tutor/progress.json")
        #expect(ProgressStore.defaultPath(environment: ["XDG_STATE_HOME": "", "HOME": "/h"]) == "/h/.local/state/tutor/progress.json")
    }

    @Test func unfinishedSessionsAreCountedButNeverTheBest() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let unfinished = store.record(lesson: 1, title: "One", score: QuizScore(correct: 3, total: 4), finished: false)
        #expect(unfinished.after.best == nil)
        #expect(unfinished.after.last?.isFinished == false)
        #expect(unfinished.after.unfinished == 1)
        _ = store.record(lesson: 1, title: "One", score: QuizScore(halfPoints: 3, total: 4), right: 2)
        let again = store.record(lesson: 1, title: "One", score: QuizScore(correct: 4, total: 4), finished: false)
        #expect(again.after.best?.score == QuizScore(halfPoints: 3, total: 4))
        #expect(again.after.best?.correct == 2)
        #expect(again.after.attempts == 3)
        #expect(again.after.unfinished == 2)
        let loaded = store.load().lessons[1]
        #expect(loaded?.best?.score.description == "1.5/4")
        #expect(loaded?.last?.isFinished == false)
    }

    @Test func filesFromBeforeSecondTriesStillRead() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(atPath: (store.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let old = #"{"version": 1, "lessons": {"2": {"best": {"correct": 5, "total": 7, "date": "2026-01-01T00:00:00Z"}, "attempts": 4}}}"#
        try Data(old.utf8).write(to: URL(fileURLWithPath: store.path))
        let loaded = store.load()
        #expect(loaded.warnings.isEmpty)
        #expect(loaded.lessons[2]?.best?.score == QuizScore(correct: 5, total: 7))
        #expect(loaded.lessons[2]?.best?.isFinished == true)
        #expect(loaded.lessons[2]?.unfinished == 0)
        // Points beyond the total are damage, like a count beyond it.
        let bad = #"{"version": 1, "lessons": {"2": {"best": {"correct": 5, "total": 7, "points": 7.5, "date": "x"}, "attempts": 1}}}"#
        try Data(bad.utf8).write(to: URL(fileURLWithPath: store.path))
        #expect(store.load().lessons[2] == nil)
    }

    @Test func recordsBestAndLast() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(store.load().lessons.isEmpty)
        let first = store.record(lesson: 2, title: "Two", score: QuizScore(correct: 5, total: 7))
        #expect(first.saved)
        #expect(first.before == nil)
        #expect(first.after.best?.score == QuizScore(correct: 5, total: 7))
        let worse = store.record(lesson: 2, title: "Two", score: QuizScore(correct: 3, total: 7))
        #expect(worse.before?.best?.score == QuizScore(correct: 5, total: 7))
        #expect(worse.after.best?.score == QuizScore(correct: 5, total: 7))
        #expect(worse.after.last?.score == QuizScore(correct: 3, total: 7))
        let better = store.record(lesson: 2, title: "Two", score: QuizScore(correct: 7, total: 7))
        #expect(better.after.best?.score == QuizScore(correct: 7, total: 7))
        _ = store.record(lesson: 1, title: "One", score: QuizScore(correct: 0, total: 9))
        let loaded = store.load()
        #expect(loaded.warnings.isEmpty)
        #expect(loaded.lessons[2]?.attempts == 3)
        #expect(loaded.lessons[2]?.best?.score.description == "7/7")
        #expect(loaded.lessons[2]?.last?.score.description == "7/7")
        #expect(loaded.lessons[1]?.best?.score.description == "0/9")
        #expect(loaded.lessons[1]?.title == "One")
    }

    @Test func aTieKeepsTheEarlierBest() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let early = Date(timeIntervalSince1970: 1_000_000_000)
        _ = store.record(lesson: 1, title: "One", score: QuizScore(correct: 4, total: 8), now: early)
        _ = store.record(lesson: 1, title: "One", score: QuizScore(correct: 4, total: 8), now: early.addingTimeInterval(60))
        #expect(store.load().lessons[1]?.best?.date == "2001-09-09T01:46:40Z")
    }

    @Test func scoresCompareByShareWhenTheQuestionCountChanged() {
        #expect(QuizScore(correct: 7, total: 8).isBetter(than: QuizScore(correct: 6, total: 9)))
        #expect(!QuizScore(correct: 2, total: 4).isBetter(than: QuizScore(correct: 3, total: 6)))
        #expect(QuizScore(correct: 2, total: 4).isEqual(to: QuizScore(correct: 3, total: 6)))
    }

    @Test(arguments: ["not json at all", "", "[1, 2, 3]", "{\"version\": 1}", "{\"lessons\": [1]}", "\u{FF}\u{FE}garbage"])
    func aDamagedFileIsMovedAside(_ content: String) throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(atPath: (store.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(content.utf8).write(to: URL(fileURLWithPath: store.path))
        let loaded = store.load(now: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(loaded.lessons.isEmpty)
        #expect(loaded.writable)
        let warning = try #require(loaded.warnings.first)
        #expect(warning.hasPrefix("warning: the progress file '\(store.path)' is damaged"))
        let aside = store.path + ".damaged-20231114T221320Z"
        #expect(warning.contains(aside))
        #expect(FileManager.default.contents(atPath: aside) == Data(content.utf8))
        #expect(!FileManager.default.fileExists(atPath: store.path))
        // The next session starts afresh and is saved.
        let recorded = store.record(lesson: 1, title: "One", score: QuizScore(correct: 1, total: 2))
        #expect(recorded.saved)
        #expect(recorded.warnings.isEmpty)
        #expect(store.load().lessons[1]?.best?.score == QuizScore(correct: 1, total: 2))
    }

    @Test func readableLessonsSurviveADamagedEntry() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(atPath: (store.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let text = """
        {"version": 1, "lessons": {
          "1": {"title": "One", "attempts": 2, "best": {"correct": 6, "total": 9, "date": "2026-01-01T00:00:00Z"},
                "last": {"correct": 5, "total": 9, "date": "2026-01-02T00:00:00Z"}},
          "2": {"best": "seven of nine"},
          "3": {"best": {"correct": 12, "total": 7, "date": "x"}},
          "four": {},
          "5": {"best": {"correct": 3, "total": 8, "date": "2026-01-03T00:00:00Z"}}
        }}
        """
        try Data(text.utf8).write(to: URL(fileURLWithPath: store.path))
        let loaded = store.load()
        #expect(Set(loaded.lessons.keys) == [1, 5])
        #expect(loaded.lessons[1]?.best?.score == QuizScore(correct: 6, total: 9))
        #expect(loaded.lessons[5]?.attempts == 0)
        let warning = try #require(loaded.warnings.first)
        #expect(warning.contains("'2', '3', 'four'"))
        #expect(warning.contains("kept the scores of 2 lessons"))
        // The damaged original is kept beside the file, and the readable part written back.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: (store.path as NSString).deletingLastPathComponent)
        #expect(siblings.contains { $0.hasPrefix("progress.json.damaged-") })
        let again = store.load()
        #expect(again.warnings.isEmpty)
        #expect(Set(again.lessons.keys) == [1, 5])
    }

    @Test func aFolderInThePlaceOfTheFileIsNotOverwritten() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(atPath: store.path, withIntermediateDirectories: true)
        let recorded = store.record(lesson: 1, title: "One", score: QuizScore(correct: 1, total: 2))
        #expect(!recorded.saved)
        #expect(recorded.warnings.first?.contains("is a folder") == true)
    }

    @Test func anUnwritableFolderIsAWarningNotACrash() throws {
        let store = ProgressStore(path: "/proc/tutor-cannot-write/progress.json")
        let recorded = store.record(lesson: 1, title: "One", score: QuizScore(correct: 1, total: 2))
        #expect(!recorded.saved)
        #expect(recorded.warnings.first?.hasPrefix("warning: the score was not saved") == true)
    }
}

/// The lock, the merge and links: what keeps every session's record when several finish at once.
@Suite struct ProgressStoreLockingTests {
    func store() throws -> (ProgressStore, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-progress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return (ProgressStore(path: dir.appendingPathComponent("tutor/progress.json").path), dir)
    }

    /// flock locks belong to an open file, so threads of one process exclude each other too.
    @Test func recordsFromManyThreadsAtOnceAreAllKept() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let saved = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 24) { i in
            let recorded = store.record(lesson: i % 3 + 1, title: "L", score: QuizScore(correct: i % 5, total: 9))
            if recorded.saved && recorded.warnings.isEmpty { saved.withLock { $0 += 1 } }
        }
        #expect(saved.withLock { $0 } == 24)
        let loaded = store.load()
        #expect(loaded.warnings.isEmpty)
        for n in 1...3 { #expect(loaded.lessons[n]?.attempts == 8, "lesson \(n)") }
        #expect(loaded.lessons[1]?.best?.score == QuizScore(correct: 4, total: 9))
        #expect(FileManager.default.fileExists(atPath: store.lockPath))
    }

    /// A second session reads what the first wrote: it merges into the file as it is now.
    @Test func aRecordMergesIntoWhatIsOnDisk() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let other = ProgressStore(path: store.path)
        _ = store.record(lesson: 1, title: "One", score: QuizScore(correct: 3, total: 9))
        _ = other.record(lesson: 2, title: "Two", score: QuizScore(correct: 1, total: 4))
        let second = store.record(lesson: 1, title: "One", score: QuizScore(correct: 2, total: 9))
        #expect(second.before?.attempts == 1)
        let loaded = store.load()
        #expect(loaded.lessons[1]?.attempts == 2)
        #expect(loaded.lessons[1]?.best?.score == QuizScore(correct: 3, total: 9))
        #expect(loaded.lessons[2]?.title == "Two")
    }

    @Test func aLinkedFileIsWrittenThroughItsLink() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(atPath: (store.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let target = dir.appendingPathComponent("kept.json").path
        try FileManager.default.createSymbolicLink(atPath: store.path, withDestinationPath: "../kept.json")
        #expect(store.record(lesson: 1, title: "One", score: QuizScore(correct: 1, total: 2)).saved)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: store.path) == "../kept.json")
        #expect(FileManager.default.contents(atPath: target).map { String(decoding: $0, as: UTF8.self).contains("\"One\"") } == true)
    }

    /// A damaged file behind a link: the file is set aside beside itself, the link stays, and
    /// the next record goes through it.
    @Test func aDamagedLinkedFileIsSetAsideAndTheLinkKept() throws {
        let (store, dir) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(atPath: (store.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let target = dir.appendingPathComponent("kept.json").path
        try Data("not json".utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.createSymbolicLink(atPath: store.path, withDestinationPath: target)
        let loaded = store.load(now: Date(timeIntervalSince1970: 1_700_000_000))
        let aside = target + ".damaged-20231114T221320Z"
        #expect(loaded.warnings.first?.contains("moved it to '\(aside)'") == true)
        #expect(FileManager.default.contents(atPath: aside) == Data("not json".utf8))
        #expect(store.record(lesson: 1, title: "One", score: QuizScore(correct: 1, total: 2)).saved)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: store.path) == target)
        #expect(store.load().lessons[1]?.attempts == 1)
    }
}
