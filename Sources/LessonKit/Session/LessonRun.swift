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
    /// The values the lightest and darkest colours stand for: the heatmap's `scale:`; else
    /// 0 to 1 for attention weights (every value in 0...1 and every row adding up to 1), so
    /// near-uniform weights look uniform; else the smallest and largest finite values.
    public let scale: (lo: Double, hi: Double)

    init(rows: Int, cols: Int, values: [Double], scale: (lo: Double, hi: Double)? = nil) {
        self.rows = rows
        self.cols = cols
        self.values = values
        if let scale {
            self.scale = scale
        } else if Self.isAttention(rows: rows, cols: cols, values) {
            self.scale = (0, 1)
        } else {
            let finite = values.filter(\.isFinite)
            self.scale = (finite.min() ?? 0, finite.max() ?? 1)
        }
    }

    /// Whether each row is a distribution: values in 0...1 adding up to 1 (within float32's
    /// rounding).
    static func isAttention(rows: Int, cols: Int, _ values: [Double]) -> Bool {
        guard rows > 0, cols > 0, values.allSatisfy({ $0 >= 0 && $0 <= 1 }) else { return false }
        return (0..<rows).allSatisfy { r in Swift.abs(values[(r * cols)..<((r + 1) * cols)].reduce(0, +) - 1) < 1e-3 }
    }

    /// Where `v` falls on the scale, from 0 (lightest) to 1 (darkest).
    public func position(_ v: Double) -> Double {
        guard v.isFinite else { return 0 }
        guard scale.hi > scale.lo else { return 0.5 }
        return min(max((v - scale.lo) / (scale.hi - scale.lo), 0), 1)
    }
}

/// The run of a whole lesson: every step in order, every quiz answer and heatmap computed
/// at its place in the lesson, from a `LessonSession` driven to the end.
public struct LessonRun: Sendable {
    public let lesson: Lesson
    /// What the session yielded, in reading order: the one model every presenter follows.
    public let events: [LessonEvent]
    public let steps: [StepResult]
    public let answers: [Int: Result<EvaluatedValue, StepError>]
    public let heatmaps: [Int: Result<HeatmapData, StepError>]

    /// Collects a session's events into a run.
    public init(lesson: Lesson, events: [LessonEvent]) {
        self.lesson = lesson
        self.events = events
        var steps = [StepResult]()
        var answers = [Int: Result<EvaluatedValue, StepError>]()
        var heatmaps = [Int: Result<HeatmapData, StepError>]()
        for event in events {
            switch event {
            case .step(let r): steps.append(r)
            case .question(let quiz, let answer): answers[quiz.index] = answer
            case .heatmap(let map, let data): heatmaps[map.location.line] = data
            case .prose, .output, .exercise: break
            }
        }
        self.steps = steps
        self.answers = answers
        self.heatmaps = heatmaps
    }

    public var passed: Int { steps.filter { $0.status == .pass }.count }

    /// One line summing up the run, as every presenter shows it.
    public var summary: String { ExportText.summary(self) }
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
