#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Python's text forms of floats, so printed numbers match what Python prints.
public enum PythonFormat {
    /// Python's `repr(x)` for a float: shortest round-trip digits, exponent form when the
    /// decimal exponent is below -4 or at least 16 (`1e-05`, `0.0001`, `1e+16`, `1.0`).
    public static func floatRepr(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        let sign = x.sign == .minus ? "-" : ""
        let (digits, decimalPoint) = shortestDigits(abs(x))
        if digits.isEmpty { return sign + "0.0" }
        // `decimalPoint` counts digits before the point: value = 0.d1d2... * 10^decimalPoint.
        if decimalPoint > -4 && decimalPoint <= 16 {
            if decimalPoint <= 0 {
                return sign + "0." + String(repeating: "0", count: -decimalPoint) + digits
            }
            if decimalPoint >= digits.count {
                return sign + digits + String(repeating: "0", count: decimalPoint - digits.count) + ".0"
            }
            let cut = digits.index(digits.startIndex, offsetBy: decimalPoint)
            return sign + digits[..<cut] + "." + digits[cut...]
        }
        let exponent = decimalPoint - 1
        var text = sign + String(digits.first!)
        if digits.count > 1 { text += "." + digits.dropFirst() }
        return text + "e" + exponentText(exponent)
    }

    /// Swift's shortest round-trip digits of a finite non-negative `x`, without leading or
    /// trailing zeros, and the position of the decimal point relative to them.
    private static func shortestDigits(_ x: Double) -> (String, Int) {
        // Swift's `description` already holds the shortest digits; only its layout
        // (when it switches to exponent form, how it writes the exponent) differs from Python.
        let text = x.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var intPart = mantissa
        var fracPart = Substring("")
        if let dot = mantissa.firstIndex(of: ".") {
            intPart = mantissa[..<dot]
            fracPart = mantissa[mantissa.index(after: dot)...]
        }
        var digits = Array(intPart + fracPart)
        var point = intPart.count + exponent
        while let first = digits.first, first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while let last = digits.last, last == "0" { digits.removeLast() }
        return (String(digits), point)
    }

    /// An exponent as Python writes it: explicit sign and at least two digits.
    private static func exponentText(_ exponent: Int) -> String {
        let magnitude = String(abs(exponent))
        return (exponent < 0 ? "-" : "+") + (magnitude.count < 2 ? "0" + magnitude : magnitude)
    }

    /// Python's `"{:.Nf}".format(x)`: fixed notation with `precision` decimals, correctly rounded.
    public static func fixed(_ x: Double, precision: Int) -> String {
        if let special = nonFinite(x) { return special }
        return cFormat(x, "%.\(precision)f")
    }

    /// Python's `"{:.Ne}".format(x)`: one digit, `precision` decimals, exponent of two or more digits.
    public static func scientific(_ x: Double, precision: Int) -> String {
        if let special = nonFinite(x) { return special }
        return cFormat(x, "%.\(precision)e")
    }

    /// Python writes non-finite values as `inf`, `-inf` and `nan` (never `-nan`) in every format.
    private static func nonFinite(_ x: Double) -> String? {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        return nil
    }

    /// C's `printf` formatting: like Python's, it rounds the exact binary value correctly.
    private static func cFormat(_ x: Double, _ format: String) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        let written = withVaList([x]) { args in
            buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, $0.count, format, args) }
        }
        if Int(written) >= buffer.count {
            // Only huge values in fixed notation need more room (up to 309 digits plus decimals).
            buffer = [CChar](repeating: 0, count: Int(written) + 1)
            _ = withVaList([x]) { args in
                buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, $0.count, format, args) }
            }
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
