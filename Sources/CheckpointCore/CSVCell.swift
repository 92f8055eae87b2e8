/// One cell of an exported CSV file (RFC 4180), safe to open in a spreadsheet.
public enum CSVCell {
    /// `text` as a cell: a value a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a tab or carriage
    /// return first) gets a leading `'` (OWASP's "CSV injection"), then a cell with a comma, quote, CR or LF is
    /// quoted with the quotes inside doubled.
    public static func field(_ text: String) -> String {
        let safe = neutralised(text)
        guard safe.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return safe
        }
        var quoted = "\""
        for character in safe {
            quoted.append(character)
            if character == "\"" { quoted.append("\"") }
        }
        return quoted + "\""
    }

    /// `text` with a leading `'` when its first character would start a formula.
    public static func neutralised(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        switch first {
        case "=", "+", "-", "@", "\t", "\r": return "'" + text
        default: return text
        }
    }
}
