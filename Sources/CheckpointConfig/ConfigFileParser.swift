/// One `key = value` line of a configuration file, with the value unquoted.
struct ConfigEntry: Equatable, Sendable {
    var key: String
    var value: String
    var line: Int
}

/// Splits a configuration file into entries (SPEC §10): one `key = value` per line; `#` starts a comment only
/// as the first character after optional whitespace; blank lines are skipped; no sections. Keys are not checked
/// against the known settings here, so this stays a pure syntax pass.
enum ConfigFileParser {
    static func entries(in bytes: [UInt8], path: String) throws(ConfigError) -> [ConfigEntry] {
        let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
        let text = bytes.starts(with: byteOrderMark) ? bytes.dropFirst(byteOrderMark.count) : bytes[...]
        var entries: [ConfigEntry] = []
        for (index, rawLine) in text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .enumerated()
        {
            let lineNumber = index + 1
            let lineBytes = rawLine.last == UInt8(ascii: "\r") ? rawLine.dropLast() : rawLine
            guard let line = String(validating: lineBytes, as: UTF8.self) else {
                throw ConfigError(code: .syntax, message: "the line is not valid UTF-8", source: path, line: lineNumber)
            }
            if let entry = try entry(from: line, lineNumber: lineNumber, path: path) {
                entries.append(entry)
            }
        }
        return entries
    }

    private static func entry(from line: String, lineNumber: Int, path: String) throws(ConfigError) -> ConfigEntry? {
        let content = trimmed(line[...])
        if content.isEmpty || content.hasPrefix("#") {
            return nil
        }
        guard let equals = content.firstIndex(of: "=") else {
            throw ConfigError(
                code: .syntax,
                message: "expected 'key = value', got '\(content)'; start a comment with # at the start of the line",
                source: path,
                line: lineNumber
            )
        }
        let key = trimmed(content[..<equals])
        guard !key.isEmpty, !key.contains(where: { $0 == " " || $0 == "\t" }) else {
            throw ConfigError(
                code: .syntax,
                message: "expected 'key = value' with a one-word key, got '\(content)'",
                source: path,
                line: lineNumber
            )
        }
        do throws(ConfigError) {
            let value = try ValueSyntax.unquote(trimmed(content[content.index(after: equals)...]))
            return ConfigEntry(key: String(key), value: value, line: lineNumber)
        } catch {
            throw ConfigError(
                code: error.code,
                message: error.message,
                source: path,
                line: lineNumber,
                key: String(key)
            )
        }
    }

    private static func trimmed(_ text: Substring) -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) })
        else {
            return text[text.endIndex...]
        }
        return text[first...last]
    }
}
