import CheckpointCore
import CheckpointWire
import Testing

/// Both directions of the station protocol agree: every request the encoder writes, the server's parser reads back
/// as the same request; every reply the server renders, the decoder reads back as the same reply. Generated with
/// a seed, so a failure can be replayed.
@Suite struct StationRoundTripTests {
    static let seeds: [UInt64] = [1, 2, 3, 4]
    static let casesPerSeed = 1_000

    @Test(arguments: seeds)
    func parse_whenRequestRendered_givesTheRequestBack(seed: UInt64) {
        var generator = StationValueGenerator(seed: seed)
        for _ in 0..<Self.casesPerSeed {
            let request = generator.request()
            var line = ""
            request.append(to: &line, announcingProtocol: generator.chance(50))
            do throws(StationRequestError) {
                let parsed = try StationRequestParser.parse(line.utf8)
                #expect(parsed == request, "seed \(seed): \(line)")
            } catch {
                Issue.record("seed \(seed): \(line) was refused: \(error)")
            }
        }
    }

    @Test(arguments: seeds)
    func parse_whenReplyRendered_givesTheReplyBack(seed: UInt64) {
        var generator = StationValueGenerator(seed: seed)
        for _ in 0..<Self.casesPerSeed {
            let reply = generator.reply()
            let zone = FixedOffsetZone(seconds: generator.offsetSeconds())
            let line = reply.render(in: zone)
            do throws(StationReplyError) {
                let parsed = try StationReply(parsing: line)
                #expect(parsed == reply, "seed \(seed): \(line)")
            } catch {
                Issue.record("seed \(seed): \(line) was refused: \(error)")
            }
        }
    }

    @Test(arguments: seeds)
    func render_whenEveryKindGenerated_coversEveryKind(seed: UInt64) {
        var generator = StationValueGenerator(seed: seed)
        var requestKinds = Set<String>()
        var replyKinds = Set<String>()
        for _ in 0..<Self.casesPerSeed {
            requestKinds.insert(String(generator.request().line.prefix { $0 != " " }))
            replyKinds.insert(String(generator.reply().render(in: FixedOffsetZone.utc).prefix(4)))
        }
        #expect(requestKinds == ["HELLO", "PING", "QUIT", "LOOKUP", "TEMP", "ENTRY", "EXIT"])
        #expect(replyKinds == ["OK H", "PONG", "BYE", "OK s", "DUP ", "OK p", "ERR "])
    }
}

/// Valid requests and replies of every kind, with values at their edges and text that needs quoting.
struct StationValueGenerator {
    private var random: StationLineGenerator

    init(seed: UInt64) {
        random = StationLineGenerator(seed: seed)
    }

    mutating func chance(_ percent: Int) -> Bool { random.chance(percent) }

    // MARK: requests

    mutating func request() -> StationRequest {
        switch random.below(7) {
        case 0: return .hello(station: identifier(), token: chance(70) ? inertText() : nil)
        case 1: return .ping
        case 2: return .quit
        case 3:
            let person = person()
            return .lookup(person, document: person.isPhone && chance(40) ? document() : nil)
        default: return .record(record())
        }
    }

    mutating func record() -> Record {
        let kind = random.pick(RecordKind.allCases)
        let person = person()
        return Record(
            kind: kind, seq: seq(), person: person, document: person.isPhone && chance(40) ? document() : nil,
            temperature: kind == .temp || chance(50) ? temperature() : nil,
            timestamp: chance(70) ? timestamp() : nil,
            origin: kind == .entry && chance(60) ? random.pick([Origin.local, .outside]) : nil,
            note: chance(30) ? inertText() : nil)
    }

    mutating func person() -> PersonID {
        switch random.below(3) {
        case 0:
            return .phone("1" + random.digits(10))
        case 1:
            // A resident ID with its check character, from a storage key (1e18 + the first 17 digits).
            let key = 1_000_000_000_000_000_000 + Int64(random.below(100_000_000)) * 1_000_000_000
                + Int64(random.below(1_000_000_000))
            return PersonID(storageKey: key) ?? .phone("13800138000")
        default:
            let alphabet = Array("ABCXYZabcxyz0189_.-")
            let count = 1 + random.below(PersonID.otherMaximumLength)
            return .other("E" + String((1..<count).map { _ in random.pick(alphabet) }))
        }
    }

