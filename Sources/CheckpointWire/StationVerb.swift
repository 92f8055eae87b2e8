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
        case .lookup: [.person, .id]
        case .temp, .exit: [.seq, .person, .id, .temp, .ts, .note]
        case .entry: [.seq, .person, .id, .temp, .ts, .origin, .note]
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
