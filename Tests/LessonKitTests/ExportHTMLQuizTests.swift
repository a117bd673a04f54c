import Foundation
import Testing
import LessonKit

/// The HTML transcript's in-page quiz: each question carries its answer and how to judge
/// it, and what follows it up to the next step, which would give the answer away, is held
/// back in a hidden container.
@Suite struct ExportHTMLQuizTests {
    /// Questions of every kind an answer can have, after one step.
    static let kinds = """
    # Grading

    ```python
    import torch
    t = torch.tensor([[0.25, -1.5], [3.0, 4.125]])
    ```

    ```quiz
    ask: a whole number
    answer: 6
    hint: Count them.
    ```

    ```quiz
    ask: a whole number, roughly
    answer: 18
    tolerance: 2
    ```

    ```quiz
    ask: a number
    answer: t[0, 0].item()
    ```

    ```quiz
    ask: a number, loosely
    answer: 127.44
    tolerance: 20
    ```

    ```quiz
    ask: a number, finely
    answer: 1 / 3
    tolerance: 1e-6
    ```

    ```quiz
    ask: a number, exactly
    answer: 0.5
    tolerance: 0
    ```

    ```quiz
    ask: not a number
    answer: float('nan')
    ```

    ```quiz
    ask: infinity
    answer: float('inf')
    ```

    ```quiz
    ask: true or false
    answer: 2 > 1
    ```

    ```quiz
    ask: a word
    answer: "journey"
    ```

    ```quiz
    ask: a shape
    answer: t.shape
    ```

    ```quiz
    ask: no shape
    answer: torch.tensor(1.0).shape
    ```

    ```quiz
    ask: a tuple
    answer: (6, 2)
    ```

    ```quiz
    ask: a matrix
    answer: t
    ```

    ```quiz
    ask: one element
    answer: t[0, :1]
    ```

    ```quiz
    ask: a list
    answer: [0.5, 0.25]
    ```

    ```quiz
    ask: with infinity
    answer: torch.tensor([float('inf'), 1.0])
    ```

    ```quiz
    ask: integers
    answer: torch.tensor([1, 2])
    ```

    ```quiz
    ask: something else
    answer: {"a": 1}
    ```

    ```quiz
    ask: nothing
    answer: None
    ```

    ```quiz
    ask: a choice
    choices: one | Three | four
    answer: "three"
    ```
    """

    func page(_ text: String) throws -> String {
        HTMLExporter.render(try ExportFixtures.run(text), date: Date(timeIntervalSince1970: 0))
    }

    /// The opening tag of question `n` (1-based).
    func aside(_ n: Int, in page: String) throws -> String {
        let start = try #require(page.range(of: "<aside class=\"quiz\" id=\"question-\(n)\""))
        let end = try #require(page.range(of: ">", range: start.upperBound..<page.endIndex))
        return String(page[start.lowerBound..<end.upperBound])
    }

    /// The text of the innermost `<details class="held" ...>` that holds `needle`, nil when
    /// `needle` is not held back. Containers hold other `<details>` (a question's answer),
    /// so each `</details>` closes the latest one open.
    func heldContainer(of needle: String, in page: String) -> String? {
        guard let at = page.range(of: needle) else { return nil }
        var open = [(start: String.Index, held: Bool)]()
        var innermost: String.Index? = nil
        var i = page.startIndex
        while let tag = page.range(of: "<details|</details>", options: .regularExpression, range: i..<page.endIndex) {
            if innermost == nil && tag.lowerBound > at.lowerBound {
                guard let held = open.last(where: { $0.held }) else { return nil }
                innermost = held.start
            }
            if page[tag] == "<details" {
                open.append((tag.lowerBound, page[tag.upperBound...].hasPrefix(" class=\"held\"")))
            } else if let last = open.popLast(), last.start == innermost {
                return String(page[last.start..<tag.upperBound])
            }
            i = tag.upperBound
        }
        return nil
    }

