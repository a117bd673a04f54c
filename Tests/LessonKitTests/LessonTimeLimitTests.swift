import Foundation
import Testing
import LessonKit
import StepScript

/// A lesson whose every step loops forever still ends in bounded time: each step has its own
/// limit, and all of them together have the lesson's.
@Suite struct LessonTimeLimitTests {
    @Test func endlessStepsStopAtTheLessonsTotalLimit() throws {
        let steps = (0..<12).map { _ in "```python\nwhile True:\n    pass\n```\n" }.joined(separator: "\n")
        let lesson = try MarkdownParser.parse("# Endless\n\n" + steps + "\n```quiz\nask: x?\nanswer: 1\n```\n",
                                              path: "endless.md", number: 1)
        let started = Date()
        let run = LessonSession(lesson: lesson, limits: Limits(seconds: 0.2, lessonSeconds: 0.5)).runToEnd()
        let elapsed = Date().timeIntervalSince(started)
        #expect(run.steps.count == 12)
        #expect(run.steps.allSatisfy { $0.error?.kind == "TimeoutError" })
        // The first steps use their own 0.2 s; the rest stop as soon as they start.
        #expect(run.steps.first?.error?.message.contains("more than 0.2 seconds") == true)
        #expect(run.steps.last?.error?.message == "the steps ran for more than 0.5 seconds in all and were stopped")
        #expect(elapsed < 3, "took \(elapsed) s")
        if case .failure(let e)? = run.answers[0] {
            #expect(e.kind == "TimeoutError")
        } else {
            Issue.record("the quiz's answer should have been stopped too")
        }
    }
}
