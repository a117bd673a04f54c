import Foundation
import Testing

/// Scripts written to break the interpreter: integer edges, runaway sizes and work hidden in
/// builtins. Each must end through `tutor exec` with exit status 1 and one Python-style error
/// line naming the file and line — never a trap, an abort or a hang.
@Suite struct HostileScriptTests {
    static let max = "9223372036854775807"
    static let min = "(-9223372036854775807 - 1)"

    /// Runs `source` as a script under a short time limit.
    func exec(_ source: String, timeLimit: String = "2") throws -> TutorBinary.Run {
        let url = try TutorBinary.temporaryDirectory().appendingPathComponent("hostile.py")
        try Data(source.utf8).write(to: url)
        return try TutorBinary.run(["exec", "--time-limit", timeLimit, url.path])
    }

    func expectError(_ source: String, line: Int, _ prefix: String, timeLimit: String = "2") throws {
        let run = try exec(source, timeLimit: timeLimit)
        #expect(run.status == 1, "status \(run.status) for:\n\(source)\n\(run.stderr)")
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("hostile.py:\(line): \(prefix)"), "for:\n\(source)\nstderr: \(run.stderr)")
    }

    @Test(arguments: [
        ("x = \(min)\nprint(x // -1)", 2, "OverflowError"),
        ("print(abs(\(min)))", 1, "OverflowError"),
        ("print(len(range(-1, \(max))))", 1, "OverflowError: Python int too large to convert to C ssize_t"),
        ("for i in range(\(max) - 2, \(max), 5):\n    print(i)\nprint(range(0, \(max), 2)[\(max)])", 3, "IndexError: range object index out of range"),
        ("for i, x in enumerate([1, 2, 3], start=\(max) - 1):\n    print(i)", 1, "OverflowError"),
        ("print(round(1.5, \(min)), round(15, \(min)), round(15, \(max)))\nprint(1 // 0)", 2, "ZeroDivisionError"),
        ("print(len('ab' * 4611686018427387904))", 1, "MemoryError"),
        ("print(len([1, 2] * 4611686018427387904))", 1, "MemoryError"),
        ("print(len((1, 2) * 4611686018427387904))", 1, "MemoryError"),
        ("print([1, 2, 3][::\(min)], 'abc'[::\(max)], range(0, 10)[::\(min)])\nx = [1, 2, 3]\nx[::\(min)] = []", 3, "ValueError: attempt to assign sequence of size 0 to extended slice of size 1"),
        ("import torch\nx = torch.zeros(4)\nprint(x.view(4611686018427387904, 4611686018427387904, 0))", 3, "RuntimeError: shape '[4611686018427387904, 4611686018427387904, 0]' is invalid for input of size 4"),
        ("import torch\nx = torch.zeros(0)\nprint(x.reshape(4611686018427387904, 4, 0))", 3, "RuntimeError: numel: integer multiplication overflow"),
        ("import torch\nx = torch.zeros(1, 1)\nprint(x.expand(4611686018427387904, 4611686018427387904).shape)", 3, "RuntimeError: numel: integer multiplication overflow"),
        ("import torch\nprint(torch.zeros(4611686018427387904, 4, 0))", 2, "RuntimeError: Storage size calculation overflowed with sizes=[4611686018427387904, 4, 0]"),
        ("print(f'{-1:c}')", 1, "OverflowError: %c arg not in range(0x110000)"),
        ("print(f'{1.0:.2147483648f}')", 1, "ValueError: precision too big"),
        ("print(f'{1:99999999999999999999}')", 1, "ValueError: Too many decimal digits in format string"),
    ])
    func integerEdgesRaise(_ source: String, _ line: Int, _ prefix: String) throws {
        try expectError(source, line: line, prefix)
    }

    /// Python's answers at the edges that Python computes within 64 bits.
    @Test func integerEdgesComputeAsPythonDoes() throws {
        let run = try exec("""
            x = \(Self.min)
            print(x % -1, -7 % -1, 7 // -2, -7 % 3, abs(x + 1))
            print(len(range(\(Self.min), \(Self.max), \(Self.max))), list(range(\(Self.max) - 2, \(Self.max))))
            print(range(0, \(Self.max), 2)[-1], range(10)[::\(Self.min)], range(0, 10, 3)[1:])
            print(round(1.5, \(Self.min)), round(-1.5, \(Self.min)), round(15, -25), round(15, \(Self.max)), round(1234, -2))
            print([1, 2, 3][::\(Self.min)], 'abc'[::\(Self.max)], [1, 2, 3][\(Self.min):\(Self.max)])
            for i, v in enumerate('ab', start=\(Self.max) - 1):
                print(i, v)
            print(f'{65:c}', f'{1.5:.3f}', f'{7:5}|')
            """)
        #expect(run.status == 0, "\(run.stderr)")
        // What python3 prints for the same lines.
        #expect(run.stdout == """
            0 0 -4 2 9223372036854775807
            3 [9223372036854775805, 9223372036854775806]
            9223372036854775806 range(9, -1, -9223372036854775808) range(3, 12, 3)
            0.0 -0.0 0 15 1200
            [3] a [1, 2, 3]
            9223372036854775806 a
            9223372036854775807 b
            A 1.500     7|

            """)
    }

    @Test(arguments: [
        ("import torch\nx = torch.zeros(1, 1).expand(100000, 100000)\ny = x.contiguous()", 2, "MemoryError"),
        ("print(len(f'{1:10000000000}'))", 1, "MemoryError"),
        ("s = 'x' * 1000000\nfor i in range(100):\n    s += s", 3, "MemoryError"),
        ("s = ['x' * 1000000] * 1000\nprint(len(''.join(s)))", 2, "MemoryError"),
        ("s = 'x' * 1000000\nprint(len(s.replace('x', 'yyyyyyyyyy')))", 2, "MemoryError"),
        ("s = ['x' * 3000000, 'y' * 3000000]\nprint(len(repr(s)))", 2, "MemoryError"),
        ("a = [0] * 3000000\nb = a + a", 2, "MemoryError"),
        ("a = [0] * 3000000\na.extend(a)", 2, "MemoryError"),
        ("import torch\nx = torch.zeros(8000000).tolist()", 2, "MemoryError"),
        ("import torch\nx = torch.zeros([1] * 2000)\nprint(x)", 3, "RecursionError"),
    ])
    func runawaySizesAreMemoryErrors(_ source: String, _ line: Int, _ prefix: String) throws {
        try expectError(source, line: line, prefix)
    }

    @Test(arguments: [
        "xs = []\nfor i in range(10000000):\n    xs.append({'a': [i, i, i], 'b': (i, [i])})",
        "xs = []\nfor i in range(10000000):\n    xs.append([str(i)] * 10)",
        "x = None\nfor i in range(10000000):\n    x = [x, [0] * 10]",
    ])
    func largeObjectGraphsStopAtTheMemoryLimit(_ source: String) throws {
        let url = try TutorBinary.temporaryDirectory().appendingPathComponent("hostile.py")
        try Data(source.utf8).write(to: url)
        let run = try TutorBinary.run(["exec", "--time-limit", "60", "--memory-limit", "160", url.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains(": MemoryError: the step used more than 160 MiB of memory and was stopped"), "\(run.stderr)")
    }

    @Test(arguments: ["nan", "inf", "0", "-5", "63", "1e9"])
    func memoryLimitIsValidated(_ value: String) throws {
        let run = try TutorBinary.run(["exec", "--memory-limit=\(value)", "/dev/null"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--memory-limit must be a number of MiB from 64 to 65536"), "\(run.stderr)")
    }

    @Test func tensorsBuiltInALoopHitTheLiveLimit() throws {
        // cat and stack allocate without a shape check first; their storage is still counted.
        let run = try exec("import torch\nxs = []\nfor i in range(100):\n    xs.append(torch.stack([torch.zeros(4000000), torch.zeros(4000000)]))\n", timeLimit: "20")
        #expect(run.status == 1)
        #expect(run.stderr.contains("hostile.py:4: MemoryError"), "\(run.stderr)")
    }

    @Test(arguments: [
        "print(sum(range(10**18)))",
        "d = dict(zip(range(10**6), range(10**6)))\nwhile True:\n    d = dict(d)",
        "import torch\na = torch.randn(300, 300)\nwhile True:\n    b = torch.softmax(a @ a, dim=1)",
    ])
    func workInsideBuiltinsCountsAgainstTheTime(_ source: String) throws {
        let run = try exec(source, timeLimit: "0.5")
        #expect(run.status == 1)
        #expect(run.stderr.contains(": TimeoutError: the step ran for more than 0.5 seconds"), "\(run.stderr)")
    }

    @Test func dictsFindKeysByHashSoLargeOnesBuildInTime() throws {
        // Searched key by key, 200 000 keys would take 2·10^10 comparisons.
        let run = try exec("""
            d = {}
            for i in range(200000):
                d[i] = i * 2
            d[1.0] = 'one'
            d[True] = 'true'
            del d[5]
            print(len(d), d[1], d[2.0], d.pop(7), 5 in d, 6 in d, d.get(199999))
            c = d.copy()
            c[(1, 2)] = 'pair'
            print(c[(1, 2)], (1, 2) in d, list({3: 'a', 1: 'b', 3.0: 'c'}.items()))
            """, timeLimit: "20")
        #expect(run.status == 0, "\(run.stderr)")
        // What python3 prints.
        #expect(run.stdout == "199999 true 4 14 False True 399998\npair False [(3, 'c'), (1, 'b')]\n")
    }

    @Test func parsingCountsAgainstTheTime() throws {
        let line = "x = [1, 2.5, 'abc', (1, 2)] + [i * 2 for i in range(3)]\n"
        let run = try exec(String(repeating: line, count: 200_000), timeLimit: "0.2")
        #expect(run.status == 1)
        #expect(run.stderr.contains("TimeoutError"), "\(run.stderr)")
    }

    @Test(arguments: [
        ("x = " + String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300), "SyntaxError: too many nested parentheses"),
        ("x = " + String(repeating: "[", count: 300) + String(repeating: "]", count: 300), "SyntaxError: too many nested parentheses"),
        ("x = " + Array(repeating: "1", count: 5000).joined(separator: " + "), "RecursionError: maximum recursion depth exceeded during compilation"),
        ("x = " + String(repeating: "-", count: 300_000) + "1", "RecursionError: maximum recursion depth exceeded during compilation"),
        ("x = " + String(repeating: "not ", count: 300_000) + "True", "RecursionError: maximum recursion depth exceeded during compilation"),
        ("x = 2" + String(repeating: " ** 2", count: 5000), "RecursionError: maximum recursion depth exceeded during compilation"),
    ])
    func deeplyNestedSourceIsRefusedAsPythonRefusesIt(_ source: String, _ message: String) throws {
        try expectError(source, line: 1, message)
    }

    @Test(arguments: [
        ("print(len(str(t)))", "RecursionError: maximum recursion depth exceeded while getting the repr of an object"),
        ("d = {t: 1}", "RecursionError: maximum recursion depth exceeded while hashing a tuple"),
        ("print(t == t)", "RecursionError: maximum recursion depth exceeded in comparison"),
        ("import torch\nprint(torch.tensor(t))", "RecursionError: maximum recursion depth exceeded while converting a nested list to a tensor"),
    ])
    func deeplyNestedValuesAreRecursionErrors(_ use: String, _ message: String) throws {
        let source = "t = ()\nfor i in range(5000):\n    t = (t,)\n" + use
        try expectError(source, line: source.split(separator: "\n").count, message)
    }

    @Test func tooManyIndentationLevels() throws {
        let source = (0..<150).map { String(repeating: " ", count: $0) + "if True:\n" }.joined() + String(repeating: " ", count: 150) + "pass\n"
        try expectError(source, line: 101, "IndentationError: too many levels of indentation")
    }

    @Test(arguments: ["\r\n", "\r"])
    func windowsAndOldMacLineEndsRunAsPythonRunsThem(_ end: String) throws {
        let source = ["x = 1", "if x:", "    print('yes')", "s = '''a", "b'''", "print(repr(s))", "y = (1 +", "     2)", "print(y)"]
            .joined(separator: end) + end
        let run = try exec(source)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "yes\n'a\\nb'\n3\n")
    }

    @Test func crlfErrorsCarryTheirLine() throws {
        try expectError("x = 1\r\ny = 2\r\nprint(z)\r\n", line: 3, "NameError: name 'z' is not defined")
    }
}
