/// The fixed MESSAGE_IDs, copied from Sources/CheckpointSystemd/MessageID.swift on purpose: they are a contract
/// with operators (`journalctl MESSAGE_ID=…`, the catalog), so a change there must break these tests.
enum ExpectedMessageID {
    static let started = "e92d7fafb6304c2d8c8553ab1785c09e"
    static let stopping = "3ada81a58e364415a882bc1c7ffc2a35"
    static let reloadRefused = "723f9037bf8e40fda27d10b78cbb73e1"
    static let fever = "7e849f570638402d9855f1ab2444fb4a"
    static let violation = "8b2440039ec4425bab6f4e3470cc55c8"
    static let storageFailure = "1b34c90ebaa648a6bea699c745dec90d"
}

/// The plain stderr lines (`<level> <message> key=value …`) at `level` that carry `message_id=<id>`.
func stderrLines(_ text: String, level: String, messageID: String) -> [Substring] {
    text.split(separator: "\n").filter { $0.hasPrefix(level + " ") && $0.contains("message_id=\(messageID)") }
}
