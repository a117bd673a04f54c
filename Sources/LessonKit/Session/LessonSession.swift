import Foundation
import StepScript

/// The engine under every lesson command: one interpreter (its namespace and its random
/// generator) and a cursor through the lesson's blocks.
///
/// `next()` runs the next block in the lesson's namespace and yields what it shows; since
/// the namespace and the generator start fresh with the session, running a new session to a
/// step replays the lesson deterministically. `execute` runs the learner's own code in the
/// namespace as it stands.
public final class LessonSession {
    public let lesson: Lesson
    private let interpreter: Interpreter
    /// The next block to run.
    public private(set) var cursor = 0
    /// Events waiting to be yielded (a block can yield two: a step and its output).
    private var queued = [LessonEvent]()
    private let expectedByStep: [Int: ExpectedOutput]
    private var resultsByStep = [Int: StepResult]()

    public init(lesson: Lesson, limits: Limits = Limits()) {
        self.lesson = lesson
        interpreter = Interpreter(limits: limits)
        // However many steps a lesson has, running it ends in bounded time.
        interpreter.limitTotalTime(limits.lessonSeconds)
        expectedByStep = Dictionary(lesson.blocks.compactMap { b -> (Int, ExpectedOutput)? in
            if case .output(let o) = b { return (o.stepIndex, o) }
            return nil
        }, uniquingKeysWith: { a, _ in a })
    }

    /// Whether every block has run and every event been yielded.
    public var isFinished: Bool { cursor >= lesson.blocks.count && queued.isEmpty }

    /// How many steps have run.
    public var stepsRun: Int { resultsByStep.count }

    /// Runs the next block and yields what it shows; nil at the end of the lesson.
    public func next() -> LessonEvent? {
        while queued.isEmpty && cursor < lesson.blocks.count {
            let block = lesson.blocks[cursor]
            cursor += 1
            queued = events(for: block)
        }
        return queued.isEmpty ? nil : queued.removeFirst()
    }

    /// Runs blocks until `count` steps have run (the blocks right after the last of them,
    /// up to the next step, are left to `next()`), and returns the events on the way.
    @discardableResult
    public func advance(throughSteps count: Int) -> [LessonEvent] {
        var out = [LessonEvent]()
        while stepsRun < count, let e = next() { out.append(e) }
        // The step's own output event stays with it.
        while let first = queued.first, case .output = first { out.append(queued.removeFirst()) }
        return out
    }

    /// Runs the blocks before block `index` (an exercise's place, say), returning their events.
    @discardableResult
    public func advance(toBlock index: Int) -> [LessonEvent] {
        var out = queued
        queued.removeAll()
        while cursor < min(index, lesson.blocks.count) {
            let block = lesson.blocks[cursor]
            cursor += 1
            out += events(for: block)
        }
        return out
    }

    /// Runs the rest of the lesson.
    public func runToEnd() -> LessonRun {
        var events = [LessonEvent]()
        while let e = next() { events.append(e) }
        return LessonRun(lesson: lesson, events: events)
    }

    /// What running the learner's own code in the lesson's namespace gave.
    public struct CellResult: Sendable {
        /// What the code printed, then the repr of a final bare expression (as a notebook
        /// echoes it), each line ending in a newline.
        public let output: String
        /// The final bare expression's repr, nil when there is none or it is None.
        public let echo: String?
        /// The error that stopped the code, at its line within the code.
        public let error: PyError?
    }

    /// Runs `code` in the lesson's namespace as it stands, as a notebook cell.
    public func execute(_ code: String) -> CellResult {
        var echo: String? = nil
        var failure: PyError? = nil
        do {
            echo = try interpreter.runCell(code)
            if let e = echo { interpreter.appendOutput(e + "\n") }
        } catch let e as PyError {
            failure = e
        } catch {
            failure = PyError(.runtimeError, "\(error)")
        }
        return CellResult(output: interpreter.takeOutput(), echo: echo, error: failure)
    }

    // MARK: Blocks

