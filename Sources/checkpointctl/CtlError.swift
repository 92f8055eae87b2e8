import CheckpointCore
import CheckpointWire

/// The exit statuses of `checkpointctl` (SPEC §4). A closed, versioned table: scripts depend on it.
///
/// History: control protocol 1 — 0 done, 1 the daemon said no, 2 usage error, 3 cannot reach the daemon.
enum ExitStatus {
    /// The daemon did what was asked.
    static let done: Int32 = 0
    /// The daemon answered `{"ok":false,...}` (or, for a stream, ended it with such a line; or stdout could not be
    /// written, or a local command such as `tls` could not do its work: the command did not complete).
    static let refused: Int32 = 1
    /// The command line could not be parsed or validated (ArgumentParser's own default would be 64).
    static let usage: Int32 = 2
    /// No connection, a connection dropped before the reply, no reply in time, or a reply that is not the protocol.
    static let unreachable: Int32 = 3
}

/// The one error type of `checkpointctl`: why a command did not complete once its arguments were accepted.
///
/// `code` decides the exit status; `message` is for people and is printed after `checkpointctl: `.
struct CtlError: Error, CustomStringConvertible {
    struct Code: Hashable, CustomStringConvertible {
        private enum Base: Hashable {
            case refused
            case unreachable
            case disconnected
            case badReply
            case output
            case local
            case declined
            case broken
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The daemon replied `ok:false`; `wireCode` says why.
        static let refused = Code(.refused)
        /// The socket could not be connected to (no such file, nothing listening, permission denied, path too long).
        static let unreachable = Code(.unreachable)
        /// The connection broke, or no reply came in time.
        static let disconnected = Code(.disconnected)
        /// The daemon sent something that is not a reply line.
        static let badReply = Code(.badReply)
        /// Our own standard output could not be written (a full disk behind `export > file.csv`): the command did
        /// not complete, so the status is 1, not 0 (the table above stays as it is).
        static let output = Code(.output)
        /// A command that works on local files only (`tls`) could not do its work: exit 1, like a refusal.
        static let local = Code(.local)
        /// The operator did not confirm a destructive command (`person erase`): nothing was asked of the daemon.
        static let declined = Code(.declined)
        /// A check found a fault (`audit --verify`: the chain is broken). The report is on stdout.
        static let broken = Code(.broken)

        var exitStatus: Int32 {
            switch base {
            case .refused, .output, .local, .declined, .broken: ExitStatus.refused
            case .unreachable, .disconnected, .badReply: ExitStatus.unreachable
            }
        }

        var description: String {
            switch base {
            case .refused: "refused"
            case .unreachable: "unreachable"
            case .disconnected: "disconnected"
            case .badReply: "badReply"
            case .output: "output"
            case .local: "local"
            case .declined: "declined"
            case .broken: "broken"
            }
        }
    }

    var code: Code
    var message: String
    /// For `refused`: the daemon's `E_...` code.
    var wireCode: WireErrorCode?
    /// A second line telling the operator what to do next, if there is something useful to say.
    var hint: String?
    /// Lines printed as they are (control characters written visibly) after the message: each wrong line of a
    /// file that was not imported.
    var details: [String] = []

    init(
        _ code: Code, _ message: String, wireCode: WireErrorCode? = nil, hint: String? = nil, details: [String] = []
    ) {
        self.code = code
        self.message = message
        self.wireCode = wireCode
        self.hint = hint
        self.details = details
    }

    /// What the daemon said when it refused a request.
    static func refused(_ error: WireError) -> CtlError {
        CtlError(.refused, error.message, wireCode: error.code)
    }

    /// The lines written to stderr, without the trailing newline. The message may quote what the daemon was sent,
    /// so control characters in it are written visibly.
    ///
    /// A refusal's message is the daemon's (English, for its log and old clients); in Chinese a line from the
    /// code says what it means and what to do (``WireErrorText``).
    var description: String {
        var text = "checkpointctl: " + InertText.escaped(message)
        if let wireCode {
            text += " (\(wireCode.name))"
        }
        for detail in details {
            text += "\n" + InertText.escaped(detail)
        }
        if let wireCode, hint == nil, let meaning = WireErrorText.meaning(of: wireCode, in: L) {
            text += "\ncheckpointctl: " + meaning
        }
        if let hint {
            text += "\ncheckpointctl: " + hint
        }
        return text
    }
}