    @Test func theOutputThatAnswersAQuestionIsHeldBackInAHiddenContainer() throws {
        let page = try page(ExportFixtures.mixed)
        // Step 1's output comes after question 1: it is held back until that is answered,
        // with what follows it up to the next step.
        let held = try #require(heldContainer(of: "sum: 10.0", in: page))
        #expect(held.hasPrefix("<details class=\"held\" data-answers=\"question-1\" data-holds=\"the output of step 1 and what follows it\"><summary>The output of step 1 and what follows it: answer question 1 first, then open</summary>"))
        #expect(held.contains("<h2>Second part</h2>"))
        // Closed, and hidden outright once the page runs its script, until the question is
        // settled; a note stands in for it meanwhile.
        #expect(!held.hasPrefix("<details class=\"held\" open"))
        let head = try #require(page.range(of: "</head>"))
        let marksScripted = try #require(page.range(of: "<script>document.documentElement.classList.add(\"js\")</script>"))
        #expect(marksScripted.lowerBound < head.lowerBound)
        #expect(page.contains(".js details.held:not(.revealed), .js details.held:not(.revealed) + .held-note { display: none; }"))
        #expect(page.contains("<p class=\"held-note jsonly\">Answer question 1 to see the output of step 1 and what follows it.</p>\n" + held))
        // Outputs that answer nothing are shown as they are.
        #expect(heldContainer(of: "[6., 8.]", in: page) == nil)
        // Question 2 comes after its step's output: it holds back the heatmap and the prose after it.
        let second = try #require(heldContainer(of: "The end.", in: page))
        #expect(second.hasPrefix("<details class=\"held\" data-answers=\"question-2\" data-holds=\"what follows\"><summary>What follows: answer question 2 first, then open</summary>"))
        #expect(second.contains("<figure class=\"heatmap\">"))
        #expect(page.components(separatedBy: "<details class=\"held\"").count - 1 == 2)
    }

    @Test func anOutputBehindTwoQuestionsWaitsForBoth() throws {
        let page = try page("""
        # Two

        ```python
        print(2 + 2)
        ```

        ```quiz
        ask: What does it print?
        answer: 4
        ```

        ```quiz
        ask: And twice that?
        answer: 8
        ```

        ```output
        4
        ```
        """)
        let held = try #require(heldContainer(of: "<pre>4\n</pre>", in: page))
        #expect(held.hasPrefix("<details class=\"held\" data-answers=\"question-1 question-2\" data-holds=\"the output of step 1\"><summary>The output of step 1: answer questions 1 and 2 first, then open</summary>"))
    }

    /// A question after the prose that follows another is the last thing the first one
    /// holds back, as the terminal asks one question at a time; what follows it, up to the
    /// next step, is held in a container of its own after the first, flat, however many
    /// questions there are.
    @Test func aQuestionInWhatAnotherHoldsBackHoldsBackWhatFollowsIt() throws {
        let page = try page("""
        # In turn

        ```python
        print(2 + 2)
        ```

        ```quiz
        ask: What does it print?
        answer: 4
        ```

        ```output
        4
        ```

        Four, as expected.

        ```quiz
        ask: And twice that?
        answer: 8
        ```

        Twice four is eight.

        ```python
        print(1)
        ```

        After the step.
        """)
        let first = try #require(heldContainer(of: "Four, as expected.", in: page))
        #expect(first.hasPrefix("<details class=\"held\" data-answers=\"question-1\""))
        #expect(first.contains("id=\"question-2\"") && !first.contains("Twice four is eight."))
        let second = try #require(heldContainer(of: "Twice four is eight.", in: page))
        #expect(second.hasPrefix("<details class=\"held\" data-answers=\"question-2\" data-holds=\"what follows\">"))
        // The second one's note comes right after the first container, whose style hides
        // it while the first is hidden.
        #expect(page.contains(first + "\n<p class=\"held-note jsonly\">Answer question 2 to see what follows.</p>\n" + second))
        #expect(heldContainer(of: "After the step.", in: page) == nil)
        #expect(heldContainer(of: "<pre>1\n</pre>", in: page) == nil)
    }

    @Test func aQuestionWithoutAComputedAnswerHoldsNothingBack() throws {
        let page = try page("# E\n\n```python\nprint(1)\n```\n\n```quiz\nask: What?\nanswer: missing\n```\n\n```output\n1\n```\n")
        #expect(!page.contains("<details class=\"held\""))
        let aside = try aside(1, in: page)
        #expect(!aside.contains("data-kind"))
        #expect(!page.contains("<form class=\"attempt"))
        #expect(page.contains("✗ The answer cannot be computed: NameError: name &#39;missing&#39; is not defined"))
    }

