import Glibc

/// Every text the program shows, by key. Each language has one table (`Strings+English.swift`,
/// `Strings+Chinese.swift`) with exactly these keys; a test checks that they match, placeholders included.
///
/// Placeholders are `{1}`, `{2}`, ... so a translation may put them in another order.
struct Strings: Sendable {
    enum Language: String, Sendable {
        case english = "en"
        case chinese = "zh"
    }

    let language: Language
    let table: [String: String]

    /// The language of the process: the first set one of `LC_ALL`, `LC_MESSAGES`, `LANG` (POSIX order); Chinese
    /// when it starts with `zh` (`zh_CN.UTF-8`, `zh_TW`), else English.
    static func forEnvironment(_ environment: [String: String]) -> Strings {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("zh") ? Strings(language: .chinese) : Strings(language: .english)
        }
        return Strings(language: .english)
    }

    init(language: Language) {
        self.language = language
        self.table = language == .chinese ? Strings.chinese : Strings.english
    }

    /// The text for `key` with `{n}` replaced by the n-th argument. A key missing from the table (which the tests
    /// rule out) shows as the key itself rather than crash at a gate.
    func callAsFunction(_ key: Text, _ arguments: String...) -> String {
        var text = table[key.rawValue] ?? Strings.english[key.rawValue] ?? key.rawValue
        for (index, argument) in arguments.enumerated() {
            text = text.replacing("{\(index + 1)}", with: argument)
        }
        return text
    }

    /// The `{n}` placeholders a text uses, for the table test.
    static func placeholders(in text: String) -> Set<String> {
        var found: Set<String> = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            found.insert(String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return found
    }
}

/// The process's strings, chosen once from the environment.
let L = Strings.forEnvironment(ProcessEnvironment.current())

/// The environment of this process, read once from `environ`.
enum ProcessEnvironment {
    static func current() -> [String: String] {
        var variables: [String: String] = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "="), variables[String(text[..<equals])] == nil {
                variables[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            cursor += 1
        }
        return variables
    }
}
