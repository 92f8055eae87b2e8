@testable import CheckpointSystemd
import Logging
import Synchronization
import Testing

/// What journald accepts as a field name from a client (`journal_field_valid` in systemd).
func isValidJournalFieldName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, name.utf8.count <= 64 else {
        return false
    }
    guard ("A"..."Z").contains(first) else {
        return false
    }
    return name.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
}

@Suite struct JournalEntryTests {
    @Test(arguments: [
        ("station_id", "STATION_ID"), ("alert_type", "ALERT_TYPE"), ("message_id", "MESSAGE_ID"),
        ("checkpoint-id", "CHECKPOINT_ID"), ("a.b c", "A_B_C"), ("Already_OK1", "ALREADY_OK1"),
        ("_trusted", "TRUSTED"), ("__", "FIELD"), ("", "FIELD"), ("9lives", "F_9LIVES"), ("_9", "F_9"),
        ("ünï", "N_"), ("温度", "FIELD"), (String(repeating: "a", count: 70), String(repeating: "A", count: 64)),
    ])
    func fieldName_makesAValidJournalFieldName(key: String, expected: String) {
        let name = JournalEntry.fieldName(key)
        #expect(name == expected)
        #expect(isValidJournalFieldName(name))
    }

    @Test(arguments: [
        (Logger.Level.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4), (.error, 3), (.critical, 2),
    ])
    func priority_followsSyslog(level: Logger.Level, priority: Int) {
        #expect(JournalEntry.priority(level) == priority)
    }

    @Test func init_whenEventHasMetadata_buildsTheFieldsInOrder() {
        let event = LogEvent(
            level: .warning, message: "fever at gate 3", metadata: nil, source: "Server",
            file: "CheckpointServer/Ingest.swift", function: "record(_:)", line: 42
        )
        let metadata: Logger.Metadata = [
            "station_id": "st-01", "message_id": "\(MessageID.fever)", "temp": .stringConvertible(38.4),
            "alert": ["id": "7", "kinds": ["FEVER", "RECHECK"]], "priority": "from metadata",
        ]
        let entry = JournalEntry(event: event, metadata: metadata, identifier: "checkpointd", label: "ingest")
        let fields = entry.fields.map { "\($0.name)=\($0.value)" }
        #expect(fields == [
            "MESSAGE=fever at gate 3", "PRIORITY=4", "SYSLOG_IDENTIFIER=checkpointd",
            "CODE_FILE=CheckpointServer/Ingest.swift", "CODE_LINE=42", "CODE_FUNC=record(_:)", "LOGGER_LABEL=ingest",
            "ALERT_ID=7", "ALERT_KINDS_0=FEVER", "ALERT_KINDS_1=RECHECK", "MESSAGE_ID=\(MessageID.fever)",
            "META_PRIORITY=from metadata", "STATION_ID=st-01", "TEMP=38.4",
        ])
    }

    @Test func log_whenKeysAreOdd_putsOnlyValidNamesOnTheWire() {
        let sent = SentEntries()
        let handler = JournalLogHandler(label: "", identifier: "checkpointd") { entry in
            sent.append(entry)
            return 0
        }
        var logger = Logger(label: "") { _ in handler }
        logger[metadataKey: "lower"] = "1"
        logger.info("m", metadata: ["": "x", "_": "y", "Mixed-Case.key": "z", "1st": ["ä": ["ß": "deep"]]])
        let names = sent.entries.flatMap { $0.fields.map(\.name) }
        // Six fixed fields (no LOGGER_LABEL for an empty label) and five from metadata; "" and "_" both become FIELD.
        #expect(names.count == 11)
        #expect(names.allSatisfy(isValidJournalFieldName), "\(names)")
        #expect(names.contains("F_1ST____"))
        #expect(!names.contains("LOGGER_LABEL"))
    }
}

/// Entries a test transport received.
final class SentEntries: Sendable {
    private let stored = Mutex<[JournalEntry]>([])

    func append(_ entry: JournalEntry) {
        self.stored.withLock { $0.append(entry) }
    }

    var entries: [JournalEntry] {
        self.stored.withLock { $0 }
    }
}
