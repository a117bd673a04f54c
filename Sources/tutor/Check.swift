import ArgumentParser
import Foundation
import LessonKit

extension Tutor {
    /// `tutor check [N ...]`: every step's output against the lesson, for authors and CI.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every step's output against its lesson (all lessons when none are named)."
        )

        @OptionGroup var options: LessonOptions

        @Argument(help: "Lesson numbers to check.")
        var numbers: [Int] = []

        @Flag(name: .long, help: "Rewrite each output block with the step's actual output.")
        var update = false

        func run() throws {
            let library = try options.library()
            let wanted = numbers.isEmpty ? library.entries().map(\.number) : numbers
            if wanted.isEmpty {
                printError(LessonError.noLessons(directory: library.directory).description)
                throw ExitCode(1)
            }
            var passed = 0, failed = 0
            for n in wanted {
                let lesson: Lesson
                do {
                    lesson = try library.load(n)
                } catch let e as LessonError {
                    printError(e.description)
                    failed += 1
                    continue
                }
                let run = LessonRunner.run(lesson)
                if update, let text = ExpectedOutputUpdater.updatedSource(run) {
                    try AtomicFile.write(text, to: lesson.path)
                    print("\(lesson.path): updated output blocks")
                    // Check the rewritten lesson, so the summary tells the truth about the file.
                    let again = LessonRunner.run(try MarkdownParser.load(path: lesson.path, number: n))
                    report(again, passed: &passed, failed: &failed)
                    continue
                }
                report(run, passed: &passed, failed: &failed)
            }
            print("\(passed) passed, \(failed) failed")
            if failed > 0 { throw ExitCode(1) }
        }

        private func report(_ run: LessonRun, passed: inout Int, failed: inout Int) {
            for result in run.steps {
                switch result.status {
                case .pass, .unchecked:
                    passed += 1
                case .fail:
                    failed += 1
                    guard let expected = result.expected, let c = result.comparison else { continue }
                    printError("\(expected.location): error: \(c.summary)")
                    for line in OutputChecker.diff(expected: expected.text, actual: result.output) { printError("    " + line) }
                case .error:
                    failed += 1
                    if let e = result.error { printError("\(e.location): error: step raised \(e.pythonMessage)") }
                }
                if result.status == .unchecked && !result.output.isEmpty {
                    printError("\(result.step.location): warning: step prints output but has no output block")
                }
            }
            for quiz in run.lesson.quizzes {
                if case .failure(let e)? = run.answers[quiz.index] {
                    failed += 1
                    printError("\(e.location): error: quiz answer cannot be computed: \(e.pythonMessage)")
                }
            }
            for case .heatmap(let map) in run.lesson.blocks {
                if case .failure(let e)? = run.heatmaps[map.location.line] {
                    failed += 1
                    printError("\(e.location): error: heatmap cannot be drawn: \(e.pythonMessage)")
                }
            }
        }
    }
}
