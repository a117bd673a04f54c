import StepScript

/// What a lesson session yields as it reads a lesson, in reading order. Every presenter —
/// the terminal, the quiz, the exporters, the REPL — shows these and nothing else.
public enum LessonEvent: Sendable {
    /// Prose between the lesson's special blocks.
    case prose(Prose)
    /// A step has run: its code, what it printed and how that compares with the lesson.
    case step(StepResult)
    /// Where the step's output is shown: at the lesson's `output` block (after any question
    /// that holds it back), or right after the step when the lesson has none and the step
    /// printed something or raised.
    case output(StepResult)
    /// A question with its right answer, computed at this point of the lesson.
    case question(Quiz, Result<EvaluatedValue, StepError>)
    /// A heatmap with its values, computed at this point of the lesson.
    case heatmap(Heatmap, Result<HeatmapData, StepError>)
    /// An exercise for the learner to write (`tutor exercise` checks it; nothing runs here).
    case exercise(Exercise)
}
