import Foundation

/// What one `tutor exercise` check found, for the terminal and for `--json`.
public struct ExerciseReport: Codable, Sendable {
    public struct Entry: Codable, Sendable {
        public let name: String
        /// pass, fail, error or todo.
        public let status: String
        public let message: String
        /// For a failure: the input, expected against got.
        public let details: [String]
        /// The known mistake the answers match, in plain words.
        public let mistake: String?
        /// The hint shown with this check, nil when none is.
        public let hint: String?
        /// Which hint it is (1 for the nudge) and how many the exercise has.
        public let hintNumber: Int?
        public let hints: Int
        public let casesPassed: Int
        public let casesTotal: Int

        /// Absent values are written as `null`, so every exercise has the same keys.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(status, forKey: .status)
            try c.encode(message, forKey: .message)
            try c.encode(details, forKey: .details)
            try c.encode(mistake, forKey: .mistake)
            try c.encode(hint, forKey: .hint)
            try c.encode(hintNumber, forKey: .hintNumber)
            try c.encode(hints, forKey: .hints)
            try c.encode(casesPassed, forKey: .casesPassed)
            try c.encode(casesTotal, forKey: .casesTotal)
        }

        enum CodingKeys: String, CodingKey {
            case name, status, message, details, mistake, hint, hints
            case hintNumber = "hint_number", casesPassed = "cases_passed", casesTotal = "cases_total"
        }
    }

    public let lesson: Int
    public let file: String
    /// True when this run wrote the starter file (nothing was checked).
    public let created: Bool
    public let exercises: [Entry]
    public let passed: Int
    public let total: Int
    /// What the learner's file printed at its top level.
    public let printed: String

    public init(lesson: Int, file: String, created: Bool, exercises: [Entry], printed: String) {
        self.lesson = lesson
        self.file = file
        self.created = created
        self.exercises = exercises
        self.passed = exercises.filter { $0.status == ExerciseResult.Status.pass.rawValue }.count
        self.total = exercises.count
        self.printed = printed
    }

    /// The report of a check, with the hint each result earned.
    public init(lesson: Lesson, file: String, results: [ExerciseResult], hints: [String: (text: String, number: Int)]) {
        let entries = results.map { r in
            Entry(name: r.exercise.name, status: r.status.rawValue, message: r.message, details: r.details, mistake: r.mistake,
                  hint: hints[r.exercise.name]?.text, hintNumber: hints[r.exercise.name]?.number, hints: r.exercise.hints.count,
                  casesPassed: r.casesPassed, casesTotal: r.casesTotal)
        }
        self.init(lesson: lesson.number, file: file, created: false, exercises: entries,
                  printed: Self.shortened(results.first { !$0.printed.isEmpty }?.printed ?? ""))
    }

    /// The most of what the file printed that a report carries: enough to debug with, while a
    /// file that prints megabytes stays a readable report.
    public static let printedLimit = 4000

    static func shortened(_ printed: String) -> String {
        guard printed.count > printedLimit else { return printed }
        return String(printed.prefix(printedLimit)) + "\n… (\(printed.count - printedLimit) more characters)\n"
    }

    /// The report of a starter file just written: every exercise still to do.
    public init(createdFor lesson: Lesson, file: String) {
        let entries = lesson.exercises.map { e in
            Entry(name: e.name, status: ExerciseResult.Status.todo.rawValue, message: "\(e.name): to write",
                  details: [], mistake: nil, hint: nil, hintNumber: nil, hints: e.hints.count, casesPassed: 0, casesTotal: 0)
        }
        self.init(lesson: lesson.number, file: file, created: true, exercises: entries, printed: "")
    }

    public func json() throws -> String {
        try ReportJSON.string(self)
    }
}
