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

        @Argument(help: "Lesson numbers to check.", completion: lessonNumberCompletion)
        var numbers: [Int] = []

        @Flag(name: .long, help: "Rewrite each output block with the step's actual output.")
        var update = false

        func run() throws {
            let library = try options.library()
            if update && library.isBuiltIn {
                printError("tutor: error: --update rewrites lesson files, and these lessons are built into tutor; name the folder of lesson files with --lessons DIR")
                throw ExitCode(64)
            }
            let wanted = numbers.isEmpty ? library.entries().map(\.number) : numbers
            if wanted.isEmpty {
                printError(LessonError.noLessons(directory: library.directory).description)
                throw ExitCode(1)
            }
            // A number that names no lesson is a usage error, not a failed check.
            let existing = library.entries().map(\.number)
            if let unknown = wanted.first(where: { !existing.contains($0) }) {
                printError(LessonError.unknownLesson(unknown, available: existing).description)
                throw ExitCode(64)
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
                let run = LessonSession(lesson: lesson).runToEnd()
                if update, let text = ExpectedOutputUpdater.updatedSource(run) {
                    do {
                        try FileWriter.write(text, to: lesson.path)
                    } catch let e as FileWriter.WriteError {
                        // The lesson is as it was, so its differing steps still count as failures.
                        printError("tutor: error: \(e.description)")
                        report(run, passed: &passed, failed: &failed)
                        continue
                    }
                    printOut("\(lesson.path): updated output blocks")
                    // Check the rewritten lesson, so the summary tells the truth about the file.
                    let again = LessonSession(lesson: try library.load(n)).runToEnd()
                    report(again, passed: &passed, failed: &failed)
                    continue
                }
                report(run, passed: &passed, failed: &failed)
            }
            let style = TerminalStyle(color: options.useColor)
            printOut(failed == 0 ? style.green("\(passed) passed, 0 failed") : style.red("\(passed) passed, \(failed) failed"))
            if failed > 0 { throw ExitCode(1) }
        }

        private func report(_ run: LessonRun, passed: inout Int, failed: inout Int) {
            for result in run.steps {
                if result.status == .pass || result.status == .unchecked { passed += 1 } else { failed += 1 }
                if result.status == .unchecked && !result.output.isEmpty {
                    printError("\(result.step.location): warning: step prints output but has no output block")
                }
            }
            failed += run.answers.values.filter { if case .failure = $0 { return true }; return false }.count
            failed += run.heatmaps.values.filter { if case .failure = $0 { return true }; return false }.count
            run.diagnostics.forEach(printError)
            // Each exercise counts once: its solution, starter and known mistakes checked together.
            for (_, problems) in ExerciseChecker(lesson: run.lesson).verify() {
                if problems.isEmpty { passed += 1 } else { failed += 1 }
                problems.forEach(printError)
            }
        }
    }
}
