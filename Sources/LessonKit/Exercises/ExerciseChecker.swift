import Foundation
import StepScript

/// How a learner's exercise fared.
public struct ExerciseResult: Sendable {
    public enum Status: String, Sendable {
        /// Every case matches the reference.
        case pass
        /// A case differs from the reference, or the code raised on one.
        case fail
        /// The learner's file cannot run (a syntax error, an endless loop at its top level).
        case error
        /// Not started: the starter is unchanged, or the name is not defined.
        case todo
    }

    public let exercise: Exercise
    public let status: Status
    /// One line saying what happened.
    public let message: String
    /// For a failure, the input that failed and expected against got, one item per line.
    public let details: [String]
    /// The known mistake the learner's answers match, in plain words.
    public let mistake: String?
    /// What the learner's file printed at its top level, if anything.
    public let printed: String
    public let casesPassed: Int
    public let casesTotal: Int
}

/// Checks learner code against a lesson's exercises.
///
/// Each piece of code (the learner's file, the reference, every known mistake) runs in a
/// lesson session of its own, replayed to the exercise's place, so no two of them can
/// change each other's names, tensors or random numbers. In each session the cases are
/// built first, then the code runs and the exercise's name is called on every case; the
/// answers are compared as `EvaluatedValue`s. The reference's and the mistakes' answers are
/// kept, so checking the file again (`--watch`) replays only the learner's session.
public final class ExerciseChecker {
    public let lesson: Lesson
    private let limits: Limits
    private var references = [Int: Result<Answers, StepError>]()
    private var mistakeAnswers = [Int: [Int: Answers]]()

    public init(lesson: Lesson, limits: Limits = Limits()) {
        self.lesson = lesson
        self.limits = limits
    }

    /// Where a piece of code comes from, to place its errors.
    enum Origin {
        /// The learner's file.
        case file(String)
        /// A section of the lesson.
        case lesson(Exercise.Code)

        func location(_ line: Int?, in lesson: Lesson) -> SourceLocation {
            switch self {
            case .file(let path): return SourceLocation(path: path, line: line ?? 1)
            case .lesson(let code): return SourceLocation(path: lesson.path, line: code.firstLine + (line ?? 1) - 1)
            }
        }
    }

    /// What one piece of code answered on the exercise's cases.
    struct Answers {
        enum Outcome {
            /// The code defines the name; its answer on each case run, in order (a case that
            /// ran out of time or memory ends the list).
            case answered([Result<EvaluatedValue, PyError>])
            /// The code itself raised before the name could be called.
            case raised(PyError)
            /// The code ran but does not define the name.
            case undefined
        }
        let outcome: Outcome
        let labels: [String]
        /// Each case's arguments, described for a failure message.
        let arguments: [[EvaluatedValue]]
        /// What the code printed at its top level.
        let printed: String
    }

    /// The cases could not be built (a lesson mistake, reported by `tutor check`).
    struct SetupError: Error {
        let error: StepError
    }

    // MARK: Checking a learner's file

    /// Checks `code` (the learner's file, at `path`) against every exercise of the lesson.
    public func check(code: String, path: String) -> [ExerciseResult] {
        lesson.exercises.map { check($0, code: code, path: path) }
    }

    func check(_ exercise: Exercise, code: String, path: String) -> ExerciseResult {
        // The untouched starter is "not started", unless the file defines the name again after it.
        if Self.contains(code, exercise.starter.text)
            && Self.definitions(of: exercise.name, in: code) <= Self.definitions(of: exercise.name, in: exercise.starter.text) {
            return ExerciseResult(exercise: exercise, status: .todo, message: "\(exercise.name): not started (the starter code is unchanged)",
                                  details: [], mistake: nil, printed: "", casesPassed: 0, casesTotal: 0)
        }
        return judge(exercise, code: code, path: path)
    }

