import Foundation
import Testing
import LessonKit

/// The HTML page grades a typed answer with its own script, a port of `QuizGrader.judge`.
/// Where `node` is installed, this runs the page's script on many answers to questions of
/// every kind and expects the very outcome, note and difference `QuizGrader` gives.
@Suite struct HTMLQuizGradingTests {
    /// `node` on the PATH, if any: the tests need no JavaScript engine otherwise.
    static let node: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("node") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Answers a learner might type, right, wrong and unreadable, for every kind of question.
    static let inputs: [String] = [
        "", "   ", "6", "6.0", "6.5", "5", "7", "-6", "1e1", "6e0", "1_0", "_6", "6_", "1__0", "0x10", "6.", ".5",
        "0.25", "0.26", "0.2600001", "0.24", "0.35", "+0.25", "−0.25", "-0.25", "(0.25)", "((0.25))", "[0.25]", "tensor(0.25)",
        "0.3333333", "0.333334", "0.3334", "1/3", "127", "100", "147.44", "147.45", "16", "20", "21",
        "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "+inf", "1e400", "True", "true", "FALSE", "yes", "no", "'True'",
        "journey", "JOURNEY", "'journey'", "\"Journey\"", "`journey`", " journey ", "'journey", "Journey.",
        "2, 2", "(2, 2)", "[2, 2]", "2 2", "2 x 2", "2x2", "2×2", "2 X 2", "torch.Size([2, 2])", "Size([2, 2])", "(2,)", "2,",
        "()", "[]", "torch.Size([])", "torch.Size()", "6, 2", "6,2", "(6, 2)", "6 × 2", "(6, 2.0)", "(6, 2.5)", "(-6, 2)",
        "[[0.25, -1.5], [3.0, 4.125]]", "[[0.25, -1.5], [3, 4.12]]", "[[0.25, -1.5], [3, 4.2]]", "[0.25, -1.5, 3.0, 4.125]",
        "tensor([[0.25, -1.5], [3.0, 4.125]])", "tensor([[ 0.2500, -1.5000],\n        [ 3.0000,  4.1250]])",
        "tensor([[0.25, -1.5], [3.0, 4.125]], requires_grad=True)", "tensor([0.25], grad_fn=<SelectBackward0>)",
        "tensor([1, 2], dtype=torch.int64)", "[[0.25, -1.5], [3.0]]", "[[0.25, -1.5] [3.0, 4.125]]",
        "[0.5, 0.25]", "[0.5, 0.26]", "[0.5, 0.3]", "0.5, 0.25", "0.5 0.25", "[0.5, 0.25,]", "[,0.5]", "[0.5,, 0.25]",
        "[inf, 1.0]", "[inf, 1]", "[-inf, 1]", "[nan, 1]", "[1, 2]", "[1, 2.004]", "[1, 2, 3]", "1, 2", "[True, 2]",
        "None", "none", "NONE", "{'a': 1}", "{'a':1}", "{ 'A' : 1 }", "{'a': 2}",
        "one", "THREE", "3", "2", "4", "3.", "3)",
        "abc", "0.2.3", "1e", "e5", "--1", "1 2 3", "[1, [2]]", "(((1)))", "[(1, 2), (3, 4)]", "((1, 2), [3, 4])",
        "?", "hint", "q",
        String(repeating: "[", count: 70) + "1" + String(repeating: "]", count: 70),
        String(repeating: "x", count: 70), String(repeating: "é", count: 61), String(repeating: "e\u{301}", count: 61),
        String(repeating: "1 ", count: 50_001),
    ]

    /// One outcome as both sides report it.
    struct Outcome: Equatable, CustomStringConvertible {
        var kind: String
        var correct: Bool?
        var difference: Double?
        var note: String?

        var description: String { "\(kind) correct=\(correct.map(String.init) ?? "-") difference=\(difference.map { "\($0)" } ?? "-") note=\(note ?? "-")" }

        /// Equal, with differences within a rounding error (the two languages subtract alike,
        /// but a difference is a derived value, not the verdict).
        func matches(_ other: Outcome) -> Bool {
            guard kind == other.kind, correct == other.correct, note == other.note else { return false }
            switch (difference, other.difference) {
            case (nil, nil): return true
            case (let a?, let b?): return abs(a - b) <= 1e-12 * max(1, abs(a))
            default: return false
            }
        }
    }

