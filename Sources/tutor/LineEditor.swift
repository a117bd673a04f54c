import Foundation

/// Reads lines at a terminal with editing and history: arrows, Home/End, Backspace and
/// Delete, Ctrl-A/E/K/U, Up/Down through earlier lines. The terminal is in raw mode only
/// while a line is being typed, so a step's output and Ctrl-C while it runs behave as usual.
final class LineEditor {
    /// What the learner did at the prompt.
    enum Input {
        case line(String)
        /// Ctrl-C: drop what was typed.
        case interrupt
        /// Ctrl-D on an empty line, or the end of input.
        case end
    }

    private var history: [String] = []
    private static let historyLimit = 1000

    func read(prompt: String) -> Input {
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return .end }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        defer { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }

        var text: [Character] = []
        var cursor = 0
        var recall = history.count
        var pending = ""   // typed text kept while browsing history
        func redraw() {
            let tail = text.count - cursor
            printOut("\r" + prompt + String(text) + "\u{1B}[K" + (tail > 0 ? "\u{1B}[\(tail)D" : ""), terminator: "")
        }
        redraw()
        while true {
            guard let byte = readByte() else { return finish(text.isEmpty ? .end : .line(String(text))) }
            switch byte {
            case 13, 10:
                return finish(.line(String(text)))
            case 3:
                printOut("^C", terminator: "")
                return finish(.interrupt)
            case 4:
                if text.isEmpty { return finish(.end) }
                if cursor < text.count { text.remove(at: cursor) }
            case 1: cursor = 0
            case 5: cursor = text.count
            case 11: text.removeSubrange(cursor...)
            case 21:
                text.removeSubrange(..<cursor)
                cursor = 0
            case 127, 8:
                if cursor > 0 {
                    cursor -= 1
                    text.remove(at: cursor)
                }
            case 27:
                // ESC [ X or ESC O X, with ESC [ 3 ~ for Delete.
                guard let kind = readByte(), kind == 91 || kind == 79, let key = readByte() else { break }
                switch key {
                case 68: cursor = max(cursor - 1, 0)
                case 67: cursor = min(cursor + 1, text.count)
                case 72: cursor = 0
                case 70: cursor = text.count
                case 65, 66:
                    if recall == history.count { pending = String(text) }
                    recall = key == 65 ? max(recall - 1, 0) : min(recall + 1, history.count)
                    text = Array(recall == history.count ? pending : history[recall])
                    cursor = text.count
                case 51:
                    if readByte() == 126, cursor < text.count { text.remove(at: cursor) }
                default: break
                }
            default:
                guard byte >= 32, let c = readCharacter(first: byte) else { break }
                text.insert(c, at: cursor)
                cursor += 1
            }
            redraw()
        }
    }

    private func finish(_ input: Input) -> Input {
        printOut("")
        if case .line(let line) = input, !line.allSatisfy(\.isWhitespace), history.last != line {
            history.append(line)
            if history.count > Self.historyLimit { history.removeFirst() }
        }
        return input
    }

    private func readByte() -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let n = Foundation.read(STDIN_FILENO, &byte, 1)
            if n == 1 { return byte }
            if n < 0 && errno == EINTR { continue }
            return nil
        }
    }

    /// The character a UTF-8 sequence starting with `first` spells.
    private func readCharacter(first: UInt8) -> Character? {
        let length = first < 0x80 ? 1 : first >> 5 == 0b110 ? 2 : first >> 4 == 0b1110 ? 3 : first >> 3 == 0b11110 ? 4 : 0
        guard length > 0 else { return nil }
        var bytes = [first]
        for _ in 1..<length {
            guard let b = readByte() else { return nil }
            bytes.append(b)
        }
        return String(validating: bytes, as: UTF8.self).flatMap(\.first)
    }
}
