import ArgumentParser

/// The language checkpointctl speaks to people: English, or Chinese when the locale asks for it.
enum Language: String, ExpressibleByArgument, CaseIterable, Sendable {
    case en
    case zh

    /// POSIX order: the first non-empty of `LC_ALL`, `LC_MESSAGES`, `LANG` decides; Chinese when it starts with
    /// `zh` (`zh_CN.UTF-8`, `zh_TW`), English for anything else (`C`, `POSIX`, `en_US.UTF-8`) and when none is set.
    static func fromLocale(_ environment: [String: String]) -> Language {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("zh") ? .zh : .en
        }
        return .en
    }

    /// `--lang en|zh` (or `--lang=zh`) on the command line wins over the locale. The arguments are looked at before
    /// ArgumentParser parses them, so that its own errors and every message after are in one language; a value that
    /// is not a language is left to ArgumentParser, which refuses it and lists the choices.
    static func forProcess(arguments: [String], environment: [String: String]) -> Language {
        var chosen: Language?
        var index = arguments.startIndex
        while index < arguments.endIndex, arguments[index] != "--" {
            let argument = arguments[index]
            if argument == "--lang", index + 1 < arguments.endIndex {
                chosen = Language(rawValue: arguments[index + 1]) ?? chosen
                index += 1
            } else if argument.hasPrefix("--lang=") {
                chosen = Language(rawValue: String(argument.dropFirst("--lang=".count))) ?? chosen
            }
            index += 1
        }
        return chosen ?? fromLocale(environment)
    }
}

/// Every text checkpointctl shows people, in the process's language.
///
/// The English text is the key (as gettext's msgid): a call site reads `L("no open alerts")`, and Chinese comes
/// from ``chinese`` (`Messages+Chinese.swift`), one line per text. Placeholders are `{1}`, `{2}`, ... so a
/// translation may put them in another order. A text missing from the table shows in English; the tests rule that
/// out by reading every `L("...")` and every table column title in the sources.
struct Messages: Sendable {
    let language: Language

    /// The text for `english` with `{n}` replaced by the n-th argument.
    func callAsFunction(_ english: String, _ arguments: String...) -> String {
        callAsFunction(english, arguments)
    }

    func callAsFunction(_ english: String, _ arguments: [String]) -> String {
        var text = language == .zh ? Messages.chinese[english] ?? english : english
        for (index, argument) in arguments.enumerated() {
            text = text.replacing("{\(index + 1)}", with: argument)
        }
        return text
    }

    /// A table column title (`ORDER`) or a value the daemon sends as a word (`open`, `FEVER`): translated when
    /// the table has it, else as it is (a value from a newer daemon).
    func word(_ english: String) -> String {
        language == .zh ? Messages.chinese[english] ?? english : english
    }

    /// `1 problem`, `3 problems`; in Chinese the table's `{1} problems` (`{1} 个问题`, with its measure word).
    func count(_ value: Int64, _ noun: String) -> String {
        if language == .zh, let text = Messages.chinese["{1} \(noun)s"] {
            return text.replacing("{1}", with: String(value))
        }
        return "\(value) \(noun)\(value == 1 ? "" : "s")"
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

/// The process's texts, chosen once from `--lang` and the locale.
let L = Messages(
    language: Language.forProcess(
        arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessEnvironment.current()))
