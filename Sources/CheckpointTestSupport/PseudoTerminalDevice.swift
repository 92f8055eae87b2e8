import Glibc

/// A new pseudo-terminal: its leader (master) descriptor and the follower's device path. The one place the tests
/// open one; `checkpointctl` and `checkpoint-station` tests put a program's streams on the follower.
public struct PseudoTerminalDevice: Sendable {
    /// Read the program's output here, write its keyboard input here. Close-on-exec; the caller closes it.
    public let leader: Int32
    /// `/dev/pts/N`, for the child to open as its standard streams.
    public let followerPath: String

    /// `TIOCSPTLCK` and `TIOCGPTN` from <asm-generic/ioctls.h> (x86-64 and arm64 share them).
    private static let setLock: UInt = 0x4004_5431
    private static let getNumber: UInt = 0x8004_5430

    /// Opens `/dev/ptmx`, unlocks the follower and sets the window size. (posix_openpt, grantpt, unlockpt and
    /// ptsname_r are not imported by the Glibc module; on Linux they are this file plus two ioctls, and grantpt is a
    /// no-op with devpts.)
    public static func open(rows: UInt16 = 30, columns: UInt16 = 100) throws -> PseudoTerminalDevice {
        let leader = Glibc.open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard leader >= 0 else { throw TestSupportError("open /dev/ptmx", errno: errno) }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard ioctl(leader, setLock, &unlock) == 0, ioctl(leader, getNumber, &number) == 0 else {
            let code = errno
            close(leader)
            throw TestSupportError("unlocking the pseudo-terminal", errno: code)
        }
        var window = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(leader, UInt(TIOCSWINSZ), &window)
        return PseudoTerminalDevice(leader: leader, followerPath: "/dev/pts/\(number)")
    }
}
