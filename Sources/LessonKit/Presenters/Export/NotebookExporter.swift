import Foundation
import StepScript

/// Renders a lesson run as an nbformat 4.5 notebook for the `python3` kernel: prose,
/// quizzes and heatmaps as Markdown cells, steps as code cells holding their outputs as
/// Jupyter with PyTorch stores them — printed text as a `stdout` stream, the echoed last
/// expression as an `execute_result` — so running the notebook top to bottom reproduces them.
///
/// A notebook keeps a step's output with its code, so a question whose answer that output
/// shows comes before the step's cell; every answer is folded into a `<details>`. (Cells
/// are not marked `outputs_hidden`: some Jupyter servers stop running a notebook's cells
/// when a cell with outputs is, jupyter-server-nbmodel#87.)
public enum NotebookExporter {
    public static func render(_ run: LessonRun) -> String {
        var cells = [ExportJSON]()
        var counts = [String: Int]()
        func id(_ kind: String) -> ExportJSON {
            counts[kind, default: 0] += 1
            return .string("\(kind)-\(counts[kind]!)")
        }
        func markdown(_ kind: String, _ text: String) {
            cells.append(.object([
                "cell_type": .string("markdown"), "id": id(kind), "metadata": .object([:]),
                "source": ExportJSON.lines(text),
            ]))
        }
        let items = ExportPlan.items(run)
        // The questions each step's output answers, asked before the step's cell.
        var askedBefore = [Int: [Int]]()
        var quizzes = [Int: (Quiz, Result<EvaluatedValue, StepError>?)]()
        for item in items {
            if case .output(let r, let answers) = item, !answers.isEmpty { askedBefore[r.step.index] = answers }
            if case .quiz(let quiz, let answer) = item { quizzes[quiz.index] = (quiz, answer) }
        }
        let moved = Set(askedBefore.values.joined())
        for item in items {
            switch item {
            case .prose(let prose):
                markdown("prose", prose.markdown.trimmingCharacters(in: .newlines))
            case .step(let r):
                let asked = (askedBefore[r.step.index] ?? []).compactMap { quizzes[$0] }
                for (i, (quiz, answer)) in asked.enumerated() {
                    let question = MarkdownExporter.quiz(quiz, answer: answer, response: nil)
                    markdown("quiz", i == asked.count - 1 ? question + "\n\n*Predict, then run the next cell to check.*" : question)
                }
                cells.append(codeCell(r, id: id("step")))
            case .output:
                // A notebook keeps outputs with their cell.
                break
            case .quiz(let quiz, let answer):
                guard !moved.contains(quiz.index) else { continue }
                markdown("quiz", MarkdownExporter.quiz(quiz, answer: answer, response: nil))
            case .heatmap(let map, let data):
                if case .success(let values)? = data {
                    cells.append(heatmapCell(map, values, id: id("heatmap")))
                } else {
                    markdown("heatmap", MarkdownExporter.heatmap(map, data))
                }
            case .exercise(let exercise):
                markdown("exercise", MarkdownExporter.exercise(exercise, lesson: run.lesson))
            }
        }
        markdown("summary", MarkdownExporter.footer(run, responses: nil))
        let notebook = ExportJSON.object([
            "cells": .array(cells),
            "metadata": .object([
                "kernelspec": .object([
                    "display_name": .string("Python 3 (ipykernel)"),
                    "language": .string("python"),
                    "name": .string("python3"),
                ]),
                "language_info": .object(["name": .string("python")]),
                "tutor": .object([
                    "lesson": .int(run.lesson.number),
                    "source": .string((run.lesson.path as NSString).lastPathComponent),
                    "title": .string(run.lesson.title),
                    "version": .string(TutorVersion.current),
                ]),
            ]),
            "nbformat": .int(4),
            "nbformat_minor": .int(5),
        ])
        return notebook.serialized()
    }

    /// A heatmap as a picture Jupyter shows: an SVG attached to a Markdown cell, with the
    /// values as a folded table for readers that show no pictures.
    static func heatmapCell(_ map: Heatmap, _ data: HeatmapData, id: ExportJSON) -> ExportJSON {
        let name = "heatmap-\(map.location.line).svg"
        let caption = ExportText.markdownEscaped(map.title ?? "Heatmap of \(map.tensor)")
        // The Markdown export's table, without its title line.
        let table = MarkdownExporter.heatmap(map, .success(data)).components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n")
        let source = "**\(caption)**\n\n![\(caption)](attachment:\(name))\n\n<details><summary>The values</summary>\n\n\(table)\n\n</details>"
        return .object([
            // Jupyter reads every attachment as base64 (`data:<type>;base64,<data>`), text or not.
            "attachments": .object([name: .object([
                "image/svg+xml": .string(Data(HTMLExporter.heatmapSVG(map, data, standalone: true).utf8).base64EncodedString()),
            ])]),
            "cell_type": .string("markdown"), "id": id, "metadata": .object([:]),
            "source": ExportJSON.lines(source),
        ])
    }

    /// A step as a code cell; its execution count is its 1-based position among the steps.
    static func codeCell(_ r: StepResult, id: ExportJSON) -> ExportJSON {
        let count = r.step.index + 1
        var outputs = [ExportJSON]()
        let (printed, echo) = split(r)
        if !printed.isEmpty {
            outputs.append(.object([
                "name": .string("stdout"), "output_type": .string("stream"), "text": ExportJSON.lines(printed),
            ]))
        }
        if let echo {
            outputs.append(.object([
                "data": .object(["text/plain": ExportJSON.lines(echo)]),
                "execution_count": .int(count), "metadata": .object([:]), "output_type": .string("execute_result"),
            ]))
        }
        if let e = r.error {
            outputs.append(.object([
                "ename": .string(e.kind), "evalue": .string(e.message), "output_type": .string("error"),
                "traceback": .array([.string(e.pythonMessage)]),
            ]))
        }
        var code = r.step.code
        while code.hasSuffix("\n") { code.removeLast() }
        return .object([
            "cell_type": .string("code"), "execution_count": .int(count), "id": id,
            "metadata": .object([:]), "outputs": .array(outputs), "source": ExportJSON.lines(code),
        ])
    }

    /// A step's output split into what it printed and its echoed last expression.
    static func split(_ r: StepResult) -> (printed: String, echo: String?) {
        guard let echo = r.echo else { return (r.output, nil) }
        let tail = echo + "\n"
        guard r.output.hasSuffix(tail) else { return (r.output, nil) }
        return (String(r.output.dropLast(tail.count)), echo)
    }
}