    /// Runs `code` on the exercise's cases and compares its answers with the reference's.
    private func judge(_ exercise: Exercise, code: String, path: String) -> ExerciseResult {
        func result(_ status: ExerciseResult.Status, _ message: String, details: [String] = [], mistake: String? = nil,
                    printed: String = "", passed: Int = 0, total: Int = 0) -> ExerciseResult {
            ExerciseResult(exercise: exercise, status: status, message: message, details: details, mistake: mistake,
                           printed: printed, casesPassed: passed, casesTotal: total)
        }
        let reference: Answers
        switch self.reference(exercise) {
        case .success(let r): reference = r
        case .failure(let e): return result(.error, "\(exercise.name): the lesson's reference cannot run: \(e)")
        }
        let learner: Answers
        do {
            learner = try answers(exercise, code: code, origin: .file(path))
        } catch let e as SetupError {
            return result(.error, "\(exercise.name): the lesson's cases cannot be built: \(e.error)")
        } catch {
            return result(.error, "\(exercise.name): \(error)")
        }
        guard case .answered(let expected) = reference.outcome else {
            return result(.error, "\(exercise.name): the lesson's reference does not define it")
        }
        let total = expected.count
        switch learner.outcome {
        case .raised(let e):
            return result(.error, "\(exercise.name): \(Origin.file(path).location(e.line, in: lesson)): \(e.kindAndMessage)",
                          printed: learner.printed, total: total)
        case .undefined:
            return result(.todo, "\(exercise.name): not started (\(path) does not define it)", printed: learner.printed, total: total)
        case .answered(let got):
            var passed = 0
            for (i, want) in expected.enumerated() {
                guard case .success(let e) = want else { continue }
                let label = "\"\(reference.labels[i])\" (case \(i + 1) of \(total))"
                var details = reference.arguments[i].enumerated().map { j, a in
                    "\(reference.arguments[i].count == 1 ? "input" : "input \(j + 1)"): \(Self.describe(a))"
                }
                let problem: String
                if i >= got.count {
                    problem = "never ran: an earlier case used up the time or memory"
                } else {
                    switch got[i] {
                    case .failure(let err):
                        problem = "raised \(err.kindAndMessage) at \(Origin.file(path).location(err.line, in: lesson))"
                    case .success(let g):
                        guard let why = exercise.difference(expected: e, got: g) else {
                            passed += 1
                            continue
                        }
                        details += ["expected: " + Self.shown(e.repr), "got:      " + Self.shown(g.repr)]
                        problem = why
                    }
                }
                // Later cases still count toward how many pass.
                for j in (i + 1)..<max(i + 1, total) where j < got.count {
                    if case .success(let want) = expected[j], case .success(let g) = got[j],
                       exercise.difference(expected: want, got: g) == nil {
                        passed += 1
                    }
                }
                // Running out of time or memory is the file's problem, not a wrong answer.
                var stopped = false
                if i < got.count, case .failure(let err) = got[i], err.kind == .timeoutError || err.kind == .memoryError { stopped = true }
                return result(stopped ? .error : .fail, "\(exercise.name) \(stopped ? "was stopped" : "differs") on \(label): \(problem)", details: details,
                              mistake: knownMistake(exercise, learner: got), printed: learner.printed,
                              passed: passed, total: total)
            }
            return result(.pass, "\(exercise.name) matches the reference on all \(total) case\(total == 1 ? "" : "s")",
                          printed: learner.printed, passed: passed, total: total)
        }
    }

    /// The first known mistake whose answers are the learner's on every case.
    private func knownMistake(_ exercise: Exercise, learner: [Result<EvaluatedValue, PyError>]) -> String? {
        for (k, mistake) in exercise.mistakes.enumerated() {
            guard let run = mistakeRun(exercise, k), case .answered(let theirs) = run.outcome else { continue }
            if Self.agree(theirs, learner, exercise) { return mistake.description }
        }
        return nil
    }

