import CheckpointCore

// The pieces of `StationRequestParser`: verbs and keys recognised by their bytes, the fields of one line in fixed
// slots, and the request made from them.

/// Up to 7 bytes of a token packed little-endian into a word with the length in the top byte, so that a verb, a
/// key or an `origin` value is recognised by one integer comparison. The constants compared against are such words:
/// `0x0300_0000_0071_6573` is `seq` (length 3; `q` 0x71, `e` 0x65, `s` 0x73, the first byte lowest). Empty tokens
/// and tokens longer than 7 bytes pack to 0, which no name has. (The differential tests check every name against
/// the String-based parser this replaced.)
enum PackedToken {
    @inline(__always)
    static func word(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        let count = range.count
        guard count > 0 && count <= 7 else { return 0 }
        let length = UInt64(truncatingIfNeeded: count) &<< 56
        if range.lowerBound &+ 8 <= bytes.count {
            let mask: UInt64 = (1 &<< (UInt64(truncatingIfNeeded: count) &* 8)) &- 1
            return LineScanner.load(bytes, at: range.lowerBound) & mask | length
        }
        var word = length
        var shift: UInt64 = 0
        for index in range {
            word |= UInt64(bytes[index]) &<< shift
            shift &+= 8
        }
        return word
    }

    static func word(_ bytes: UnsafeBufferPointer<UInt8>, _ value: LineScanner.Value) -> UInt64 {
        // An escaped value has a quote or backslash in it, so it is never one of the names compared against.
        value.escaped ? 0 : word(bytes, value.start..<value.end)
    }
}

/// The keys of the station protocol, each a bit of `StationKeys`.
enum StationKey: Int, CaseIterable {
    case seq, person, temp, ts, note, origin, station, token, proto

    @inline(__always)
    init?(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        let word = PackedToken.word(bytes, range)
        // By length first: then one or two comparisons.
        switch range.count {
        case 2 where word == 0x0200_0000_0000_7374: self = .ts
        case 3 where word == 0x0300_0000_0071_6573: self = .seq
        case 4 where word == 0x0400_0000_706d_6574: self = .temp
        case 4 where word == 0x0400_0000_6574_6f6e: self = .note
        case 5 where word == 0x0500_006e_656b_6f74: self = .token
        case 5 where word == 0x0500_006f_746f_7270: self = .proto
        case 6 where word == 0x0600_6e6f_7372_6570: self = .person
        case 6 where word == 0x0600_6e69_6769_726f: self = .origin
        case 7 where word == 0x076e_6f69_7461_7473: self = .station
        default: return nil
        }
    }

    var name: String {
        switch self {
        case .seq: "seq"
        case .person: "person"
        case .temp: "temp"
        case .ts: "ts"
        case .note: "note"
        case .origin: "origin"
        case .station: "station"
        case .token: "token"
        case .proto: "proto"
        }
    }

    var bit: StationKeys { StationKeys(rawValue: 1 << UInt16(rawValue)) }
}

struct StationKeys: OptionSet {
    var rawValue: UInt16

    /// The names of these keys in alphabetical order (as messages list them).
    var sortedNames: [String] {
        StationKey.allCases.filter { contains($0.bit) }.map(\.name).sorted()
    }
}

/// The verbs of the station protocol, with the keys each takes.
enum StationVerb {
    case hello, ping, quit, lookup, temp, entry, exit, unknown

    init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        switch PackedToken.word(bytes, range) {
        case 0x0500_004f_4c4c_4548: self = .hello
        case 0x0400_0000_474e_4950: self = .ping
        case 0x0400_0000_5449_5551: self = .quit
        case 0x0600_5055_4b4f_4f4c: self = .lookup
        case 0x0400_0000_504d_4554: self = .temp
        case 0x0500_0059_5254_4e45: self = .entry
        case 0x0400_0000_5449_5845: self = .exit
        default:
            self = range.contains { bytes[$0] >= 0x80 } ? StationVerb(text: LineScanner.string(bytes, range)) : .unknown
        }
    }

    /// A verb with non-ASCII bytes, compared as Strings compare: by canonical equivalence, so that `LOOKUP`
    /// spelled with U+212A KELVIN SIGN stays the `LOOKUP` it always was.
    private init(text: String) {
        switch text {
        case "HELLO": self = .hello
        case "PING": self = .ping
        case "QUIT": self = .quit
        case "LOOKUP": self = .lookup
        case "TEMP": self = .temp
        case "ENTRY": self = .entry
        case "EXIT": self = .exit
        default: self = .unknown
        }
    }

    /// Every key the verb takes.
    var keys: StationKeys {
        switch self {
        case .hello: [.station, .token, .proto]
        case .ping, .quit, .unknown: []
        case .lookup: [.person]
        case .temp, .exit: [.seq, .person, .temp, .ts, .note]
        case .entry: [.seq, .person, .temp, .ts, .origin, .note]
        }
    }

    /// The keys the verb cannot do without.
    var required: StationKeys {
        switch self {
        case .hello: [.station]
        case .ping, .quit, .unknown: []
        case .lookup: [.person]
        case .temp: [.seq, .person, .temp]
        case .entry, .exit: [.seq, .person]
        }
    }
}

