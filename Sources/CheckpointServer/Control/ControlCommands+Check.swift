import CheckpointStore
import CheckpointWire

/// `check`: `PRAGMA integrity_check` on a reader connection, while ingest goes on (issue 13).
extension ControlCommands {
    /// The most problems one check lists (SQLite stops counting there).
    static let checkProblemLimit = 100

    func check() async throws(WireError) -> JSONObject {
        let reader = self.reader
        let lines = try await read { () throws(StoreError) in
            try reader.integrityCheck(limit: ControlCommands.checkProblemLimit)
        }
        let healthy = lines == ["ok"]
        return [
            "integrity": .string(healthy ? "ok" : "damaged"), "database": .string(reader.databasePath),
            "problems": .array(healthy ? [] : lines.map(JSONValue.string)),
        ]
    }
}
