import Foundation
import StepScript

/// Renders a lesson run as a Markdown transcript that reads well on GitHub: the lesson's
/// prose verbatim, every step as a `python` fence followed by the output it actually
/// printed with its check (✓/✗, and the difference when it fails), quiz questions as block
/// quotes with their computed answers, and heatmaps as tables.
public enum MarkdownExporter {
    /// The transcript of `run`. Without `responses` each quiz folds its hint and computed
    /// answer into `<details>` blocks (GitHub shows them closed), and so does what follows
    /// it up to the next step (`HeldRegion`: the output that gives the answer away and the
    /// prose on it); with them (a quiz session, keyed by quiz index) it shows the learner's
    /// prediction, the verdict and the right answer, and all that open, since the session
    /// revealed it.
    public static func render(_ run: LessonRun, responses: [Int: QuizResponse]? = nil) -> String {
        func render(_ item: ExportItem) -> String {
            switch item {
            case .prose(let prose): return prose.markdown.trimmingCharacters(in: .newlines)
            case .step(let r): return fenced(r.step.code, info: "python")
            case .output(let r): return output(r)
            case .quiz(let quiz, let answer):
                return self.quiz(quiz, answer: answer, response: responses.map { $0[quiz.index] })
            case .heatmap(let map, let data): return heatmap(map, data)
            case .exercise(let exercise): return self.exercise(exercise, lesson: run.lesson)
            case .held(let region):
                let body = region.items.map(render).joined(separator: "\n\n")
                // A quiz session has revealed it all.
                return responses == nil ? details(region.summary, body) : body
            }
        }
        return (ExportPlan.items(run).map(render) + [footer(run, responses: responses)]).joined(separator: "\n\n") + "\n"
    }

    // MARK: Pieces

    /// A fenced block holding `text` exactly, with a fence no line inside can close.
    static func fenced(_ text: String, info: String) -> String {
        let fence = ExportText.fence(for: text)
        let body = text.hasSuffix("\n") || text.isEmpty ? text : text + "\n"
        return fence + info + "\n" + body + fence
    }

    static func output(_ r: StepResult) -> String {
        var out = ["**Output** " + ExportText.markdownEscaped(ExportText.verdict(r))]
        let shown = r.shownOutput
        out.append(shown.isEmpty ? "*(the step printed nothing)*" : fenced(shown, info: "text"))
        if r.status == .fail, let expected = r.expected {
            let diff = OutputChecker.diff(expected: expected.text, actual: r.output, limit: 12)
            if !diff.isEmpty {
                out.append("Difference (`-` the lesson, `+` this run):")
                out.append(fenced(diff.joined(separator: "\n"), info: "diff"))
            }
        }
        return out.joined(separator: "\n\n")
    }

    /// Markdown folded into a `<details>` block, closed on GitHub and in Jupyter; the blank
    /// lines let the Markdown inside render. `summary` is plain text.
    static func details(_ summary: String, _ markdown: String) -> String {
        "<details><summary>\(ExportText.html(summary))</summary>\n\n\(markdown)\n\n</details>"
    }

    /// A question as a block quote. `response`: nil for a plain transcript, where the hint
    /// and the answer are folded; otherwise the quiz session's response to it, if it was asked.
    static func quiz(_ quiz: Quiz, answer: Result<EvaluatedValue, StepError>?, response: QuizResponse??) -> String {
        var paragraphs = [String]()
        paragraphs.append("**Question \(quiz.index + 1).** " + ExportText.markdownEscaped(quiz.ask))
        if !quiz.choices.isEmpty {
            let list = quiz.choices.enumerated().map { "\($0.offset + 1)) " + ExportText.markdownEscaped($0.element) }
            paragraphs.append("Choices: " + list.joined(separator: " · "))
        }
        if let hint = quiz.hint, !hint.isEmpty {
            let text = ExportText.markdownEscaped(hint)
            paragraphs.append(response == nil ? details("Hint", text) : "*Hint:* " + text)
        }
        var right: String? = nil
        switch answer {
        case .success(let v)?: right = ExportText.answer(v, quiz: quiz)
        case .failure(let e)?:
            paragraphs.append("✗ The answer cannot be computed: " + ExportText.codeSpan(e.pythonMessage)
                              + " (" + ExportText.markdownEscaped(ExportText.shortLocation(e.location)) + ")")
        case nil: break
        }
        if let response {
            // A quiz session: what the learner predicted, and how it was judged.
            if let r = response {
                right = r.rightAnswer
                paragraphs.append(prediction(r))
            } else {
                paragraphs.append("*Your prediction:* not asked")
            }
        }
        if let right {
            paragraphs.append(response == nil ? details("Show the answer", answerParagraph(right)) : answerParagraph(right))
        }
        return paragraphs.map { paragraph in
            paragraph.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n")
        }.joined(separator: "\n>\n")
    }

