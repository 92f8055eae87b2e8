import CheckpointWire

/// What a control error code means to an operator who reads Chinese: the daemon's message stays as it is (its log
/// and scripts read it), and this line, chosen by the code, says what happened and what to do.
enum WireErrorText {
    /// The line for `code` in `messages`' language; nil in English (the daemon's message is English already) and
    /// for a code this build does not know.
    static func meaning(of code: WireErrorCode, in messages: Messages) -> String? {
        guard messages.language == .zh, let english = english[code] else {
            return nil
        }
        return messages(english)
    }

    /// The key of each code's line in the message table.
    static let english: [WireErrorCode: String] = [
        .unknownCommand: "the daemon does not know this command: update checkpointctl or checkpointd to match",
        .argument: "the daemon refused an argument: check the options and values given",
        .notFound: "no such item: check the id or person given",
        .conflict: "this conflicts with what is stored already: look at the current state first",
        .denied: "not allowed: this needs the daemon's admin group, or --reason for an audited read",
        .unavailable: "the daemon cannot do this right now: try again shortly, and see `checkpointctl status`",
        .syntax: "the daemon could not read the request: update checkpointctl or checkpointd to match",
        .tooLong: "the request is too long: shorten the values given",
        .internalError: "the daemon failed inside: see its log (journalctl -u checkpointd)",
    ]
}
