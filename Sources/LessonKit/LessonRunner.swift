import Foundation
import StepScript

/// An error raised by lesson code, placed at its line in the Markdown file.
public struct StepError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Python's exception name, e.g. `NameError`.
    public let kind: String
    public let message: String
    public let location: SourceLocation

    /// `path:line: NameError: name 'y' is not defined`.
    public var description: String { "\(location): \(kind): \(message)" }

    /// `NameError: name 'y' is not defined`, as the last line of a traceback.
    public var pythonMessage: String { message.isEmpty ? kind : "\(kind): \(message)" }
}

/// How a step fared against its expected output.
public enum StepStatus: String, Sendable {
    case pass, fail, unchecked, error
}

/// One step's run: what it printed (its echoed value included) and how that compares.
public struct StepResult: Sendable {
    public let step: Step
    public let output: String
    public let error: StepError?
    public let expected: ExpectedOutput?
    public let comparison: OutputComparison?
    /// The repr of the step's final bare expression as a notebook echoes it (without a
    /// newline), nil when there is none. `output` ends with it; what comes before it is
    /// what the step printed. The notebook exporter stores the two apart, as Jupyter does.
    public internal(set) var echo: String? = nil

    public var status: StepStatus {
        if error != nil { return .error }
        guard let c = comparison else { return .unchecked }
        return c.isMatch ? .pass : .fail
    }

    /// The text a learner sees: the output, then the error's last traceback line.
    public var shownOutput: String {
        guard let e = error else { return output }
        return output + e.pythonMessage + "\n"
    }
}

/// A heatmap's computed values, at most `maxSide` × `maxSide` of them.
public struct HeatmapData: Sendable {
    /// The most rows and columns any renderer draws. The runner refuses a larger tensor with
    /// an error at the heatmap's line, so every renderer (terminal, Markdown, HTML,
    /// notebook) is bounded by this one rule; 64 columns already need a very wide screen.
    public static let maxSide = 64

    public let rows: Int
    public let cols: Int
    public let values: [Double]
}

/// The run of a whole lesson: every step in order, every quiz answer and heatmap computed
/// at its place in the lesson.
public struct LessonRun: Sendable {
    public let lesson: Lesson
    public let steps: [StepResult]
    public let answers: [Int: Result<EvaluatedValue, StepError>]
    public let heatmaps: [Int: Result<HeatmapData, StepError>]

    public var passed: Int { steps.filter { $0.status == .pass }.count }
    public var failed: Int { steps.filter { $0.status == .fail || $0.status == .error }.count }
    public var unchecked: Int { steps.filter { $0.status == .unchecked }.count }

    /// One `path:line: error: ...` diagnostic per step that differs or raised and per quiz
    /// answer or heatmap that cannot be computed, each followed by its indented detail lines.
    public var diagnostics: [String] {
        var out = [String]()
        for result in steps {
            switch result.status {
            case .fail:
                guard let expected = result.expected, let c = result.comparison else { continue }
                out.append("\(expected.location): error: \(c.summary)")
                out += OutputChecker.diff(expected: expected.text, actual: result.output).map { "    " + $0 }
            case .error:
                if let e = result.error { out.append("\(e.location): error: step raised \(e.pythonMessage)") }
            case .pass, .unchecked:
                break
            }
        }
        for quiz in lesson.quizzes {
            if case .failure(let e)? = answers[quiz.index] {
                out.append("\(e.location): error: quiz answer cannot be computed: \(e.pythonMessage)")
            }
        }
        for case .heatmap(let map) in lesson.blocks {
            if case .failure(let e)? = heatmaps[map.location.line] {
                out.append("\(e.location): error: heatmap cannot be drawn: \(e.pythonMessage)")
            }
        }
        return out
    }

    /// Whether every step ran and matched, and every quiz and heatmap could be computed.
    public var isClean: Bool {
        failed == 0 && answers.values.allSatisfy { if case .success = $0 { return true }; return false }
            && heatmaps.values.allSatisfy { if case .success = $0 { return true }; return false }
    }
}

/// Runs a lesson's steps in one namespace, like a notebook's cells, on the step interpreter.
public enum LessonRunner {
    public static func run(_ lesson: Lesson, limits: Limits = Limits()) -> LessonRun {
        withLargeStack { runOnCurrentThread(lesson, limits: limits) }
    }

