import Foundation

/// `\N{...}` in string literals: a character by its Unicode name, as Python's `unicodedata.lookup`.
enum UnicodeNames {
    /// The character named `name` (case-insensitive), or nil when Unicode has no such name.
    ///
    /// Formal names, including the algorithmic ones (`CJK UNIFIED IDEOGRAPH-4E00`, `HANGUL
    /// SYLLABLE GA`), come from ICU through Foundation's `Name-Any` transform; ICU has no name
    /// aliases, so the ones learners meet (control characters and common abbreviations, from
    /// Unicode's NameAliases.txt) are listed here.
    static func character(named name: String) -> Unicode.Scalar? {
        let key = name.uppercased()
        if let alias = aliases[key] { return Unicode.Scalar(alias) }
        // ICU would read a `}` or a backslash in the name as the end of its own `\N{...}`.
        guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == " " || $0 == "-" }) else { return nil }
        let query = "\\N{\(key)}"
        guard let found = query.applyingTransform(StringTransform("Name-Any"), reverse: false),
              found != query, found.unicodeScalars.count == 1 else { return nil }
        return found.unicodeScalars.first
    }

    /// Name aliases (NameAliases.txt) Python accepts in `\N{...}` and ICU does not.
    private static let aliases: [String: UInt32] = [
        "NULL": 0x00, "NUL": 0x00, "ALERT": 0x07, "BEL": 0x07, "BACKSPACE": 0x08, "BS": 0x08,
        "CHARACTER TABULATION": 0x09, "HORIZONTAL TABULATION": 0x09, "TAB": 0x09, "HT": 0x09,
        "LINE FEED": 0x0A, "NEW LINE": 0x0A, "END OF LINE": 0x0A, "LF": 0x0A, "NL": 0x0A, "EOL": 0x0A,
        "LINE TABULATION": 0x0B, "VERTICAL TABULATION": 0x0B, "VT": 0x0B, "FORM FEED": 0x0C, "FF": 0x0C,
        "CARRIAGE RETURN": 0x0D, "CR": 0x0D, "ESCAPE": 0x1B, "ESC": 0x1B, "DELETE": 0x7F, "DEL": 0x7F,
        "SP": 0x20, "NBSP": 0xA0, "SHY": 0xAD, "ZWSP": 0x200B, "ZWNJ": 0x200C, "ZWJ": 0x200D,
        "BYTE ORDER MARK": 0xFEFF, "BOM": 0xFEFF, "ZWNBSP": 0xFEFF,
    ]
}
