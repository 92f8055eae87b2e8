import Foundation
import Testing

/// Issue 5, acceptance 2: all strings in one table per language, and both tables with the same keys.
///
/// The tables are Swift dictionary literals (`Strings+English.swift`, `Strings+Chinese.swift`) keyed by the cases of
/// `Text`; this test reads those sources as translators edit them, so it needs no access to the executable's module.
struct StringTableTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sources = repository.appendingPathComponent("Sources/checkpoint-station")

    @Test func tables_haveExactlyTheKeysOfText() throws {
        let keys = try Self.textCases()
        #expect(keys.count > 40)
        #expect(Set(try Self.table("Strings+English.swift").keys) == keys)
        #expect(Set(try Self.table("Strings+Chinese.swift").keys) == keys)
    }

    @Test func tables_useTheSamePlaceholdersAndAreNotEmpty() throws {
        let english = try Self.table("Strings+English.swift")
        let chinese = try Self.table("Strings+Chinese.swift")
        for (key, text) in english {
            let other = chinese[key] ?? ""
            #expect(!text.isEmpty && !other.isEmpty, "\(key) is empty")
            #expect(Self.placeholders(text) == Self.placeholders(other), "\(key): \(text) / \(other)")
        }
    }

    @Test func tables_chineseIsChinese() throws {
        let chinese = try Self.table("Strings+Chinese.swift")
        for key in [
            "verdictPass", "verdictFever", "verdictOffline", "verdictViolation", "statusWaiting",
            "verdictMayNotStartWork", "checkpointWorkplace", "checkpointVisit", "verdictVisitor", "verdictNotice",
        ] {
            let text = try #require(chinese[key])
            #expect(text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(key): \(text)")
        }
    }

    /// Issue 15 point 2: a violation at a workplace gate says what the notices say, in each language.
    @Test func tables_sayMayNotStartWorkInTheWordsOfTheIssue() throws {
        let english = try Self.table("Strings+English.swift")
        let chinese = try Self.table("Strings+Chinese.swift")
        #expect(english["verdictMayNotStartWork"] == "in quarantine: may not start work")
        #expect(chinese["verdictMayNotStartWork"] == "未满14天 不得上岗")
    }

    /// Issue 19: the verdicts `visitor` and `notice` say what the issue says, in each language.
    @Test func tables_sayVisitorAndNoticeInTheWordsOfTheIssue() throws {
        let english = try Self.table("Strings+English.swift")
        let chinese = try Self.table("Strings+Chinese.swift")
        #expect(english["verdictVisitor"] == "visitor: verify")
        #expect(chinese["verdictVisitor"] == "外来人员 请核实")
        #expect(english["verdictNotice"] == "notice: over the household's outing quota or out too long")
        #expect(chinese["verdictNotice"] == "出行提示：超出户出行限额或外出超时")
    }

    /// Issue 15 point 5: the `x` key, its mode line and the record it makes say "outside the city" (市外) in both
    /// languages; the Chinese texts call a checkpoint 卡点 and use no other word for either.
    @Test func tables_sayOutsideTheCityInBothLanguagesAndKaDianForCheckpoint() throws {
        let english = try Self.table("Strings+English.swift")
        let chinese = try Self.table("Strings+Chinese.swift")
        for key in ["outsideNext", "keysHelp", "kindEntryOutside"] {
            #expect(english[key]?.contains("outside the city") == true, "\(key): \(english[key] ?? "missing")")
            #expect(chinese[key]?.contains("来自市外") == true, "\(key): \(chinese[key] ?? "missing")")
        }
        let docs = try String(contentsOf: Self.repository.appendingPathComponent("docs/station.md"), encoding: .utf8)
        for (key, text) in chinese.sorted(by: { $0.key < $1.key }) {
            for word in Self.otherWords where text.contains(word) { Issue.record("\(key) says \(word): \(text)") }
        }
        for word in Self.otherWords { #expect(!docs.contains(word), "docs/station.md says \(word)") }
        // The screen drawn in docs/station.md is the screen the program draws.
        for table in [english, chinese] {
            #expect(docs.contains("  " + (table["keysHelp"] ?? "missing") + "\n"), "\(table["keysHelp"] ?? "")")
            #expect(docs.contains("[" + (table["outsideNext"] ?? "missing") + "]"), "\(table["outsideNext"] ?? "")")
            #expect(docs.contains("`" + (table["kindEntryOutside"] ?? "missing") + "`"))
        }
    }

    /// Words a Chinese text must not use: 外地 (from another place, not "outside the city"), and other names of a
    /// checkpoint (卡口, 检查站, 检查点).
    static let otherWords = ["外地", "卡口", "检查站", "检查点"]

    // MARK: reading the sources

    /// The cases of `enum Text` (`case name` lines in Text.swift).
    static func textCases() throws -> Set<String> {
        let source = try String(contentsOf: sources.appendingPathComponent("Text.swift"), encoding: .utf8)
        return Set(source.split(separator: "\n").compactMap { line -> String? in
            let words = line.split(separator: " ")
            return words.count == 2 && words[0] == "case" ? String(words[1]) : nil
        })
    }

    /// The `"key": "text" + "more",` entries of the dictionary literal in `file`.
    static func table(_ file: String) throws -> [String: String] {
        let source = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
        guard let start = source.range(of: "= [") else { throw TableError(file: file, problem: "no `= [`") }
        var tokens = Tokens(Array(source[start.upperBound...].unicodeScalars))
        var table: [String: String] = [:]
        while let token = tokens.next(), token != .close {
            guard case .string(let key) = token, tokens.next() == .colon, case .string(var text)? = tokens.next()
            else { throw TableError(file: file, problem: "unexpected \(token)") }
            var separator = tokens.next()
            while separator == .plus, case .string(let more)? = tokens.next() {
                text += more
                separator = tokens.next()
            }
            guard table[key] == nil else { throw TableError(file: file, problem: "\(key) twice") }
            table[key] = text
            if separator == .close { break }
            guard separator == .comma else { throw TableError(file: file, problem: "after \(key)") }
        }
        return table
    }

    static func placeholders(_ text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            found.append(String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return found.sorted()
    }

    struct TableError: Error, CustomStringConvertible {
        var file: String
        var problem: String
        var description: String { "\(file): \(problem)" }
    }

    enum Token: Equatable {
        case string(String)
        case colon, comma, plus, close
    }

    /// String literals (with `\"` and `\\` escapes) and the punctuation between them; `//` comments skipped.
    struct Tokens {
        let scalars: [Unicode.Scalar]
        var index = 0

        init(_ scalars: [Unicode.Scalar]) {
            self.scalars = scalars
        }

        mutating func next() -> Token? {
            while index < scalars.count {
                let scalar = scalars[index]
                index += 1
                switch scalar {
                case ":": return .colon
                case ",": return .comma
                case "+": return .plus
                case "]": return .close
                case "/" where index < scalars.count && scalars[index] == "/":
                    while index < scalars.count && scalars[index] != "\n" { index += 1 }
                case "\"":
                    var text = String.UnicodeScalarView()
                    while index < scalars.count && scalars[index] != "\"" {
                        if scalars[index] == "\\" { index += 1 }
                        if index < scalars.count { text.append(scalars[index]) }
                        index += 1
                    }
                    index += 1
                    return .string(String(text))
                default:
                    continue
                }
            }
            return nil
        }
    }
}
