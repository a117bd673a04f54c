import Foundation
import StepScript

/// Renders a lesson run as an nbformat 4.5 notebook for the `python3` kernel: prose,
/// quizzes and heatmaps as Markdown cells, steps as code cells holding their outputs as
/// Jupyter with PyTorch stores them — printed text as a `stdout` stream, the echoed last
/// expression as an `execute_result` — so running the notebook top to bottom reproduces them.
///
/// A notebook keeps a step's output with its code, so a question whose answer that output
/// shows comes before the step's cell; every answer is folded into a `<details>`. What
/// follows a question up to the next step (`HeldRegion`) reads on as it is when a step's
/// output is in it, since the code cell above shows the answer anyway; when none is (a
/// question on what the lesson computed without printing it), the region is the only place
/// the answer shows, so its Markdown is folded into one cell, as the Markdown export folds
/// it. (Cells are not marked `outputs_hidden`: some Jupyter servers stop running a
/// notebook's cells when a cell with outputs is, jupyter-server-nbmodel#87.)
public enum NotebookExporter {
    /// A cell before it is written: Markdown with the pictures it shows, or a step's code.
    enum Cell {
        case markdown(kind: String, text: String, attachments: [String: ExportJSON] = [:])
        case code(StepResult)
    }

    public static func render(_ run: LessonRun) -> String {
        let items = ExportPlan.items(run)
        // The questions each step's output answers, asked before the step's cell: those
        // between the step and its output.
        var askedBefore = [Int: [Int]]()
        var quizzes = [Int: (Quiz, Result<EvaluatedValue, StepError>?)]()
        var sinceStep = [Int]()
        for item in items.flatMap(\.opened) {
            switch item {
            case .step: sinceStep = []
            case .output(let r) where !sinceStep.isEmpty: askedBefore[r.step.index] = sinceStep
            case .quiz(let quiz, let answer):
                quizzes[quiz.index] = (quiz, answer)
                if case .success? = answer { sinceStep.append(quiz.index) }
            default: break
            }
        }
        let moved = Set(askedBefore.values.joined())
        func cells(_ item: ExportItem) -> [Cell] {
            switch item {
            case .prose(let prose):
                return [.markdown(kind: "prose", text: prose.markdown.trimmingCharacters(in: .newlines))]
            case .step(let r):
                let asked = (askedBefore[r.step.index] ?? []).compactMap { quizzes[$0] }
                let questions = asked.enumerated().map { i, question -> Cell in
                    let text = MarkdownExporter.quiz(question.0, answer: question.1, response: nil)
                    return .markdown(kind: "quiz", text: i == asked.count - 1 ? text + "\n\n*Predict, then run the next cell to check.*" : text)
                }
                return questions + [.code(r)]
            case .output:
                // A notebook keeps outputs with their cell.
                return []
            case .quiz(let quiz, let answer):
                if moved.contains(quiz.index) { return [] }
                return [.markdown(kind: "quiz", text: MarkdownExporter.quiz(quiz, answer: answer, response: nil))]
            case .heatmap(let map, let data):
                guard case .success(let values)? = data else { return [.markdown(kind: "heatmap", text: MarkdownExporter.heatmap(map, data))] }
                return [heatmapCell(map, values)]
            case .exercise(let exercise):
                return [.markdown(kind: "exercise", text: MarkdownExporter.exercise(exercise, lesson: run.lesson))]
            case .held(let region):
                let inside = region.items.flatMap(cells)
                return region.holdsOutput ? inside : [folded(inside, summary: region.summary)]
            }
        }
        let all = items.flatMap(cells) + [.markdown(kind: "summary", text: MarkdownExporter.footer(run, responses: nil))]
        var counts = [String: Int]()
        func id(_ kind: String) -> ExportJSON {
            counts[kind, default: 0] += 1
            return .string("\(kind)-\(counts[kind]!)")
        }
        let written = all.map { cell -> ExportJSON in
            switch cell {
            case .code(let r): return codeCell(r, id: id("step"))
            case .markdown(let kind, let text, let attachments):
                var fields: [String: ExportJSON] = [
                    "cell_type": .string("markdown"), "id": id(kind), "metadata": .object([:]),
                    "source": ExportJSON.lines(text),
                ]
                if !attachments.isEmpty { fields["attachments"] = .object(attachments) }
                return .object(fields)
            }
        }
        let notebook = ExportJSON.object([
            "cells": .array(written),
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

    /// Markdown cells folded into one `<details>` cell, their pictures attached to it (a
    /// held region holds no step, so all its cells are Markdown).
    static func folded(_ cells: [Cell], summary: String) -> Cell {
        var texts = [String](), attachments = [String: ExportJSON]()
        for case .markdown(_, let text, let pictures) in cells {
            texts.append(text)
            attachments.merge(pictures) { first, _ in first }
        }
        return .markdown(kind: "held", text: MarkdownExporter.details(summary, texts.joined(separator: "\n\n")), attachments: attachments)
    }

    /// A heatmap as a picture Jupyter shows: an SVG attached to a Markdown cell, with the
    /// values as a folded table for readers that show no pictures.
    static func heatmapCell(_ map: Heatmap, _ data: HeatmapData) -> Cell {
        let name = "heatmap-\(map.location.line).svg"
        let caption = ExportText.markdownEscaped(map.title ?? "Heatmap of \(map.tensor)")
        // The Markdown export's table, without its title line.
        let table = MarkdownExporter.heatmap(map, .success(data)).components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n")
        let source = "**\(caption)**\n\n![\(caption)](attachment:\(name))\n\n<details><summary>The values</summary>\n\n\(table)\n\n</details>"
        // Jupyter reads every attachment as base64 (`data:<type>;base64,<data>`), text or not.
        let svg = Data(HTMLExporter.heatmapSVG(map, data, standalone: true).utf8).base64EncodedString()
        return .markdown(kind: "heatmap", text: source, attachments: [name: .object(["image/svg+xml": .string(svg)])])
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
