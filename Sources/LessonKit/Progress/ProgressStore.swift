import Foundation

/// A learner's quiz record for one lesson.
public struct LessonProgress: Sendable, Codable, Equatable {
    /// One scored session.
    ///
    /// `correct` counts the right answers (on either try) and is a whole number, as files
    /// written before second tries have it, so older versions of tutor still read newer
    /// files; `points` holds the score with its halves and is absent from older files.
    public struct Entry: Sendable, Codable, Equatable {
        /// Right answers, on either try.
        public let correct: Int
        public let total: Int
        /// When it was taken, ISO 8601.
        public let date: String
        /// The score, with half a point for each answer right on the second try; nil in
        /// files from before second tries, where it equals `correct`.
        public let points: Double?
        /// False for a session left unfinished; nil in older files (a finished session).
        public let finished: Bool?

        public init(_ score: QuizScore, right: Int? = nil, finished: Bool = true, date: String) {
            correct = right ?? score.halfPoints / 2
            total = score.total
            points = score.points
            self.finished = finished
            self.date = date
        }

        public var score: QuizScore { QuizScore(points: points ?? Double(correct), total: total) }

        /// Whether the session went to the last question.
        public var isFinished: Bool { finished ?? true }

        var isValid: Bool {
            total > 0 && correct >= 0 && correct <= total
                && (points.map { $0.isFinite && $0 >= 0 && $0 <= Double(total) } ?? true)
        }
    }

    /// The lesson's title when it was last taken (lessons are keyed by number).
    public var title: String?
    /// The best finished session: an unfinished one never becomes the best.
    public var best: Entry?
    /// The last session, finished or not.
    public var last: Entry?
    /// How many sessions were recorded, finished or not.
    public var attempts: Int
    /// How many of them were left unfinished (absent from older files: none).
    public var unfinished: Int
    /// The lesson's exercises by name (absent from older files and lessons never checked).
    public var exercises: [String: ExerciseRecord]?

    public init(title: String? = nil, best: Entry? = nil, last: Entry? = nil, attempts: Int = 0, unfinished: Int = 0,
                exercises: [String: ExerciseRecord]? = nil) {
        self.title = title
        self.best = best
        self.last = last
        self.attempts = attempts
        self.unfinished = unfinished
        self.exercises = exercises
    }

    var isValid: Bool {
        attempts >= 0 && unfinished >= 0 && (best?.isValid ?? true) && (last?.isValid ?? true)
            && (exercises?.values.allSatisfy(\.isValid) ?? true)
    }

    private enum CodingKeys: String, CodingKey { case title, best, last, attempts, unfinished, exercises }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        best = try c.decodeIfPresent(Entry.self, forKey: .best)
        last = try c.decodeIfPresent(Entry.self, forKey: .last)
        // A hand-edited record without a count is still a record.
        attempts = try c.decodeIfPresent(Int.self, forKey: .attempts) ?? 0
        unfinished = try c.decodeIfPresent(Int.self, forKey: .unfinished) ?? 0
        exercises = try c.decodeIfPresent([String: ExerciseRecord].self, forKey: .exercises)
    }
}

/// A learner's record of one exercise.
public struct ExerciseRecord: Sendable, Codable, Equatable {
    /// The last check's status: pass, fail, error or todo.
    public var status: String
    /// Whether it has ever passed (a later failing edit does not undo that).
    public var passed: Bool
    /// How many of its hints have been shown, a nudge first.
    public var hintsShown: Int
    /// How many times it was checked.
    public var checks: Int
    /// When it was last checked, ISO 8601.
    public var date: String
    /// A digest of the code that earned the last hint: checking the same code again shows
    /// the same hint rather than the next.
    public var hintedCode: String?

    public init(status: String = "todo", passed: Bool = false, hintsShown: Int = 0, checks: Int = 0, date: String = "",
                hintedCode: String? = nil) {
        self.status = status
        self.passed = passed
        self.hintsShown = hintsShown
        self.checks = checks
        self.date = date
        self.hintedCode = hintedCode
    }

    var isValid: Bool { hintsShown >= 0 && checks >= 0 }
}

