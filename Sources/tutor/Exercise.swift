import ArgumentParser
import Foundation
import LessonKit
import StepScript

extension Tutor {
    /// `tutor exercise N`: writes the lesson's exercise file the first time, checks it after.
    struct ExerciseCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "exercise",
            abstract: "Write a lesson's exercises in a file of your own and check them against the lesson.",
            discussion: """
            The first time, it writes the starter file (the tasks as comments, with code to \
            complete) and says where. After that it runs your file in the lesson's namespace, \
            calls each exercise on many inputs and compares the answers with the lesson's own \
            solution. Exit status: 0 when every exercise passes (or the file was just \
            written), 1 otherwise.
            """
        )

        @OptionGroup var options: LessonOptions

        @Argument(help: "The lesson number (see `tutor list`).", completion: lessonNumberCompletion)
        var number: Int

        @Option(name: .long, help: ArgumentHelp("The exercise file (default: tutor-exercises/NN-name.py under the current folder).",
                                                valueName: "path"),
                completion: .file(extensions: ["py"]))
        var file: String?

        @Flag(name: .long, help: "Check again each time the file changes, until Ctrl-C.")
        var watch = false

        @Flag(name: .long, help: "Print one JSON document per check instead of the verdicts.")
        var json = false

        @Option(name: .long, help: "Stop your code after this many seconds on one case (more than 0, at most 86400).")
        var timeLimit: Double = Limits().seconds

        func validate() throws {
            guard timeLimit.isFinite, timeLimit > 0, timeLimit <= Exec.longestTimeLimit else {
                throw ValidationError("--time-limit must be a number of seconds greater than 0 and at most \(Int(Exec.longestTimeLimit)) (got '\(timeLimit)').")
            }
        }

        func run() throws {
            try reportingLessonErrors {
                let library = try options.library()
                let lesson = try library.load(number)
                guard !lesson.exercises.isEmpty else {
                    let with = library.entries().compactMap { entry -> Int? in
                        guard let l = try? library.load(entry.number), !l.exercises.isEmpty else { return nil }
                        return l.number
                    }
                    printError("tutor: error: lesson \(lesson.number) has no exercises; lessons with exercises: "
                               + (with.isEmpty ? "none" : with.map(String.init).joined(separator: ", ")))
                    throw ExitCode(1)
                }
                let path = file ?? ExerciseFile.defaultPath(for: lesson)
                let checker = ExerciseChecker(lesson: lesson, limits: Limits(seconds: timeLimit))
                let verdicts = ExerciseVerdicts(width: terminalWidth(), color: options.useColor)

                var status = stat()
                if stat(path, &status) != 0 && errno == ENOENT {
                    do {
                        try FileWriter.create(Data(ExerciseFile.starter(for: lesson).utf8), at: path)
                    } catch let e as FileWriter.WriteError {
                        printError("tutor: error: \(e)")
                        throw ExitCode(1)
                    }
                    show(ExerciseReport(createdFor: lesson, file: path), verdicts)
                    if !watch { return }
                } else {
                    let passed = check(path, lesson: lesson, checker: checker, verdicts: verdicts)
                    if !watch { if !passed { throw ExitCode(1) }; return }
                }
                watchForChanges(path, lesson: lesson, checker: checker, verdicts: verdicts)
            }
        }

        /// Checks the file once and shows the verdicts; true when every exercise passes.
        private func check(_ path: String, lesson: Lesson, checker: ExerciseChecker, verdicts: ExerciseVerdicts) -> Bool {
            let code: String
            do {
                code = try readCode(path)
            } catch let message as ReadProblem {
                printError("tutor: error: \(message.text)")
                return false
            } catch {
                printError("tutor: error: \(error)")
                return false
            }
            let results = checker.check(code: code, path: path)
            // The hints each result earns depend on what the learner has seen before.
            let now = Date()
            let date = ISO8601DateFormatter().string(from: now)
            var hints = [String: (text: String, number: Int)]()
            let byName = Dictionary(results.map { ($0.exercise.name, $0) }, uniquingKeysWith: { a, _ in a })
            let store = ProgressStore(path: ProgressStore.defaultPath())
            // The hint shown is the one reached from the record as it stands in the file.
            let recorded = store.recordExercises(lesson: lesson.number, title: lesson.title, now: now, { name, before in
                guard let result = byName[name] else { return before }
                let next = ExerciseHints.next(result, record: before, code: code, date: date)
                hints[name] = next.hint
                return next.record
            }, names: results.map(\.exercise.name))
            let report = ExerciseReport(lesson: lesson, file: path, results: results, hints: hints)
            show(report, verdicts)
            recorded.warnings.forEach(printError)
            return report.passed == report.total
        }

        private func show(_ report: ExerciseReport, _ verdicts: ExerciseVerdicts) {
            if json {
                printOut((try? report.json()) ?? "{}")
            } else {
                printOut(verdicts.render(report, watching: watch), terminator: "")
            }
        }

        struct ReadProblem: Error {
            let text: String
        }

        /// The learner's file as text, read as Python reads a source file.
        private func readCode(_ path: String) throws -> String {
            let data: Data
            do {
                data = try FileReader.read(path)
            } catch let e as FileReader.ReadError {
                throw ReadProblem(text: "cannot read the exercise file '\(path)': \(e.reason)")
            }
            switch ScriptRunner.decode(data) {
            case .success(let text): return text
            case .failure(let error): throw ReadProblem(text: "\(path):\(error.line ?? 1): \(error)")
            }
        }

        /// Checks the file again each time it changes (its size, time or inode), until the
        /// process is interrupted.
        private func watchForChanges(_ path: String, lesson: Lesson, checker: ExerciseChecker, verdicts: ExerciseVerdicts) -> Never {
            func signature() -> String? {
                var s = stat()
                guard stat(path, &s) == 0 else { return nil }
                return "\(s.st_ino) \(s.st_size) \(s.st_mtim.tv_sec) \(s.st_mtim.tv_nsec)"
            }
            var seen = signature()
            var saidGone = false
            while true {
                usleep(250_000)
                let now = signature()
                if now == seen { continue }
                guard now != nil else {
                    if !saidGone && !json { printOut(verdicts.style.dim("\(path) is gone; waiting for it to come back.")) }
                    saidGone = true
                    seen = nil
                    continue
                }
                // An editor may still be writing: wait until the file stands still.
                usleep(100_000)
                seen = signature()
                saidGone = false
                if !json {
                    let clock = DateFormatter()
                    clock.dateFormat = "HH:mm:ss"
                    printOut("\n" + verdicts.rule("changed at \(clock.string(from: Date()))"))
                }
                _ = check(path, lesson: lesson, checker: checker, verdicts: verdicts)
            }
        }
    }
}
