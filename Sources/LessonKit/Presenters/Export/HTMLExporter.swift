import Foundation
import StepScript

/// Renders a lesson run as one self-contained HTML page: prose through cmark's (safe) HTML
/// renderer with math made readable, steps with line numbers, outputs with ✓/✗, heatmaps
/// as inline SVG, and a quiz taken in the page: each question checks the reader's answer
/// as `tutor quiz` does (`HTMLQuizScript`) and holds back what follows it up to the next
/// step — the output that answers it, and the prose and heatmaps on that output
/// (`HeldRegion`) — until it is answered. Inline CSS and script only; nothing is fetched.
/// Without script, answers and what is held back sit in closed `<details>`. Everything
/// taken from the lesson is escaped, or rendered by cmark, which omits raw HTML and unsafe
/// links.
public enum HTMLExporter {
    public static func render(_ run: LessonRun, date: Date = Date()) -> String {
        let lesson = run.lesson
        var titleSkipped = false
        /// An item as HTML; a held region's items inside its container.
        func render(_ item: ExportItem) -> String? {
            switch item {
            case .prose(let p):
                var html = prose(p.markdown)
                // The title is in the page header already.
                if !titleSkipped, case .heading(1, _)? = p.nodes.first {
                    html = removingFirstTitle(html)
                    titleSkipped = true
                }
                if html.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return nil }
                return "<div class=\"prose\">\n\(html)</div>"
            case .step(let r): return step(r)
            case .output(let r): return output(r)
            case .quiz(let quiz, let answer): return self.quiz(quiz, answer: answer)
            case .heatmap(let map, let data): return heatmap(map, data)
            case .exercise(let exercise): return self.exercise(exercise, lesson: lesson)
            case .held(let region): return held(region, region.items.compactMap(render))
            }
        }
        let body = ExportPlan.items(run).compactMap(render)
        let title = "Lesson \(lesson.number): " + ReadableMath.inText(lesson.title)
        let day = dayFormatter.string(from: date)
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="Attention Tutor \(ExportText.html(TutorVersion.current))">
        <title>\(ExportText.html(title))</title>
        <script>document.documentElement.classList.add("js")</script>
        <style>
        \(css)
        </style>
        </head>
        <body>
        <main>
        <header class="page">
        <div class="kicker">Attention Tutor · Lesson \(lesson.number)</div>
        <h1>\(ExportText.html(ReadableMath.inText(lesson.title)))</h1>
        <div class="meta">Exported <time datetime="\(day)">\(day)</time> by tutor \(ExportText.html(TutorVersion.current)) from \(ExportText.html((lesson.path as NSString).lastPathComponent)) · \(summaryBadge(run))</div>
        \(quizIntro(run))</header>
        \(body.joined(separator: "\n"))
        <footer class="page">\(ExportText.html(ExportText.summary(run))). Transcript of lesson \(lesson.number) by tutor \(ExportText.html(TutorVersion.current)).</footer>
        </main>
        <script>
        \(HTMLQuizScript.source)
        </script>
        </body>
        </html>

