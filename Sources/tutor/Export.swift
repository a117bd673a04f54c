import ArgumentParser
import Foundation
import LessonKit

/// The transcript formats `tutor export` writes.
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case md, html, ipynb

    /// The format's name in messages.
    var title: String {
        switch self {
        case .md: return "Markdown"
        case .html: return "HTML"
        case .ipynb: return "a notebook"
        }
    }

    /// The format a file name's extension names, if any.
    init?(path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "md", "markdown": self = .md
        case "html", "htm": self = .html
        case "ipynb": self = .ipynb
        default: return nil
        }
    }
}

extension Tutor {
    /// `tutor export N --format md|html|ipynb [-o PATH]`: an annotated transcript of a lesson.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an annotated transcript of a lesson as Markdown, HTML or a Jupyter notebook.",
            discussion: """
            Runs every step and shows its actual output with its check (✓/✗), the
            quiz questions with their computed answers folded away, and the
            heatmaps. No output shows a question's answer before the question.

              md      Markdown that reads well on GitHub (heatmaps as tables;
                      answers, and what follows each question up to the next
                      step, in closed <details>)
              html    one self-contained page: inline CSS and script, SVG
                      heatmaps, nothing loaded from the network; each question
                      is answered in the page, checked as `tutor quiz` does,
                      and what follows it up to the next step (the output that
                      answers it, the text on it) stays hidden until then
              ipynb   an nbformat 4 notebook for the python3 kernel; run with
                      PyTorch, it reproduces the outputs stored in it; each
                      question comes before the cell whose output answers it,
                      and what follows a question no cell answers is folded

            -o PATH writes PATH; if PATH is a folder, NN-name.EXT inside it;
            '-' is stdout. Without -o, md and html go to stdout and ipynb to
            NN-name.ipynb in the current folder. Files are written atomically:
            if writing fails, an existing file is left as it was, and a file
            that is replaced keeps its permissions. A link is followed and the
            file it points to replaced; a FIFO or device is written to as it is.

            Exit status 1 if the file cannot be written, or if a step differs
            from the lesson or raises (the transcript is still written).
            """
        )

        @OptionGroup var options: LessonOptions

        @Argument(help: "The lesson number (see `tutor list`).", completion: lessonNumberCompletion)
        var number: Int

        @Option(name: .long, help: "md, html or ipynb (default: from the extension of -o).")
        var format: ExportFormat?

        @Option(name: [.customShort("o"), .long], help: "Where to write the transcript (a file, a folder, or '-' for stdout).",
                completion: .file())
        var output: String?

        func validate() throws {
            if format == nil && output.flatMap(ExportFormat.init(path:)) == nil {
                throw ValidationError("Give --format md, html or ipynb (or an -o path ending in .md, .html or .ipynb).")
            }
        }

        func run() throws {
            try reportingLessonErrors {
                let lesson = try options.library().load(number)
                guard let format = format ?? output.flatMap(ExportFormat.init(path:)) else { throw ExitCode.validationFailure }
                let run = LessonSession(lesson: lesson).runToEnd()
                let text: String
                switch format {
                case .md: text = MarkdownExporter.render(run)
                case .html: text = HTMLExporter.render(run)
                case .ipynb: text = NotebookExporter.render(run)
                }
                let baseName = ((lesson.path as NSString).lastPathComponent as NSString).deletingPathExtension + "." + format.rawValue
                let path = destination(format: format, baseName: baseName)
                if let named = ExportFormat(path: path), named != format {
                    printError("tutor: warning: writing \(format.title) into '\(path)', whose extension says \(named.title)")
                }
                // A file chosen for the learner (no -o) may hold an earlier export: say so.
                let replacing = output == nil && path != "-" && FileManager.default.fileExists(atPath: path)
                do {
                    try writeOutput(text, to: path)
                } catch let e as FileWriter.WriteError {
                    printError("tutor: error: \(e.description)")
                    throw ExitCode(1)
                }
                if path != "-" { printError("\(replacing ? "replaced the earlier" : "wrote") \(path): \(ExportSummary.line(run))") }
                if run.failed > 0 {
                    let steps = run.failed == 1 ? "1 step differs from the lesson or raised an error" : "\(run.failed) steps differ from the lesson or raised an error"
                    printError("\(lesson.path): error: \(steps); the transcript shows \(run.failed == 1 ? "it" : "them")")
                    throw ExitCode(1)
                }
            }
        }

        /// The file to write, or `-` for stdout.
        private func destination(format: ExportFormat, baseName: String) -> String {
            guard let output else { return format == .ipynb ? baseName : "-" }
            if output == "-" { return output }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory.boolValue {
                return (output as NSString).appendingPathComponent(baseName)
            }
            return output
        }
    }
}

/// One line for stderr after writing a transcript: the run's summary, as every presenter
/// words it, and the number of questions.
enum ExportSummary {
    static func line(_ run: LessonRun) -> String {
        let questions = run.lesson.quizzes.count
        return "\(run.summary.prefix(1).lowercased() + run.summary.dropFirst()), \(questions) quiz question\(questions == 1 ? "" : "s")"
    }
}
