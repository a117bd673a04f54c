/// A place in a lesson file, as diagnostics print it: `path:line`.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public let path: String
    /// 1-based line in the Markdown file.
    public let line: Int

    public init(path: String, line: Int) {
        self.path = path
        self.line = line
    }

    public var description: String { "\(path):\(line)" }
}

/// A parsed lesson: its number, title and blocks in file order.
public struct Lesson: Sendable {
    /// From the file name's prefix: `02-trainable-weights.md` is 2.
    public let number: Int
    /// The text of the first level-1 heading.
    public let title: String
    public let path: String
    /// The whole file exactly as read (its line ends, LF, CRLF or CR, included), for
    /// `check --update`, which rewrites output blocks and keeps every other byte.
    public let source: String
    public let blocks: [Block]

    public var steps: [Step] { blocks.compactMap { if case .step(let s) = $0 { return s }; return nil } }
    public var quizzes: [Quiz] { blocks.compactMap { if case .quiz(let q) = $0 { return q }; return nil } }
    public var exercises: [Exercise] { blocks.compactMap { if case .exercise(let e) = $0 { return e }; return nil } }
}

/// One top-level piece of a lesson.
public enum Block: Sendable {
    case prose(Prose)
    case step(Step)
    case output(ExpectedOutput)
    case quiz(Quiz)
    case heatmap(Heatmap)
    case exercise(Exercise)
}

/// A run of Markdown between runnable blocks: its source text and its parsed structure.
public struct Prose: Sendable {
    public let markdown: String
    public let nodes: [MarkdownNode]
    public let location: SourceLocation
}

/// A fenced `python` block: code that runs in the lesson's shared namespace.
public struct Step: Sendable {
    public let code: String
    /// The fence's line; the code starts on the next line.
    public let location: SourceLocation
    /// Zero-based position among the lesson's steps.
    public let index: Int
    /// The full info string, e.g. `python`.
    public let info: String

    /// The Markdown line of the code's first line.
    public var firstCodeLine: Int { location.line + 1 }
}

/// A fenced `output` block: what the step before it must print.
public struct ExpectedOutput: Sendable {
    public let text: String
    public let location: SourceLocation
    /// `atol=` from the info string, overriding the half-a-unit rule.
    public let absoluteTolerance: Double?
    /// The index of the step it belongs to.
    public let stepIndex: Int
    /// The fence characters and length, so `--update` can rewrite the block in place.
    public let fence: String
    public let info: String
    /// The line of the closing fence: the body is the lines between it and `location`.
    public let closingLine: Int
}

/// A fenced `quiz` block.
public struct Quiz: Sendable {
    public let ask: String
    /// A Python expression whose value is the right answer.
    public let answer: String
    public let tolerance: Double?
    public let choices: [String]
    public let hint: String?
    public let location: SourceLocation
    /// The step it follows (its answer is evaluated after that step ran); nil before any step.
    public let afterStep: Int?
    /// Zero-based position among the lesson's quizzes.
    public let index: Int
}

/// A fenced `heatmap` block: a 2-D tensor drawn as coloured cells.
public struct Heatmap: Sendable {
    public let tensor: String
    public let rows: [String]
    public let cols: [String]
    public let title: String?
    /// `scale: 0 1`: the values the lightest and darkest colours stand for; nil chooses (see
    /// `HeatmapData.scale`).
    public let scale: (lo: Double, hi: Double)?
    public let location: SourceLocation
    public let afterStep: Int?
}

/// Prose structure, built once from cmark's tree as immutable values.
public indirect enum MarkdownNode: Sendable, Equatable {
    case heading(level: Int, [Inline])
    case paragraph([Inline])
    case list(ordered: Bool, start: Int, items: [[MarkdownNode]])
    case blockQuote([MarkdownNode])
    case codeBlock(info: String, text: String)
    case thematicBreak
    case html(String)
}

/// Inline Markdown.
public indirect enum Inline: Sendable, Equatable {
    case text(String)
    case code(String)
    case emphasis([Inline])
    case strong([Inline])
    case link(destination: String, [Inline])
    case image(source: String, alt: String)
    case softBreak
    case lineBreak
    case html(String)
}
