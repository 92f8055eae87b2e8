import CheckpointTestSupport
import CheckpointWire
import Foundation
import Glibc
import Testing

/// Issue 14 point 5: the state file system turns read-only mid-ingest.
///
/// `mount -o remount,ro` by an administrator is refused by the kernel while checkpointd holds its database open for
/// writing ("mount point is busy"); the read-only switch that does happen under a running daemon is the kernel's
/// own, when ext4 meets an error and was mounted `errors=remount-ro`. So the test builds a small ext4 image on a
/// loop device, mounts it `errors=remount-ro` as the state directory, and makes the kernel switch it with ext4's
/// `trigger_fs_error` (sysfs). Needs root and loop devices; `CHECKPOINTD_MOUNTS=require` (CI) or `skip`.
@Suite(
    .enabled(
        if: FaultSwitch.mounts.enabled(when: Ext4Image.isPossible),
        "needs root, loop devices and mkfs.ext4 (CHECKPOINTD_MOUNTS=require to insist, skip to skip)"))
struct ReadOnlyFilesystemTests {
    @Test(.timeLimit(.minutes(20)))
    func ingest_whenTheKernelRemountsStateReadOnly_repliesUnavailableThenRecoversAfterFsck() throws {
        try #require(
            Ext4Image.isPossible, "CHECKPOINTD_MOUNTS=require, but root, loop devices or mkfs.ext4 are missing")
        let directory = try TemporaryDirectory()
        let state = try directory.makeDirectory("state")
        let image = try Ext4Image(file: directory.file("state.ext4"), mountedAt: state)
        defer { image.unmount() }
        let daemon = try DaemonProcess(directory: directory, stateDirectory: state)
        try daemon.start()
        defer { _ = try? daemon.terminate() }
        let token = try daemon.registerStation(station: "st-1")
        let client = try daemon.session(station: "st-1", token: token)
        #expect(acknowledgements(sendEach(1...100, on: client)).count == 100)

        try image.triggerError()
        let switchedAt = Deadline.now()
        #expect(image.isReadOnly, "the kernel did not make the file system read-only")
        let during = sendEach(101...110, on: client)
        let answered = Deadline.now() - switchedAt
        #expect(acknowledgements(during).isEmpty, "acknowledged on a read-only file system: \(during)")
        if let first = during[101] ?? nil { expectError(first, seq: "101", code: "E_UNAVAILABLE") }
        let firstReply = (during[101] ?? nil) ?? "EOF"
        print("read-only state: answered in \(String(format: "%.2f", answered)) s; first reply: \(firstReply)")
        if daemon.exitStatus() == nil {
            let health = try daemon.control().result("health")
            #expect(health["status"]?.stringValue == "degraded", "\(health)")
        }

        // Writable again: an ext4 switched by an error stays read-only until fsck (remount,rw is refused on
        // recent kernels). Stop the daemon, check the file system, mount it, start again.
        let remounted = image.remountWritable()
        print("read-only state: mount -o remount,rw \(remounted ? "succeeded" : "was refused")")
        if remounted {
            var reply: String?
            let resumed = Deadline.poll(seconds: 15, interval: 0.2) {
                reply = try? client.request(passingTemp(seq: 101, person: 101), timeout: 15)
                return reply?.hasPrefix("OK ") == true || reply?.hasPrefix("DUP ") == true
            }
            #expect(resumed, "no OK after the remount: \(String(describing: reply))")
        }
        _ = try? daemon.terminate()
        image.unmount()
        try image.repairAndMount()
        try daemon.restart()
        let again = try daemon.session(station: "st-1", token: token)
        let stored = try storedCounts(daemon.databasePath, 1...110)
        #expect((1...100).allSatisfy { stored[$0] == 1 }, "an acknowledged record was lost or doubled: \(stored)")
        #expect(acknowledgements(sendEach(101...110, on: again)).count == 10, "ingest resumes")
        let after = try storedCounts(daemon.databasePath, 1...110)
        #expect((1...110).allSatisfy { after[$0] == 1 }, "not exactly once: \(after)")
        #expect(try SQLiteShell.scalar(daemon.databasePath, "PRAGMA integrity_check") == "ok")
    }
}

/// A 64 MiB ext4 file system in a file, mounted through a loop device with `errors=remount-ro`.
final class Ext4Image: @unchecked Sendable {
    // Safe because: used by the test's own thread only.
    let file: String
    let mountPoint: String
    private var mounted = false

    static let isPossible: Bool = {
        geteuid() == 0 && FileManager.default.fileExists(atPath: "/dev/loop-control")
            && FileManager.default.isExecutableFile(atPath: "/usr/sbin/mkfs.ext4")
            && FileManager.default.isExecutableFile(atPath: "/usr/sbin/e2fsck")
    }()

    init(file: String, mountedAt mountPoint: String) throws {
        self.file = file
        self.mountPoint = mountPoint
        guard FileManager.default.createFile(atPath: file, contents: nil), truncate(file, 64 << 20) == 0 else {
            throw TestSupportError("cannot create the image \(file)", errno: errno)
        }
        try Self.run("/usr/sbin/mkfs.ext4", ["-q", "-F", file])
        try mount()
    }

    deinit { unmount() }

    private func mount() throws {
        try Self.run("/bin/mount", ["-o", "loop,errors=remount-ro", file, mountPoint])
        mounted = true
        chmod(mountPoint, 0o755)
    }

    /// Lets ext4 report an error, as a failing disk would; with `errors=remount-ro` the kernel switches the file
    /// system to read-only at once.
    func triggerError() throws {
        let source = try Self.run("/bin/findmnt", ["-n", "-o", "SOURCE", mountPoint]).standardOutput
        let device = (source.split(separator: "/").last.map(String.init) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let control = "/sys/fs/ext4/\(device)/trigger_fs_error"
        guard FileManager.default.fileExists(atPath: control) else {
            throw TestSupportError("\(control) does not exist: this kernel cannot be told to fail ext4")
        }
        try Data("1".utf8).write(to: URL(fileURLWithPath: control))
    }

    /// Whether creating a file there fails with EROFS.
    var isReadOnly: Bool {
        let fd = open(mountPoint + "/probe", O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        if fd >= 0 {
            close(fd)
            unlink(mountPoint + "/probe")
            return false
        }
        return errno == EROFS
    }

    func remountWritable() -> Bool {
        (try? Self.run("/bin/mount", ["-o", "remount,rw", mountPoint])) != nil && !isReadOnly
    }

    /// `e2fsck -fy` (an error was recorded) and mounts again.
    func repairAndMount() throws {
        let check = try ChildProcess.run("/usr/sbin/e2fsck", ["-f", "-y", file])
        // 0: clean, 1: errors corrected; more is a failure.
        guard check.code <= 1 else {
            throw TestSupportError(
                "e2fsck \(file) failed (\(check.status)): \(check.standardOutput) \(check.standardError)")
        }
        try mount()
    }

    func unmount() {
        guard mounted else { return }
        mounted = false
        if (try? Self.run("/bin/umount", [mountPoint])) == nil { _ = try? Self.run("/bin/umount", ["-l", mountPoint]) }
    }

    @discardableResult
    private static func run(_ program: String, _ arguments: [String]) throws -> CompletedProcess {
        let result = try ChildProcess.run(program, arguments)
        guard result.status == .exited(0) else {
            let command = ([program] + arguments).joined(separator: " ")
            throw TestSupportError("\(command) failed (\(result.status)): \(result.standardError)")
        }
        return result
    }
}