        """
    }

    private static let dayFormatter: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd"
        return f
    }()

    // MARK: Prose

    /// Markdown through cmark's safe renderer, with math spans readable.
    static func prose(_ markdown: String) -> String {
        let (protected, spans) = ExportMath.protect(markdown)
        return ExportMath.restore(MarkdownParser.html(protected), spans: spans)
    }

    /// cmark writes headings as bare `<h1>`, and raw HTML never reaches its output, so the
    /// first `<h1>` is the lesson's title.
    static func removingFirstTitle(_ html: String) -> String {
        guard let start = html.range(of: "<h1>"), let end = html.range(of: "</h1>\n", range: start.upperBound..<html.endIndex) else {
            return html
        }
        return String(html[..<start.lowerBound] + html[end.upperBound...])
    }

    private static func summaryBadge(_ run: LessonRun) -> String {
        let clean = run.failed == 0
        return "<span class=\"badge \(clean ? "pass" : "fail")\">\(clean ? "✓" : "✗") \(ExportText.html(ExportText.summary(run)))</span>"
    }

    // MARK: Steps

    static func step(_ r: StepResult) -> String {
        let lines = ExportText.lines(r.step.code)
        let code = lines.enumerated().map { i, line in
            "<span class=\"line\"><span class=\"ln\" aria-hidden=\"true\">\(i + 1)</span>\(PythonHighlighter.html(line))</span>"
        }.joined(separator: "\n")
        return """
        <section class="step" id="step-\(r.step.index + 1)">
        <div class="step-head"><a class="step-no" href="#step-\(r.step.index + 1)">Step \(r.step.index + 1)</a><span class="loc">\(ExportText.html(ExportText.shortLocation(r.step.location)))</span></div>
        <pre class="code"><code>\(code)</code></pre>
        </section>
        """
    }

    static func output(_ r: StepResult) -> String {
        let mark: String
        switch r.status {
        case .pass: mark = "pass"
        case .fail, .error: mark = "fail"
        case .unchecked: mark = "unchecked"
        }
        var parts = ["<div class=\"output \(mark)\">",
                     "<div class=\"verdict\"><span class=\"label\">Output of step \(r.step.index + 1)</span> \(ExportText.html(ExportText.verdict(r)))</div>"]
        var shown = ExportText.html(r.output)
        if let e = r.error { shown += "<span class=\"err\">\(ExportText.html(e.pythonMessage))</span>\n" }
        if shown.isEmpty {
            parts.append("<p class=\"empty\">The step printed nothing.</p>")
        } else {
            parts.append("<pre>\(shown)</pre>")
        }
        if r.status == .fail, let expected = r.expected {
            let diff = OutputChecker.diff(expected: expected.text, actual: r.output, limit: 12)
            if !diff.isEmpty {
                let lines = diff.map { line in
                    "<span class=\"\(line.hasPrefix("-") ? "del" : "add")\">\(ExportText.html(line))</span>"
                }.joined()
                parts.append("<div class=\"diff-head\">Difference (− the lesson, + this run)</div>")
                parts.append("<pre class=\"diff\">\(lines)</pre>")
            }
        }
        parts.append("</div>")
        return parts.joined(separator: "\n")
    }

    /// What follows questions (`HeldRegion`), in a `<details>` the page's script hides until
    /// every one of them is answered, then shows open; without script, the reader opens it.
    /// While it is hidden a note stands in its place, so that a reader who scrolls on knows
    /// the lesson goes on there; the note is hidden too while a container before it is,
    /// since its question is in that one. `data-holds` says what it holds, for the
    /// script's messages.
    static func held(_ region: HeldRegion, _ body: [String]) -> String {
        let questions = region.questions.map { "question-\($0 + 1)" }.joined(separator: " ")
        let note = "Answer " + ExportText.questions(region.questions) + " to see " + region.contents + "."
        return "<p class=\"held-note jsonly\">\(ExportText.html(note))</p>\n"
            + "<details class=\"held\" data-answers=\"\(questions)\" data-holds=\"\(ExportText.html(region.contents))\"><summary>\(ExportText.html(region.summary))</summary>\n"
            + body.joined(separator: "\n") + "\n</details>"
    }

    // MARK: Quizzes

    /// A question. One whose answer was computed can be answered in the page: a text field
    /// (or a button per choice), Check, Hint and Show answer, and a live region for the
    /// verdict, all shown by the script; the answer and how to judge it ride in data
    /// attributes. Without script the choices, hint and answer show as a list and two
    /// closed `<details>`.
    static func quiz(_ quiz: Quiz, answer: Result<EvaluatedValue, StepError>?) -> String {
        let id = "question-\(quiz.index + 1)"
        var question: QuizQuestion? = nil
        if case .success(let v)? = answer { question = QuizQuestion(quiz: quiz, answer: v) }
        let data = question.map { " " + answerData($0).map { "data-\($0.0)=\"\(ExportText.html($0.1))\"" }.joined(separator: " ") } ?? ""
        var parts = ["<aside class=\"quiz\" id=\"\(id)\" aria-labelledby=\"\(id)-ask\"\(data)>",
                     "<div class=\"quiz-head\">Question \(quiz.index + 1)</div>",
                     "<p class=\"ask\" id=\"\(id)-ask\">\(ExportText.html(ReadableMath.inText(quiz.ask)))</p>"]
        if let question {
            parts.append(attempt(question, id: id))
        }
        if !quiz.choices.isEmpty {
            parts.append("<ol class=\"choices\(question == nil ? "" : " nojs")\">" + quiz.choices.map { "<li>\(ExportText.html($0))</li>" }.joined() + "</ol>")
        }
        if let hint = quiz.hint, !hint.trimmingCharacters(in: .whitespaces).isEmpty {
            parts.append("<details class=\"hint nojs\"><summary>Hint</summary><p>\(ExportText.html(ReadableMath.inText(hint)))</p></details>")
        }
        if let question {
            let text = question.shownAnswer
            let shown = text.contains("\n") ? "<pre>\(ExportText.html(text))</pre>" : "<code>\(ExportText.html(text))</code>"
            parts.append("<div class=\"feedback jsonly\" aria-live=\"polite\"><div class=\"quiz-verdict\"></div><p class=\"hint-line\" hidden></p></div>")
            parts.append("<details class=\"answer nojs\"><summary>Show the answer</summary><div class=\"answer-body\">\(shown)</div></details>")
        } else if case .failure(let e)? = answer {
            parts.append("<p class=\"quiz-error\">✗ The answer cannot be computed: \(ExportText.html(e.pythonMessage)) (\(ExportText.html(ExportText.shortLocation(e.location))))</p>")
        }
        parts.append("</aside>")
        return parts.joined(separator: "\n")
    }

    // MARK: Exercises

    static func exercise(_ exercise: Exercise, lesson: Lesson) -> String {
        let code = ExportText.lines(exercise.starter.text).map(PythonHighlighter.html).joined(separator: "\n")
        return """
        <aside class="exercise" id="exercise-\(exercise.index + 1)">
        <div class="exercise-head">Exercise \(exercise.index + 1) · <code>\(ExportText.html(exercise.name))</code></div>
        <div class="prose">
        \(prose(exercise.task.markdown))</div>
        <pre class="code"><code>\(code)</code></pre>
        <p class="exercise-how">\(ExportText.html(ExportText.exerciseInstruction(exercise, lesson: lesson)))</p>
        </aside>
        """
    }

    /// The controls the script shows: how precise to be, then a text field with Check, or
    /// a button per choice; Hint when there is one; Show answer.
    static func attempt(_ question: QuizQuestion, id: String) -> String {
        let quiz = question.quiz
        let hintButton = question.hint == nil ? "" : "<button type=\"button\" class=\"hint-button\">Hint</button>"
        let giveUp = "<button type=\"button\" class=\"give-up\">Show answer</button>"
        if !quiz.choices.isEmpty {
            // The right choice is decided here, by the rule `tutor quiz` uses for a choice.
            let buttons = quiz.choices.map { choice in
                let right = LessonSession.choiceMatches(choice, question.answer)
                return "<button type=\"button\" class=\"choice\"\(right ? " data-right=\"\"" : "")>\(ExportText.html(choice))</button>"
            }.joined()
            return """
            <p class="how jsonly" id="\(id)-how">Pick one.</p>
            <div class="attempt jsonly" role="group" aria-labelledby="\(id)-ask" aria-describedby="\(id)-how"><span class="choice-buttons">\(buttons)</span> \(hintButton)\(giveUp)</div>
            """
        }
        let typeForHint = question.hint == nil ? "" : "<span class=\"jsonly\"> Type ? for a hint.</span>"
        return """
        <p class="how" id="\(id)-how">\(ExportText.html(question.instruction))\(typeForHint)</p>
        <form class="attempt jsonly"><input type="text" name="answer" autocomplete="off" autocapitalize="off" spellcheck="false" aria-labelledby="\(id)-ask" aria-describedby="\(id)-how"> <button type="submit">Check</button> \(hintButton)\(giveUp)</form>
        """
    }

    /// The right answer and how to judge it, as data attributes the script reads: the
    /// value's kind and data (numbers in Swift's round-trip form, `inf` and `nan`
    /// included), the absolute tolerance where one applies, and the tries allowed.
    static func answerData(_ question: QuizQuestion) -> [(String, String)] {
        let quiz = question.quiz
        var data = [(String, String)]()
        func numbers(_ values: [Double]) -> String { values.map { "\($0)" }.joined(separator: " ") }
        func dims(_ shape: [Int]) -> String { shape.map(String.init).joined(separator: " ") }
        if !quiz.choices.isEmpty {
            data.append(("kind", "choice"))
        } else {
            switch question.answer.kind {
            case .integer(let i): data += [("kind", "integer"), ("answer", String(i))]
            case .number(let d): data += [("kind", "number"), ("answer", "\(d)")]
            case .bool(let b): data += [("kind", "bool"), ("answer", b ? "True" : "False")]
            case .string(let s): data += [("kind", "string"), ("answer", s)]
            case .shape(let shape): data += [("kind", "shape"), ("shape", dims(shape))]
            case .tensor(let shape, let values, _):
                data += [("kind", "tensor"), ("shape", dims(shape))]
                // No one can type more numbers than half of `AnswerText.maxLength`, so a typed
                // answer never has the shape of a larger tensor: its shape alone judges it.
                if values.count <= (AnswerText.maxLength + 1) / 2 { data.append(("values", numbers(values))) }
            case .other: data += [("kind", "other"), ("answer", question.answer.repr)]
            }
        }
        if let tolerance = QuizGrader.tolerance(for: question.answer, quizTolerance: quiz.tolerance, choices: quiz.choices) {
            data.append(("tolerance", "\(tolerance)"))
        }
        data.append(("tries", String(question.triesAllowed)))
        return data
    }

    /// How the page's quiz goes, with the running score; shown only when script runs.
    static func quizIntro(_ run: LessonRun) -> String {
        let count = run.lesson.quizzes.count
        guard count > 0 else { return "" }
        let questions = count == 1 ? "1 question" : "\(count) questions"
        return """
        <p class="quiz-intro jsonly">Predict before you look: \(questions), a point each. Type an answer and press Enter (? for a hint); a wrong answer gets one more try, for half a point, except where there are only two possible answers. What follows a question, the output that answers it and the text on it, stays hidden until you answer it or press Show answer. <span class="score">Score: 0 of \(count)</span></p>

