/// Why a lesson cannot be read or run; each prints as `path:line: error: message`.
public enum LessonError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file is not valid UTF-8 text.
    case notUTF8(path: String, line: Int)
    /// A fence was opened and never closed.
    case unclosedFence(SourceLocation, fence: String)
    /// A quiz block lacks a required key.
    case quizMissingKey(SourceLocation, key: String)
    /// A line inside a quiz or heatmap block is not `key: value`, or names an unknown key.
    case badBlockLine(SourceLocation, kind: String, text: String)
    /// An `output` block with no step before it.
    case outputWithoutStep(SourceLocation)
    /// Two `output` blocks for one step.
    case duplicateOutput(SourceLocation, stepLine: Int)
    /// An exercise block without a part it needs (its name, task, starter, solution, cases).
    case exerciseMissing(SourceLocation, part: String)
    /// Two exercises of one lesson with one name.
    case duplicateExercise(SourceLocation, name: String, firstLine: Int)
    /// A heatmap block without `tensor:`.
    case heatmapMissingTensor(SourceLocation)
    /// A value that does not parse (a tolerance that is not a number, say).
    case badValue(SourceLocation, key: String, value: String)
    /// A number outside what its key allows (a tolerance of `inf` or `-1`, say).
    case valueOutOfRange(SourceLocation, key: String, value: String, rule: String)
    /// The lesson has no `#` title.
    case missingTitle(path: String)
    /// No lesson has this number.
    case unknownLesson(Int, available: [Int])
    /// The lessons folder does not exist or holds no lessons.
    case noLessons(directory: String)
    /// The file cannot be read.
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .notUTF8(let path, let line):
            return "\(path):\(line): error: the lesson is not UTF-8 text"
        case .unclosedFence(let loc, let fence):
            return "\(loc): error: code block opened with \(fence) is never closed"
        case .quizMissingKey(let loc, let key):
            return "\(loc): error: quiz block has no '\(key):' line"
        case .badBlockLine(let loc, let kind, let text):
            return "\(loc): error: \(kind) block line is not 'key: value' with a known key: \(text)"
        case .outputWithoutStep(let loc):
            return "\(loc): error: output block has no python step before it"
        case .duplicateOutput(let loc, let stepLine):
            return "\(loc): error: second output block for the step at line \(stepLine)"
        case .exerciseMissing(let loc, let part):
            return "\(loc): error: exercise block needs \(part)"
        case .duplicateExercise(let loc, let name, let firstLine):
            return "\(loc): error: the exercise at line \(firstLine) is already named '\(name)'"
        case .heatmapMissingTensor(let loc):
            return "\(loc): error: heatmap block has no 'tensor:' line"
        case .badValue(let loc, let key, let value):
            return "\(loc): error: '\(key):' needs a number, got '\(value)'"
        case .valueOutOfRange(let loc, let key, let value, let rule):
            return "\(loc): error: '\(key):' must be \(rule), got '\(value)'"
        case .missingTitle(let path):
            return "\(path):1: error: the lesson has no '# Title' heading"
        case .unknownLesson(let n, let available):
            let list = available.map(String.init).joined(separator: ", ")
            return "tutor: error: there is no lesson \(n); lessons: \(list.isEmpty ? "none" : list)"
        case .noLessons(let dir):
            return "tutor: error: no lessons (NN-name.md files) in \(dir); name a folder of lessons with --lessons DIR or $TUTOR_LESSONS"
        case .unreadable(let path, let reason):
            return "\(path): error: cannot read the lesson: \(reason)"
        }
    }
}
