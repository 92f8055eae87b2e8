import Glibc

/// A TUN device (`IFF_TUN | IFF_NO_PI`): a network interface whose packets are read and written as whole IP packets
/// on a descriptor, non-blocking. The interface lives while the descriptor is open: `close()` removes it, in
/// whichever namespace it was moved to.
public final class TunDevice: Sendable {
    public let name: String
    public let descriptor: Int32

    /// `TUNSETIFF` (`_IOW('T', 202, int)`) and the flags from <linux/if_tun.h>.
    private static let setInterface: UInt = 0x4004_54CA
    private static let tun: UInt16 = 0x0001
    private static let noPacketInformation: UInt16 = 0x1000

    /// Why no TUN device can be made here (no `/dev/net/tun`, not allowed), or nil when one can.
    public static func unavailableReason() -> String? {
        let descriptor = open("/dev/net/tun", O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else {
            return "cannot open /dev/net/tun: \(String(cString: strerror(errno))) (load the tun module, run as root)"
        }
        close(descriptor)
        return nil
    }

    /// Creates the interface `name` (at most 15 bytes) in the calling thread's network namespace.
    public init(name: String) throws {
        let descriptor = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw TestSupportError("open /dev/net/tun", errno: errno) }
        // struct ifreq: the name in bytes 0..<16 (NUL-terminated), then ifr_flags; 40 bytes in all.
        var request = [UInt8](repeating: 0, count: 40)
        let nameBytes = Array(name.utf8)
        guard nameBytes.count < 16 else {
            close(descriptor)
            throw TestSupportError("TUN name \(name) is longer than 15 bytes")
        }
        request.replaceSubrange(0..<nameBytes.count, with: nameBytes)
        let flags = Self.tun | Self.noPacketInformation
        request[16] = UInt8(truncatingIfNeeded: flags)
        request[17] = UInt8(truncatingIfNeeded: flags >> 8)
        // Safe because: the array has 40 elements, so its base address is not nil.
        let result = request.withUnsafeMutableBytes { ioctl(descriptor, Self.setInterface, $0.baseAddress!) }
        guard result == 0 else {
            let code = errno
            close(descriptor)
            throw TestSupportError("TUNSETIFF \(name)", errno: code)
        }
        self.name = name
        self.descriptor = descriptor
    }

    /// The next packet, nil when none is waiting.
    public func read(into buffer: inout [UInt8]) throws -> ArraySlice<UInt8>? {
        let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        if count > 0 { return buffer[0..<count] }
        if count == 0 { return nil }
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return nil }
        throw TestSupportError("reading from TUN \(name)", errno: errno)
    }

    /// Hands `packet` to the interface's network stack, as if it had arrived on the wire. A packet the stack
    /// refuses (e.g. the interface is down) is lost, as on a wire.
    public func write(_ packet: [UInt8]) {
        _ = packet.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
    }

    deinit {
        close(descriptor)
    }
}
