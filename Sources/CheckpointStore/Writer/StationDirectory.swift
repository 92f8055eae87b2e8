public import CheckpointCore
import Synchronization

/// The registered stations, readable from any thread without touching SQLite (a `HELLO` is answered on the
/// event loop). Only the writer changes it, after the change has committed.
public final class StationDirectory: Sendable {
    public struct Entry: Sendable, Hashable {
        public var key: Int64
        public var code: String
        public var checkpointKey: Int64
        public var checkpointCode: String
        /// Its checkpoint's grid (issue 16: `watch --grid`, an alert's grid).
        public var checkpointGrid: String
        /// The kind of its checkpoint, announced in `OK HELLO` (`kind=`).
        public var checkpointKind: CheckpointKind
        public var tokenSalt: [UInt8]
        public var tokenHash: [UInt8]
        public var revoked: Bool
    }

    private let entries = VisibleMutex<[String: Entry]>([:])
    private let codesByKey = VisibleMutex<[Int64: String]>([:])

    init() {}

    public func entry(for code: String) -> Entry? {
        entries.withLock { $0[code] }
    }


    /// The station with this database key (for events and logs).
    public func entry(forKey key: Int64) -> Entry? {
        guard let code = codesByKey.withLock({ $0[key] }) else { return nil }
        return entry(for: code)
    }

    /// The code of the checkpoint with this database key, if a registered station is at it (a linear search:
    /// callers keep what they found).
    public func checkpointCode(forKey key: Int64) -> String? {
        entries.withLock { table in table.values.first { $0.checkpointKey == key }?.checkpointCode }
    }

    func replaceAll(_ list: [Entry]) {
        entries.withLock { table in
            table = Dictionary(list.map { ($0.code, $0) }, uniquingKeysWith: { _, last in last })
        }
        codesByKey.withLock { keys in
            keys = Dictionary(list.map { ($0.key, $0.code) }, uniquingKeysWith: { _, last in last })
        }
    }

    func set(_ entry: Entry) {
        entries.withLock { $0[entry.code] = entry }
        codesByKey.withLock { $0[entry.key] = entry.code }
    }
}
