import Glibc

/// Writes to file descriptor 1 through a buffer of our own, for streams (`export`, `watch`) where stdout must
/// carry exactly the daemon's lines and a failed write (a full disk behind `> file.csv`) must not go unnoticed.
final class StandardOutput {
    private var buffer: [UInt8] = []
    private let capacity: Int

    /// `capacity` 0 writes every line at once (for `watch`, whose lines must show up as they come).
    init(capacity: Int = 65_536) {
        self.capacity = capacity
        buffer.reserveCapacity(capacity)
    }

    func writeLine(_ line: String) throws(CtlError) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= capacity {
            try flush()
        }
    }

    func flush() throws(CtlError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer[offset...].withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR {
                    continue
                }
                let reason = ControlConnection.describe(errno)
                buffer.removeAll()
                throw CtlError(.output, "cannot write to standard output: \(reason)")
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