    static func swiftOutcome(_ outcome: QuizGrader.Outcome) -> Outcome {
        switch outcome {
        case .skipped: return Outcome(kind: "skipped")
        case .unreadable(let note): return Outcome(kind: "unreadable", note: note)
        case .judged(let correct, let difference, let note): return Outcome(kind: "judged", correct: correct, difference: difference, note: note)
        }
    }

    /// Runs the page's script under node on every input for every question given by its
    /// data attributes; one row of outcomes per question.
    static func nodeOutcomes(script: String, questions: [[String: String]], inputs: [String], node: URL) throws -> [[Outcome]] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("html-quiz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(script.utf8).write(to: dir.appendingPathComponent("quiz.js"))
        let cases = try JSONSerialization.data(withJSONObject: ["questions": questions, "inputs": inputs])
        try cases.write(to: dir.appendingPathComponent("cases.json"))
        let harness = """
        const { judge, question } = require("./quiz.js");
        const cases = JSON.parse(require("fs").readFileSync(__dirname + "/cases.json", "utf8"));
        const rows = cases.questions.map((data) => cases.inputs.map((input) => judge(input, question(data))));
        require("fs").writeFileSync(__dirname + "/out.json", JSON.stringify(rows));
        """
        try Data(harness.utf8).write(to: dir.appendingPathComponent("harness.js"))
        let process = Process()
        process.executableURL = node
        process.arguments = [dir.appendingPathComponent("harness.js").path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("out.json"))) as? [[[String: Any]]])
        return rows.map { row in
            row.map { r in
                Outcome(kind: r["outcome"] as? String ?? "?", correct: r["correct"] as? Bool,
                        difference: (r["difference"] as? NSNumber)?.doubleValue, note: r["note"] as? String)
            }
        }
    }

    /// The page's quiz script (the last script on the page) and each question's data attributes.
    static func pageParts(_ page: String) throws -> (script: String, questions: [Int: [String: String]]) {
        let open = try #require(page.range(of: "<script>\n", options: .backwards))
        let close = try #require(page.range(of: "</script>", range: open.upperBound..<page.endIndex))
        var questions = [Int: [String: String]]()
        let tag = try NSRegularExpression(pattern: "<aside class=\"quiz\" id=\"question-(\\d+)\"[^>]*>")
        let attribute = try NSRegularExpression(pattern: " data-([a-z]+)=\"([^\"]*)\"")
        let ns = page as NSString
        for match in tag.matches(in: page, range: NSRange(location: 0, length: ns.length)) {
            let text = ns.substring(with: match.range)
            let number = Int(ns.substring(with: match.range(at: 1)))!
            var data = [String: String]()
            for a in attribute.matches(in: text, range: NSRange(location: 0, length: (text as NSString).length)) {
                let value = (text as NSString).substring(with: a.range(at: 2))
                    .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                    .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                    .replacingOccurrences(of: "&amp;", with: "&")
                data[(text as NSString).substring(with: a.range(at: 1))] = value
            }
            questions[number] = data
        }
        return (String(page[open.upperBound..<close.lowerBound]), questions)
    }

    @Test(.enabled(if: node != nil, "needs node"))
    func thePageJudgesEveryAnswerAsTutorQuizDoes() throws {
        let run = try ExportFixtures.run(ExportHTMLQuizTests.kinds)
        let (script, data) = try Self.pageParts(HTMLExporter.render(run))
        // Choices are buttons in the page, judged by `LessonSession.choiceMatches` when the page is written.
        let typed = run.lesson.quizzes.filter { $0.choices.isEmpty }
        #expect(typed.count == 20)
        let questions = try typed.map { try #require(data[$0.index + 1]) }
        let rows = try Self.nodeOutcomes(script: script, questions: questions, inputs: Self.inputs, node: try #require(Self.node))
        var judged = 0
        for (quiz, row) in zip(typed, rows) {
            guard case .success(let answer)? = run.answers[quiz.index] else {
                Issue.record("question \(quiz.index + 1) has no answer")
                continue
            }
            for (input, page) in zip(Self.inputs, row) {
                let swift = Self.swiftOutcome(QuizGrader.judge(input, answer: answer, tolerance: quiz.tolerance))
                #expect(page.matches(swift), "question \(quiz.index + 1) (\(quiz.ask)), input \(AnswerText.quoted(input)): page \(page), tutor \(swift)")
                if swift.correct == true { judged += 1 }
            }
        }
        // The inputs are right for every question at least once, so both verdicts are compared.
        #expect(judged >= typed.count)
    }
}