    /// Whether two pieces of code answered every case alike: the same values within the
    /// tolerance, or the same kind of error.
    static func agree(_ a: [Result<EvaluatedValue, PyError>], _ b: [Result<EvaluatedValue, PyError>], _ exercise: Exercise) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in
            switch (x, y) {
            case (.success(let u), .success(let v)):
                return exercise.difference(expected: u, got: v) == nil
            case (.failure(let u), .failure(let v)):
                return u.kind == v.kind
            default:
                return false
            }
        }
    }

    // MARK: Checking the lesson's own exercise blocks

    /// Problems with each of the lesson's exercises, as `path:line: error: ...` lines: the
    /// reference must answer every case, the starter must not pass, and every known mistake
    /// must differ from the reference and be told apart from the mistakes before it.
    public func verify() -> [(exercise: Exercise, problems: [String])] {
        lesson.exercises.map { ($0, verify($0)) }
    }

    private func verify(_ exercise: Exercise) -> [String] {
        var problems = [String]()
        func problem(_ line: Int, _ text: String) {
            problems.append("\(lesson.path):\(line): error: exercise \(exercise.name): \(text)")
        }
        let reference: Answers
        switch self.reference(exercise) {
        case .failure(let e):
            return ["\(e.location): error: exercise \(exercise.name): \(e.kind): \(e.message)"]
        case .success(let r): reference = r
        }
        guard case .answered(let expected) = reference.outcome else {
            problem(exercise.solution.firstLine, "the solution does not define \(exercise.name)")
            return problems
        }
        if expected.isEmpty { problem(exercise.cases.firstLine, "'cases' is empty") }
        for (i, answer) in expected.enumerated() {
            if case .failure(let e) = answer {
                problem(Origin.lesson(exercise.solution).location(e.line, in: lesson).line,
                        "the solution raised \(e.kindAndMessage) on case \"\(reference.labels[i])\"")
            }
        }
        if judge(exercise, code: exercise.starter.text, path: lesson.path).status == .pass {
            problem(exercise.starter.firstLine, "the starter code passes every case")
        }
        for (k, mistake) in exercise.mistakes.enumerated() {
            switch mistakeRun(exercise, k)?.outcome {
            case nil:
                problem(mistake.code.firstLine, "the mistake's cases cannot be built")
            case .raised(let e)?:
                problem(Origin.lesson(mistake.code).location(e.line, in: lesson).line, "the mistake's code raised \(e.kindAndMessage)")
            case .undefined?:
                problem(mistake.code.firstLine, "the mistake's code does not define \(exercise.name)")
            case .answered(let theirs)?:
                if Self.agree(theirs, expected, exercise) {
                    problem(mistake.code.firstLine, "the mistake \"\(mistake.description)\" gives the reference's answer on every case; add a case that tells them apart")
                } else if let named = knownMistake(exercise, learner: theirs), named != mistake.description {
                    problem(mistake.code.firstLine, "the mistake \"\(mistake.description)\" answers every case as \"\(named)\" does; add a case that tells them apart")
                }
            }
        }
        return problems
    }

    // MARK: Running code on the cases

    private func reference(_ exercise: Exercise) -> Result<Answers, StepError> {
        if let cached = references[exercise.index] { return cached }
        let result: Result<Answers, StepError>
        do {
            let answers = try self.answers(exercise, code: exercise.solution.text, origin: .lesson(exercise.solution),
                                           describe: true)
            if case .raised(let e) = answers.outcome {
                result = .failure(StepError(kind: e.kind.rawValue, message: e.message,
                                            location: Origin.lesson(exercise.solution).location(e.line, in: lesson)))
            } else {
                result = .success(answers)
            }
        } catch let e as SetupError {
            result = .failure(e.error)
        } catch {
            result = .failure(StepError(kind: "RuntimeError", message: "\(error)", location: exercise.location))
        }
        references[exercise.index] = result
        return result
    }

    private func mistakeRun(_ exercise: Exercise, _ k: Int) -> Answers? {
        if let cached = mistakeAnswers[exercise.index]?[k] { return cached }
        let code = exercise.mistakes[k].code
        guard let answers = try? self.answers(exercise, code: code.text, origin: .lesson(code)) else { return nil }
        mistakeAnswers[exercise.index, default: [:]][k] = answers
        return answers
    }

    /// Runs `code` at the exercise's place in a fresh session and calls the exercise's name
    /// on every case.
    private func answers(_ exercise: Exercise, code: String, origin: Origin, describe: Bool = false) throws -> Answers {
        let session = LessonSession(lesson: lesson, limits: limits)
        let place = lesson.blocks.firstIndex { if case .exercise(let e) = $0 { return e.index == exercise.index }; return false }
        session.advance(toBlock: place ?? lesson.blocks.count)

        func setup(_ source: String, _ section: Exercise.Code, _ explain: String? = nil) throws {
            if let e = session.execute(source).error {
                let location = explain == nil ? Origin.lesson(section).location(e.line, in: lesson) : exercise.location
                throw SetupError(error: StepError(kind: e.kind.rawValue, message: explain ?? e.message, location: location))
            }
        }
        // The cases and the call are taken before the code runs, so it cannot change them.
        try setup(exercise.cases.text, exercise.cases)
        try setup("__tutor_cases__ = list(cases.values())\n__tutor_labels__ = [str(k) for k in cases.keys()]", exercise.cases,
                  "the cases section must set 'cases' to a dict from a description to a tuple of arguments")
        if let call = exercise.call {
            try setup(call.text, call)
            try setup("__tutor_call__ = call", call, "the call section must define 'call(impl, ...)'")
        }
        let count: Int
        switch session.evaluate("len(__tutor_cases__)") {
        case .success(let v): if case .integer(let n) = v.kind { count = n } else { count = 0 }
        case .failure: count = 0
        }
        var labels = [String](), arities = [Int](), arguments = [[EvaluatedValue]]()
        for i in 0..<count {
            guard case .success(let label) = session.evaluate("__tutor_labels__[\(i)]"),
                  case .success(let arity) = session.evaluate("len(__tutor_cases__[\(i)])"),
                  case .integer(let n) = arity.kind,
                  case .success(let isTuple) = session.evaluate("isinstance(__tutor_cases__[\(i)], tuple)"),
                  isTuple.kind == .bool(true) else {
                throw SetupError(error: StepError(kind: "TypeError", message: "case \(i + 1) of 'cases' is not a tuple of arguments",
                                                  location: SourceLocation(path: lesson.path, line: exercise.cases.firstLine)))
            }
            if case .string(let s) = label.kind { labels.append(s) } else { labels.append(label.repr) }
            arities.append(n)
            arguments.append(describe ? (0..<n).compactMap { j in try? session.evaluate("__tutor_cases__[\(i)][\(j)]").get() } : [])
        }

        // A name the lesson defined already (a class one of its steps shows) must come from
        // the code itself: without it, the lesson's own would answer for the learner.
        if case .success = session.evaluate(exercise.name) { _ = session.execute("del \(exercise.name)") }
        let ran = session.execute(code)
        if let e = ran.error { return Answers(outcome: .raised(e), labels: labels, arguments: arguments, printed: ran.output) }
        if session.execute("__tutor_impl__ = \(exercise.name)").error != nil {
            return Answers(outcome: .undefined, labels: labels, arguments: arguments, printed: ran.output)
        }
        var results = [Result<EvaluatedValue, PyError>]()
        for (i, n) in arities.enumerated() {
            let args = (0..<n).map { "__tutor_cases__[\(i)][\($0)]" }.joined(separator: ", ")
            let call = exercise.call == nil ? "__tutor_impl__(\(args))" : "__tutor_call__(__tutor_impl__\(n > 0 ? ", " : "")\(args))"
            let answer = session.evaluate(call)
            results.append(answer)
            // Out of time or memory: the cases after it would only wait as long again.
            if case .failure(let e) = answer, e.kind == .timeoutError || e.kind == .memoryError { break }
        }
        return Answers(outcome: .answered(results), labels: labels, arguments: arguments, printed: ran.output)
    }

    // MARK: Text

    /// Whether `code` still holds `starter`: all its lines, whole and in a row (trailing
    /// spaces and blank lines at either end aside).
    static func contains(_ code: String, _ starter: String) -> Bool {
        func lines(_ s: String) -> [Substring] {
            LineText.normalizingLineEnds(s).split(separator: "\n", omittingEmptySubsequences: false)
                .map { line in line[..<(line.lastIndex { !$0.isWhitespace }.map(line.index(after:)) ?? line.startIndex)] }
        }
        let wanted = Array(lines(starter).drop { $0.isEmpty }.reversed().drop { $0.isEmpty }.reversed())
        let have = lines(code)
        guard !wanted.isEmpty, have.count >= wanted.count else { return false }
        return (0...(have.count - wanted.count)).contains { start in
            have[start..<(start + wanted.count)].elementsEqual(wanted)
        }
    }

    /// How many lines define `name` at the top level (`def name(` or `class name`).
    static func definitions(of name: String, in code: String) -> Int {
        LineText.normalizingLineEnds(code).split(separator: "\n").filter { line in
            line.hasPrefix("def \(name)(") || line.hasPrefix("def \(name) (") || line.hasPrefix("class \(name)(")
                || line.hasPrefix("class \(name):") || line.hasPrefix("class \(name) ")
        }.count
    }

    /// An argument as a failure message shows it: small values in full, larger tensors by shape.
    static func describe(_ v: EvaluatedValue) -> String {
        if case .tensor(let shape, let values, _) = v.kind, values.count > 12 || v.repr.split(separator: "\n").count > 4 {
            return "a tensor of shape \(ValueComparison.shapeText(shape))"
        }
        return shown(v.repr)
    }

    /// A repr for a detail line: its continuation lines indented to follow the label.
    static func shown(_ repr: String) -> String {
        let lines = repr.split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.prefix(8).map(String.init)
        return (kept + (lines.count > 8 ? ["… (\(lines.count - 8) more lines)"] : [])).joined(separator: "\n")
    }
}

extension PyError {
    /// `ZeroDivisionError: division by zero`.
    var kindAndMessage: String { message.isEmpty ? kind.rawValue : "\(kind.rawValue): \(message)" }
}
