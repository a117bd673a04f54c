import Foundation
import Testing

/// `tutor exec` end to end: output on stdout, `FILE:LINE: Error: message` on stderr, exit codes.
@Suite struct ExecCommandTests {
    func write(_ text: String, _ name: String = "step.py") throws -> URL {
        let url = try TutorBinary.temporaryDirectory().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func printsWhatTheScriptPrints() throws {
        let file = try write("import torch\nx = torch.tensor([[1.0, 2.0], [3.0, 4.0]])\nprint(x @ x.T)\nprint(0.1 + 0.2)\n")
        let run = try TutorBinary.run(["exec", file.path])
        #expect(run.status == 0)
        #expect(run.stdout == "tensor([[ 5., 11.],\n        [11., 25.]])\n0.30000000000000004\n")
        #expect(run.stderr.isEmpty)
    }

    @Test func reportsErrorsWithFileAndLine() throws {
        let file = try write("import torch\nprint('start')\nW = torch.ones(2, 2)\ny = torch.ones(6, 3) @ W\n")
        let run = try TutorBinary.run(["exec", file.path])
        #expect(run.status == 1)
        #expect(run.stdout == "start\n")
        #expect(run.stderr == "\(file.path):4: RuntimeError: mm: mat1 and mat2 shapes cannot be multiplied (6x3 and 2x2)\n")
    }

    @Test func missingFileIsAnError() throws {
        let run = try TutorBinary.run(["exec", "/nonexistent/step.py"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("cannot open '/nonexistent/step.py'"))
    }

    @Test func binaryFileIsAnError() throws {
        let url = try TutorBinary.temporaryDirectory().appendingPathComponent("bin.py")
        try Data([0x78, 0x3D, 0x31, 0x0A, 0xC3, 0x28]).write(to: url)
        let run = try TutorBinary.run(["exec", url.path])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("\(url.path):2: SyntaxError: (unicode error) 'utf-8' codec can't decode byte 0xc3"))
    }

    @Test func endlessLoopEndsWithAnError() throws {
        let file = try write("while True:\n    pass\n")
        let run = try TutorBinary.run(["exec", "--time-limit", "0.2", file.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains(":2: TimeoutError:") || run.stderr.contains(":1: TimeoutError:"))
    }

    /// In a process of its own: it fills the memory budget every tensor in the process shares.
    @Test func manyLargeTensorsAreRefusedAndTheProcessStaysSmall() throws {
        let file = try write("import torch\nkeep = []\nfor i in range(100):\n    keep.append(torch.zeros(4000, 4000))\n")
        let run = try TutorBinary.run(["exec", file.path])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("\(file.path):4: MemoryError: "))
        #expect(run.stderr.contains("the tensors alive already hold"))
    }

    @Test func usageErrorsExit64() throws {
        let run = try TutorBinary.run(["exec"])
        #expect(run.status == 64)
    }
}
