import Foundation
import Testing
import LessonKit
import StepScript

/// Reading what learners type and judging it against the computed answer: tolerances,
/// shapes, tensors, choices by number and text, bools and strings.
@Suite struct QuizGraderTests {
    static let shape62 = EvaluatedValue(kind: .shape([6, 2]), repr: "torch.Size([6, 2])")
    static let shape3 = EvaluatedValue(kind: .shape([3]), repr: "torch.Size([3])")
    static let weight = EvaluatedValue(kind: .number(0.237891286611557), repr: "0.237891286611557")
    static let row = EvaluatedValue(kind: .tensor(shape: [2], values: [0.3061, 0.8210], isInteger: false), repr: "tensor([0.3061, 0.8210])")
    static let matrix = EvaluatedValue(kind: .tensor(shape: [2, 2], values: [1, 2, 3, 4], isInteger: false),
                                       repr: "tensor([[1., 2.],\n        [3., 4.]])")
    static let eighteen = EvaluatedValue(kind: .integer(18), repr: "18")
    static let yes = EvaluatedValue(kind: .bool(true), repr: "True")
    static let journey = EvaluatedValue(kind: .string("journey"), repr: "'journey'")
    static let words = ["Your", "journey", "starts", "with", "one", "step"]

    func isRight(_ input: String, _ answer: EvaluatedValue, tolerance: Double? = nil, choices: [String] = []) -> Bool? {
        switch QuizGrader.judge(input, answer: answer, tolerance: tolerance, choices: choices) {
        case .judged(let correct, _, _): return correct
        case .skipped, .unreadable: return nil
        }
    }

    @Test(arguments: ["6, 2", "(6, 2)", "[6, 2]", "torch.Size([6, 2])", "6 2", "6x2", "6 × 2", " ( 6 ,2 ) ", "Size([6, 2])"])
    func shapesInEveryForm(_ input: String) {
        #expect(isRight(input, Self.shape62) == true)
    }

    @Test(arguments: ["2, 6", "6, 2, 1", "6", "(6, 3)"])
    func wrongShapesAreWrong(_ input: String) {
        #expect(isRight(input, Self.shape62) == false)
    }

    @Test(arguments: ["3", "(3,)", "[3]", "3,", "torch.Size([3])"])
    func oneDimensionalShapes(_ input: String) {
        #expect(isRight(input, Self.shape3) == true)
    }

    @Test(arguments: ["six by two", "6.5, 2", "-6, 2", "[6, [2]]", "6,,2"])
    func shapesThatCannotBeRead(_ input: String) {
        guard case .unreadable(let note) = QuizGrader.judge(input, answer: Self.shape62) else {
            Issue.record("'\(input)' was read as a shape")
            return
        }
        #expect(note.contains(input))
    }

    @Test func numbersWithinTheDefaultTolerance() {
        // Default tolerance 0.01, absolute; the boundary itself counts as right.
        let answer = EvaluatedValue(kind: .number(0.23), repr: "0.23")
        #expect(isRight("0.23", answer) == true)
        #expect(isRight("0.24", answer) == true)
        #expect(isRight("0.22", answer) == true)
        #expect(isRight("0.2401", answer) == false)
        #expect(isRight(".23", answer) == true)
        #expect(isRight("tensor(0.2300)", answer) == true)
        #expect(isRight("2.3e-1", answer) == true)
    }

    @Test func numbersWithTheQuizTolerance() {
        #expect(isRight("0.2379", Self.weight, tolerance: 0.001) == true)
        #expect(isRight("0.2388", Self.weight, tolerance: 0.001) == true)
        #expect(isRight("0.24", Self.weight, tolerance: 0.001) == false)
        #expect(isRight("0.24", Self.weight) == true)
        let variance = EvaluatedValue(kind: .number(127.44), repr: "127.44")
        #expect(isRight("128", variance, tolerance: 20) == true)
        #expect(isRight("100", variance, tolerance: 20) == false)
    }

