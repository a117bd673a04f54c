import ArgumentParser
import Foundation
import LessonKit

extension Tutor {
    /// `tutor list`: the lessons with their number, title, steps, quizzes, exercises done and best quiz score.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the lessons.")

        @OptionGroup var options: LessonOptions

        func run() throws {
            try reportingLessonErrors {
                let library = try options.library()
                let entries = library.entries()
                if entries.isEmpty { throw LessonError.noLessons(directory: library.directory) }
                var rows = [[String]]()
                var problems = [String]()
                // Scores are a bonus here: a missing or damaged progress file only warns.
                let progress = ProgressStore(path: ProgressStore.defaultPath()).load()
                progress.warnings.forEach(printError)
                for entry in entries {
                    do {
                        let lesson = try library.load(entry.number)
                        let record = progress.lessons[lesson.number]
                        let best = record?.best.map { $0.score.description } ?? "-"
                        // Exercises done: those that ever passed, of the ones the lesson has now.
                        let done = lesson.exercises.filter { record?.exercises?[$0.name]?.passed ?? false }.count
                        let exercises = lesson.exercises.isEmpty ? "-" : "\(done)/\(lesson.exercises.count)"
                        rows.append([String(lesson.number), lesson.title, String(lesson.steps.count), String(lesson.quizzes.count),
                                     exercises, best])
                    } catch let e as LessonError {
                        problems.append(e.description)
                    }
                }
                printOut(Table.render(header: ["#", "Lesson", "Steps", "Quizzes", "Exercises", "Best"], rows: rows,
                                          rightAligned: [0, 2, 3, 4, 5], style: TerminalStyle(color: options.useColor)))
                problems.forEach(printError)
                if !problems.isEmpty { throw ExitCode(1) }
            }
        }
    }
}
