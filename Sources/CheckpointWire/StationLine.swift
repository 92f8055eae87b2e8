import CheckpointCore

// One line read by `StationRequestParser`: its verb and fields, and the request made from them. Its building
// blocks: `PackedToken`, `StationKey`, `StationVerb`, `StationFields`; numbers are read from the bytes by Core's
// `ASCIIDigits` and `Temperature(plainReading:)`.

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
            let person = try person(fields[.person] ?? LineScanner.Value(start: 0, end: 0, escaped: false))
            return .lookup(person, document: try document(scannedWith: person))
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
        let token = fields[.token].map(string)
        if let token, let character = InertText.firstControlCharacter(in: token) {
            throw WireError(.field, InertText.refusal(field: "token", character: character))
        }
        return .hello(station: station, token: token)
    }

    private func record(_ kind: RecordKind) throws(WireError) -> Record {
        if fields[.seq] != nil, seq == nil {
            throw WireError(.seq, "seq must be a whole number from 1 to 9007199254740991 (2^53-1)")
        }
        try requireKeys()
        // Safe because seq and person are required (checked just above) and seq was validated.
        guard let seq, let personValue = fields[.person] else { throw WireError(.seq, "seq is missing") }
        // Each value is read into a local, in the order errors are reported (person, temp, ts, origin), and the
        // record is made once: a `Record` changed across `try`s is copied through its value witness.
        let person = try person(personValue)
        let document = try document(scannedWith: person)
        let temperature = try fields[.temp].map(temperature)
        let timestamp = try fields[.ts].map(timestamp)
        let origin = try fields[.origin].map(origin)
        let note = try fields[.note].map(note)
        return Record(
            kind: kind, seq: seq, person: person, document: document, temperature: temperature,
            timestamp: timestamp, origin: origin, note: note)
    }

    // MARK: values

    /// A note is free text for a terminal: a control character (a raw byte or one written in it) is refused.
    private func note(_ value: LineScanner.Value) throws(WireError) -> String {
        let text = string(value)
        if let character = InertText.firstControlCharacter(in: text) {
            throw WireError(.field, InertText.refusal(field: "note", character: character))
        }
        return text
    }

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

    /// `id=`, the document scanned together with the phone in `person=` (issue 15): a resident ID or an `other:` id,
    /// beside a phone. Its form is `E_PERSON` as `person=`'s is; a phone in `id=`, or `id=` beside a `person=` that
    /// is not a phone, is `E_FIELD`, saying what to send instead.
    private func document(scannedWith person: PersonID) throws(WireError) -> PersonID? {
        guard let value = fields[.id] else { return nil }
        let document: PersonID
        do throws(ValidationError) {
            document = try PersonID(parsing: string(value))
        } catch {
            throw WireError(.person, "id: " + error.message)
        }
        if document.isPhone {
            throw WireError(
                .field,
                "id= takes the resident ID or other:ID scanned with the phone; put the phone number in person=")
        }
        guard person.isPhone else {
            throw WireError(
                .field,
                """
                id= goes with a phone number in person=: send person=PHONE id=ID, or the ID alone in person=
                """)
        }
        return document
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
