import CheckpointCore

/// A reply line that is not one the daemon writes (see `StationReply.init(parsing:)`).
public struct StationReplyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// The client half of the station protocol's replies: a reply line read back into the `StationReply` that
/// `render(in:)` wrote it from. `checkpoint-station`, the bench and the test support read replies with this.
extension StationReply {
    /// Reads one reply line (without its line end), in the line grammar of the requests (`LineScanner`).
    ///
    /// Fields may come in any order. Keys this build does not know are skipped, and so are verdict names in
    /// `verdict=` (a newer daemon may add some); a missing, repeated or malformed field, an unknown verb or an `OK`
    /// that is neither `OK HELLO`, a record's `OK seq=` nor a lookup's `OK person=` is a `StationReplyError`.
    /// Times (`until=`) come back as the instant they denote, whatever offset they were written in.
    public init(parsing line: some Collection<UInt8>) throws(StationReplyError) {
        let result =
            line.withContiguousStorageIfAvailable(StationReply.decode(bytes:))
            ?? Array(line).withUnsafeBufferPointer(StationReply.decode(bytes:))
        self = try result.get()
    }

    public init(parsing line: String) throws(StationReplyError) {
        try self.init(parsing: line.utf8)
    }

    private static func decode(bytes: UnsafeBufferPointer<UInt8>) -> Result<StationReply, StationReplyError> {
        guard LineScanner.isValidUTF8(bytes) else { return .failure(StationReplyError("the reply is not UTF-8")) }
        // The daemon writes every text inert (control characters escaped), so one in a reply means it came from
        // something else; a terminal must not put it on the screen.
        if let position = StationReply.firstControlCharacter(in: bytes) {
            return .failure(StationReplyError("the reply holds a control character at byte \(position + 1)"))
        }
        var scanner = LineScanner(bytes)
        guard let verbRange = scanner.verb() else { return .failure(StationReplyError("the reply is empty")) }
        var verb = LineScanner.string(bytes, verbRange)
        if verb == "OK" {
            // `OK HELLO`: the second word belongs to the verb.
            var ahead = scanner
            if let word = ahead.verb(), LineScanner.string(bytes, word) == "HELLO" {
                verb = "OK HELLO"
                scanner = ahead
            }
        }
        var fields = ReplyFields(verb: verb)
        while true {
            let field: LineScanner.Field?
            do throws(LineScanner.Failure) {
                field = try scanner.nextField()
            } catch {
                return .failure(StationReplyError("\(verb): \(error.wireError(in: bytes).message)"))
            }
            guard let field else { break }
            let key = LineScanner.string(bytes, field.key)
            guard fields.values[key] == nil else {
                return .failure(StationReplyError("\(verb): \(key) is given twice"))
            }
            fields.values[key] = LineScanner.string(bytes, field.value)
        }
        do throws(StationReplyError) {
            return .success(try fields.reply())
        } catch {
            return .failure(error)
        }
    }
}

extension StationReply {
    /// The offset of the first C0 control character other than the tab that separates fields, DEL, or C1 control
    /// character (UTF-8 `C2 80`–`C2 9F`) in a valid UTF-8 line.
    static func firstControlCharacter(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        for index in bytes.indices {
            let byte = bytes[index]
            if (byte < 0x20 && byte != UInt8(ascii: "\t")) || byte == 0x7F { return index }
            if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) { return index }
        }
        return nil
    }
}

/// The fields of one reply line by key, and the reply made from them.
private struct ReplyFields {
    let verb: String
    var values: [String: String] = [:]

    init(verb: String) {
        self.verb = verb
    }

    func reply() throws(StationReplyError) -> StationReply {
        switch verb {
        case "PONG":
            return .pong
        case "BYE":
            return .bye
        case "OK HELLO":
            return try hello()
        case "OK" where values["seq"] != nil:
            return .ok(seq: try seq(), try receipt())
        case "OK" where values["person"] != nil:
            return try lookup()
        case "OK":
            throw StationReplyError("OK: expected seq= (a record), person= (a lookup) or HELLO")
        case "DUP":
            return .duplicate(seq: try seq(), try receipt())
        case "ERR":
            return try error()
        default:
            throw StationReplyError("unknown reply verb \(LineTokenizer.quoteIfNeeded(String(verb.prefix(32))))")
        }
    }

    // MARK: replies

    private func hello() throws(StationReplyError) -> StationReply {
        let proto = try required("proto")
        guard proto == String(WireProtocol.stationVersion) else {
            throw problem("the daemon speaks proto=\(proto); this build speaks proto=\(WireProtocol.stationVersion)")
        }
        let server = try required("server")
        let product = StationReply.serverProduct
        guard server.hasPrefix(product) else { throw problem("server=\(server) is not checkpointd/<version>") }
        // No `kind=` is a compound gate; a kind this build does not know (a newer daemon's) is taken as one too: the
        // terminal then shows the verdicts as it always did.
        let kind = values["kind"].flatMap(CheckpointKind.init(rawValue:)) ?? .compound
        return .hello(
            station: try required("station"), checkpoint: try required("checkpoint"),
            serverVersion: String(server.dropFirst(product.count)), feverThreshold: try temperature("fever"),
            kind: kind)
    }