    private static func runOnCurrentThread(_ lesson: Lesson, limits: Limits) -> LessonRun {
        let interpreter = Interpreter(limits: limits)
        // However many steps a lesson has, running it ends in bounded time.
        interpreter.limitTotalTime(limits.lessonSeconds)
        let expectedByStep = Dictionary(lesson.blocks.compactMap { b -> (Int, ExpectedOutput)? in
            if case .output(let o) = b { return (o.stepIndex, o) }
            return nil
        }, uniquingKeysWith: { a, _ in a })
        var results = [StepResult]()
        var answers = [Int: Result<EvaluatedValue, StepError>]()
        var heatmaps = [Int: Result<HeatmapData, StepError>]()
        for block in lesson.blocks {
            switch block {
            case .step(let step):
                var failure: StepError? = nil
                var echoed: String? = nil
                do {
                    // A notebook shows a cell's final expression after what the cell printed.
                    if let echo = try interpreter.runCell(step.code) {
                        interpreter.appendOutput(echo + "\n")
                        echoed = echo
                    }
                } catch let e as PyError {
                    failure = StepError(kind: e.kind.rawValue, message: e.message,
                                        location: SourceLocation(path: lesson.path, line: step.firstCodeLine + (e.line ?? 1) - 1))
                } catch {
                    failure = StepError(kind: "RuntimeError", message: "\(error)", location: step.location)
                }
                let output = interpreter.takeOutput()
                let expected = expectedByStep[step.index]
                let comparison = failure == nil ? expected.map {
                    OutputChecker.compare(expected: $0.text, actual: output, absoluteTolerance: $0.absoluteTolerance)
                } : nil
                results.append(StepResult(step: step, output: output, error: failure, expected: expected, comparison: comparison,
                                          echo: echoed))
            case .quiz(let quiz):
                answers[quiz.index] = evaluate(interpreter, quiz.answer, at: quiz.location).flatMap { v in
                    if !quiz.choices.isEmpty, !quiz.choices.contains(where: { Self.choiceMatches($0, v) }) {
                        return .failure(StepError(kind: "ValueError", message: "the answer \(v.repr) is not one of the choices",
                                                  location: quiz.location))
                    }
                    return .success(v)
                }
            case .heatmap(let map):
                heatmaps[map.location.line] = heatmap(interpreter, map, path: lesson.path)
            case .prose, .output:
                break
            }
        }
        return LessonRun(lesson: lesson, steps: results, answers: answers, heatmaps: heatmaps)
    }

    /// Whether a choice's text names the answer's value.
    public static func choiceMatches(_ choice: String, _ value: EvaluatedValue) -> Bool {
        let c = choice.trimmingCharacters(in: .whitespaces).lowercased()
        if case .string(let s) = value.kind { return s.lowercased() == c }
        return value.repr.lowercased() == c
    }

    private static func evaluate(_ interpreter: Interpreter, _ expression: String, at location: SourceLocation) -> Result<EvaluatedValue, StepError> {
        do {
            let v = try interpreter.evaluateExpression(expression)
            _ = interpreter.takeOutput()
            return .success(v)
        } catch let e as PyError {
            _ = interpreter.takeOutput()
            return .failure(StepError(kind: e.kind.rawValue, message: e.message, location: location))
        } catch {
            return .failure(StepError(kind: "RuntimeError", message: "\(error)", location: location))
        }
    }

    private static func heatmap(_ interpreter: Interpreter, _ map: Heatmap, path: String) -> Result<HeatmapData, StepError> {
        do {
            let t = try interpreter.evaluateTensor(map.tensor)
            _ = interpreter.takeOutput()
            guard t.rank == 2 else {
                return .failure(StepError(kind: "ValueError", message: "a heatmap needs a 2-D tensor, but '\(map.tensor)' has shape \(t.shape)",
                                          location: map.location))
            }
            if t.shape[0] > HeatmapData.maxSide || t.shape[1] > HeatmapData.maxSide {
                return .failure(StepError(kind: "ValueError",
                                          message: "'\(map.tensor)' is \(t.shape[0]) × \(t.shape[1]); a heatmap draws at most \(HeatmapData.maxSide) × \(HeatmapData.maxSide) cells; slice it to show a part",
                                          location: map.location))
            }
            if !map.rows.isEmpty && map.rows.count != t.shape[0] {
                return .failure(StepError(kind: "ValueError", message: "\(map.rows.count) row labels for \(t.shape[0]) rows", location: map.location))
            }
            if !map.cols.isEmpty && map.cols.count != t.shape[1] {
                return .failure(StepError(kind: "ValueError", message: "\(map.cols.count) column labels for \(t.shape[1]) columns", location: map.location))
            }
            return .success(HeatmapData(rows: t.shape[0], cols: t.shape[1], values: t.scalars))
        } catch let e as PyError {
            _ = interpreter.takeOutput()
            return .failure(StepError(kind: e.kind.rawValue, message: e.message, location: map.location))
        } catch {
            return .failure(StepError(kind: "RuntimeError", message: "\(error)", location: map.location))
        }
    }
}
