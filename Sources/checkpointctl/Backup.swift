import ArgumentParser
import CheckpointWire
import Glibc

/// `checkpointctl backup PATH`: a consistent copy of the database while the daemon runs.
struct Backup: RequestCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database to a file while the daemon keeps running.",
        discussion: """
            The daemon writes the copy itself with SQLite's online backup, so ingest goes on meanwhile and the \
            copy is consistent. A relative PATH is taken from your current directory, but the file is written by \
            the daemon's user: pick a directory it may write to (e.g. under /var/lib/checkpointd). An existing \
            file is replaced.

            Example:
              checkpointctl backup /var/lib/checkpointd/backup/checkpointd-$(date +%F).db
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Where the daemon writes the copy.")
    var path: String

    func validate() throws {
        guard !path.isEmpty else {
            throw ValidationError("PATH must not be empty")
        }
    }

    var request: ControlRequest {
        ControlRequest(.backup) { arguments in arguments[.path] = .string(Self.absolute(path)) }
    }

    func render(_ result: JSONObject, style: TerminalStyle) -> String {
        "backed up the database to \(result.text("path")) (\(result.text("bytes")) bytes)\n"
    }

    /// `path` made absolute against this process's working directory (the daemon's is not the caller's), with
    /// `.` components and repeated slashes taken out.
    static func absolute(_ path: String, workingDirectory: String? = currentDirectory()) -> String {
        let joined = path.hasPrefix("/") ? path : (workingDirectory ?? "") + "/" + path
        let components = joined.split(separator: "/").filter { $0 != "." }
        return "/" + components.joined(separator: "/")
    }

    static func currentDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else {
            return nil
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
