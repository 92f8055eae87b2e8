import CheckpointCore

/// The direction records are made in, until changed: temperature only, people coming in, people going out.
enum EntryMode: String, Equatable {
    case temp
    case entry
    case exit

    var kind: RecordKind {
        switch self {
        case .temp: .temp
        case .entry: .entry
        case .exit: .exit
        }
    }
}

/// The two-field form of the interactive screen as a state machine over key bytes (no I/O).
///
/// Person, Enter, temperature, Enter: a record. A barcode scanner types the person and presses Enter itself.
/// On an empty person field, a key that arrives on its own is a command: `i` in, `o` out, `t` temperature only,
/// `x` the next ENTRY comes from outside the city, `:` starts an `other:` ID. A key inside a burst (a scanner
/// types a whole code at once) is always text, so a scanned `other:...` never switches the direction.
struct EntryForm {
    enum Field: Equatable {
        case person
        case temperature
    }

    enum Notice: Equatable {
        case badPerson(String)
        case badTemperature(String)
        case needTemperature
        /// A person was scanned while the previous one still waited for a temperature; the previous was dropped.
        case abandoned
    }

    enum Action: Equatable {
        case submit(RecordDraft)
        case quit
        case redraw
    }

    var mode: EntryMode
    /// `x` was pressed: the next record is an ENTRY with `origin=outside`, whatever the mode.
    var outsideNext = false
    var field: Field = .person
    var personText = ""
    var temperatureText = ""
    var person: PersonID?
    var notice: Notice?
    private var lastWasCarriageReturn = false
    private var inEscape = false
    private var escapeBytes = 0

    static let maximumFieldLength = 48

    init(mode: EntryMode) {
        self.mode = mode
    }

    /// The kind of the record the form is making.
    var kind: RecordKind { outsideNext ? .entry : mode.kind }

    /// Empties both fields (after a record, or on Esc).
    mutating func clear() {
        field = .person
        personText = ""
        temperatureText = ""
        person = nil
        outsideNext = false
    }

    /// Feeds one `read` worth of key bytes; returns what the program should do, in order.
    mutating func feed(_ chunk: [UInt8], now: Timestamp) -> [Action] {
        var actions: [Action] = []
        let alone = chunk.count == 1
        for (index, byte) in chunk.enumerated() {
            let wasCarriageReturn = lastWasCarriageReturn
            lastWasCarriageReturn = byte == 0x0D
            if inEscape {
                escapeBytes += 1
                // CSI and SS3 sequences (arrows, function keys) end with a byte from @ to ~; ESC [ itself not.
                if (escapeBytes > 1 && (0x40...0x7E).contains(byte)) || escapeBytes > 16 { inEscape = false }
                if escapeBytes == 1 && byte != UInt8(ascii: "[") && byte != UInt8(ascii: "O") { inEscape = false }
                continue
            }
            switch byte {
            case 0x1B where index == chunk.count - 1:
                clear()
                notice = nil
                actions.append(.redraw)
            case 0x1B:
                inEscape = true
                escapeBytes = 0
            case 0x03, 0x04:
                actions.append(.quit)
                return actions
            case 0x0C:
                actions.append(.redraw)
            case 0x15:
                if field == .person { personText = "" } else { temperatureText = "" }
                actions.append(.redraw)
            case 0x0A where wasCarriageReturn:
                continue
            case 0x0D, 0x0A:
                if let draft = enter(now: now) { actions.append(.submit(draft)) }
                actions.append(.redraw)
            case 0x09 where field == .person:
                if let draft = enter(now: now) { actions.append(.submit(draft)) }
                actions.append(.redraw)
            case 0x7F, 0x08:
                backspace()
                actions.append(.redraw)
            default:
                if alone, field == .person, personText.isEmpty, command(byte) {
                    notice = nil
                    actions.append(.redraw)
                } else if let character = EntryForm.accepted(byte) {
                    append(character)
                    actions.append(.redraw)
                }
            }
        }
        return actions
    }

    /// Reads a typed temperature: `36.6`, `36,6`, `37`, or three digits `366` for 36.6 (fewer key presses).
    static func temperature(_ text: String) -> Temperature? {
        var normalized = text.replacing(",", with: ".")
        if normalized.count == 3, normalized.allSatisfy(\.isASCII), normalized.allSatisfy(\.isNumber) {
            normalized.insert(".", at: normalized.index(normalized.startIndex, offsetBy: 2))
        }
        return try? Temperature(parsing: normalized)
    }

    // MARK: private

    private mutating func command(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "i"), UInt8(ascii: "I"): mode = .entry
        case UInt8(ascii: "o"), UInt8(ascii: "O"): mode = .exit
        case UInt8(ascii: "t"), UInt8(ascii: "T"): mode = .temp
        case UInt8(ascii: "x"), UInt8(ascii: "X"): outsideNext.toggle()
        case UInt8(ascii: ":"): personText = PersonID.otherPrefix
        default: return false
        }
        return true
    }

    private mutating func append(_ character: Character) {
        switch field {
        case .person where personText.count < EntryForm.maximumFieldLength:
            personText.append(character)
        case .temperature where temperatureText.count < EntryForm.maximumFieldLength:
            temperatureText.append(character == "," ? "." : character)
        default:
            break
        }
    }

    private mutating func backspace() {
        switch field {
        case .person:
            if !personText.isEmpty { personText.removeLast() }
        case .temperature:
            if temperatureText.isEmpty {
                field = .person
                person = nil
            } else {
                temperatureText.removeLast()
            }
        }
    }

    private mutating func enter(now: Timestamp) -> RecordDraft? {
        switch field {
        case .person:
            guard !personText.trimmingBlanks.isEmpty else { return nil }
            do throws(ValidationError) {
                person = try PersonID(parsing: personText.trimmingBlanks)
                field = .temperature
                notice = nil
            } catch {
                notice = .badPerson(error.message)
                personText = ""
            }
            return nil
        case .temperature:
            guard let person else {
                field = .person
                return nil
            }
            let text = temperatureText.trimmingBlanks
            if text.isEmpty {
                guard kind != .temp else {
                    notice = .needTemperature
                    return nil
                }
                return submit(person: person, temperature: nil, now: now)
            }
            if let temperature = EntryForm.temperature(text) {
                return submit(person: person, temperature: temperature, now: now)
            }
            if text.count >= 7, let scanned = try? PersonID(parsing: text) {
                self.person = scanned
                personText = text
                temperatureText = ""
                notice = .abandoned
                return nil
            }
            notice = .badTemperature(text)
            temperatureText = ""
            return nil
        }
    }

    private mutating func submit(person: PersonID, temperature: Temperature?, now: Timestamp) -> RecordDraft {
        let draft = RecordDraft(
            kind: kind, person: person, temperature: temperature, timestamp: now,
            origin: outsideNext ? .outside : nil)
        notice = nil
        clear()
        return draft
    }

    /// Bytes that may be typed into a field: letters, digits, and `+ - : _ .` and space (ASCII only).
    private static func accepted(_ byte: UInt8) -> Character? {
        let allowed: Set<UInt8> = Set("+-:_. ,".utf8)
        let isAlphanumeric =
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        guard isAlphanumeric || allowed.contains(byte) else { return nil }
        return Character(Unicode.Scalar(byte))
    }
}
