import Foundation
import Testing
import LessonKit

/// Exported notebooks: valid against nbformat's v4.5 schema (the file from the nbformat
/// package, checked without Python), one code cell per step with its output split as
/// Jupyter stores it.
@Suite struct ExportNotebookTests {
    static let schema: JSONSchemaValidator = {
        let url = Bundle.module.url(forResource: "nbformat.v4.5.schema", withExtension: "json", subdirectory: "Resources")!
        return JSONSchemaValidator(root: try! JSONValue.parse(String(contentsOf: url, encoding: .utf8)))
    }()

    func notebook(_ text: String) throws -> JSONValue {
        try JSONValue.parse(NotebookExporter.render(try ExportFixtures.run(text)))
    }

    func codeCells(_ nb: JSONValue) -> [JSONValue] {
        (nb["cells"]?.array ?? []).filter { $0["cell_type"] == .string("code") }
    }

    @Test func validAgainstTheSchema() throws {
        for text in [ExportFixtures.mixed, ExportFixtures.malicious] {
            let nb = try notebook(text)
            #expect(Self.schema.errors(nb) == [])
            #expect(nb["nbformat"] == .int(4))
            #expect(nb["metadata"]?["kernelspec"]?["name"] == .string("python3"))
            #expect(nb["metadata"]?["language_info"]?["name"] == .string("python"))
        }
    }

    @Test func theValidatorCatchesBrokenNotebooks() throws {
        let good = try notebook(ExportFixtures.mixed)
        guard case .object(var root) = good, case .array(var cells)? = root["cells"], case .object(var cell) = cells[0] else {
            Issue.record("unexpected notebook shape"); return
        }
        cell["id"] = .string("not a valid id!")
        cells[0] = .object(cell)
        root["cells"] = .array(cells)
        #expect(Self.schema.errors(.object(root)).contains { $0.contains("matches 0 of the oneOf") })
        cell.removeValue(forKey: "source")
        cell["id"] = .string("ok")
        cells[0] = .object(cell)
        root["cells"] = .array(cells)
        #expect(!Self.schema.errors(.object(root)).isEmpty)
        root.removeValue(forKey: "nbformat_minor")
        #expect(Self.schema.errors(.object(root)).contains("$: missing required 'nbformat_minor'"))
        let badOutput = JSONValue.object(["output_type": .string("stream"), "name": .string("stdout")])
        root = ["cells": .array([.object(["cell_type": .string("code"), "id": .string("a"), "metadata": .object([:]),
                                          "source": .string(""), "execution_count": .int(1), "outputs": .array([badOutput])])]),
                "metadata": .object([:]), "nbformat": .int(4), "nbformat_minor": .int(5)]
        #expect(!Self.schema.errors(.object(root)).isEmpty)
    }

    @Test func stepsAreCodeCellsWithPrintedTextAndEchoApart() throws {
        let nb = try notebook(ExportFixtures.mixed)
        let code = codeCells(nb)
        #expect(code.count == 4)
        #expect(code.map { $0["execution_count"] } == [.int(1), .int(2), .int(3), .int(4)])
        // Step 1 prints a line, then its last expression is echoed.
        let first = code[0]["outputs"]?.array ?? []
        #expect(first.count == 2)
        #expect(first[0]["output_type"] == .string("stream"))
        #expect(first[0]["name"] == .string("stdout"))
        #expect(first[0]["text"]?.text == "sum: 10.0\n")
        #expect(first[1]["output_type"] == .string("execute_result"))
        #expect(first[1]["execution_count"] == .int(1))
        #expect(first[1]["data"]?["text/plain"]?.text == "torch.Size([2, 2])")
        #expect(code[0]["source"]?.text == "import torch\nx = torch.tensor([[1.0, 2.0], [3.0, 4.0]])\nprint(\"sum:\", x.sum().item())\nx.shape")
        // An echo only.
        let second = code[1]["outputs"]?.array ?? []
        #expect(second.map { $0["output_type"] } == [.string("execute_result")])
        #expect(second[0]["data"]?["text/plain"]?.text == "tensor([[2., 4.],\n        [6., 8.]])")
        // An error.
        let third = code[2]["outputs"]?.array ?? []
        #expect(third.map { $0["output_type"] } == [.string("error")])
        #expect(third[0]["ename"] == .string("NameError"))
        // Printed text only.
        let fourth = code[3]["outputs"]?.array ?? []
        #expect(fourth.map { $0["output_type"] } == [.string("stream")])
        #expect(fourth[0]["text"]?.text == "3\n")
    }

