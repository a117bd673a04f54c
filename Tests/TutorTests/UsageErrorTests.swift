import Foundation
import Testing

/// Usage errors: exit status 64 and one `tutor: error:` line that says what to type instead.
@Suite struct UsageErrorTests {
    @Test(arguments: [
        (["rn", "1"], "tutor: error: unknown command 'rn'. Did you mean 'run'? Commands: list, run, quiz, exercise, check, exec, export, repl\n"),
        (["help", "qiuz"], "tutor: error: unknown command 'qiuz'. Did you mean 'quiz'? Commands: list, run, quiz, exercise, check, exec, export, repl\n"),
        (["xyzzy"], "tutor: error: unknown command 'xyzzy'. Commands: list, run, quiz, exercise, check, exec, export, repl\n"),
        (["run", "-1"], "tutor: error: lesson numbers start at 1 (got -1); see tutor list\n"),
    ])
    func unknownCommandsAndNegativeLessonsAreNamed(_ arguments: [String], _ message: String) throws {
        let run = try TutorBinary.run(arguments)
        #expect(run.status == 64)
        #expect(run.stderr == message)
        #expect(run.stdout.isEmpty)
    }

    @Test func argumentParsersOwnErrorsTakeTheSamePrefix() throws {
        let run = try TutorBinary.run(["run"])
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix("tutor: error: Missing expected argument '<number>'"))
        // A negative option value is not mistaken for a lesson number.
        let repl = try TutorBinary.run(["repl", "1", "--after", "-1"], stdin: "")
        #expect(repl.status == 64)
        #expect(repl.stderr.contains("--after"), "\(repl.stderr)")
    }

    @Test func sharedOptionsMayComeBeforeTheCommand() throws {
        let lessons = ExportCommandTests.lessonsDirectory.path
        let after = try TutorBinary.run(["run", "1", "--color", "always", "--lessons", lessons])
        let before = try TutorBinary.run(["--color", "always", "--lessons=\(lessons)", "run", "1"])
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stdout == after.stdout)
        #expect(before.stdout.contains("\u{1B}["))
    }

    @Test func checkingALessonThatDoesNotExistIsAUsageError() throws {
        let run = try TutorBinary.run(["check", "1", "99", "--lessons", ExportCommandTests.lessonsDirectory.path])
        #expect(run.status == 64)
        #expect(run.stdout.isEmpty, "no summary of checks that never ran: \(run.stdout)")
        #expect(run.stderr.hasPrefix("tutor: error: there is no lesson 99; lessons: 1, "))
    }

    @Test func helpForAKnownCommandStillWorks() throws {
        let run = try TutorBinary.run(["help", "run"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("USAGE: tutor run"))
    }
}
