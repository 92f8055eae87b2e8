@testable import CheckpointSystemd
import Foundation
import Logging
import Testing

extension ProcessGlobalTests {
    @Suite struct StderrLogHandlerTests {
        @Test func log_whenCalled_writesOneExactLineToStandardError() throws {
            let marker = UUID().uuidString
            var logger = Logger(label: "checkpointd.test") { StderrLogHandler(label: $0) }
            logger.logLevel = .debug
            logger[metadataKey: "station_id"] = "st-01"
            let lines = try capturingStandardError {
                logger.warning(
                    "fever at gate \(marker)",
                    metadata: ["temp": "38.4", "alert": ["id": "42", "type": "FEVER"], "note": "two words"]
                )
                logger.trace("not at this level \(marker)")
            }
            let ours = lines.filter { $0.contains(marker) }
            let expected = "warning fever at gate \(marker) alert_id=42 alert_type=FEVER note=\"two words\""
                + " station_id=st-01 temp=38.4"
            #expect(ours == [expected])
        }

        @Test func log_whenMessageHasNewlines_staysOneLine() throws {
            let marker = UUID().uuidString
            let logger = Logger(label: "checkpointd.test") { StderrLogHandler(label: $0) }
            let lines = try capturingStandardError {
                logger.error("first \(marker)\nsecond", metadata: ["path": "a=b", "empty": "", "quote": "say \"hi\""])
            }
            #expect(lines.filter { $0.contains(marker) } == [
                #"error first \#(marker)\nsecond empty="" path="a=b" quote="say \"hi\"""#
            ])
        }

        @Test func journalHandler_whenJournalUnreachable_writesThePlainLineToStandardError() throws {
            let marker = UUID().uuidString
            let handler = JournalLogHandler(label: "checkpointd.test", identifier: "checkpointd") { _ in -ECONNREFUSED }
            let logger = Logger(label: "checkpointd.test") { _ in handler }
            let lines = try capturingStandardError {
                logger.notice("started \(marker)", metadata: ["message_id": "\(MessageID.started)"])
            }
            let expected = "notice started \(marker) message_id=\(MessageID.started)"
            #expect(lines.filter { $0.contains(marker) } == [expected])
        }
    }
}

@Suite struct StderrLineTests {
    @Test(arguments: [
        (Logger.Level.trace, "trace"), (.debug, "debug"), (.info, "info"), (.notice, "notice"),
        (.warning, "warning"), (.error, "error"), (.critical, "critical"),
    ])
    func line_startsWithTheLevelName(level: Logger.Level, name: String) {
        #expect(StderrLogHandler.line(level: level, message: "m", metadata: [:]) == "\(name) m")
    }

    @Test func line_whenMetadataNestedOrOdd_flattensAndQuotes() {
        let metadata: Logger.Metadata = [
            "b": ["x": "1", "list": ["p", "q"]],
            "a": .stringConvertible(37.5),
            "tab": "a\tb",
        ]
        #expect(
            StderrLogHandler.line(level: .info, message: "m", metadata: metadata)
                == #"info m a=37.5 b_list_0=p b_list_1=q b_x=1 tab="a\tb""#
        )
    }

    @Test func merge_whenKeysClash_eventWinsOverProviderOverHandler() {
        let provider = Logger.MetadataProvider { ["k": "provider", "p": "1"] }
        let merged = StderrLogHandler.merge(["k": "handler", "h": "1"], provider, ["k": "event"])
        #expect(merged == ["k": "event", "h": "1", "p": "1"])
    }
}
