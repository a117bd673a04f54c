import Foundation
import Testing
import LessonKit

/// `tutor quiz` shows nothing after a question until it is answered; every export follows
/// it up to the next step: the output that answers the question, the lesson's words on it,
/// heatmaps drawn from it. Checked on every lesson of the package, from the lesson's own
/// blocks and the page as it is written, not from the exporters' plan.
@Suite struct ExportHeldTests {
    /// An HTML page read as a learner whose browser runs its script sees it before answering:
    /// the top-level pieces of the lesson in order, each marked with whether a held
    /// container hides it. It reads only markup the exporter writes; text from the lesson is
    /// escaped or rendered by cmark's safe renderer, so it never holds a raw tag.
    struct Page {
        enum Kind: Equatable {
            case step
            /// 1-based; `answerable` when the page can check an answer to it.
            case question(Int, answerable: Bool)
            case prose, output, heatmap, exercise
            /// The line that stands in for a held container: the page's words, not the lesson's.
            case note
        }
        struct Piece {
            let kind: Kind
            let html: String
            let held: Bool
            /// The text a reader reads, tags dropped and entities decoded.
            var text: String {
                html.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
                    .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                    .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                    .replacingOccurrences(of: "&amp;", with: "&")
            }
        }
        let pieces: [Piece]

        /// A question's or exercise's aside is one piece with the `<details>` inside it;
        /// every other `<details>` is a container, held or not, and nests.
        static let token = try! NSRegularExpression(pattern: [
            "<details[^>]*>", "</details>",
            "<section class=\"step\"[\\s\\S]*?</section>",
            "<aside class=\"quiz\"[\\s\\S]*?</aside>",
            "<aside class=\"exercise\"[\\s\\S]*?</aside>",
            "<div class=\"prose\">[\\s\\S]*?</div>",
            "<div class=\"output [\\s\\S]*?\\n</div>",
            "<figure class=\"heatmap\">[\\s\\S]*?</figure>",
            "<p class=\"held-note[^\"]*\">[\\s\\S]*?</p>",
        ].joined(separator: "|"))

