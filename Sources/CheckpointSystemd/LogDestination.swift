import Glibc
public import Logging
import Synchronization

/// Where log entries go (SPEC §10, `log_target = auto|journal|stderr`).
public enum LogDestination {
    /// Whether `setting` means native journal entries.
    ///
    /// `journal` and `stderr` force the choice. `auto` (and anything else) picks the journal when
    /// `JOURNAL_STREAM` in `environment` is `<st_dev>:<st_ino>` of fd 2: that is how systemd says
    /// stderr is connected to journald. A stderr redirected elsewhere (`2>file`, a pipe to a
    /// terminal multiplexer) no longer matches, so lines go there as plain text.
    public static func usesJournal(setting: String, environment: [String: String]) -> Bool {
        switch setting {
        case "journal":
            return true
        case "stderr":
            return false
        default:
            guard let stream = environment["JOURNAL_STREAM"] else {
                return false
            }
            return Self.stderrMatches(journalStream: stream)
        }
    }

    /// Bootstraps swift-log with ``JournalLogHandler`` or ``StderrLogHandler`` at `level`.
    ///
    /// `LoggingSystem.bootstrap` may run only once per process; later calls here do nothing
    /// instead of trapping.
    public static func bootstrap(setting: String, level: Logger.Level, environment: [String: String]) {
        let journal = Self.usesJournal(setting: setting, environment: environment)
        let first = Self.bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else {
            return
        }
        LoggingSystem.bootstrap { label -> any LogHandler in
            if journal {
                var handler = JournalLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
            var handler = StderrLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
    }

    private static let bootstrapped = Mutex(false)

    /// Compares `JOURNAL_STREAM` (`"%lu:%lu"`, device and inode in decimal) with `fstat(2)`.
    static func stderrMatches(journalStream: String) -> Bool {
        let parts = journalStream.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else {
            return false
        }
        var status = stat()
        guard fstat(STDERR_FILENO, &status) == 0 else {
            return false
        }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }
}
