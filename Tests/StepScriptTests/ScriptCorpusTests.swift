import Foundation
import Testing
import StepScript

/// Scripts whose expected output was produced once by real Python with PyTorch
/// (`scripts/make_script_corpus.py`); every one must print the same bytes here.
@Suite struct ScriptCorpusTests {
    static let folder = Bundle.module.resourceURL!.appendingPathComponent("Scripts")

    static func names(in folder: URL) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".py") }.map { String($0.dropLast(3)) }.sorted()
    }

    static let scripts = names(in: folder)
    static let errorScripts = names(in: folder.appendingPathComponent("errors"))

    static func read(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }

    @Test func corpusIsPresent() {
        #expect(Self.scripts.count >= 30)
        #expect(Self.errorScripts.count >= 15)
    }

    @Test(arguments: scripts)
    func printsWhatPyTorchPrints(_ name: String) throws {
        let source = try Self.read(Self.folder.appendingPathComponent("\(name).py"))
        let expected = try Self.read(Self.folder.appendingPathComponent("\(name).out"))
        let result = ScriptRunner.run(source)
        #expect(result.error == nil, "\(name).py raised \(String(describing: result.error))")
        #expect(result.output == expected)
    }

    @Test(arguments: errorScripts)
    func raisesWhatPythonRaises(_ name: String) throws {
        let folder = Self.folder.appendingPathComponent("errors")
        let source = try Self.read(folder.appendingPathComponent("\(name).py"))
        let expectedError = try Self.read(folder.appendingPathComponent("\(name).err"))
        let expectedOutput = try Self.read(folder.appendingPathComponent("\(name).out"))
        let result = ScriptRunner.run(source)
        let error = try #require(result.error)
        #expect("\(name).py:\(error.line ?? 0): \(error)" == expectedError.trimmingCharacters(in: .newlines))
        #expect(result.output == expectedOutput)
    }
}