        init(_ html: String) {
            let body = html[html.range(of: "</header>")!.upperBound..<html.range(of: "<footer class=\"page\">")!.lowerBound]
            let text = String(body)
            var open = [Bool]()
            var pieces = [Piece]()
            for match in Self.token.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let tag = String(text[Range(match.range, in: text)!])
                if tag.hasPrefix("<details") {
                    open.append(tag.hasPrefix("<details class=\"held\""))
                    continue
                }
                if tag == "</details>" {
                    _ = open.popLast()
                    continue
                }
                let kind: Kind
                if tag.hasPrefix("<section") { kind = .step }
                else if tag.hasPrefix("<aside class=\"quiz\"") {
                    let number = tag.firstMatch(of: /id="question-(\d+)"/).map { Int($0.1)! } ?? 0
                    kind = .question(number, answerable: tag.prefix { $0 != "\n" }.contains(" data-kind=\""))
                }
                else if tag.hasPrefix("<aside") { kind = .exercise }
                else if tag.hasPrefix("<div class=\"prose\"") { kind = .prose }
                else if tag.hasPrefix("<div") { kind = .output }
                else if tag.hasPrefix("<figure") { kind = .heatmap }
                else { kind = .note }
                pieces.append(Piece(kind: kind, html: tag, held: open.contains(true)))
            }
            self.pieces = pieces
        }
    }

    /// The lesson's prose blocks that come after a question whose answer was computed,
    /// before the next step.
    static func proseAfterQuestions(_ lesson: Lesson, _ run: LessonRun) -> [Prose] {
        var asked = false
        var out = [Prose]()
        for block in lesson.blocks {
            switch block {
            case .step: asked = false
            case .quiz(let quiz): if case .success? = run.answers[quiz.index] { asked = true }
            case .prose(let prose) where asked && !prose.markdown.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty:
                out.append(prose)
            default: break
            }
        }
        return out
    }

    /// An answer as the quiz shows it, and as prose quotes it: a tensor's or a size's
    /// numbers without `tensor(...)` or `torch.Size(...)` around them.
    static func forms(of answer: String) -> [String] {
        for wrapper in ["tensor(", "torch.Size("] where answer.hasPrefix(wrapper) && answer.hasSuffix(")") {
            return [answer, String(answer.dropFirst(wrapper.count).dropLast())]
        }
        return [answer]
    }

    @Test func inEveryLessonsPageWhatFollowsAQuestionIsHeldUntilTheNextStep() throws {
        #expect(ExportFixtures.packageRuns.count >= 6)
        var heldProse = 0, answersHeld = 0
        for (lesson, run) in ExportFixtures.packageRuns {
            let page = Page(HTMLExporter.render(run, date: Date(timeIntervalSince1970: 0)))
            #expect(page.pieces.filter { $0.kind == .step }.count == lesson.steps.count, "lesson \(lesson.number)")
            var waiting = [Int]()  // the answerable questions since the last step
            var proseAfterQuestion = 0
            for piece in page.pieces {
                switch piece.kind {
                case .step: waiting = []
                case .question(let n, let answerable): if answerable { waiting.append(n) }
                case .note: break
                case .prose, .output, .heatmap, .exercise:
                    guard !waiting.isEmpty else { continue }
                    if piece.kind == .prose { proseAfterQuestion += 1 }
                    let held = piece.held
                    #expect(held, "lesson \(lesson.number): shown before question \(waiting.last!) is answered: \(piece.text.prefix(80))")
                }
            }
            // Every such paragraph of the lesson was found on the page.
            let expected = Self.proseAfterQuestions(lesson, run)
            #expect(proseAfterQuestion == expected.count, "lesson \(lesson.number)")
            heldProse += proseAfterQuestion

            // No answer shows after its question, before the next step, outside a held
            // container. Questions and notes are left out: the questions after it show
            // their own answers only in a closed `<details>`, and a note is made of
            // question numbers, which could look like a small answer.
            for (i, piece) in page.pieces.enumerated() {
                guard case .question(let n, true) = piece.kind, case .success(let value)? = run.answers[n - 1] else { continue }
                let answer = QuizQuestion(quiz: lesson.quizzes[n - 1], answer: value).shownAnswer
                let forms = Self.forms(of: answer)
                let rest = page.pieces[(i + 1)...].prefix { $0.kind != .step }
                let shown = rest.filter { !$0.held && $0.kind != .note && { if case .question = $0.kind { return false }; return true }($0) }
                let giveaway = shown.first { piece in forms.contains { piece.text.contains($0) } }
                #expect(giveaway == nil, "lesson \(lesson.number): question \(n)'s answer \(answer) shows before it is answered: \(giveaway?.text.prefix(80) ?? "")")
                if rest.contains(where: { piece in piece.held && forms.contains { piece.text.contains($0) } }) { answersHeld += 1 }
            }
        }
        // The check above has something to find: lessons comment on their answers (44
        // paragraphs and 23 answers held when this was written).
        #expect(heldProse >= 20)
        #expect(answersHeld >= 15)
    }

    @Test func inEveryLessonsMarkdownWhatFollowsAQuestionIsFolded() throws {
        for (lesson, run) in ExportFixtures.packageRuns {
            let md = MarkdownExporter.render(run)
            // Folds that hold lesson text open and close on lines of their own; those of
            // hints and answers sit inside a question's block quote.
            func depth(at index: String.Index) -> Int {
                let before = md[..<index]
                return before.components(separatedBy: "\n<details><summary>").count - before.components(separatedBy: "\n</details>").count
            }
            var from = md.startIndex
            let paragraphs = Self.proseAfterQuestions(lesson, run)
            #expect(!paragraphs.isEmpty)
            for prose in paragraphs {
                let text = prose.markdown.trimmingCharacters(in: .newlines)
                let at = try #require(md.range(of: text, range: from..<md.endIndex), "lesson \(lesson.number)")
                #expect(depth(at: at.lowerBound) > 0, "lesson \(lesson.number): not folded: \(text.prefix(80))")
                // A blank line after `<summary>` and before `</details>` lets GitHub render it as Markdown.
                #expect(md[..<at.lowerBound].hasSuffix("\n\n") && md[at.upperBound...].hasPrefix("\n\n"))
                from = at.upperBound
            }
            #expect(depth(at: md.endIndex) == 0)
            // A quiz session's transcript shows it all, since the session revealed it.
            let transcript = MarkdownExporter.render(run, responses: [:])
            #expect(!transcript.contains("\n<details>"), "lesson \(lesson.number)")
        }
    }

    /// (The lessons may come to have no such question; `ExportNotebookTests` folds one.)
    @Test func inEveryLessonsNotebookWhatFollowsAQuestionNoCellAnswersIsFolded() throws {
        for (lesson, run) in ExportFixtures.packageRuns {
            let nb = try JSONValue.parse(NotebookExporter.render(run))
            var afterQuestion = false
            for cell in nb["cells"]?.array ?? [] {
                let source = cell["source"]?.text ?? ""
                // The closing summary is the export's, not the lesson's.
                if cell["cell_type"] == .string("code") || cell["id"] == .string("summary-1") { afterQuestion = false; continue }
                if source.hasPrefix("> **Question ") { afterQuestion = true; continue }
                // A question whose answer no cell prints stays where it is, and so what follows it is folded.
                guard afterQuestion else { continue }
                #expect(source.hasPrefix("<details><summary>What follows: answer question"), "lesson \(lesson.number): \(source.prefix(80))")
                #expect(source.hasSuffix("\n\n</details>"))
            }
        }
    }

    /// Questions one after another, each after prose, hold back what follows each in turn,
    /// in regions side by side, so a lesson with many of them exports as flat as one.
    @Test func manyQuestionsBetweenTwoStepsStayFlat() throws {
        let count = 500
        let quizzes = (1...count).map { "```quiz\nask: Number \($0)?\nanswer: \($0)\n```\n\nSo it was \($0).\n" }
        let run = try ExportFixtures.run("# Many\n\n```python\nx = 1\n```\n\n" + quizzes.joined(separator: "\n"))
        let page = HTMLExporter.render(run, date: Date(timeIntervalSince1970: 0))
        #expect(page.components(separatedBy: "<details class=\"held\"").count - 1 == count)
        #expect(page.contains("<details class=\"held\" data-answers=\"question-\(count)\" data-holds=\"what follows\">"))
        let md = MarkdownExporter.render(run)
        var depth = 0, deepest = 0
        for line in md.split(separator: "\n") {
            if line.hasPrefix("<details><summary>") { depth += 1 }
            if line == "</details>" { depth -= 1 }
            deepest = max(deepest, depth)
        }
        #expect(deepest == 1 && depth == 0)
        let cells = try JSONValue.parse(NotebookExporter.render(run))["cells"]?.array ?? []
        #expect(cells.filter { $0["source"]?.text?.hasPrefix("<details><summary>What follows") == true }.count == count)
    }
}
