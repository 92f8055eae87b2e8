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
        private var station = none, token = none, proto = none, id = none

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
                case .id: id
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
                case .id: id = newValue
                }
            }
        }
    }
}