    static func prediction(_ r: QuizResponse) -> String {
        let given = r.given.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : ExportText.codeSpan($0) }
        var verdict: String
        switch r.verdict {
        case .correct where r.tries >= 2: verdict = "✓ correct on the second try (half a point)"
        case .correct: verdict = "✓ correct"
        case .wrong: verdict = "✗ wrong"
        case .skipped: verdict = "skipped"
        case .unparseable: verdict = "✗ could not be read as an answer"
        case .unanswered: verdict = "not answered"
        }
        if r.verdict == .wrong, let d = r.difference, d.isFinite { verdict += " (off by \(OutputChecker.short(d)))" }
        if let note = r.note, !note.isEmpty { verdict += ": " + ExportText.markdownEscaped(note) }
        // A second try follows the first, which was wrong.
        let first = r.firstGiven.map { $0.trimmingCharacters(in: .whitespaces) }
            .map { ($0.isEmpty ? "nothing" : ExportText.codeSpan($0)) + " — ✗ wrong; then " } ?? ""
        return "**Your prediction:** " + first + (given.map { $0 + " — " } ?? "") + verdict
    }

    static func answerParagraph(_ right: String) -> String {
        if right.contains("\n") || right.count > 60 {
            return "**Answer:**\n\n" + fenced(right, info: "text")
        }
        return "**Answer:** " + ExportText.codeSpan(right)
    }

    /// An exercise: its task, the starter code, and how to check it.
    static func exercise(_ exercise: Exercise, lesson: Lesson) -> String {
        ["**Exercise \(exercise.index + 1): " + ExportText.codeSpan(exercise.name) + "**",
         exercise.task.markdown.trimmingCharacters(in: .newlines),
         fenced(exercise.starter.text, info: "python"),
         "*" + ExportText.markdownEscaped(ExportText.exerciseInstruction(exercise, lesson: lesson)) + "*"].joined(separator: "\n\n")
    }

    static func heatmap(_ map: Heatmap, _ result: Result<HeatmapData, StepError>?) -> String {
        let title = "**" + ExportText.markdownEscaped(map.title ?? "Heatmap of \(map.tensor)") + "**"
        guard case .success(let data)? = result else {
            if case .failure(let e)? = result {
                return title + "\n\n✗ The heatmap cannot be drawn: " + ExportText.codeSpan(e.pythonMessage)
                    + " (" + ExportText.markdownEscaped(ExportText.shortLocation(e.location)) + ")"
            }
            return title
        }
        func label(_ labels: [String], _ i: Int) -> String {
            ExportText.markdownEscaped(i < labels.count ? labels[i] : String(i))
        }
        var rows = [String]()
        rows.append("| | " + (0..<data.cols).map { label(map.cols, $0) }.joined(separator: " | ") + " |")
        rows.append("|---|" + String(repeating: "---:|", count: data.cols))
        for r in 0..<data.rows {
            let cells = (0..<data.cols).map { ExportText.cell(data.values[r * data.cols + $0]) }
            rows.append("| **" + label(map.rows, r) + "** | " + cells.joined(separator: " | ") + " |")
        }
        let (lo, hi) = ExportText.range(data.values)
        let scale = data.scale == (lo, hi) ? "" : " Colour scale from \(ExportText.cell(data.scale.lo)) to \(ExportText.cell(data.scale.hi))."
        return title + "\n\n" + rows.joined(separator: "\n") + "\n\n" + "*Values from \(ExportText.cell(lo)) to \(ExportText.cell(hi)).\(scale)*"
    }

    static func footer(_ run: LessonRun, responses: [Int: QuizResponse]?) -> String {
        var lines = ["---", ""]
        var text = "*Transcript of lesson \(run.lesson.number) (" + ExportText.markdownEscaped((run.lesson.path as NSString).lastPathComponent)
            + ") by tutor \(TutorVersion.current): " + ExportText.summary(run) + "."
        if let responses {
            let correct = responses.values.filter { $0.verdict == .correct }.count
            let second = responses.values.filter { $0.verdict == .correct && $0.tries >= 2 }.count
            let score = QuizScore(halfPoints: responses.values.reduce(0) { $0 + $1.halfPoints }, total: run.lesson.quizzes.count)
            text += " Quiz: \(correct) of \(run.lesson.quizzes.count) predictions right"
            text += second > 0 ? " (\(second) on the second try), \(score.spelledOut) points." : "."
        }
        lines.append(text + "*")
        return lines.joined(separator: "\n")
    }
}