        """
    }

    // MARK: Heatmaps

    /// ColorBrewer's "Blues": light for small values, dark for large ones.
    static let palette: [(Double, Double, Double)] = [
        (247, 251, 255), (222, 235, 247), (198, 219, 239), (158, 202, 225), (107, 174, 214),
        (66, 146, 198), (33, 113, 181), (8, 81, 156), (8, 48, 107),
    ]

    static func color(_ t: Double) -> String {
        let x = (t.isNaN ? 0 : min(max(t, 0), 1)) * Double(palette.count - 1)
        let i = min(Int(x), palette.count - 2)
        let f = x - Double(i)
        let a = palette[i], b = palette[i + 1]
        func mix(_ p: Double, _ q: Double) -> Int { Int((p + (q - p) * f).rounded()) }
        return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    static func heatmap(_ map: Heatmap, _ result: Result<HeatmapData, StepError>?) -> String {
        let caption = "<figcaption>\(ExportText.html(map.title.map(ReadableMath.inText) ?? "Heatmap of \(map.tensor)"))</figcaption>"
        guard case .success(let data)? = result else {
            var message = ""
            if case .failure(let e)? = result {
                message = "<p class=\"quiz-error\">✗ The heatmap cannot be drawn: \(ExportText.html(e.pythonMessage)) (\(ExportText.html(ExportText.shortLocation(e.location))))</p>"
            }
            return "<figure class=\"heatmap\">\(caption)\(message)</figure>"
        }
        return "<figure class=\"heatmap\">\(caption)\n\(heatmapSVG(map, data))\n</figure>"
    }

    /// A heatmap as an SVG picture: cells with their values (and the exact value on hover),
    /// labels, and the colour scale. `standalone` carries its own fonts, for a picture shown
    /// outside this page (a notebook's attachment).
    static func heatmapSVG(_ map: Heatmap, _ data: HeatmapData, standalone: Bool = false) -> String {
        let cellW = 64.0, cellH = 34.0, charW = 7.2
        func label(_ labels: [String], _ i: Int) -> String { i < labels.count ? labels[i] : String(i) }
        let rowLabels = (0..<data.rows).map { label(map.rows, $0) }
        let colLabels = (0..<data.cols).map { label(map.cols, $0) }
        let left = (Double(rowLabels.map(\.count).max() ?? 1) * charW + 14).rounded()
        let longestCol = Double(colLabels.map(\.count).max() ?? 1) * charW
        let rotate = longestCol > cellW - 6
        let top = rotate ? (longestCol * 0.72 + 18).rounded() : 24
        let gridW = cellW * Double(data.cols), gridH = cellH * Double(data.rows)
        let legendY = top + gridH + 18
        let width = max(left + gridW + 10, left + 260), height = legendY + 40
        let (lo, hi) = data.scale
        let gradientID = "scale-\(map.location.line)"
        var svg = [String]()
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" role=\"img\" aria-label=\"\(ExportText.html(map.title ?? "Heatmap of \(map.tensor)"))\">")
        if standalone {
            svg.append("<style>text { font-family: \"DejaVu Sans\", Helvetica, Arial, sans-serif; font-size: 12px; } .lab { fill: #3b4656; }</style>")
        }
        svg.append("<defs><linearGradient id=\"\(gradientID)\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">"
                   + (0...8).map { "<stop offset=\"\(fmt(Double($0) / 8))\" stop-color=\"\(color(Double($0) / 8))\"/>" }.joined()
                   + "</linearGradient></defs>")
        for (c, text) in colLabels.enumerated() {
            let x = left + cellW * (Double(c) + 0.5)
            if rotate {
                svg.append("<text class=\"lab\" x=\"\(fmt(x))\" y=\"\(fmt(top - 6))\" transform=\"rotate(-40 \(fmt(x)) \(fmt(top - 6)))\" text-anchor=\"start\">\(ExportText.html(text))</text>")
            } else {
                svg.append("<text class=\"lab\" x=\"\(fmt(x))\" y=\"\(fmt(top - 8))\" text-anchor=\"middle\">\(ExportText.html(text))</text>")
            }
        }
        for r in 0..<data.rows {
            let y = top + cellH * Double(r)
            svg.append("<text class=\"lab\" x=\"\(fmt(left - 8))\" y=\"\(fmt(y + cellH / 2 + 4))\" text-anchor=\"end\">\(ExportText.html(rowLabels[r]))</text>")
            for c in 0..<data.cols {
                let v = data.values[r * data.cols + c]
                let x = left + cellW * Double(c)
                let t = data.position(v)
                let fill = v.isFinite ? color(t) : "#e4e4e4"
                let ink = v.isFinite && t > 0.55 ? "#ffffff" : "#1b2a3a"
                let exact = v.isFinite ? String(format: "%.4f", v) : ExportText.cell(v)
                svg.append("<g><title>\(ExportText.html(rowLabels[r])) → \(ExportText.html(colLabels[c])): \(exact)</title>"
                           + "<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(cellW))\" height=\"\(fmt(cellH))\" fill=\"\(fill)\" stroke=\"#ffffff\" stroke-width=\"1\"/>"
                           + "<text class=\"val\" x=\"\(fmt(x + cellW / 2))\" y=\"\(fmt(y + cellH / 2 + 4))\" text-anchor=\"middle\" fill=\"\(ink)\">\(ExportText.cell(v))</text></g>")
            }
        }
        // The colour scale: what light and dark mean.
        let barW = min(240.0, max(gridW, 160))
        svg.append("<rect x=\"\(fmt(left))\" y=\"\(fmt(legendY))\" width=\"\(fmt(barW))\" height=\"10\" fill=\"url(#\(gradientID))\" stroke=\"#c9d3de\" stroke-width=\"0.5\"/>")
        svg.append("<text class=\"lab\" x=\"\(fmt(left))\" y=\"\(fmt(legendY + 25))\" text-anchor=\"start\">\(ExportText.cell(lo))</text>")
        svg.append("<text class=\"lab\" x=\"\(fmt(left + barW / 2))\" y=\"\(fmt(legendY + 25))\" text-anchor=\"middle\">\(ExportText.cell((lo + hi) / 2))</text>")
        svg.append("<text class=\"lab\" x=\"\(fmt(left + barW))\" y=\"\(fmt(legendY + 25))\" text-anchor=\"end\">\(ExportText.cell(hi))</text>")
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    private static func fmt(_ x: Double) -> String {
        x.isFinite && Swift.abs(x) < 1e15 && x == x.rounded() ? String(Int(x)) : String(format: "%.2f", x)
    }

    // MARK: Style

    static let css = """
    :root { --ink: #1d2430; --muted: #5f6b7a; --line: #dfe4ea; --code-bg: #f6f8fa; --pass: #1a7f37; --fail: #cf222e; --accent: #0b5cad; }
    * { box-sizing: border-box; }
    body { margin: 0; background: #ffffff; color: var(--ink); font: 16px/1.6 -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", Helvetica, Arial, sans-serif; }
    main { max-width: 880px; margin: 0 auto; padding: 28px 24px 48px; }
    header.page { border-bottom: 2px solid var(--line); margin-bottom: 24px; padding-bottom: 14px; }
    header.page h1 { font-size: 2em; line-height: 1.2; margin: 4px 0 10px; }
    .kicker { color: var(--accent); font-weight: 600; font-size: 0.85em; letter-spacing: 0.06em; text-transform: uppercase; }
    .meta { color: var(--muted); font-size: 0.9em; }
    .badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 0.95em; }
    .badge.pass { background: #dafbe1; color: var(--pass); }
    .badge.fail { background: #ffebe9; color: var(--fail); }
    .prose h2 { font-size: 1.45em; border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 1.8em; }
    .prose h3 { font-size: 1.2em; }
    .prose code, .quiz code { font: 0.88em/1.4 "DejaVu Sans Mono", Menlo, Consolas, monospace; background: var(--code-bg); padding: 1px 4px; border-radius: 4px; }
    .prose pre { background: var(--code-bg); padding: 10px 14px; border-radius: 6px; overflow-x: auto; }
    .prose pre code { background: none; padding: 0; }
    .prose blockquote { margin-left: 0; padding-left: 14px; border-left: 4px solid var(--line); color: var(--muted); }
    .math { font-family: "DejaVu Serif", "Times New Roman", serif; font-style: italic; white-space: nowrap; }
    .math.display { display: block; text-align: center; margin: 0.6em 0; font-size: 1.1em; }
    pre { font: 13.5px/1.5 "DejaVu Sans Mono", Menlo, Consolas, monospace; margin: 0; }
    .step { margin: 20px 0 0; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
    .step-head { display: flex; justify-content: space-between; background: #eef2f6; padding: 4px 12px; font-size: 0.85em; color: var(--muted); }
    .step-no { font-weight: 600; color: var(--ink); text-decoration: none; }
    .loc { font-family: "DejaVu Sans Mono", Menlo, monospace; }
    pre.code { background: var(--code-bg); padding: 10px 12px 10px 0; overflow-x: auto; }
    .ln { display: inline-block; width: 2.6em; padding-right: 0.9em; margin-right: 0.9em; text-align: right; color: #9aa5b1; border-right: 1px solid var(--line); user-select: none; -webkit-user-select: none; }
    .kw { color: #cf222e; } .st { color: #0a3069; } .cm { color: #6e7781; font-style: italic; } .nu { color: #0550ae; } .bi { color: #8250df; }
    .output { margin: 8px 0 20px; border-left: 4px solid var(--line); background: #fbfcfd; border-radius: 0 6px 6px 0; padding: 6px 12px 10px; }
    .output.pass { border-left-color: var(--pass); }
    .output.fail { border-left-color: var(--fail); background: #fff8f7; }
    .output .verdict { font-size: 0.88em; margin-bottom: 4px; }
    .output.pass .verdict { color: var(--pass); }
    .output.fail .verdict { color: var(--fail); }
    .output.unchecked .verdict { color: var(--muted); }
    .output .label { color: var(--muted); font-weight: 600; margin-right: 6px; }
    .output pre { overflow-x: auto; }
    .output .err { color: var(--fail); font-weight: 600; }
    .output .empty { margin: 0; color: var(--muted); font-style: italic; }
    .diff-head { margin-top: 8px; font-size: 0.85em; color: var(--muted); }
    .diff .del { color: #82071e; background: #ffebe9; display: block; }
    .diff .add { color: #116329; background: #dafbe1; display: block; }
    .quiz { margin: 18px 0; border: 1px solid #d8c8f0; background: #faf7ff; border-radius: 8px; padding: 10px 16px; }
    .quiz-head { color: #6639ba; font-weight: 700; font-size: 0.85em; text-transform: uppercase; letter-spacing: 0.05em; }
    .quiz .ask { margin: 4px 0 8px; font-weight: 600; }
    .quiz .choices { margin: 0 0 8px; }
    .quiz details { margin: 6px 0; }
    .quiz summary { cursor: pointer; color: #6639ba; font-weight: 600; }
    .quiz .hint p { margin: 4px 0 0 1.2em; color: var(--muted); }
    .answer-body { margin: 6px 0 0 1.2em; }
    .answer-body pre { background: #ffffff; border: 1px solid var(--line); padding: 6px 10px; border-radius: 4px; overflow-x: auto; }
    .quiz-error { color: var(--fail); }
    .exercise { margin: 18px 0; border: 1px solid #c9e2cf; background: #f6fbf7; border-radius: 8px; padding: 10px 16px; }
    .exercise-head { color: #1a7f37; font-weight: 700; font-size: 0.85em; text-transform: uppercase; letter-spacing: 0.05em; }
    .exercise-head code { text-transform: none; }
    .exercise .exercise-how { color: var(--muted); font-size: 0.92em; margin: 6px 0 0; }
    .js .nojs, html:not(.js) .jsonly { display: none; }
    .js details.held:not(.revealed), .js details.held:not(.revealed) + .held-note { display: none; }
    .held-note { margin: 8px 0 20px; padding: 4px 12px; border-left: 4px dotted #b9a6dc; color: var(--muted); font-size: 0.88em; font-style: italic; }
    details.held > summary { cursor: pointer; color: var(--muted); font-size: 0.88em; margin: 8px 0 20px; }
    details.held.revealed > summary { display: none; }
    .quiz .how { margin: 0 0 6px; color: var(--muted); font-size: 0.92em; }
    .quiz .attempt { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 6px 0; }
    .choice-buttons { display: flex; flex-wrap: wrap; gap: 6px; margin-right: 8px; }
    .quiz input[type=text] { flex: 1 1 16em; min-width: 10em; font: 14px/1.4 "DejaVu Sans Mono", Menlo, Consolas, monospace; padding: 5px 8px; border: 1px solid #b9a6dc; border-radius: 6px; background: #ffffff; color: var(--ink); }
    .quiz button { font: inherit; font-size: 0.92em; padding: 4px 12px; border: 1px solid #b9a6dc; border-radius: 6px; background: #ffffff; color: #4b2a8a; cursor: pointer; }
    .quiz button[type=submit] { background: #6639ba; border-color: #6639ba; color: #ffffff; }
    .quiz input:focus-visible, .quiz button:focus-visible, summary:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
    .quiz input[readonly], .quiz button[aria-disabled=true] { cursor: default; opacity: 0.6; }
    .quiz button.choice.right { background: #dafbe1; border-color: var(--pass); color: var(--pass); opacity: 1; }
    .quiz button.choice.wrong { background: #ffebe9; border-color: var(--fail); color: var(--fail); text-decoration: line-through; }
    .quiz-verdict, .feedback p { margin: 4px 0; }
    .feedback .right { color: var(--pass); font-weight: 600; }
    .feedback .wrong { color: var(--fail); font-weight: 600; }
    .feedback .hint-line { color: var(--muted); }
    .feedback pre { margin: 4px 0 0 1.2em; background: #ffffff; border: 1px solid var(--line); padding: 6px 10px; border-radius: 4px; overflow-x: auto; }
    .quiz-intro { margin: 8px 0 0; color: var(--muted); font-size: 0.9em; }
    .score { font-weight: 600; color: #6639ba; white-space: nowrap; }
    figure.heatmap { margin: 20px 0; padding: 12px 16px; border: 1px solid var(--line); border-radius: 8px; overflow-x: auto; }
    figure.heatmap figcaption { font-weight: 600; margin-bottom: 6px; }
    figure.heatmap svg { display: block; font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; }
    svg .lab { font-size: 12px; fill: #3b4656; }
    svg .val { font-size: 12px; }
    footer.page { margin-top: 36px; padding-top: 12px; border-top: 1px solid var(--line); color: var(--muted); font-size: 0.85em; }
    """
}