    private func events(for block: Block) -> [LessonEvent] {
        switch block {
        case .prose(let prose):
            return [.prose(prose)]
        case .step(let step):
            let result = run(step)
            resultsByStep[step.index] = result
            // Without an output block of its own, a step shows what it printed right away.
            if result.expected == nil && (!result.output.isEmpty || result.error != nil) {
                return [.step(result), .output(result)]
            }
            return [.step(result)]
        case .output(let expected):
            return resultsByStep[expected.stepIndex].map { [.output($0)] } ?? []
        case .quiz(let quiz):
            return [.question(quiz, answer(quiz))]
        case .heatmap(let map):
            return [.heatmap(map, heatmap(map))]
        case .exercise(let exercise):
            return [.exercise(exercise)]
        }
    }

    private func run(_ step: Step) -> StepResult {
        let cell = execute(step.code)
        let failure = cell.error.map { e in
            StepError(kind: e.kind.rawValue, message: e.message,
                      location: SourceLocation(path: lesson.path, line: step.firstCodeLine + (e.line ?? 1) - 1))
        }
        let expected = expectedByStep[step.index]
        let comparison = failure == nil ? expected.map {
            OutputChecker.compare(expected: $0.text, actual: cell.output, absoluteTolerance: $0.absoluteTolerance)
        } : nil
        return StepResult(step: step, output: cell.output, error: failure, expected: expected, comparison: comparison,
                          echo: cell.echo)
    }

    private func answer(_ quiz: Quiz) -> Result<EvaluatedValue, StepError> {
        evaluate(at: quiz.location) { try $0.evaluateExpression(quiz.answer) }.flatMap { v in
            if !quiz.choices.isEmpty, !quiz.choices.contains(where: { Self.choiceMatches($0, v) }) {
                return .failure(StepError(kind: "ValueError", message: "the answer \(v.repr) is not one of the choices",
                                          location: quiz.location))
            }
            return .success(v)
        }
    }

    private func heatmap(_ map: Heatmap) -> Result<HeatmapData, StepError> {
        evaluate(at: map.location) { try $0.evaluateTensor(map.tensor) }.flatMap { t in
            func refuse(_ message: String) -> Result<HeatmapData, StepError> {
                .failure(StepError(kind: "ValueError", message: message, location: map.location))
            }
            guard t.rank == 2 else { return refuse("a heatmap needs a 2-D tensor, but '\(map.tensor)' has shape \(t.shape)") }
            if t.shape[0] > HeatmapData.maxSide || t.shape[1] > HeatmapData.maxSide {
                return refuse("'\(map.tensor)' is \(t.shape[0]) × \(t.shape[1]); a heatmap draws at most \(HeatmapData.maxSide) × \(HeatmapData.maxSide) cells; slice it to show a part")
            }
            if !map.rows.isEmpty && map.rows.count != t.shape[0] { return refuse("\(map.rows.count) row labels for \(t.shape[0]) rows") }
            if !map.cols.isEmpty && map.cols.count != t.shape[1] { return refuse("\(map.cols.count) column labels for \(t.shape[1]) columns") }
            return .success(HeatmapData(rows: t.shape[0], cols: t.shape[1], values: t.scalars, scale: map.scale))
        }
    }

    /// Evaluates an expression in the namespace as it stands; whatever it printed is dropped.
    public func evaluate(_ expression: String) -> Result<EvaluatedValue, PyError> {
        defer { _ = interpreter.takeOutput() }
        do {
            return .success(try interpreter.evaluateExpression(expression))
        } catch let e as PyError {
            return .failure(e)
        } catch {
            return .failure(PyError(.runtimeError, "\(error)"))
        }
    }

    /// Evaluates a lesson expression (an answer, a heatmap's tensor); whatever it printed is dropped.
    private func evaluate<T>(at location: SourceLocation, _ body: (Interpreter) throws -> T) -> Result<T, StepError> {
        defer { _ = interpreter.takeOutput() }
        do {
            return .success(try body(interpreter))
        } catch let e as PyError {
            return .failure(StepError(kind: e.kind.rawValue, message: e.message, location: location))
        } catch {
            return .failure(StepError(kind: "RuntimeError", message: "\(error)", location: location))
        }
    }

    /// Whether a choice's text names the answer's value.
    public static func choiceMatches(_ choice: String, _ value: EvaluatedValue) -> Bool {
        let c = choice.trimmingCharacters(in: .whitespaces).lowercased()
        if case .string(let s) = value.kind { return s.lowercased() == c }
        return value.repr.lowercased() == c
    }
}
