public import Logging

/// A swift-log handler that writes native journal entries (`sd_journal_sendv(3)`).
///
/// Each entry has `MESSAGE`, `PRIORITY` (trace/debug 7, info 6, notice 5, warning 4, error 3,
/// critical 2), `SYSLOG_IDENTIFIER`, `CODE_FILE`, `CODE_LINE`, `CODE_FUNC`, `LOGGER_LABEL`, and
/// every metadata key upper-cased as a field of its own: `station_id` → `STATION_ID`,
/// `message_id` → `MESSAGE_ID` (use ``MessageID``). Nested metadata is flattened with `_`.
/// Names journald would drop are made valid (see `JournalEntry.fieldName`).
///
/// When journald cannot be reached the line goes to stderr as ``StderrLogHandler`` writes it:
/// logging never throws and never stops the daemon.
public struct JournalLogHandler: LogHandler {
    /// Sends an entry; returns 0 or a negative errno. Tests swap it to see what would go on the wire.
    typealias Transport = @Sendable (JournalEntry) -> CInt

    public let label: String
    /// `SYSLOG_IDENTIFIER`: what `journalctl -t` filters on.
    public let identifier: String
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let transport: Transport

    public init(label: String, identifier: String = "checkpointd") {
        self.init(label: label, identifier: identifier, transport: { $0.send() })
    }

    init(label: String, identifier: String, transport: @escaping Transport) {
        self.label = label
        self.identifier = identifier
        self.metadataProvider = LoggingSystem.metadataProvider
        self.transport = transport
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = StderrLogHandler.merge(self.metadata, self.metadataProvider, event.metadata)
        let entry = JournalEntry(event: event, metadata: merged, identifier: self.identifier, label: self.label)
        if self.transport(entry) < 0 {
            StderrLogHandler.write(StderrLogHandler.line(level: event.level, message: event.message, metadata: merged))
        }
    }
}
