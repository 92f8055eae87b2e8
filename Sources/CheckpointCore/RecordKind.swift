/// The verb of a record line (SPEC §3). The raw value is the verb on the wire and in the database.
public enum RecordKind: String, Sendable, CaseIterable {
    case temp = "TEMP"
    case entry = "ENTRY"
    case exit = "EXIT"
}