    @Test func differenceIsReported() {
        guard case .judged(false, let d?, _) = QuizGrader.judge("0.25", answer: Self.weight, tolerance: 0.001) else {
            Issue.record("no difference")
            return
        }
        #expect(abs(d - (0.25 - 0.237891286611557)) < 1e-12)
    }

    @Test(arguments: ["0.2.3", "about a quarter", "0.23%", "0x1p-2", "[0.1, 0.2]", "True"])
    func numbersThatCannotBeRead(_ input: String) {
        if case .unreadable = QuizGrader.judge(input, answer: Self.weight) { return }
        Issue.record("'\(input)' was read as a number")
    }

    @Test func specialFloats() {
        let nan = EvaluatedValue(kind: .number(.nan), repr: "nan")
        #expect(isRight("nan", nan) == true)
        #expect(isRight("NaN", nan) == true)
        #expect(isRight("0", nan) == false)
        let inf = EvaluatedValue(kind: .number(.infinity), repr: "inf")
        #expect(isRight("inf", inf) == true)
        #expect(isRight("-inf", inf) == false)
        #expect(isRight("1e30", inf) == false)
    }

    @Test func integersAreExact() {
        #expect(isRight("18", Self.eighteen) == true)
        #expect(isRight("18.0", Self.eighteen) == true)
        #expect(isRight("18.001", Self.eighteen) == false)
        #expect(isRight("17", Self.eighteen) == false)
        // Unless the lesson allows slack explicitly.
        #expect(isRight("17", Self.eighteen, tolerance: 1) == true)
        if case .unreadable = QuizGrader.judge("eighteen", answer: Self.eighteen) {} else { Issue.record("read 'eighteen'") }
    }

    @Test(arguments: ["[0.3061, 0.8210]", "0.3061, 0.8210", "(0.30, 0.82)", "tensor([0.3061, 0.8210])", "[0.31 0.82]",
                      "tensor([0.3061, 0.8210], grad_fn=<SelectBackward0>)",
                      "tensor([0.3061, 0.8210], dtype=torch.float32, requires_grad=True)"])
    func tensorsElementByElement(_ input: String) {
        #expect(isRight(input, Self.row) == true)
    }

    @Test func tensorsNeedEveryElementWithinTolerance() {
        #expect(isRight("[0.3061, 0.84]", Self.row) == false)
        #expect(isRight("[0.3061, 0.84]", Self.row, tolerance: 0.05) == true)
        guard case .judged(false, let d?, _) = QuizGrader.judge("[0.3, 0.9]", answer: Self.row) else {
            Issue.record("no difference")
            return
        }
        #expect(abs(d - 0.079) < 1e-9)
    }

    @Test func tensorsNeedTheSameShape() {
        guard case .judged(false, nil, let note?) = QuizGrader.judge("[0.3061, 0.8210, 0.5]", answer: Self.row) else {
            Issue.record("a three-element answer was not judged wrong with a note")
            return
        }
        #expect(note == "your answer has shape (3,), the answer has shape (2,)")
        #expect(isRight("[[0.3061, 0.8210]]", Self.row) == false)
        #expect(isRight("[[1, 2], [3, 4]]", Self.matrix) == true)
        #expect(isRight("[[1, 2, 3, 4]]", Self.matrix) == false)
        #expect(isRight("[1, 2, 3, 4]", Self.matrix) == false)
        if case .unreadable = QuizGrader.judge("[[1, 2], [3]]", answer: Self.matrix) {} else { Issue.record("ragged list read") }
    }

    @Test(arguments: [("True", true), ("true", true), ("TRUE", true), ("yes", true), ("False", false), ("false", false), ("no", false)])
    func bools(_ input: String, _ value: Bool) {
        #expect(isRight(input, Self.yes) == value)
    }

    @Test func boolsThatCannotBeRead() {
        if case .unreadable = QuizGrader.judge("maybe", answer: Self.yes) { return }
        Issue.record("'maybe' was read as a bool")
    }

    @Test func stringsIgnoreCaseAndQuotes() {
        #expect(isRight("journey", Self.journey) == true)
        #expect(isRight("Journey", Self.journey) == true)
        #expect(isRight("'journey'", Self.journey) == true)
        #expect(isRight("\"JOURNEY\"", Self.journey) == true)
        #expect(isRight("starts", Self.journey) == false)
    }