extension StationKeys {
    static let seq = StationKeys(rawValue: 1 << 0)
    static let person = StationKeys(rawValue: 1 << 1)
    static let temp = StationKeys(rawValue: 1 << 2)
    static let ts = StationKeys(rawValue: 1 << 3)
    static let note = StationKeys(rawValue: 1 << 4)
    static let origin = StationKeys(rawValue: 1 << 5)
    static let station = StationKeys(rawValue: 1 << 6)
    static let token = StationKeys(rawValue: 1 << 7)
    static let proto = StationKeys(rawValue: 1 << 8)
}

/// The fields of one line in a slot per key, filled as the scanner reads them.
struct StationFields {
    enum Problem {
        /// The first field whose key the verb does not take.
        case unknown(key: Range<Int>)
        /// The first key given twice.
        case repeated(StationKey)
    }

    let allowed: StationKeys
    private(set) var given: StationKeys = []
    /// The first unknown or repeated key, in field order; later fields are still read (for syntax and `seq`).
    private(set) var problem: Problem?
    /// The first `seq=` field of the line, whatever the verb takes (its value is echoed in `ERR`).
    private(set) var firstSeq: LineScanner.Value?
    private var values = Slots()

    init(allowed: StationKeys) {
        self.allowed = allowed
    }

    mutating func add(_ field: LineScanner.Field, _ bytes: UnsafeBufferPointer<UInt8>) {
        let key = StationKey(bytes, field.key)
        if key == .seq && firstSeq == nil {
            firstSeq = field.value
        }
        guard problem == nil else { return }
        guard let key, allowed.contains(key.bit) else {
            problem = .unknown(key: field.key)
            return
        }
        guard !given.contains(key.bit) else {
            problem = .repeated(key)
            return
        }
        given.insert(key.bit)
        values[key] = field.value
    }

    /// The value of a key the line gave.
    @inline(__always)
    subscript(key: StationKey) -> LineScanner.Value? {
        given.contains(key.bit) ? values[key] : nil
    }

    /// The seq to echo in `ERR`: the first `seq=` field, if it is a whole number from 1 to 2^53-1.
    func echoSeq(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let value = firstSeq, !value.escaped, (1...16).contains(value.count),
            let number = StationLine.digits(bytes, value), number >= 1, number <= StationRequestParser.maximumSeq
        else { return nil }
        return number
    }

    /// One value per key, without an array (no allocation per line).
    private struct Slots {
        private static let none = LineScanner.Value(start: 0, end: 0, escaped: false)
        private var seq = none, person = none, temp = none, ts = none, note = none, origin = none
        private var station = none, token = none, proto = none

        subscript(key: StationKey) -> LineScanner.Value {
            @inline(__always)
            get {
                switch key {
                case .seq: seq
                case .person: person
                case .temp: temp
                case .ts: ts
                case .note: note
                case .origin: origin
                case .station: station
                case .token: token
                case .proto: proto
                }
            }
            set {
                switch key {
                case .seq: seq = newValue
                case .person: person = newValue
                case .temp: temp = newValue
                case .ts: ts = newValue
                case .note: note = newValue
                case .origin: origin = newValue
                case .station: station = newValue
                case .token: token = newValue
                case .proto: proto = newValue
                }
            }
        }
    }
}

/// One line: its verb, its fields as the scanner reads them, and once it has been read without a syntax error,
/// the request made from them.
struct StationLine {
    let bytes: UnsafeBufferPointer<UInt8>
    let verbRange: Range<Int>
    let verb: StationVerb
    var fields: StationFields
    /// The valid seq read from the line (see `StationFields.echoSeq`), set once every field has been read.
    var seq: Int64?

    init(bytes: UnsafeBufferPointer<UInt8>, verbRange: Range<Int>, verb: StationVerb) {
        self.bytes = bytes
        self.verbRange = verbRange
        self.verb = verb
        fields = StationFields(allowed: verb.keys)
    }

    func request() throws(WireError) -> StationRequest {
        if verb == .unknown {
            throw unknownVerb()
        }
        if let problem = fields.problem {
            throw fieldError(problem)
        }
        switch verb {
        case .hello:
            return try hello()
        case .ping:
            return .ping
        case .quit:
            return .quit
        case .lookup:
            try requireKeys()
            // Safe because person is required (checked just above).
            return .lookup(try person(fields[.person] ?? LineScanner.Value(start: 0, end: 0, escaped: false)))
        case .temp:
            return .record(try record(.temp))
        case .entry:
            return .record(try record(.entry))
        case .exit:
            return .record(try record(.exit))
        case .unknown:
            throw unknownVerb()
        }
    }

