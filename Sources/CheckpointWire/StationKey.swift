// The keys of the station protocol, recognised by their packed bytes (see `PackedToken`).

/// The keys of the station protocol, each a bit of `StationKeys`.
enum StationKey: Int, CaseIterable {
    case seq, person, temp, ts, note, origin, station, token, proto, id

    @inline(__always)
    init?(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        let word = PackedToken.word(bytes, range)
        // By length first: then one or two comparisons.
        switch range.count {
        case 2 where word == 0x0200_0000_0000_7374: self = .ts
        case 2 where word == 0x0200_0000_0000_6469: self = .id
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
        case .id: "id"
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
    static let id = StationKeys(rawValue: 1 << 9)
}