/// Quiz scores per lesson in `progress.json` under `$XDG_STATE_HOME/tutor/` (else
/// `~/.local/state/tutor/`). Changes are made under a lock and written atomically; a damaged
/// file is moved aside with a warning and whatever lessons in it can still be read are kept.
public struct ProgressStore: Sendable {
    /// The file's path.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The file's path: `$XDG_STATE_HOME/tutor/progress.json`, or `~/.local/state/tutor/progress.json`
    /// when XDG_STATE_HOME is unset or not absolute, as the XDG spec asks.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base: String
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            base = state
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            base = (home as NSString).appendingPathComponent(".local/state")
        }
        return ((base as NSString).appendingPathComponent("tutor") as NSString).appendingPathComponent("progress.json")
    }

    /// What a load found.
    public struct Loaded: Sendable {
        /// The records that could be read, by lesson number.
        public var lessons: [Int: LessonProgress]
        /// Problems worth telling the learner about (a damaged file set aside, say).
        public var warnings: [String]
        /// False when the file exists but cannot be read, so writing would destroy it.
        public var writable: Bool
    }

    /// The lock file beside the progress file. Every change to the progress file is made
    /// holding an exclusive `flock` on it, so sessions that finish together each read what the
    /// other wrote and none of their records is lost. (Beside the path as given: a progress
    /// file that is a link to elsewhere is still locked in the one place every session looks.)
    public var lockPath: String { path + ".lock" }

    /// What is on disk, read without changing anything.
    private enum OnDisk {
        case nothing
        case folder
        case unreadable(String)
        case parsed([Int: LessonProgress], problem: String?)
    }

    private func read() -> OnDisk {
        var status = stat()
        if stat(path, &status) != 0 {
            return errno == ENOENT ? .nothing : .unreadable(FileWriter.reason(errno))
        }
        if status.st_mode & S_IFMT == S_IFDIR { return .folder }
        do {
            let (lessons, problem) = Self.parse(try FileReader.read(path))
            return .parsed(lessons, problem: problem)
        } catch let e as FileReader.ReadError {
            return .unreadable(e.reason)
        } catch {
            return .unreadable("\(error)")
        }
    }

    /// Reads the records. A damaged file is renamed to `progress.json.damaged-<time>` and
    /// the lessons that could still be read are written back, so no good record is lost.
    public func load(now: Date = Date()) -> Loaded {
        let found = read()
        guard case .parsed(let lessons, let problem?) = found else { return loaded(found, now: now) }
        // Setting a damaged file aside changes it: do that holding the lock, looking again.
        let lock: FileLock
        do {
            lock = try FileLock(path: lockPath, reported: path)
        } catch {
            return Loaded(lessons: lessons, warnings: ["warning: the progress file '\(path)' is damaged (\(problem)) and cannot be moved aside: \(error)"], writable: false)
        }
        defer { lock.release() }
        return loaded(read(), now: now)
    }

    /// What was found, setting a damaged file aside: call with the lock held.
    private func loaded(_ found: OnDisk, now: Date) -> Loaded {
        switch found {
        case .nothing:
            return Loaded(lessons: [:], warnings: [], writable: true)
        case .folder:
            return Loaded(lessons: [:], warnings: ["warning: the progress file '\(path)' is a folder; scores are not saved"], writable: false)
        case .unreadable(let reason):
            return Loaded(lessons: [:], warnings: ["warning: cannot read the progress file '\(path)' (\(reason)); scores are not saved"], writable: false)
        case .parsed(let lessons, nil):
            return Loaded(lessons: lessons, warnings: [], writable: true)
        case .parsed(let lessons, let problem?):
            var warnings = [String]()
            // A link stays a link: the file it points to is set aside, and the records written
            // back go through the link to a new file in its place.
            let target = (try? FileWriter.resolvedPath(path)) ?? path
            let aside = damagedPath(of: target, now: now)
            if rename(target, aside) == 0 {
                let kept = lessons.isEmpty ? "" : "; kept the scores of \(lessons.count) lesson\(lessons.count == 1 ? "" : "s") that could be read"
                warnings.append("warning: the progress file '\(path)' is damaged (\(problem)); moved it to '\(aside)'\(kept)")
                if !lessons.isEmpty {
                    do {
                        try write(lessons)
                    } catch {
                        warnings.append("warning: \(error)")
                    }
                }
                return Loaded(lessons: lessons, warnings: warnings, writable: true)
            }
            warnings.append("warning: the progress file '\(path)' is damaged (\(problem)) and cannot be moved aside: \(FileWriter.reason(errno))")
            return Loaded(lessons: lessons, warnings: warnings, writable: false)
        }
    }

    /// What recording a session did.
    public struct Recorded: Sendable {
        /// The lesson's record before this session.
        public let before: LessonProgress?
        public let after: LessonProgress
        /// Whether the file now holds `after`.
        public let saved: Bool
        public let warnings: [String]
    }

    /// Records a session's score for a lesson: its last score, and its best when it is
    /// finished and beats the one before (a tie keeps the earlier best); an unfinished
    /// session is counted as such and never becomes the best. Holding the lock, it reads the
    /// file as it is now, merges this session into it and writes it back.
    /// - Parameter right: how many answers were right on either try (default: the whole points).
    public func record(lesson: Int, title: String, score: QuizScore, right: Int? = nil, finished: Bool = true,
                       now: Date = Date()) -> Recorded {
        update(lesson: lesson, now: now, what: "score") { before in
            var after = before ?? LessonProgress()
            let entry = LessonProgress.Entry(score, right: right, finished: finished, date: Self.timestamp(now))
            after.title = title
            after.last = entry
            after.attempts += 1
            guard finished else {
                after.unfinished += 1
                return after
            }
            if after.best.map({ score.isBetter(than: $0.score) }) ?? true { after.best = entry }
            return after
        }
    }

    /// Records a check of a lesson's exercises: `change` turns each exercise's record
    /// before (nil for one never checked) into its record after.
    public func recordExercises(lesson: Int, title: String, now: Date = Date(),
                                _ change: (_ name: String, _ before: ExerciseRecord?) -> ExerciseRecord?,
                                names: [String]) -> Recorded {
        update(lesson: lesson, now: now, what: "exercise record") { before in
            var after = before ?? LessonProgress()
            after.title = title
            var records = after.exercises ?? [:]
            for name in names {
                if let record = change(name, records[name]) { records[name] = record }
            }
            after.exercises = records
            return after
        }
    }

    /// Changes one lesson's record holding the lock: reads the file as it is now, applies
    /// `merged` and writes it back. `what` names what is lost when it cannot be written.
    private func update(lesson: Int, now: Date, what: String, _ merged: (LessonProgress?) -> LessonProgress) -> Recorded {
        let lock: FileLock
        do {
            lock = try FileLock(path: lockPath, reported: path)
        } catch {
            let loaded = load(now: now)
            let before = loaded.lessons[lesson]
            return Recorded(before: before, after: merged(before), saved: false,
                            warnings: loaded.warnings + ["warning: the \(what) was not saved: \(error)"])
        }
        defer { lock.release() }
        var loaded = loaded(read(), now: now)
        let before = loaded.lessons[lesson]
        let after = merged(before)
        guard loaded.writable else {
            return Recorded(before: before, after: after, saved: false, warnings: loaded.warnings)
        }
        loaded.lessons[lesson] = after
        do {
            try write(loaded.lessons)
        } catch {
            loaded.warnings.append("warning: the \(what) was not saved: \(error)")
            return Recorded(before: before, after: after, saved: false, warnings: loaded.warnings)
        }
        return Recorded(before: before, after: after, saved: true, warnings: loaded.warnings)
    }

    /// Writes all records through `FileWriter` (atomically; a link stays a link). Call with
    /// the lock held.
    private func write(_ lessons: [Int: LessonProgress]) throws {
        let file = File(version: 1, lessons: Dictionary(uniqueKeysWithValues: lessons.map { (String($0.key), $0.value) }))
        try FileWriter.write(try ReportJSON.encode(file) + Data("\n".utf8), to: path)
    }

    /// The file's layout.
    struct File: Codable {
        var version: Int
        var lessons: [String: LessonProgress]
    }

    /// Reads what can be read, one lesson at a time; the second value says what was wrong.
    static func parse(_ data: Data) -> ([Int: LessonProgress], String?) {
        guard let object = try? JSONSerialization.jsonObject(with: data) else {
            return ([:], data.isEmpty ? "it is empty" : "it is not JSON")
        }
        guard let top = object as? [String: Any], let entries = top["lessons"] as? [String: Any] else {
            return ([:], "it has no \"lessons\" object")
        }
        var lessons = [Int: LessonProgress]()
        var bad = [String]()
        let decoder = JSONDecoder()
        for (key, value) in entries.sorted(by: { $0.key < $1.key }) {
            guard let n = Int(key), n >= 0,
                  JSONSerialization.isValidJSONObject([value]),
                  let raw = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]),
                  let entry = try? decoder.decode(LessonProgress.self, from: raw), entry.isValid else {
                bad.append(key)
                continue
            }
            lessons[n] = entry
        }
        if bad.isEmpty { return (lessons, nil) }
        return (lessons, "unreadable record\(bad.count == 1 ? "" : "s") for lesson\(bad.count == 1 ? "" : "s") " + bad.map { "'\($0)'" }.joined(separator: ", "))
    }

    private func damagedPath(of target: String, now: Date) -> String {
        let base = target + ".damaged-" + Self.compactTimestamp(now)
        var candidate = base
        var n = 2
        while FileManager.default.fileExists(atPath: candidate) {
            candidate = base + "-\(n)"
            n += 1
        }
        return candidate
    }

    static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    static func compactTimestamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return f.string(from: date)
    }
}
