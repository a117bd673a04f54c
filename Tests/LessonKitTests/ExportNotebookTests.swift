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
        #expect(markdown.contains { $0.hasPrefix("> **Question 1.** What is the shape of x?") && $0.contains("torch.Size([2, 2])") })
        #expect(markdown.contains { $0.hasPrefix("**Heatmap of x**\n\n| | c | d |") })
        // Cells keep the lesson's order: the first quiz comes after the first step.
        let kinds = (nb["cells"]?.array ?? []).compactMap { $0["id"]?.string }
        #expect(Array(kinds.prefix(4)) == ["prose-1", "step-1", "quiz-1", "prose-2"])
        #expect(Set(kinds).count == kinds.count)
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
}
