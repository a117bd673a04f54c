import Foundation
import Testing
import LessonKit
import StepScript

/// The session engine itself: events in reading order, a cursor that can stop at any step,
/// deterministic replay and the learner's own code in the lesson's namespace.
@Suite struct LessonSessionEngineTests {
    static let text = """
    # Seeded

    Some prose.

    ```python
    import torch
    torch.manual_seed(123)
    x = torch.rand(3)
    print(x)
    ```

    ```quiz
    ask: What is the first value?
    answer: x[0].item()
    ```

    ```output
    tensor([0.2961, 0.5166, 0.2517])
    ```

    ```python
    y = torch.rand(2)
    y
    ```

    ```heatmap
    tensor: [[1, 2], [3, 4]]
    ```
    """

    func session() throws -> LessonSession {
        LessonSession(lesson: try MarkdownParser.parse(Self.text, path: "L/01-s.md", number: 1))
    }

    /// A name for each event, to compare orders.
    static func kind(_ e: LessonEvent) -> String {
        switch e {
        case .prose: return "prose"
        case .step(let r): return "step \(r.step.index)"
        case .output(let r): return "output \(r.step.index)"
        case .question(let q, _): return "question \(q.index)"
        case .heatmap: return "heatmap"
        case .exercise(let e): return "exercise \(e.name)"
        }
    }

    @Test func eventsFollowTheLessonWithHeldBackOutputAfterItsQuestion() throws {
        let run = try session().runToEnd()
        #expect(run.events.map(Self.kind) == ["prose", "step 0", "question 0", "output 0", "step 1", "output 1", "heatmap"])
        #expect(run.steps.map(\.status) == [.pass, .unchecked])
    }

    @Test func aSessionStopsAfterAStepAndRunsLearnerCodeInItsNamespace() throws {
        let s = try session()
        let events = s.advance(throughSteps: 1)
        #expect(events.map(Self.kind) == ["prose", "step 0"])
        #expect(s.stepsRun == 1)
        let cell = s.execute("z = x * 2\nz.shape")
        #expect(cell.error == nil)
        #expect(cell.echo == "torch.Size([3])")
        let failing = s.execute("print('before')\nundefined_name")
        #expect(failing.output == "before\n")
        #expect(failing.error?.kind == .nameError)
        #expect(failing.error?.line == 2)
        // The learner's code did not disturb the lesson: the rest runs as written.
        #expect(s.next().map(Self.kind) == "question 0")
    }

    @Test func replayingToAStepGivesTheSameNamespaceAndGenerator() throws {
        let first = try session()
        first.advance(throughSteps: 1)
        let second = try session()
        second.advance(throughSteps: 1)
        // The next draw from each session's own generator is the same.
        #expect(first.execute("torch.rand(2)").echo == second.execute("torch.rand(2)").echo)
        #expect(first.execute("x").echo == "tensor([0.2961, 0.5166, 0.2517])")
    }
}