    private func hello() throws(WireError) -> StationRequest {
        try requireKeys()
        if let value = fields[.proto] {
            let proto = string(value)
            if proto != String(WireProtocol.stationVersion) {
                throw WireError(.field, "proto=\(proto) is not supported; this server speaks proto=1")
            }
        }
        // Safe because station is required (checked just above).
        let station = fields[.station].map(string) ?? ""
        guard Identifier.isValid(station) else {
            throw WireError(.field, "station must be 1-32 of A-Z a-z 0-9 _ . - starting with a letter or digit")
        }
        return .hello(station: station, token: fields[.token].map(string))
    }

    private func record(_ kind: RecordKind) throws(WireError) -> RecordRequest {
        if fields[.seq] != nil, seq == nil {
            throw WireError(.seq, "seq must be a whole number from 1 to 9007199254740991 (2^53-1)")
        }
        try requireKeys()
        // Safe because seq and person are required (checked just above) and seq was validated.
        guard let seq, let personValue = fields[.person] else { throw WireError(.seq, "seq is missing") }
        var record = RecordRequest(
            kind: kind, seq: seq, person: try person(personValue), temperature: nil, timestamp: nil, origin: nil,
            note: fields[.note].map(string))
        if let value = fields[.temp] {
            record.temperature = try temperature(value)
        }
        if let value = fields[.ts] {
            record.timestamp = try timestamp(value)
        }
        if let value = fields[.origin] {
            record.origin = try origin(value)
        }
        return record
    }

    // MARK: values

    /// An 11-digit mobile number is read here; every other form through `PersonID(parsing:)`.
    private func person(_ value: LineScanner.Value) throws(WireError) -> PersonID {
        if !value.escaped, value.count == 11, bytes[value.start] == UInt8(ascii: "1"),
            StationLine.digits(bytes, value) != nil
        {
            return .phone(string(value))
        }
        do throws(ValidationError) {
            return try PersonID(parsing: string(value))
        } catch {
            throw WireError(.person, error.message)
        }
    }

    /// `D[D[D]][.D]` within the accepted range is read here; anything else through `Temperature(parsing:)`.
    private func temperature(_ value: LineScanner.Value) throws(WireError) -> Temperature {
        if !value.escaped,
            let reading = Temperature(plainReading: UnsafeBufferPointer(rebasing: bytes[value.start..<value.end]))
        {
            return reading
        }
        do throws(ValidationError) {
            return try Temperature(parsing: string(value))
        } catch {
            throw WireError(.temperature, error.message)
        }
    }

    /// 13 digits of Unix milliseconds are read here; anything else through `Timestamp(wire:)`.
    private func timestamp(_ value: LineScanner.Value) throws(WireError) -> Timestamp {
        if !value.escaped, value.count == Timestamp.wireMillisecondDigits,
            let milliseconds = StationLine.digits(bytes, value)
        {
            return Timestamp(milliseconds: milliseconds)
        }
        do throws(ValidationError) {
            return try Timestamp(wire: string(value))
        } catch {
            throw WireError(.time, error.message)
        }
    }

    private func origin(_ value: LineScanner.Value) throws(WireError) -> Origin {
        switch PackedToken.word(bytes, value) {
        case 0x0500_006c_6163_6f6c: return .local
        case 0x0765_6469_7374_756f: return .outside
        default:
            guard let origin = Origin(rawValue: string(value)) else {
                throw WireError(.field, "origin must be local or outside")
            }
            return origin
        }
    }

    private func string(_ value: LineScanner.Value) -> String {
        LineScanner.string(bytes, value)
    }

    /// The value of the digits `value` covers (Core's one digits parser, on the receive buffer in place), or
    /// `nil` if a byte is not a digit.
    static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ value: LineScanner.Value) -> Int64? {
        ASCIIDigits.value(UnsafeBufferPointer(rebasing: bytes[value.start..<value.end]))
    }

    // MARK: errors

    private var verbText: String { LineScanner.string(bytes, verbRange) }

    private func unknownVerb() -> WireError {
        let verb = verbText
        if verb.uppercased() != verb || verb.contains(where: { !$0.isASCII }) {
            return WireError(
                .verb,
                """
                verbs are upper case: HELLO, PING, QUIT, TEMP, ENTRY, EXIT, LOOKUP
                """)
        }
        return WireError(.verb, "unknown verb; expected HELLO, PING, QUIT, TEMP, ENTRY, EXIT or LOOKUP")
    }

    private func fieldError(_ problem: StationFields.Problem) -> WireError {
        switch problem {
        case .unknown(let keyRange):
            let key = LineScanner.string(bytes, keyRange)
            let allowed = verb.keys.sortedNames
            let hint =
                allowed.isEmpty ? "\(verbText) takes no fields" : "\(verbText) takes \(allowed.joined(separator: ", "))"
            return WireError(.field, "unknown key \(LineTokenizer.quoteIfNeeded(String(key.prefix(32)))): \(hint)")
        case .repeated(let key):
            return WireError(.field, "\(key.name) is given twice")
        }
    }

    /// `E_FIELD` naming every required key the line lacks.
    private func requireKeys() throws(WireError) {
        let missing = verb.required.subtracting(fields.given)
        guard missing.isEmpty else {
            throw WireError(.field, "\(verbText) needs \(missing.sortedNames.joined(separator: ", "))")
        }
    }
}
