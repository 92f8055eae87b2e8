import CheckpointTestSupport
import Foundation
import Glibc

/// The real `checkpoint-station` on a pseudo-terminal, as a volunteer's keyboard and screen would see it.
///
/// The child is started by ``ChildProcess`` as a session leader whose standard streams are the terminal's slave
/// side. A reader thread drains the master side all the time, so the
/// program never blocks on a full terminal, and keeps every byte it wrote for the checks.
final class PseudoTerminal: @unchecked Sendable {
    // Safe because: `master` and `child` never change; the output and the stop flag are behind locks; `status`
    // is only touched by the test's thread.
    let master: Int32
    private let child: ChildProcess
    var pid: pid_t { child.pid }
    private let output = Locked<[UInt8]>([])
    private let stopping = Locked(false)
    private let reader: BackgroundThread
    private var status: Int32?

    init(
        executable: String, arguments: [String], environment: [String: String], rows: UInt16 = 30,
        columns: UInt16 = 100
    ) throws {
        let device = try PseudoTerminalDevice.open(rows: rows, columns: columns)
        let master = device.leader
        let name = device.followerPath

        let child: ChildProcess
        do {
            child = try ChildProcess(
                executable: executable, arguments: arguments, environment: environment, streams: .terminal(name))
        } catch {
            close(master)
            throw error
        }
        self.master = master
        self.child = child
        let output = self.output
        let stopping = self.stopping
        self.reader = BackgroundThread("pty-reader") {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while !stopping.current {
                var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
                guard poll(&descriptor, 1, 50) > 0 else { continue }
                let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                // EIO: every slave descriptor is closed (the program exited).
                guard count > 0 else { return }
                output.withLock { $0.append(contentsOf: buffer[0..<count]) }
            }
        }
    }

    deinit {
        if exitStatus(within: 0) == nil {
            child.send(signal: SIGKILL)
            _ = exitStatus(within: 10)
        }
        stopping.withLock { $0 = true }
        _ = try? reader.join(seconds: 5)
        close(master)
    }

    /// Everything the program wrote so far, as bytes and as text.
    var bytes: [UInt8] { output.current }
    var text: String { String(decoding: output.current, as: UTF8.self) }

    /// A position in the output, to wait for text that appears after it.
    func mark() -> Int { output.current.count }

    /// Types `keys` as one burst (a person typing fast, or a barcode scanner).
    func type(_ keys: String) {
        var remaining = Array(keys.utf8)[...]
        while !remaining.isEmpty {
            let written = remaining.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            remaining = remaining.dropFirst(written)
        }
    }

    /// Presses one key on its own (a command key such as `i`, `o`, `x`), with a pause so it arrives alone.
    func press(_ key: String) {
        Deadline.sleep(0.1)
        type(key)
        Deadline.sleep(0.15)
    }

    /// Waits until `needle` appears in the output after `position`; throws with the screen's text if it does not.
    func waitFor(_ needle: String, after position: Int = 0, seconds: Double = 20) throws {
        let found = Deadline.poll(seconds: seconds, interval: 0.05) {
            let bytes = output.current
            guard bytes.count > position else { return false }
            return String(decoding: bytes[min(position, bytes.count)...], as: UTF8.self).contains(needle)
        }
        guard found else {
            throw TestSupportError("\(needle.debugDescription) did not appear within \(seconds) s; last screen:\n"
                + ScreenText.lastFrame(text))
        }
    }

    /// SGR styles of the verdict band (see `VerdictText.bandStyle`).
    enum Band: String {
        case green = "1;97;42"
        case red = "1;97;41"
        case yellow = "1;30;43"
        case blue = "1;97;44"
    }

    /// Waits until a verdict band in `colour` whose text starts with `word` is drawn after `position`, and
    /// returns that text. (The word alone could also match elsewhere: the header shows the fever threshold.)
    @discardableResult
    func waitForBand(
        _ colour: Band, _ word: String, after position: Int, seconds: Double = 20
    ) throws -> String {
        let prefix = "\u{1B}[\(colour.rawValue)m"
        var band: String?
        _ = Deadline.poll(seconds: seconds, interval: 0.05) {
            let bytes = output.current
            let text = String(decoding: bytes[min(position, bytes.count)...], as: UTF8.self)
            for piece in text.components(separatedBy: prefix).dropFirst() {
                let content = (piece.components(separatedBy: "\u{1B}[0m").first ?? "")
                    .trimmingCharacters(in: .whitespaces)
                if content.hasPrefix(word) { band = content }
            }
            return band != nil
        }
        guard let band else {
            throw TestSupportError("no \(colour) band with \(word.debugDescription) within \(seconds) s; last screen:\n"
                + ScreenText.lastFrame(text))
        }
        return band
    }

    /// The exit status (`(status >> 8) & 0xff` when it exited, 128 + signal when killed) once the program ended.
    func exitStatus(within seconds: Double) -> Int32? {
        if let status { return status }
        switch child.wait(seconds: seconds) {
        case .exited(let code): status = code
        case .signaled(let signal): status = 128 + signal
        case nil: break
        }
        return status
    }

    func signal(_ number: Int32) {
        if status == nil { child.send(signal: number) }
    }
}

/// Readable text from raw terminal output, for failure messages.
enum ScreenText {
    /// The output after the last "cursor home" (the last full frame), with escape sequences removed.
    static func lastFrame(_ raw: String) -> String {
        let frames = raw.components(separatedBy: "\u{1B}[H")
        return stripped(frames.last ?? raw)
    }

    static func stripped(_ raw: String) -> String {
        var result = ""
        var inSequence = false
        for scalar in raw.unicodeScalars {
            if inSequence {
                if (0x40...0x7E).contains(scalar.value) && scalar != "[" { inSequence = false }
                continue
            }
            if scalar == "\u{1B}" {
                inSequence = true
                continue
            }
            if scalar != "\r" { result.unicodeScalars.append(scalar) }
        }
        return result
    }
}