    private func receipt() throws(StationReplyError) -> RecordReceipt {
        var alerts: [Int64] = []
        if let text = values["alert"] {
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                guard let id = ReplyFields.wholeNumber(part) else {
                    throw problem("alert=\(text) is not a list of ids")
                }
                alerts.append(id)
            }
        }
        return RecordReceipt(
            id: try number("id"), verdicts: try verdicts(), alertIDs: alerts, quarantineUntil: try time("until"))
    }

    private func lookup() throws(StationReplyError) -> StationReply {
        let person = try required("person")
        let quarantine = try required("quarantine")
        let until: Timestamp?
        switch quarantine {
        case "active":
            guard values["until"] != nil else { throw problem("quarantine=active needs until=") }
            until = try time("until")
        case "none":
            until = nil
        default:
            throw problem("quarantine=\(quarantine) is neither active nor none")
        }
        let lastTemperature: Temperature? =
            if try required("last_temp") == "-" { nil } else { try temperature("last_temp") }
        let checkID: Bool
        switch values["check_id"] {
        case nil, "no": checkID = false
        case "yes": checkID = true
        case let other?: throw problem("check_id=\(other) is neither yes nor no")
        }
        return .lookup(
            maskedPerson: person, quarantineUntil: until, lastTemperature: lastTemperature,
            clearance: try clearance(orderUntil: until), checkID: checkID)
    }

    /// `clear=yes`, or `clear=no` with `why=quarantine` (the order's end is `quarantine=active until=`) or
    /// `why=fever since=<time>`; nil when `clear=` is absent (a daemon older than issue 15 point 3).
    private func clearance(orderUntil: Timestamp?) throws(StationReplyError) -> Clearance? {
        guard let clear = values["clear"] else { return nil }
        let why = values["why"]
        switch (clear, why) {
        case ("yes", nil):
            return .clear
        case ("yes", .some):
            throw problem("clear=yes does not take why=")
        case ("no", "quarantine"):
            guard let orderUntil else { throw problem("why=quarantine needs quarantine=active until=") }
            return .quarantine(until: orderUntil)
        case ("no", "fever"):
            guard values["since"] != nil, let since = try time("since") else { throw problem("why=fever needs since=") }
            return .fever(since: since)
        case ("no", nil):
            throw problem("clear=no needs why=")
        case ("no", .some(let reason)):
            let shown = LineTokenizer.quoteIfNeeded(String(reason.prefix(32)))
            throw problem("why=\(shown) is neither quarantine nor fever")
        default:
            throw problem("clear=\(LineTokenizer.quoteIfNeeded(String(clear.prefix(32)))) is neither yes nor no")
        }
    }

    private func error() throws(StationReplyError) -> StationReply {
        let seqText = try required("seq")
        let code = try required("code")
        guard code.hasPrefix("E_"), code.count > 2, !code.contains(where: { $0 == " " || $0 == "\t" }) else {
            throw problem("code=\(code) is not an E_ code")
        }
        let seq: Int64? = if seqText == "-" { nil } else { try self.seq() }
        return .error(seq: seq, WireError(WireErrorCode(code), try required("msg")))
    }

    // MARK: values

    private func required(_ key: String) throws(StationReplyError) -> String {
        guard let value = values[key] else { throw problem("\(key)= is missing") }
        return value
    }

    private func number(_ key: String) throws(StationReplyError) -> Int64 {
        let text = try required(key)
        guard let value = ReplyFields.wholeNumber(text) else { throw problem("\(key)=\(text) is not a whole number") }
        return value
    }

    private func seq() throws(StationReplyError) -> Int64 {
        let seq = try number("seq")
        guard seq >= 1, seq <= StationRequestParser.maximumSeq else { throw problem("seq=\(seq) is out of range") }
        return seq
    }

    private func temperature(_ key: String) throws(StationReplyError) -> Temperature {
        let text = try required(key)
        do throws(ValidationError) {
            return try Temperature(parsing: text)
        } catch {
            throw problem("\(key)=\(text): \(error.message)")
        }
    }

    private func time(_ key: String) throws(StationReplyError) -> Timestamp? {
        guard let text = values[key] else { return nil }
        do throws(ValidationError) {
            return try Timestamp(wire: text)
        } catch {
            throw problem("\(key)=\(text): \(error.message)")
        }
    }

    /// `pass`, or verdict names joined by `,`; names this build does not know are left out.
    private func verdicts() throws(StationReplyError) -> Verdicts {
        let text = try required("verdict")
        guard !text.isEmpty else { throw problem("verdict= is empty") }
        var verdicts: Verdicts = []
        for name in text.split(separator: ",") {
            if let known = Verdicts.named.first(where: { $0.name == name }) { verdicts.insert(known.verdict) }
        }
        return verdicts
    }

    /// Digits only (no sign), as the daemon writes ids and seqs.
    private static func wholeNumber(_ text: some StringProtocol) -> Int64? {
        ASCIIDigits.value(text.utf8)
    }

    private func problem(_ message: String) -> StationReplyError {
        StationReplyError("\(verb): \(message)")
    }
}