    @Test(arguments: ["2", "journey", "JOURNEY", " Journey ", "2)", "'journey'"])
    func choicesByNumberOrText(_ input: String) {
        #expect(isRight(input, Self.journey, choices: Self.words) == true)
    }

    @Test(arguments: ["3", "starts", "1", "step"])
    func wrongChoices(_ input: String) {
        #expect(isRight(input, Self.journey, choices: Self.words) == false)
    }

    @Test(arguments: ["7", "0", "walks", "2.5"])
    func choicesThatDoNotExist(_ input: String) {
        guard case .unreadable(let note) = QuizGrader.judge(input, answer: Self.journey, choices: Self.words) else {
            Issue.record("'\(input)' was taken as a choice")
            return
        }
        #expect(note.contains("1 to 6"))
    }

    @Test func choiceTextWinsOverChoiceNumber() {
        // Choices that are numbers: "1" is the text of the second choice, not the first choice.
        let answer = EvaluatedValue(kind: .string("1"), repr: "'1'")
        #expect(isRight("1", answer, choices: ["3", "1", "2"]) == true)
        #expect(QuizGrader.choice("1", in: ["3", "1", "2"]) == 1)
        #expect(QuizGrader.choice("3", in: ["1.0", "0.0", "inf", "nan"]) == 2)
        #expect(QuizGrader.choice("0", in: ["1.0", "0.0", "inf", "nan"]) == 1)
        #expect(QuizGrader.choice("NaN", in: ["1.0", "0.0", "inf", "nan"]) == 3)
    }

    @Test func boolChoices() {
        let answer = EvaluatedValue(kind: .bool(false), repr: "False")
        #expect(isRight("2", answer, choices: ["True", "False"]) == true)
        #expect(isRight("false", answer, choices: ["True", "False"]) == true)
        #expect(isRight("no", answer, choices: ["True", "False"]) == true)
        #expect(isRight("1", answer, choices: ["True", "False"]) == false)
    }

    @Test(arguments: ["", "   ", "\t"])
    func emptyInputSkips(_ input: String) {
        #expect(QuizGrader.judge(input, answer: Self.weight) == .skipped)
        #expect(QuizGrader.judge(input, answer: Self.journey, choices: Self.words) == .skipped)
    }

    @Test func responsesCarryVerdictAndShownAnswer() {
        let right = QuizGrader.response(quizIndex: 4, input: "0.238", answer: Self.weight, tolerance: 0.001, choices: [])
        #expect(right.verdict == .correct)
        #expect(right.rightAnswer == "0.2379")
        #expect(right.quizIndex == 4)
        let unreadable = QuizGrader.response(quizIndex: 0, input: "abc", answer: Self.weight, tolerance: nil, choices: [])
        #expect(unreadable.verdict == .unparseable)
        #expect(unreadable.note == "could not read 'abc' as a number")
        let skipped = QuizGrader.response(quizIndex: 0, input: "", answer: Self.weight, tolerance: nil, choices: [])
        #expect(skipped.verdict == .skipped)
        let missing = QuizGrader.response(quizIndex: 0, input: nil, answer: Self.weight, tolerance: nil, choices: [])
        #expect(missing.verdict == .unanswered)
        #expect(missing.given == nil)
    }

    @Test func shownAnswers() {
        #expect(QuizGrader.shownAnswer(EvaluatedValue(kind: .number(32.0), repr: "32.0")) == "32.0")
        #expect(QuizGrader.shownAnswer(EvaluatedValue(kind: .number(127.4412612915039), repr: "127.4412612915039"), tolerance: 20) == "127.4413")
        #expect(QuizGrader.shownAnswer(EvaluatedValue(kind: .number(0.000012345), repr: "1.2345e-05"), tolerance: 1e-6) == "1.2345e-05")
        #expect(QuizGrader.shownAnswer(Self.journey, choices: Self.words) == "journey")
        #expect(QuizGrader.shownAnswer(Self.shape62) == "torch.Size([6, 2])")
    }
}
