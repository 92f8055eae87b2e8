import Synchronization

/// The registered stations, readable from any thread without touching SQLite (a `HELLO` is answered on the
/// event loop). Only the writer changes it, after the change has committed.
public final class StationDirectory: Sendable {
    public struct Entry: Sendable, Hashable {
        public var key: Int64
        public var code: String
        public var checkpointKey: Int64
        public var checkpointCode: String
        public var tokenSalt: [UInt8]
        public var tokenHash: [UInt8]
        public var revoked: Bool
    }

    private let entries = Mutex<[String: Entry]>([:])

    init() {}

    public func entry(for code: String) -> Entry? {
        entries.withLock { $0[code] }
    }

    public var count: Int { entries.withLock { $0.count } }

    func replaceAll(_ list: [Entry]) {
        entries.withLock { table in
            table = Dictionary(list.map { ($0.code, $0) }, uniquingKeysWith: { _, last in last })
        }
    }

    func set(_ entry: Entry) {
        entries.withLock { $0[entry.code] = entry }
    }
}
