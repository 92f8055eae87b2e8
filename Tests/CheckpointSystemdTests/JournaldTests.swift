@testable import CheckpointSystemd
import Foundation
import Logging
import Testing

extension ProcessGlobalTests {
    /// Against a real journald (the machine's, or one started for the test: see ``Journald``).
    /// Each test starts and stops its own journald when the machine has none.
    @Suite(.enabled(if: Journald.isAvailable, "needs a running journald, or root to start one"))
    struct JournaldTests {
        @Test func log_whenJournaldRuns_writesAStructuredEntry() throws {
            let journald = try Journald.start()
            defer { journald.stop() }
            let marker = UUID().uuidString
            var logger = Logger(label: "checkpointd.test") { JournalLogHandler(label: $0) }
            logger[metadataKey: "test_marker"] = "\(marker)"

            let line: UInt = #line + 1
            logger.warning(
                "fever at gate 3",
                metadata: [
                    "station_id": "st-01", "checkpoint_id": "gate-3", "alert_type": "FEVER",
                    "message_id": "\(MessageID.fever)", "temp": .stringConvertible(38.4),
                ]
            )

            let entries = try journald.entries(matching: "TEST_MARKER", marker, count: 1)
            try #require(entries.count == 1)
            let entry = entries[0]
            #expect(entry["MESSAGE"] as? String == "fever at gate 3")
            #expect(entry["PRIORITY"] as? String == "4")
            #expect(entry["SYSLOG_IDENTIFIER"] as? String == "checkpointd")
            #expect(entry["CODE_FILE"] as? String == #fileID)
            #expect(entry["CODE_LINE"] as? String == String(line))
            #expect(entry["CODE_FUNC"] as? String == #function)
            #expect(entry["LOGGER_LABEL"] as? String == "checkpointd.test")
            #expect(entry["STATION_ID"] as? String == "st-01")
            #expect(entry["CHECKPOINT_ID"] as? String == "gate-3")
            #expect(entry["ALERT_TYPE"] as? String == "FEVER")
            #expect(entry["MESSAGE_ID"] as? String == MessageID.fever)
            #expect(entry["TEMP"] as? String == "38.4")
            #expect(entry["_TRANSPORT"] as? String == "journal")
        }

        @Test func log_whenKeysAreOdd_journaldKeepsEveryFieldSent() throws {
            let journald = try Journald.start()
            defer { journald.stop() }
            let marker = UUID().uuidString
            let sent = SentEntries()
            let handler = JournalLogHandler(label: "checkpointd.test", identifier: "checkpointd-test") { entry in
                sent.append(entry)
                return entry.send()
            }
            var logger = Logger(label: "checkpointd.test") { _ in handler }
            logger.logLevel = .trace
            logger[metadataKey: "test_marker"] = "\(marker)"

            logger.critical(
                "line one\nline two",
                metadata: [
                    "station-id 2": "a", "9lives": "b", "_trusted": "c", "ünï": "d", "priority": "e",
                    "dict": ["inner": "x", "list": ["1", "2"]], String(repeating: "k", count: 80): "long",
                ]
            )
            logger.trace("at trace", metadata: ["n": "1"])

            let entries = try journald.entries(matching: "TEST_MARKER", marker, count: 2)
            try #require(entries.count == 2)
            let critical = entries[0]
            #expect(critical["MESSAGE"] as? String == "line one\nline two")
            #expect(critical["PRIORITY"] as? String == "2")
            #expect(critical["SYSLOG_IDENTIFIER"] as? String == "checkpointd-test")
            #expect(critical["STATION_ID_2"] as? String == "a")
            #expect(critical["F_9LIVES"] as? String == "b")
            #expect(critical["TRUSTED"] as? String == "c")
            #expect(critical["N_"] as? String == "d")
            #expect(critical["META_PRIORITY"] as? String == "e")
            #expect(critical["DICT_INNER"] as? String == "x")
            #expect(critical["DICT_LIST_0"] as? String == "1")
            #expect(critical["DICT_LIST_1"] as? String == "2")
            #expect(critical[String(repeating: "K", count: 64)] as? String == "long")
            #expect(entries[1]["PRIORITY"] as? String == "7")

            // journald drops invalid names silently: what it stored (all but its own `_` fields)
            // must be exactly what was sent, and all of it valid.
            let sentEntries = sent.entries
            try #require(sentEntries.count == 2)
            for (stored, wire) in zip(entries, sentEntries) {
                let storedNames = Set(stored.keys.filter { !$0.hasPrefix("_") })
                let wireNames = Set(wire.fields.map(\.name))
                #expect(storedNames == wireNames)
                #expect(wireNames.allSatisfy(isValidJournalFieldName), "\(wireNames.sorted())")
            }
        }
    }
}