    @Test func eachQuestionCarriesItsAnswerAndTolerance() throws {
        let page = try page(Self.kinds)
        let expected: [Int: String] = [
            1: "data-kind=\"integer\" data-answer=\"6\" data-tries=\"2\"",
            2: "data-kind=\"integer\" data-answer=\"18\" data-tolerance=\"2.0\" data-tries=\"2\"",
            3: "data-kind=\"number\" data-answer=\"0.25\" data-tolerance=\"0.01\" data-tries=\"2\"",
            4: "data-kind=\"number\" data-answer=\"127.44\" data-tolerance=\"20.0\" data-tries=\"2\"",
            5: "data-kind=\"number\" data-answer=\"0.3333333333333333\" data-tolerance=\"1e-06\" data-tries=\"2\"",
            6: "data-kind=\"number\" data-answer=\"0.5\" data-tolerance=\"0.0\" data-tries=\"2\"",
            7: "data-kind=\"number\" data-answer=\"nan\" data-tolerance=\"0.01\" data-tries=\"2\"",
            8: "data-kind=\"number\" data-answer=\"inf\" data-tolerance=\"0.01\" data-tries=\"2\"",
            9: "data-kind=\"bool\" data-answer=\"True\" data-tries=\"1\"",
            10: "data-kind=\"string\" data-answer=\"journey\" data-tries=\"2\"",
            11: "data-kind=\"shape\" data-shape=\"2 2\" data-tries=\"2\"",
            12: "data-kind=\"shape\" data-shape=\"\" data-tries=\"2\"",
            13: "data-kind=\"shape\" data-shape=\"6 2\" data-tries=\"2\"",
            14: "data-kind=\"tensor\" data-shape=\"2 2\" data-values=\"0.25 -1.5 3.0 4.125\" data-tolerance=\"0.01\" data-tries=\"2\"",
            15: "data-kind=\"tensor\" data-shape=\"1\" data-values=\"0.25\" data-tolerance=\"0.01\" data-tries=\"2\"",
            16: "data-kind=\"tensor\" data-shape=\"2\" data-values=\"0.5 0.25\" data-tolerance=\"0.01\" data-tries=\"2\"",
            17: "data-kind=\"tensor\" data-shape=\"2\" data-values=\"inf 1.0\" data-tolerance=\"0.01\" data-tries=\"2\"",
            18: "data-kind=\"tensor\" data-shape=\"2\" data-values=\"1.0 2.0\" data-tolerance=\"0.01\" data-tries=\"2\"",
            19: "data-kind=\"other\" data-answer=\"{&#39;a&#39;: 1}\" data-tries=\"2\"",
            20: "data-kind=\"other\" data-answer=\"None\" data-tries=\"2\"",
            21: "data-kind=\"choice\" data-tries=\"2\"",
        ]
        for (n, data) in expected {
            #expect(try aside(n, in: page).hasSuffix(" aria-labelledby=\"question-\(n)-ask\" \(data)>"), "question \(n)")
        }
        // The right choice is marked, matched case-insensitively as `tutor quiz` matches it.
        #expect(page.contains("<button type=\"button\" class=\"choice\">one</button><button type=\"button\" class=\"choice\" data-right=\"\">Three</button><button type=\"button\" class=\"choice\">four</button>"))
        // The answer as the terminal shows it, for the verdict.
        #expect(page.contains("<div class=\"answer-body\"><code>0.333333</code></div>"))
    }

    @Test func aTensorTooLargeToTypeCarriesOnlyItsShape() throws {
        let page = try page("# Big\n\n```python\nimport torch\n```\n\n```quiz\nask: All of it?\nanswer: torch.zeros(300, 300)\n```\n")
        #expect(try aside(1, in: page).hasSuffix("data-kind=\"tensor\" data-shape=\"300 300\" data-tolerance=\"0.01\" data-tries=\"2\">"))
        #expect(page.utf8.count < 100_000)
    }

    @Test func thePromptSaysHowPreciseToBe() throws {
        let page = try page(Self.kinds)
        #expect(page.contains("<p class=\"how\" id=\"question-1-how\">Answer with a whole number, exactly.<span class=\"jsonly\"> Type ? for a hint.</span></p>"))
        #expect(page.contains("<p class=\"how\" id=\"question-3-how\">Answer with a number, to 2 decimals (±0.01).</p>"))
        #expect(page.contains("<p class=\"how\" id=\"question-4-how\">Answer with a number, within ±20.</p>"))
        #expect(page.contains("<p class=\"how\" id=\"question-14-how\">Answer with numbers like [0.15, 0.23], each to 2 decimals (±0.01).</p>"))
        // A text field labelled by the question, and a live region for the verdict.
        #expect(page.contains("<input type=\"text\" name=\"answer\" autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\" aria-labelledby=\"question-1-ask\" aria-describedby=\"question-1-how\">"))
        #expect(page.components(separatedBy: "<div class=\"feedback jsonly\" aria-live=\"polite\">").count - 1 == 21)
        #expect(page.contains("<span class=\"score\">Score: 0 of 21</span>"))
    }
}