    /// A resident ID or an `other:` id: what `id=` carries beside a phone (issue 15).
    mutating func document() -> PersonID {
        var document = person()
        while document.isPhone { document = person() }
        return document
    }

    mutating func seq() -> Int64 {
        random.pick([1, StationRequestParser.maximumSeq, 1 + Int64(random.below(1_000_000))])
    }

    mutating func temperature() -> Temperature {
        Temperature(tenths: random.pick([300, 450, 373, 300 + random.below(151)]))
    }

    /// Mostly 13-digit Unix milliseconds; sometimes an instant 13 digits cannot write (before 2001-09-09 or after
    /// 2286-11-20, up to the year 8000).
    mutating func timestamp() -> Timestamp {
        switch random.below(4) {
        case 0: return Timestamp(milliseconds: Int64(random.next() % 1_000_000_000_000))
        case 1: return Timestamp(milliseconds: 10_000_000_000_000 + Int64(random.next() % 190_000_000_000_000))
        default: return Timestamp(milliseconds: 1_000_000_000_000 + Int64(random.next() % 9_000_000_000_000))
        }
    }

    mutating func identifier() -> String {
        let first = Array("ASZ09az")
        let rest = Array("ABCabc019_.-")
        return String(random.pick(first)) + String((0..<random.below(32)).map { _ in random.pick(rest) })
    }

    /// Text with blanks, quotes, backslashes, `=`, commas and non-ASCII (no line ends: a line cannot carry one).
    /// Text without control characters: a note and a token refuse them, and an error message is written with
    /// them escaped, so only inert text comes back as it went.
    mutating func inertText() -> String {
        String(text().map { $0 == "\t" ? " " : $0 })
    }

    mutating func text() -> String {
        let pieces = ["a", "Z", "7", " ", "\t", "\"", "\\", "=", ",", "-", "é", "体温", "\u{212A}", ":", "#", "'"]
        return (0..<random.below(12)).map { _ in random.pick(pieces) }.joined()
    }

    // MARK: replies

    mutating func reply() -> StationReply {
        switch random.below(7) {
        case 0:
            return .hello(
                station: identifier(), checkpoint: identifier(),
                serverVersion: random.pick(["0.1.0", "1.2.3", "2.0.0-rc.1", "1.0.0+build.7"]),
                feverThreshold: temperature(), kind: random.pick(CheckpointKind.allCases))
        case 1: return .pong
        case 2: return .bye
        case 3: return .ok(seq: seq(), receipt())
        case 4: return .duplicate(seq: seq(), receipt())
        case 5:
            let until = chance(50) ? timestamp() : nil
            // The daemon names the order in force both ways (`why=quarantine` shares `until=`), so the generator
            // does too; nil is a daemon older than `clear=`.
            let clearance: Clearance? =
                if let until, chance(80) { .quarantine(until: until) } else {
                    random.pick([nil, Clearance.clear, .fever(since: timestamp())])
                }
            return .lookup(
                maskedPerson: chance(50) ? person().masked : text(), quarantineUntil: until,
                lastTemperature: chance(70) ? temperature() : nil, clearance: clearance, checkID: chance(30))
        default:
            let codes: [WireErrorCode] = [
                .syntax, .verb, .field, .person, .temperature, .time, .seq, .auth, .tooLong, .busy, .unavailable,
            ]
            return .error(seq: chance(30) ? nil : seq(), WireError(random.pick(codes), inertText()))
        }
    }

    mutating func receipt() -> RecordReceipt {
        RecordReceipt(
            id: random.pick([1, Int64.max, 1 + Int64(random.below(10_000_000))]),
            verdicts: Verdicts(rawValue: random.below(16)),
            alertIDs: (0..<random.pick([0, 0, 1, 3])).map { _ in 1 + Int64(random.below(100_000)) },
            quarantineUntil: chance(40) ? timestamp() : nil)
    }

    /// A display zone's offset: whole hours, half hours, odd minutes and offsets with seconds (written truncated
    /// to minutes, still the same instant).
    mutating func offsetSeconds() -> Int {
        random.pick([0, 8 * 3600, -5 * 3600, 5 * 3600 + 1800, 23 * 3600 + 59 * 60, -(23 * 3600 + 59 * 60), 1234, -86])
    }
}
