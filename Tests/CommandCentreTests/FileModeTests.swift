import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// Issue 13 acceptance 5: outside systemd the daemon sets umask 077, so the database, its WAL and a backup it
/// writes are 0600, even when it was started with the permissive umask 022.
@Suite struct FileModeTests {
    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o777
    }

    @Test func files_createdByADaemonStartedWithUmask022_are0600() throws {
        let launcher = DaemonLauncher.prefixed(["/bin/sh", "-c", #"umask 022; exec "$0" "$@""#])
        let daemon = try DaemonProcess(launcher: launcher)
        try daemon.start()
        let stored = try daemon.openSession().request("TEMP seq=1 person=13800138000 temp=36.6")
        #expect(stored.hasPrefix("OK "), "\(stored)")
        // Where backups go by default once they are confined (issue 13 acceptance 8).
        let backups = daemon.stateDirectory + "/backups"
        if mkdir(backups, 0o700) != 0 { #expect(errno == EEXIST) }
        let backup = backups + "/copy.db"
        let reply = try daemon.control().ask("backup", ["path": "copy.db", "reason": "file mode test"])
        #expect(reply.ok && reply["path"] as? String == backup, "\(reply)")

        for file in [daemon.databasePath, daemon.databasePath + "-wal", backup] {
            let mode = Self.mode(file)
            #expect(mode == 0o600, "\(file): \(mode.map { String($0, radix: 8) } ?? "missing")")
        }
        let directory = Self.mode(daemon.stateDirectory)
        #expect(directory.map { $0 & 0o007 == 0 } == true, "the state directory is not open to others")
    }
}
