import Testing
import LessonKit

/// Numbers agree within half a unit of their last printed digit; text must match exactly.
@Suite struct OutputCheckerTests {
    @Test(arguments: [
        ("tensor([0.4419, 0.6515])", "tensor([0.44194, 0.65149])"),
        ("tensor(1.)", "tensor(1.0000)"),
        ("tensor(1.0000)", "tensor(1.)"),
        ("x = 3", "x = 3  "),
        ("tensor([1.2340e-04])", "tensor([1.2340e-04])"),
        ("tensor([-0.0739,  0.0713])", "tensor([-0.0739,  0.0713])"),
        ("tensor([inf, nan])", "tensor([inf, nan])"),
    ])
    func matches(_ expected: String, _ actual: String) {
        #expect(OutputChecker.compare(expected: expected, actual: actual) == .match)
    }

    @Test func reportsTheLargestNumericDifference() {
        let c = OutputChecker.compare(expected: "tensor([0.2264, 0.5000, 0.1000])", actual: "tensor([0.2387, 0.5000, 0.1001])")
        #expect(c == .numbersDiffer(maxDifference: 0.2387 - 0.2264, element: 0, expected: "0.2264", actual: "0.2387"))
        #expect(c.summary == "step output differs: max |diff| 0.0123 at element 0 (expected 0.2264, got 0.2387)")
    }

    @Test func halfAUnitIsTheBoundary() {
        #expect(OutputChecker.compare(expected: "0.4419", actual: "0.44194") == .match)
        #expect(OutputChecker.compare(expected: "0.4419", actual: "0.44196") != .match)
    }

    @Test func absoluteToleranceOverrides() {
        #expect(OutputChecker.compare(expected: "0.44", actual: "0.4449", absoluteTolerance: 1e-2) == .match)
        #expect(OutputChecker.compare(expected: "0.4419", actual: "0.4449", absoluteTolerance: 1e-3) != .match)
    }

    @Test func textMustMatch() {
        let c = OutputChecker.compare(expected: "torch.Size([6, 2])", actual: "torch.Size([6, 2, 1])")
        guard case .textDiffers(let line, _, _) = c else {
            Issue.record("expected a text difference, got \(c)")
            return
        }
        #expect(line == 1)
        #expect(OutputChecker.compare(expected: "grad_fn=<MmBackward0>", actual: "grad_fn=<AddBackward0>") != .match)
        #expect(OutputChecker.compare(expected: "torch.float32", actual: "torch.float64") != .match)
    }

    @Test func diffShowsExpectedAndActualLines() {
        #expect(OutputChecker.diff(expected: "a\nb\n", actual: "a\nc\n") == ["- b", "+ c"])
    }
}
