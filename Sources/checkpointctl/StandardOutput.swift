import Glibc

/// Writes to file descriptor 1 through a buffer of our own, so that a failed write (a full disk behind
/// `> file.csv`) is exit status 1 and not lost at exit as stdio's would be; streams (`export`, `watch`) write
/// line by line.
final class StandardOutput {
    private var buffer: [UInt8] = []
    private let capacity: Int

    /// `capacity` 0 writes every line at once (for `watch`, whose lines must show up as they come).
    init(capacity: Int = 65_536) {
        self.capacity = capacity
        buffer.reserveCapacity(capacity)
    }

    /// Writes `text` as it is (it carries its own line ends) and flushes: a command's whole answer.
    func write(_ text: String) throws(CtlError) {
        buffer.append(contentsOf: text.utf8)
        try flush()
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
