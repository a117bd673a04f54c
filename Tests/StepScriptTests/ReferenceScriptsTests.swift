import Foundation
import Testing
import StepScript

/// The `scripts` cases of shared/reference/torch-reference.json (a copy lives with the
/// TensorCore tests), run through the interpreter: each must print what PyTorch printed.
@Suite struct ReferenceScriptsTests {
    struct Case: Decodable, CustomStringConvertible {
        let name: String
        let source: String
        let stdout: String
        var description: String { name }
    }

    struct Reference: Decodable {
        let scripts: [Case]
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("TensorCoreTests/Reference/torch-reference.json")
        guard let data = try? Data(contentsOf: url), let reference = try? JSONDecoder().decode(Reference.self, from: data) else { return [] }
        return reference.scripts
    }()

    @Test func referenceIsPresent() {
        #expect(Self.cases.count >= 2)
    }

    @Test(arguments: cases)
    func printsWhatPyTorchPrinted(_ c: Case) {
        // The reference ran each script with `torch` and `nn` already in its namespace.
        let result = ScriptRunner.run("import torch\nimport torch.nn as nn\n" + c.source)
        #expect(result.error == nil, "\(String(describing: result.error))")
        #expect(result.output == c.stdout)
    }
}
