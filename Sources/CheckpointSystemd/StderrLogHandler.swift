import Glibc
public import Logging

/// A swift-log handler that writes plain lines to stderr: `<level> <message> key=value key=value`.
///
/// No timestamp (journald and terminals add their own), metadata flattened as the journal
/// handler does and sorted by key. A value with a space, `"`, `=`, `\` or a control character, or an
/// empty one, is written in double quotes with `\` escapes; control characters in the message are
/// escaped too, so that one entry is always one line. Each line goes out with one `write(2)`.
public struct StderrLogHandler: LogHandler {
    public let label: String
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    public init(label: String) {
        self.label = label
        self.metadataProvider = LoggingSystem.metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = Self.merge(self.metadata, self.metadataProvider, event.metadata)
        Self.write(Self.line(level: event.level, message: event.message, metadata: merged))
    }

    /// Handler metadata, then the provider's, then the event's: the later one wins a key.
    static func merge(
        _ handler: Logger.Metadata,
        _ provider: Logger.MetadataProvider?,
        _ event: Logger.Metadata?
    ) -> Logger.Metadata {
        var merged = handler
        if let provided = provider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, new in new }
        }
        if let event, !event.isEmpty {
            merged.merge(event) { _, new in new }
        }
        return merged
    }

    /// The line for one entry, without the trailing newline.
    static func line(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata) -> String {
        var line = level.rawValue + " " + Self.escaped(message.description)
        for (key, value) in JournalEntry.flatten(metadata) {
            line += " " + key + "=" + Self.quotedIfNeeded(value)
        }
        return line
    }

    /// Writes `line` and a newline to fd 2 in one `write(2)` (retried only on EINTR or a short
    /// write), so lines from concurrent tasks never interleave. Errors are ignored: there is
    /// nowhere left to report them.
    static func write(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        bytes.withUnsafeBytes { buffer in
            guard var next = buffer.baseAddress else {
                return
            }
            var remaining = buffer.count
            while remaining > 0 {
                let written = Glibc.write(STDERR_FILENO, next, remaining)
                if written < 0 {
                    if errno == EINTR {
                        continue
                    }
                    return
                }
                next += written
                remaining -= written
            }
        }
    }

    private static func quotedIfNeeded(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy { scalar in
            scalar.value > 0x20 && scalar.value != 0x7F && scalar != "\"" && scalar != "=" && scalar != "\\"
        }
        return plain ? value : "\"" + Self.escaped(value, quote: true) + "\""
    }

    /// Escapes control characters (`\n`, `\r`, `\t`, `\u{…}`), and `"` and `\` when `quote` is set.
    private static func escaped(_ text: String, quote: Bool = false) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\"" where quote: result += "\\\""
            case "\\" where quote: result += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
