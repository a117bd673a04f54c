import ArgumentParser
import Foundation
import LessonKit

extension Tutor {
    /// `tutor list`: the lessons with their number, title, steps and quizzes.
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
                for entry in entries {
                    do {
                        let lesson = try MarkdownParser.load(path: entry.path, number: entry.number)
                        rows.append([String(lesson.number), lesson.title, String(lesson.steps.count), String(lesson.quizzes.count)])
                    } catch let e as LessonError {
                        problems.append(e.description)
                    }
                }
                print(Table.render(header: ["#", "Lesson", "Steps", "Quizzes"], rows: rows, rightAligned: [0, 2, 3]))
                problems.forEach(printError)
                if !problems.isEmpty { throw ExitCode(1) }
            }
        }
    }
}
