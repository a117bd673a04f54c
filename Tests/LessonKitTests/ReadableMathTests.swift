import Testing
import LessonKit

@Suite struct ReadableMathTests {
    @Test(arguments: [
        ("$\\sqrt{d_k}$", "√d_k"),
        ("$QK^T$", "QKᵀ"),
        ("$x^{(2)}$", "x⁽²⁾"),
        ("$3.4 \\times 10^{38}$", "3.4 × 10³⁸"),
        ("$\\mathrm{softmax}(x)_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}}$", "softmax(x)_i = e^(x_i)/(Σ_j e^(x_j))"),
        ("cost $5 and more", "cost $5 and more"),
        ("$\\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right) V$", "softmax(QKᵀ/√d_k) V"),
        ("$-1/\\sqrt{d_{in}}$", "-1/√d_in"),
    ])
    func convertsInlineLaTeX(_ input: String, _ expected: String) {
        #expect(ReadableMath.inText(input) == expected)
    }
}
