import Foundation
import Testing
import StepScript

/// What the step language refuses, and the limits that keep a runaway step from hurting the
/// process: each must end in a clear Python-style error with the right line, never a crash.
@Suite struct SandboxTests {
    func error(_ source: String, limits: Limits = Limits()) throws -> PyError {
        let result = ScriptRunner.run(source, limits: limits)
        return try #require(result.error, "expected an error from:\n\(source)")
    }

    @Test(arguments: [
        ("import os", "ImportError", "import of 'os' is not allowed"),
        ("import sys", "ImportError", "import of 'sys' is not allowed"),
        ("from subprocess import run", "ImportError", "import of 'subprocess' is not allowed"),
        ("f = open('/etc/passwd')", "NameError", "name 'open' is not available in steps"),
        ("m = __import__('os')", "NameError", "name '__import__' is not available in steps"),
        ("eval('1 + 1')", "NameError", "name 'eval' is not available in steps"),
        ("import torch\nx = torch.ones(2)\nprint(x.__class__)", "AttributeError", "'__class__' is not part of the step language"),
    ])
    func refusesTheOutsideWorld(_ source: String, _ kind: String, _ fragment: String) throws {
        let e = try error(source)
        #expect(e.kind.rawValue == kind)
        #expect(e.message.contains(fragment), "\(e.message)")
        #expect(e.line == source.split(separator: "\n").count)
    }

    @Test(arguments: [
        ("f = lambda x: x + 1", "lambda expressions"),
        ("try:\n    x = 1\nexcept ValueError:\n    pass", "try statements"),
        ("with open('f') as f:\n    pass", "with statements"),
        ("def g():\n    yield 1", "generators (yield)"),
        ("s = {1, 2}", "sets"),
        ("x = 1\nglobal x", "global statements"),
        ("a = [*range(3)]", "starred expressions"),
    ])
    func namesUnsupportedConstructs(_ source: String, _ construct: String) throws {
        let e = try error(source)
        #expect(e.kind == .notImplemented)
        #expect(e.message == "\(construct) are not part of the step language")
        #expect(e.line != nil)
    }

    @Test func syntaxErrorsCarryTheirLine() throws {
        let e = try error("x = 1\ny = (2 +\nprint(x)\n")
        #expect(e.kind == .syntaxError)
        let e2 = try error("x = 1\nif x > 0\n    print(x)\n")
        #expect(e2.kind == .syntaxError)
        #expect(e2.line == 2)
        let e3 = try error("x = 1\n  y = 2\n")
        #expect(e3.kind == .indentationError)
        #expect(e3.line == 2)
    }

    @Test func endlessLoopStops() throws {
        let started = Date()
        let e = try error("n = 0\nwhile True:\n    n += 1\n", limits: Limits(seconds: 0.3))
        #expect(e.kind == .timeoutError)
        #expect(e.message.contains("more than 0.3 seconds"))
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func unboundedRecursionStops() throws {
        let e = try error("def f(n):\n    return f(n + 1)\n\nf(0)\n")
        #expect(e.kind == .recursionError)
        #expect(e.message == "maximum recursion depth exceeded")
        #expect(e.line == 2)
    }

    @Test func selfContainingContainersPrintLikePython() throws {
        let result = ScriptRunner.run("a = []\na.append(a)\nd = {}\nd['d'] = d\nprint(a, d, a == a)\n")
        #expect(result.error == nil)
        #expect(result.output == "[[...]] {'d': {...}} True\n")
    }

    @Test(arguments: [
        ("a = []\na.append(a)\nb = []\nb.append(b)\nprint(a == b)\n", "in comparison", 5),
        ("import torch\na = []\na.append(a)\nt = torch.tensor(a)\n", "while converting a nested list to a tensor", 4),
    ])
    func runawayNestingIsARecursionError(_ source: String, _ fragment: String, _ line: Int) throws {
        let e = try error(source)
        #expect(e.kind == .recursionError)
        #expect(e.message.contains(fragment))
        #expect(e.line == line)
    }

    @Test(arguments: [
        ("import torch\nx = torch.arange(0, 1e30)\n", "RuntimeError", 2),
        ("x = round(1e300)\n", "OverflowError", 1),
        ("x = round(9223372036854775807, -1)\n", "OverflowError", 1),
        ("x = int(1e300)\n", "OverflowError", 1),
        ("import torch\nx = torch.ones(2, 3).expand(-1, -1, -1)\n", "RuntimeError", 2),
    ])
    func numbersOutOfRangeAreErrorsNotCrashes(_ source: String, _ kind: String, _ line: Int) throws {
        let e = try error(source)
        #expect(e.kind.rawValue == kind)
        #expect(e.line == line)
    }

    @Test func hugeIntegerTensorValuesConvertBackSafely() throws {
        // PyTorch's x86 conversion gives int64's minimum for any float out of range.
        let result = ScriptRunner.run("import torch\nx = torch.tensor([1e30, -1e30]).long()\nprint(x.tolist()[0] > 0, x[1].item() < 0)\n")
        #expect(result.error == nil)
        #expect(result.output == "False True\n")
    }

    @Test func hugeTensorIsRefused() throws {
        let e = try error("import torch\nx = torch.rand(100000, 100000)\n")
        #expect(e.kind == .memoryError)
        #expect(e.message.contains("[100000, 100000]"))
        #expect(e.line == 2)
    }

    @Test func hugeBroadcastIsRefused() throws {
        let e = try error("import torch\nx = torch.ones(5000, 1)\ny = torch.ones(1, 5000)\nz = x * y\n")
        #expect(e.kind == .memoryError)
        #expect(e.message.contains("[5000, 5000]"))
        #expect(e.line == 4)
    }

    @Test func hugeMatrixProductIsRefusedBeforeItStarts() throws {
        let started = Date()
        let e = try error("import torch\na = torch.ones(2000, 2000)\nb = a @ a\n")
        #expect(e.kind == .runtimeError)
        #expect(e.message.contains("multiply-adds"))
        #expect(e.line == 3)
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func hugeListIsRefused() throws {
        let e = try error("x = [0] * 1000000000\n")
        #expect(e.kind == .memoryError)
    }

    @Test func runawayPrintingStops() throws {
        let e = try error("while True:\n    print('spam' * 100)\n", limits: Limits(seconds: 5, outputCharacters: 10_000))
        #expect(e.kind == .memoryError)
    }

    @Test func notUTF8IsAnError() throws {
        let bytes = Data("x = 1\ny = '".utf8) + Data([0xFF, 0xFE]) + Data("'\n".utf8)
        guard case .failure(let e) = ScriptRunner.decode(bytes) else {
            Issue.record("invalid UTF-8 decoded")
            return
        }
        #expect(e.kind == .syntaxError)
        #expect(e.line == 2)
        #expect(e.message.contains("can't decode byte 0xff"))
    }

    @Test func outputBeforeAnErrorIsKept() throws {
        let result = ScriptRunner.run("print('before')\nprint(undefined)\n")
        #expect(result.output == "before\n")
        #expect(result.error?.description == "NameError: name 'undefined' is not defined")
        #expect(result.error?.line == 2)
    }
}
