import Foundation
import Testing
import LessonKit

/// The HTML transcript: one self-contained page with everything from the lesson escaped.
@Suite struct ExportHTMLTests {
    static let date = Date(timeIntervalSince1970: 1_780_000_000)  // 2026-05-28

    func html(_ text: String) throws -> String {
        HTMLExporter.render(try ExportFixtures.run(text), date: Self.date)
    }

    func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }

    @Test func headerStepsOutputsQuizzesAndHeatmap() throws {
        let page = try html(ExportFixtures.mixed)
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(page.contains("<title>Lesson 7: Mixed bag</title>"))
        #expect(page.contains("<h1>Mixed bag</h1>"))
        #expect(count("<h1>", in: page) == 1)  // the prose's title heading is not repeated
        #expect(page.contains("<time datetime=\"2026-05-28\">2026-05-28</time>"))
        #expect(page.contains("tutor \(TutorVersion.current)"))
        // Prose through cmark, math made readable.
        #expect(page.contains("<h2>Second part</h2>"))
        #expect(page.contains("<span class=\"math\" title=\"\\sqrt{d_k}\">√d<sub>k</sub></span> and <code>code</code>"))
        // Steps with line numbers.
        #expect(count("<section class=\"step\"", in: page) == 4)
        #expect(page.contains("<span class=\"ln\" aria-hidden=\"true\">4</span>x.shape"))
        // Outputs with their checks.
        #expect(page.contains("<div class=\"output pass\">"))
        #expect(page.contains("✓ matches the lesson</div>\n<pre>sum: 10.0\ntorch.Size([2, 2])\n</pre>"))
        #expect(page.contains("✗ step output differs: max |diff| 1.0 at element 3 (expected 9., got 8.)"))
        #expect(page.contains("<span class=\"del\">-         [6., 9.]])</span><span class=\"add\">+         [6., 8.]])</span>"))
        #expect(page.contains("<span class=\"err\">NameError: name &#39;missing&#39; is not defined</span>"))
        #expect(count("<div class=\"output ", in: page) == 4)
        // Quiz answers behind a click where script does not run.
        #expect(count("<aside class=\"quiz\"", in: page) == 2)
        #expect(page.contains("<details class=\"answer nojs\"><summary>Show the answer</summary><div class=\"answer-body\"><code>torch.Size([2, 2])</code></div></details>"))
        #expect(page.contains("<ol class=\"choices nojs\"><li>one</li><li>three</li></ol>"))
        // The quiz comes before the output that would give it away.
        let quiz = try #require(page.range(of: "id=\"question-1\""))
        let output = try #require(page.range(of: "sum: 10.0"))
        #expect(quiz.lowerBound < output.lowerBound)
        // Heatmap: SVG cells with labels and a colour scale.
        #expect(count("<svg ", in: page) == 1)
        #expect(count("<rect x=", in: page) == 4 + 1)
        #expect(page.contains(">a</text>") && page.contains(">d</text>"))
        #expect(page.contains("<linearGradient id=\"scale-"))
        #expect(page.contains(">1.00</text>") && page.contains(">4.00</text>") && page.contains(">2.50</text>"))
    }

    @Test func selfContained() throws {
        let page = try html(ExportFixtures.mixed)
        for needle in ["<script ", "<link", "src=", "http://", "https://", "@import", "url(http", "url(//", "fetch(", "XMLHttpRequest", "import("] {
            // The SVG namespace URI is an identifier, not a fetch.
            let cleaned = page.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
            #expect(!cleaned.contains(needle), "found \(needle)")
        }
        #expect(page.contains("<style>"))
        // Two inline scripts: one marks the page as scripted before it is drawn, one runs the quiz.
        #expect(count("<script>", in: page) == 2)
        #expect(count("</script>", in: page) == 2)
    }

    @Test func escapesEverythingFromTheLesson() throws {
        let page = try html(ExportFixtures.malicious)
        let lower = page.lowercased()
        // The page's own two scripts, and none from the lesson.
        #expect(count("<script", in: lower) == 2 && count("<script>", in: lower) == 2)
        #expect(count("</script", in: lower) == 2)
        #expect(!lower.contains("javascript:"))
        #expect(!lower.contains("<img"))
        #expect(!lower.contains("<b>"))
        // Title, code, output, quiz, choices, hint and labels all appear, escaped.
        #expect(page.contains("<h1>Evil &lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; lesson</h1>"))
        #expect(page.contains("&lt;/script&gt;&lt;script&gt;alert(&#39;code&#39;)&lt;/script&gt;"))
        #expect(page.contains("Is &lt;script&gt;alert(&quot;quiz&quot;)&lt;/script&gt; bad?"))
        #expect(page.contains("<li>&lt;b&gt;yes&lt;/b&gt;</li>"))
        #expect(page.contains("<button type=\"button\" class=\"choice\" data-right=\"\">&lt;b&gt;yes&lt;/b&gt;</button>"))
        #expect(page.contains("&lt;script&gt;alert(&quot;hint&quot;)&lt;/script&gt;"))
        #expect(page.contains(">&lt;script&gt;r&lt;/script&gt;</text>"))
        #expect(page.contains(">&quot;a&amp;b&quot;</text>"))
        #expect(page.contains("<figcaption>&lt;script&gt;alert(&quot;heat&quot;)&lt;/script&gt;</figcaption>"))
        // cmark's safe mode drops the raw HTML in prose and the javascript: link.
        #expect(page.contains("<!-- raw HTML omitted -->"))
    }

    @Test func mathInsideCodeIsLeftAlone() throws {
        let page = try html("# T\n\nCost `$x$` and $$a_1$$ and $5 or $6, and\n\n```\n$y$\n```\n")
        #expect(page.contains("<code>$x$</code>"))
        #expect(page.contains("<span class=\"math display\" title=\"a_1\">a<sub>1</sub></span>"))
        #expect(page.contains("$5 or $6"))
        #expect(page.contains("<pre><code>$y$\n</code></pre>"))
    }

    @Test func everyLessonExportsInEveryFormat() throws {
        let library = LessonLibrary(directory: LessonLibrary.packageDirectory)
        for entry in library.entries() {
            let lesson = try library.load(entry.number)
            let run = LessonSession(lesson: lesson).runToEnd()
            let page = HTMLExporter.render(run, date: Self.date)
            #expect(count("<section class=\"step\"", in: page) == lesson.steps.count, "lesson \(entry.number)")
            #expect(count("<aside class=\"quiz\"", in: page) == lesson.quizzes.count)
            #expect(count("<details class=\"answer nojs\">", in: page) == lesson.quizzes.count)
            #expect(count("<aside class=\"quiz\" id=\"question-", in: page) == count(" data-kind=\"", in: page))
            let heatmaps = lesson.blocks.filter { if case .heatmap = $0 { return true }; return false }.count
            #expect(count("<svg ", in: page) == heatmaps)
            #expect(!page.contains("\u{E000}"), "a math placeholder survived")
            let outsideCode = page.replacingOccurrences(of: "<pre[\\s\\S]*?</pre>|<code>[\\s\\S]*?</code>|<script>[\\s\\S]*?</script>", with: "", options: .regularExpression)
            #expect(!outsideCode.contains("$"), "lesson \(entry.number) still shows raw LaTeX")
            let md = MarkdownExporter.render(run)
            #expect(md.hasPrefix("# " + lesson.title))
            #expect(md.components(separatedBy: "```python").count - 1 == lesson.steps.count + lesson.exercises.count)
            #expect(md.components(separatedBy: "> **Question ").count - 1 == lesson.quizzes.count)
            #expect(!md.contains("```output"))
        }
    }
}