    @Test func proseQuizzesAndHeatmapsAreMarkdownCells() throws {
        let nb = try notebook(ExportFixtures.mixed)
        let markdown = (nb["cells"]?.array ?? []).filter { $0["cell_type"] == .string("markdown") }.compactMap { $0["source"]?.text }
        #expect(markdown.first == "# Mixed *bag*\n\nIntro with $\\sqrt{d_k}$ and `code`.")
        // Question 2 asks about what no cell printed: the heatmap and the prose after it,
        // which it holds back, are folded into one cell, the heatmap's picture attached to it.
        let held = try #require((nb["cells"]?.array ?? []).first { $0["id"] == .string("held-1") })
        let folded = held["source"]?.text ?? ""
        #expect(folded.hasPrefix("<details><summary>What follows: answer question 2 first, then open</summary>\n\n**Heatmap of x**\n\n![Heatmap of x](attachment:heatmap-"))
        #expect(folded.contains("| | c | d |") && folded.hasSuffix("\n\nThe end.\n\n</details>"))
        guard case .object(let pictures)? = held["attachments"] else { Issue.record("the held cell has no attachments"); return }
        #expect(pictures.count == 1)
        #expect(pictures.keys.allSatisfy { folded.contains("](attachment:\($0))") })
        // Cells keep the lesson's order, except that the first question, which the first
        // step's output answers, comes before that step's cell, its answer folded.
        let kinds = (nb["cells"]?.array ?? []).compactMap { $0["id"]?.string }
        #expect(Array(kinds.prefix(4)) == ["prose-1", "quiz-1", "step-1", "prose-2"])
        #expect(Set(kinds).count == kinds.count)
        let first = try #require(markdown.first { $0.hasPrefix("> **Question 1.** What is the shape of x?") })
        #expect(first.contains("> <details><summary>Show the answer</summary>\n>\n> **Answer:** `torch.Size([2, 2])`\n>\n> </details>"))
        #expect(first.hasSuffix("\n\n*Predict, then run the next cell to check.*"))
        // A question no output answers stays where it is, folded all the same.
        let second = try #require(markdown.first { $0.hasPrefix("> **Question 2.** Which is bigger?") })
        #expect(second.contains("<summary>Show the answer</summary>") && !second.contains("Predict"))
    }

    @Test func eachQuestionComesBeforeTheCellWhoseOutputAnswersIt() throws {
        #expect(ExportFixtures.packageRuns.count >= 6)
        for (lesson, run) in ExportFixtures.packageRuns {
            let nb = try JSONValue.parse(NotebookExporter.render(run))
            let cells = nb["cells"]?.array ?? []
            func position(of quiz: Quiz) -> Int? {
                cells.firstIndex { $0["source"]?.text?.hasPrefix("> **Question \(quiz.index + 1).**") == true }
            }
            func position(of step: Int) -> Int? {
                cells.firstIndex { $0["cell_type"] == .string("code") && $0["execution_count"] == .int(step + 1) }
            }
            // In the lesson, a question between a step and its output block is answered by that output.
            var answered = 0
            var waiting = [Quiz]()
            for block in lesson.blocks {
                switch block {
                case .step: waiting = []
                case .quiz(let quiz): waiting.append(quiz)
                case .output(let output):
                    for quiz in waiting {
                        let q = try #require(position(of: quiz)), s = try #require(position(of: output.stepIndex))
                        #expect(q < s, "lesson \(lesson.number): question \(quiz.index + 1) comes after step \(output.stepIndex + 1)")
                        answered += 1
                    }
                    waiting = []
                default: break
                }
            }
            #expect(answered > 0)
            // Every answer is folded away.
            let folded = cells.filter { $0["source"]?.text?.contains("<details><summary>Show the answer</summary>") == true }.count
            #expect(folded == lesson.quizzes.count, "lesson \(lesson.number)")
        }
    }

    @Test func everyLessonExportsAValidNotebook() throws {
        let library = LessonLibrary(directory: LessonLibrary.packageDirectory)
        let entries = library.entries()
        #expect(!entries.isEmpty)
        for entry in entries {
            let lesson = try library.load(entry.number)
            let run = LessonSession(lesson: lesson).runToEnd()
            let nb = try JSONValue.parse(NotebookExporter.render(run))
            #expect(Self.schema.errors(nb) == [], "lesson \(entry.number)")
            #expect(codeCells(nb).count == lesson.steps.count)
            // What the cells hold, stream and echo together, is what the step showed.
            for (cell, result) in zip(codeCells(nb), run.steps) {
                let shown = (cell["outputs"]?.array ?? []).map { out -> String in
                    if out["output_type"] == .string("execute_result") { return (out["data"]?["text/plain"]?.text ?? "") + "\n" }
                    return out["text"]?.text ?? ""
                }.joined()
                #expect(shown == result.output, "lesson \(entry.number) step \(result.step.index + 1)")
            }
        }
    }

    @Test func heatmapsArePicturesJupyterShows() throws {
        let lesson = try LessonLibrary(directory: LessonLibrary.packageDirectory).load(1)
        let notebook = NotebookExporter.render(LessonSession(lesson: lesson).runToEnd())
        let cells = (try JSONSerialization.jsonObject(with: Data(notebook.utf8)) as? [String: Any])?["cells"] as? [[String: Any]] ?? []
        let pictures = cells.filter { $0["attachments"] != nil }
        #expect(pictures.count == lesson.blocks.filter { if case .heatmap = $0 { return true }; return false }.count)
        for cell in pictures {
            let attachments = cell["attachments"] as? [String: [String: String]] ?? [:]
            let (name, bundle) = try #require(attachments.first)
            let svg = String(decoding: Data(base64Encoded: bundle["image/svg+xml"] ?? "") ?? Data(), as: UTF8.self)
            #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(svg.hasSuffix("</svg>"))
            let source = (cell["source"] as? [String] ?? []).joined()
            #expect(source.contains("](attachment:\(name))"))
            #expect(source.contains("<details><summary>The values</summary>"))
        }
    }
}
