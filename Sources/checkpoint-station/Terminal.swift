import Glibc

/// The volunteer's terminal in raw mode: keys arrive one by one without echo, Enter as CR, Ctrl-C as a byte (we
/// quit cleanly ourselves). Output goes to the alternate screen, restored when `restore()` runs.
final class Terminal {
    private var original = termios()
    private var raw = false

    /// Fails unless standard input and output are a terminal: scripts use `send`.
    init() throws(StationError) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw StationError(.usage, L(.errorNotTerminal))
        }
        guard tcgetattr(STDIN_FILENO, &original) == 0 else {
            throw .system(.usage, "tcgetattr", path: "standard input", errno: errno, hint: L(.errorNotTerminal))
        }
    }

    deinit {
        restore()
    }

    /// Raw input (no canonical lines, no echo, no signals from keys, no CR to LF), the alternate screen.
    func enterRawMode() {
        var settings = original
        settings.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        settings.c_cflag |= tcflag_t(CS8)
        settings.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &settings.c_cc) { bytes in
            bytes[Int(VMIN)] = 1
            bytes[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &settings)
        raw = true
        write("\u{1B}[?1049h\u{1B}[H\u{1B}[2J")
    }

    /// Back to the settings found at start, and the normal screen. Safe to call twice.
    func restore() {
        guard raw else { return }
        raw = false
        write("\u{1B}[0m\u{1B}[?1049l")
        tcsetattr(STDIN_FILENO, TCSANOW, &original)
    }

    /// Rows and columns (24 x 80 when the terminal does not say).
    func size() -> (rows: Int, columns: Int) {
        var window = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_row > 0, window.ws_col > 0 else {
            return (24, 80)
        }
        return (Int(window.ws_row), Int(window.ws_col))
    }

    func write(_ text: String) {
        _ = FileIO.writeAll(STDOUT_FILENO, Array(text.utf8))
    }

    /// The bytes available now (after `poll` said so); nil at end of input (the terminal went away).
    func readKeys() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return [] }
            guard count > 0 else { return nil }
            return Array(buffer[0..<count])
        }
    }
}
