import CheckpointCore

extension ControlRequest {
    /// Refuses, before any handler runs, text no terminal should get: a control character (C0, DEL, C1; a NUL
    /// included) in any string argument, and a `reason` that is empty or only white space once trimmed. The
    /// server calls it for every command, so a new text argument is covered without a line of its own.
    public func requireInertText() throws(WireError) {
        for (key, value) in arguments.pairs {
            guard case .string(let text) = value else { continue }
            if let character = InertText.firstControlCharacter(in: text) {
                throw WireError(.argument, InertText.refusal(field: String(key.prefix(40)), character: character))
            }
            if key == ControlArgumentName.reason.text, InertText.trimmed(text).isEmpty {
                throw WireError(
                    .argument,
                    #"reason is empty once spaces are trimmed: give --reason "..." saying why (reason="..." on the socket)"#)
            }
        }
    }
}
