/// Station lines for the differential tests: well-formed lines of every verb with good and bad values, the same
/// with a field dropped, repeated or added, bytes inserted, replaced or cut (quotes, backslashes, blanks, `=`,
/// invalid UTF-8, look-alike characters), and random token soup. Seeded, so a failure can be replayed.
struct StationLineGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    // MARK: random numbers (SplitMix64)

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }

    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    // MARK: vocabulary

    static let verbs = ["HELLO", "PING", "QUIT", "LOOKUP", "TEMP", "ENTRY", "EXIT"]
    static let oddVerbs = [
        "temp", "Temp", "ping", "hello", "FOO", "TEMPX", "TEM", "ENTRYY", "EXIT2", "LOO\u{212A}UP", "HÉLLO",
        "TEMP\u{0301}", "=TEMP", "TE=MP", "TE\"MP", "\"TEMP\"", "TE\\MP", "PING\r", "\u{0}", "ЕXIT", "QUIT;",
        "LOOKUP\u{037E}", "LOOKUPS", "HELLO_", "Ｔemp",
    ]
    static let keys = ["seq", "person", "temp", "ts", "note", "origin", "station", "token", "proto", "id"]
    static let oddKeys = [
        "Seq", "SEQ", "sEq", "seqq", "se", "s", "x", "k", "color", "Note", "note2", "tss", "t", "tem", "temps",
        "persons", "perso", "originn", "ID", "Id", "i", "idd", "ids", "stations", "tokens", "protocol", "é", "体温", "to\u{212A}en", "seq\u{0}",
        "person\u{0301}", "\u{212A}", String(repeating: "k", count: 40), String(repeating: "é", count: 20),
        "a\"b", "a\\b", "\r", "seq\r",
    ]

    mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(Unicode.Scalar(UInt8(48 + below(10)))) })
    }

    mutating func value(for key: String) -> String {
        switch key {
        case "seq":
            if chance(75) { return String(1 + below(99_999)) }
            return pick([
                "1", "42", "007", "0", "00", "-1", "+1", "1.0", "1e3", "0x10", "abc", "", "١", "1_000", "9007199254740991",
                "9007199254740992", "9223372036854775807", "99999999999999999999", "1234567890123456",
                "12345678901234567", "0000000000000001", "00000000000000001", "12345678", "123456789", "1 ",
                digits(1 + below(18)), "１２",
            ])
        case "person":
            if chance(70) { return "1" + digits(10) }
            return pick([
                "13800138000", "23800138000", "1380013800", "138001380001", "+8613800138000", "8613800138000",
                "86 138 0013 8000", "+86 138-0013-8000", "+86 13800138000", "+8513800138000", "+86138001380", "+",
                "11010519491231002X", "11010519491231002x", "110105194912310021", "11010519491231002", "11010519491231002Y",
                "other:E1234567", "other:", "other:" + String(repeating: "A", count: 32),
                "other:" + String(repeating: "A", count: 33), "other:a b", "other:é", "OTHER:x", "other:x:y", "a:b",
                "12345678901234567890", "1380013800a", "１３８００１３８０００", "", " ", "-", "138-0013-8000",
                "1 3800138000", digits(1 + below(20)), "1" + digits(10) + "\u{0301}", "1" + digits(7) + "é",
            ])
        case "id":
            if chance(60) { return pick(["11010519491231002X", "500227198501011230", "other:E1234567"]) }
            return pick([
                "11010519491231002x", "110105194912310021", "13800138000", "+86 138-0013-8000", "other:", "other:a b",
                "", "12345678901234567", digits(1 + below(20)),
            ])
        case "temp":
            if chance(70) { return "\(35 + below(3)).\(below(10))" }
            return pick([
                "36.6", "37", "37.0", "036.6", "0036.6", "36.66", "36.", "-36.6", "+36.6", "3e1", "36,6", "29.9",
                "30.0", "30", "45.0", "45", "45.1", "46", "450", "4500", "", ".5", "36.6.1", "a", "36.a", "3a.6",
                "99999999999999999999", "٣٦.٦", "36.6 ", digits(1 + below(5)), digits(below(4)) + "." + digits(below(3)),
            ])
        case "ts":
            if chance(60) { return "15810" + digits(8) }
            return pick([
                "1581034500000", "158103450000", "15810345000000", "0000000000000", "9999999999999",
                "2020-02-07T08:15:00+08:00", "2020-02-07T08:15:00Z", "2020-02-07t08:15:00z", "2020-02-07 08:15:00+08:00",
                "2020-02-07T08:15:00.123456789-05:30", "2020-02-07T08:15:00.1234567890Z", "2020-02-30T08:15:00Z",
                "2020-02-07T24:00:00Z", "2020-02-07T08:15:60Z", "2020-02-07T08:15:00", "2020-02-07T08:15:00+24:00",
                "2020-02-07", "yesterday", "", "1581034500000.5", "-1581034500000", "１５８１０３４５０００００",
                digits(10 + below(7)),
            ])
        case "note":
            return pick(["", "x", "bus", "gate 2", "say \"hi\"", "C:\\dir\\", "体温 正常", "a=b", "\t", "  ", "é", "x\ry"])
        case "origin":
            return pick(["local", "outside", "local", "outside", "Outside", "LOCAL", "abroad", "", "loca", "locall",
                         "outsidee", "local ", "ｌocal", "out\"side"])
        case "station":
            return pick([
                "S1", "gate-3.b_2", "-bad", "_bad", ".x", "", "a b", "a/b", "体", String(repeating: "s", count: 32),
                String(repeating: "s", count: 33), "S", "9", "S-", "S\u{212A}",
            ])
        case "token":
            return pick(["abc", "", "a b", "s3cr3t", "x\"y", "\\"])
        case "proto":
            return pick(["1", "1", "2", "0", "01", "", "１", "1.0", " 1"])
        default:
            return pick(["1", "x", "", "a b", "13800138000", "36.6"])
        }
    }

    /// A value as it goes on the line: bare when it can be, else quoted (sometimes quoted anyway).
    mutating func written(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.utf8.contains { $0 == 32 || $0 == 9 || $0 == 34 || $0 == 92 }
        if !needsQuotes && !chance(15) { return value }
        if value.isEmpty && chance(50) { return "" }
        var result = "\""
        for scalar in value.unicodeScalars {
            if scalar == "\"" || scalar == "\\" { result += "\\" }
            result.unicodeScalars.append(scalar)
        }
        return result + "\""
    }

    mutating func blank() -> String { pick([" ", " ", " ", "\t", "  ", " \t "]) }

    // MARK: lines

    static let takes: [String: (required: [String], optional: [String])] = [
        "HELLO": (["station"], ["token", "proto"]),
        "PING": ([], []),
        "QUIT": ([], []),
        "LOOKUP": (["person"], ["id"]),
        "TEMP": (["seq", "person", "temp"], ["id", "ts", "note"]),
        "ENTRY": (["seq", "person"], ["id", "temp", "ts", "origin", "note"]),
        "EXIT": (["seq", "person"], ["id", "temp", "ts", "note"]),
    ]

    mutating func line() -> [UInt8] {
        switch below(10) {
        case 0: return soup()
        case 1, 2, 3: return mutated(Array(structured().utf8))
        default: return Array(structured().utf8)
        }
    }

    /// A line of a verb with its keys (some left out, some added or repeated) in any order.
    mutating func structured() -> String {
        let verb = chance(90) ? pick(Self.verbs) : pick(Self.oddVerbs)
        let takes = Self.takes[verb] ?? (["seq", "person"], ["temp"])
        var keys = takes.required.filter { _ in !chance(5) } + takes.optional.filter { _ in chance(40) }
        if chance(8) { keys.append(pick(Self.keys)) }
        if chance(5) { keys.append(pick(Self.oddKeys)) }
        if chance(5), let key = keys.first { keys.append(key) }
        if !chance(30) { keys.shuffle(using: &self) }
        var line = chance(10) ? blank() : ""
        line += verb
        for key in keys {
            line += blank() + key + "=" + written(value(for: key))
        }
        if chance(10) { line += blank() }
        return line
    }

    static let insertions: [[UInt8]] = [
        [32], [9], [34], [92], [61], [34, 34], [92, 34], [92, 92], [92, 110], [0], [13], [10], [0x7F],
        [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE4, 0xBD], [0xF4, 0x90, 0x80, 0x80], [0x80],
        Array("é".utf8), Array("体".utf8), Array("\u{212A}".utf8), Array("\u{0301}".utf8), Array("x=1".utf8),
        Array(" seq=5".utf8), Array(" seq=0".utf8), Array(" person=13800138000".utf8), Array(" k=\"".utf8),
        Array("=".utf8), Array("a".utf8), Array("1".utf8), Array(".".utf8),
    ]

    /// A line with a few bytes inserted, replaced, removed, or the end cut off.
    mutating func mutated(_ line: [UInt8]) -> [UInt8] {
        var bytes = line
        for _ in 0..<(1 + below(3)) {
            let position = below(bytes.count + 1)
            switch below(5) {
            case 0, 1:
                bytes.insert(contentsOf: pick(Self.insertions), at: position)
            case 2 where position < bytes.count:
                bytes[position] = pick(Self.insertions)[0]
            case 3 where position < bytes.count:
                bytes.remove(at: position)
            default:
                bytes.removeSubrange(position...)
            }
        }
        return bytes
    }

    /// Random tokens from the vocabulary, or random bytes.
    mutating func soup() -> [UInt8] {
        if chance(20) {
            let alphabet = Array("AZaz09=\" \t\\.:+-".utf8) + [0, 13, 0x80, 0xC3, 0xA9, 0xFF]
            return (0..<below(40)).map { _ in pick(alphabet) }
        }
        var line = chance(80) ? pick(Self.verbs + Self.oddVerbs) : ""
        for _ in 0..<below(8) {
            line += blank()
            switch below(6) {
            case 0: line += pick(Self.oddKeys) + "=" + written(pick(["1", "x", "", "a b"]))
            case 1: line += pick(["bare", "=", "=x", "\"", "k=\"open", "k=a\"b", "k=\"a\"b", "k=\"a\\x\""])
            default:
                let key = pick(Self.keys)
                line += key + "=" + written(value(for: key))
            }
        }
        return Array(line.utf8)
    }
}

extension StationLineGenerator: RandomNumberGenerator {}
