import Testing
import LessonKit

@Suite struct ReadableMathTests {
    @Test(arguments: [
        ("$\\sqrt{d_k}$", "√d_k"),
        ("$QK^T$", "QKᵀ"),
        ("$x^{(2)}$", "x⁽²⁾"),
        ("$3.4 \\times 10^{38}$", "3.4 × 10³⁸"),
        ("$\\mathrm{softmax}(x)_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}}$", "softmax(x)_i = (e^(x_i))/(Σ_j e^(x_j))"),
        ("cost $5 and more", "cost $5 and more"),
    ])
    func convertsInlineLaTeX(_ input: String, _ expected: String) {
        #expect(ReadableMath.inText(input) == expected)
    }
}
