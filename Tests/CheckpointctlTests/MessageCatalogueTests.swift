import Foundation
import Testing

@testable import checkpointctl

/// Issue 16 point 5: every text checkpointctl shows has its Chinese, with the same placeholders, and is Chinese.
///
/// The sources are read as translators and reviewers read them: every `L("...")` and `L.word("...")`, every
/// column title and every key of the daemon-text tables must be in ``Messages/chinese``.
struct MessageCatalogueTests {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/checkpointctl")

    @Test func everyTextTheSourcesShow_hasChinese() throws {
        let texts = try Self.textsInSources()
        #expect(texts.count > 150)
        let keys = texts.union(AlertDetailText.keys.values).union(WireErrorText.english.values)
            .union(["arrival from outside the city"]).union(try Self.countedNouns().map { "{1} \($0)s" })
        for key in keys.sorted() {
            #expect(Messages.chinese[key] != nil, "no Chinese for \(key.debugDescription)")
        }
    }

    @Test func everyEntry_isChinese_withTheSamePlaceholders() {
        #expect(Messages.chinese.count > 200)
        for (english, chinese) in Messages.chinese {
            #expect(!chinese.isEmpty, "\(english)")
            #expect(Messages.placeholders(in: english) == Messages.placeholders(in: chinese), "\(english) / \(chinese)")
            // Punctuation-only entries (`, `) are the only ones without a Chinese character.
            let letters = english.unicodeScalars.contains { $0.properties.isAlphabetic }
            #expect(!letters || chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(english)")
            // A checkpoint is 卡点 (as on the terminal), never 卡口 or 检查站.
            #expect(!["卡口", "检查站", "检查点", "外地"].contains { chinese.contains($0) }, "\(english) / \(chinese)")
        }
    }

    /// The Chinese texts are two tables merged (issue 19's apart); a key in both would hide one translation.
    @Test func chineseTables_shareNoKey() {
        let shared = Set(Messages.chineseGeneral.keys).intersection(Messages.chineseResidentsAndSites.keys)
        #expect(shared.isEmpty, "\(shared.sorted())")
        #expect(Messages.chinese.count == Messages.chineseGeneral.count + Messages.chineseResidentsAndSites.count)
    }

    @Test func messages_fillPlaceholdersInEitherOrder() {
        let english = Messages(language: .en)
        let chinese = Messages(language: .zh)
        #expect(english("order {1} for {2}: {3} until {4}", "1", "P", "a", "b") == "order 1 for P: a until b")
        #expect(chinese("station {1} added at checkpoint {2}", "s-1", "gate-3") == "已在卡点 gate-3 添加站点 s-1")
        #expect(english.count(1, "record") == "1 record" && english.count(3, "record") == "3 records")
        #expect(chinese.count(3, "record") == "3 条记录")
        #expect(chinese.word("FUTURE_WORD") == "FUTURE_WORD", "a word from a newer daemon is shown as sent")
    }

    @Test(arguments: [
        ([], [:], Language.en),
        ([], ["LANG": "zh_CN.UTF-8"], .zh),
        ([], ["LC_ALL": "C", "LANG": "zh_CN.UTF-8"], .en),
        ([], ["LC_ALL": "", "LC_MESSAGES": "zh_SG", "LANG": "en_GB"], .zh),
        (["status", "--lang", "en"], ["LANG": "zh_CN.UTF-8"], .en),
        (["status", "--lang=zh"], [:], .zh),
        (["status", "--lang", "fr"], ["LANG": "zh_CN.UTF-8"], .zh),
        (["trace", "--", "--lang", "en"], ["LANG": "zh_CN.UTF-8"], .zh),
    ])
    func language_fromArgumentsAndLocale(arguments: [String], environment: [String: String], expected: Language) {
        #expect(Language.forProcess(arguments: arguments, environment: environment) == expected)
    }

    @Test(arguments: [
        ("2026-12-05T10:57:15.566+08:00", "2026-12-05 10:57"),
        ("2026-12-05T00:00:00+08:00", "2026-12-05 00:00"),
        ("2026-12-04T23:59:59-05:00", "2026-12-04 23:59"),
        ("2026-12-05T02:57:15Z", "2026-12-05 02:57"),
        ("2026-12-05T02:57+00:00", "2026-12-05 02:57"),
    ])
    func localTime_isTheDaemonsClockTimeToTheMinute(rfc3339: String, shown: String) {
        #expect(LocalTimeText.shortened(rfc3339) == shown)
    }

    @Test(arguments: ["gate-3", "2026-12-05", "2026-12-05T10:57", "2026-12-05T10:57:15+0800", "note 2026-12-05T10:57Z",
        "2026-12-05T10:57:15.+08:00", "24h", ""])
    func localTime_leavesOtherTextAlone(text: String) {
        #expect(LocalTimeText.shortened(text) == nil)
    }

    /// `L("...")`, `L.word("...")`, `title: "..."` and the column lists of `stats` in the ctl sources.
    static func textsInSources() throws -> Set<String> {
        var texts: Set<String> = []
        let files = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { $0.hasSuffix(".swift") }
        for file in files where !file.hasPrefix("Messages") {
            let source = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for opener in ["L(\"", "L(\n", "L.word(\"", "title: \""] {
                var rest = Substring(source)
                while let found = rest.range(of: opener) {
                    rest = rest[found.upperBound...]
                    var literal = rest
                    if opener == "L(\n" {
                        literal = literal.drop { $0 == " " }
                        guard literal.first == "\"" else { continue }
                        literal = literal.dropFirst()
                    }
                    if let text = Self.literal(literal) { texts.insert(text) }
                }
            }
        }
        return texts
    }

    /// The nouns of `Stats.count(n, "noun")` (`L.count`), whose plurals `{1} nouns` the table has.
    static func countedNouns() throws -> Set<String> {
        let pattern = try NSRegularExpression(pattern: #"count\((?:[^()]|\([^()]*\))*, "([a-z ]+)"\)"#)
        var nouns: Set<String> = []
        let files = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { $0.hasSuffix(".swift") }
        for file in files where file != "ClearanceCheck.swift" {
            let source = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            let range = NSRange(source.startIndex..., in: source)
            for match in pattern.matches(in: source, range: range) {
                if let noun = Range(match.range(at: 1), in: source) { nouns.insert(String(source[noun])) }
            }
        }
        return nouns
    }

    /// The string literal starting at `text` (after its opening quote), with `"..." + "..."` continuations.
    static func literal(_ text: Substring) -> String? {
        var result = ""
        var rest = text
        while true {
            var escaped = false
            guard let close = rest.firstIndex(where: { character in
                defer { escaped = character == "\\" && !escaped }
                return character == "\"" && !escaped
            }) else { return nil }
            let piece = String(rest[..<close])
            if piece.contains("\\(") { return nil }
            result += piece.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
            rest = rest[rest.index(after: close)...]
            let next = rest.drop { $0 == " " || $0 == "\n" }
            guard next.hasPrefix("+ \"") else { return result }
            rest = next.dropFirst(3)
        }
    }
}
