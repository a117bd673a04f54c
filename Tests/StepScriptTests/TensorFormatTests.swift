import Testing
import StepScript

/// `format(tensor, spec)` as PyTorch's `Tensor.__format__` does it (expected texts printed by
/// PyTorch 2.15; the `py_fstring_tensors` corpus script covers more).
@Suite struct TensorFormatTests {
    private func run(_ body: String) -> ScriptResult {
        ScriptRunner.run("import torch\nimport torch.nn as nn\n" + body)
    }

    @Test(arguments: [
        (#"print(f"Sum: {torch.tensor([0.25, 0.75]).sum()}")"#, "Sum: 1.0\n"),
        (#"print(f"at {torch.tensor([1, 5, 2]).argmax()}")"#, "at 1\n"),
        (#"print(f"{torch.tensor(0.1)} {torch.tensor(True)} {torch.tensor(3, dtype=torch.int32):03d}")"#, "0.10000000149011612 True 003\n"),
        (#"print(f"{torch.tensor(1 / 3):.2f}|{torch.tensor(2.0, requires_grad=True) * 2}")"#, "0.33|4.0\n"),
        (#"print(f"{torch.tensor([1, 2])}")"#, "tensor([1, 2])\n"),
        (#"print(f"{nn.Parameter(torch.tensor(1.5))}")"#, "Parameter containing:\ntensor(1.5000, requires_grad=True)\n"),
    ])
    func zeroDimTensorsFormatAsTheirItem(_ body: String, _ expected: String) {
        let result = run(body + "\n")
        #expect(result.error == nil)
        #expect(result.output == expected)
    }

    @Test(arguments: [
        (#"f"{torch.tensor([1.0, 2.0]):.2f}""#, "unsupported format string passed to Tensor.__format__"),
        (#"f"{nn.Parameter(torch.tensor(1.5)):.2f}""#, "unsupported format string passed to Parameter.__format__"),
    ])
    func aSpecOnAnythingElseIsATypeError(_ expression: String, _ message: String) throws {
        let error = try #require(run("x = " + expression + "\n").error)
        #expect(error == PyError(.typeError, message, line: 3))
    }
}
