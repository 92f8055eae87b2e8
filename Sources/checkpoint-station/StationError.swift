import Glibc

/// The exit statuses of `checkpoint-station` (SPEC §10). A closed table: thermometer scripts depend on it.
///
/// The numbers follow sysexits.h, as SPEC §10's 75 (EX_TEMPFAIL) does.
enum ExitStatus {
    /// Every record was answered `OK` or `DUP` (or, interactively, the volunteer quit).
    static let done: Int32 = 0
    /// At least one record was rejected: by the CSV check or by the daemon (`ERR`). See the summary.
    static let rejected: Int32 = 1
    /// The command line is wrong (ArgumentParser's own default, EX_USAGE).
    static let usage: Int32 = 64
    /// The CSV file or the token file cannot be read (EX_NOINPUT).
    static let noInput: Int32 = 66
    /// Something that cannot happen did (EX_SOFTWARE).
    static let software: Int32 = 70
    /// The spool cannot be created, written, locked, or belongs to another station (EX_CANTCREAT).
    static let cannotCreate: Int32 = 73
    /// Records are left waiting in the spool: the daemon could not be reached (EX_TEMPFAIL). They are safe.
    static let waiting: Int32 = 75
    /// The daemon refused the station's token (EX_NOPERM). Records stay in the spool.
    static let refused: Int32 = 77
}

/// The one error type of `checkpoint-station`: why it cannot go on. `description` is printed after
/// `checkpoint-station: ` and always says what to do next.
struct StationError: Error, CustomStringConvertible {
    struct Code: Hashable, CustomStringConvertible {
        private enum Base: Hashable {
            case usage
            case noInput
            case spool
            case refused
            case internalError
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// A bad option or a missing token.
        static let usage = Code(.usage)
        /// A file to read is missing or unreadable.
        static let noInput = Code(.noInput)
        /// The spool directory or one of its files cannot be created, written or locked.
        static let spool = Code(.spool)
        /// The daemon refused our `HELLO` (wrong token, unknown or revoked station).
        static let refused = Code(.refused)
        /// A state the program should never reach.
        static let internalError = Code(.internalError)

        var exitStatus: Int32 {
            switch base {
            case .usage: ExitStatus.usage
            case .noInput: ExitStatus.noInput
            case .spool: ExitStatus.cannotCreate
            case .refused: ExitStatus.refused
            case .internalError: ExitStatus.software
            }
        }

        var description: String {
            switch base {
            case .usage: "usage"
            case .noInput: "noInput"
            case .spool: "spool"
            case .refused: "refused"
            case .internalError: "internal"
            }
        }
    }

    var code: Code
    var message: String
    var cause: (any Error)?
    var fileID: String
    var line: Int

    init(_ code: Code, _ message: String, cause: (any Error)? = nil, fileID: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.cause = cause
        self.fileID = fileID
        self.line = line
    }

    /// A failed system call on `path`, with the text of `errno` and what to do.
    static func system(
        _ code: Code, _ what: String, path: String, errno number: Int32, hint: String,
        fileID: String = #fileID, line: Int = #line
    ) -> StationError {
        StationError(
            code, "\(what) \(path): \(String(cString: strerror(number))); \(hint)", fileID: fileID, line: line)
    }

    var description: String { message }
}
