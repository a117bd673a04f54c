import Foundation
import Testing

/// `tutor repl` through pipes: no prompts, each cell run in the lesson's namespace, errors on
/// stderr without ending the session.
@Suite struct ReplCommandTests {
    @Test func pipedLinesRunInTheLessonsNamespace() throws {
        let input = "queries.shape\nfor i in range(2):\n    print(i)\n\nundefined_name\nx = (1,\n     2)\nx\n"
        let run = try TutorBinary.run(["repl", "3"], stdin: input)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "torch.Size([6, 2])\n0\n1\n(1, 2)\n")
        #expect(run.stderr == "NameError: name 'undefined_name' is not defined\n")
    }

    @Test func afterAStepTheLaterNamesDoNotExistYet() throws {
        let before = try TutorBinary.run(["repl", "1", "--after", "0"], stdin: "inputs\n")
        #expect(before.stderr == "NameError: name 'inputs' is not defined. Did you mean: 'input'?\n")
        let after = try TutorBinary.run(["repl", "1", "--after", "1"], stdin: "inputs[0]\n")
        #expect(after.stdout == "tensor([0.4300, 0.1500, 0.8900])\n")
    }

    @Test func aBlockOpenAtTheEndOfInputStillRuns() throws {
        let run = try TutorBinary.run(["repl", "1", "--after", "0"], stdin: "for i in range(3):\n    print(i)")
        #expect(run.stdout == "0\n1\n2\n")
    }

    @Test func theLimitsHold() throws {
        let run = try TutorBinary.run(["repl", "1", "--after", "0"], stdin: "import os\nx = [0] * 10**9\nprint('still here')\n")
        #expect(run.status == 0)
        #expect(run.stdout == "still here\n")
        #expect(run.stderr.contains("ImportError"))
        #expect(run.stderr.contains("MemoryError"))
    }

    @Test func aStepBeyondTheLessonIsAUsageError() throws {
        let dir = try TutorBinary.temporaryDirectory()
        try Data("# Two steps\n\n```python\nx = 1\n```\n\n```python\ny = 2\n```\n".utf8)
            .write(to: dir.appendingPathComponent("01-two.md"))
        let run = try TutorBinary.run(["repl", "1", "--after", "3", "--lessons", dir.path], stdin: "")
        #expect(run.status == 64)
        #expect(run.stderr == "tutor: error: lesson 1 has 2 steps; --after must be at most 2\n")
        let ok = try TutorBinary.run(["repl", "1", "--after", "2", "--lessons", dir.path], stdin: "x + y\n")
        #expect(ok.stdout == "3\n")
    }
}
