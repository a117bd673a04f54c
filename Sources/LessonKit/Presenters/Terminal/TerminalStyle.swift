/// ANSI styling that turns itself off when colour is not wanted.
public struct TerminalStyle: Sendable {
    public let color: Bool

    public init(color: Bool) {
        self.color = color
    }

    private func wrap(_ s: String, _ code: String) -> String {
        color && !s.isEmpty ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }

    public func bold(_ s: String) -> String { wrap(s, "1") }
    public func dim(_ s: String) -> String { wrap(s, "2") }
    public func italic(_ s: String) -> String { wrap(s, "3") }
    public func underline(_ s: String) -> String { wrap(s, "4") }
    public func red(_ s: String) -> String { wrap(s, "31") }
    public func green(_ s: String) -> String { wrap(s, "32") }
    public func yellow(_ s: String) -> String { wrap(s, "33") }
    public func blue(_ s: String) -> String { wrap(s, "34") }
    public func magenta(_ s: String) -> String { wrap(s, "35") }
    public func cyan(_ s: String) -> String { wrap(s, "36") }
    /// Text on a 256-colour background, with black or white text for contrast.
    public func cell(_ s: String, background: Int, darkText: Bool) -> String {
        color ? "\u{1B}[48;5;\(background)m\u{1B}[\(darkText ? "30" : "97")m\(s)\u{1B}[0m" : s
    }

    /// The number of columns `s` takes on screen, ignoring escape sequences.
    public static func visibleWidth(_ s: String) -> Int {
        var width = 0
        var inEscape = false
        for u in s.unicodeScalars {
            if inEscape {
                if u == "m" { inEscape = false }
                continue
            }
            if u == "\u{1B}" { inEscape = true; continue }
            if u.properties.generalCategory == .nonspacingMark || u.value == 0xFE0F { continue }
            width += 1
        }
        return width
    }
}
