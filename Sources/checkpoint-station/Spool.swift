import CheckpointCore
import Glibc

/// Counts for the status line, kept per local day in the spool's header.
struct DayCounters: Equatable {
    var day: String
    var sent = 0
    var fevers = 0

    /// Starts from zero when `today` is a new day.
    mutating func roll(to today: String) {
        if day != today {
            self = DayCounters(day: today)
        }
    }
}

/// The station's durable state in one directory (mode 0700; it holds full identifiers):
///
/// * `spool`: a header line, then one protocol line per record not yet answered `OK` or `DUP`, in seq order.
///   Records are appended and fsynced before they are sent; answered ones are dropped by rewriting the whole file
///   (`FileIO.replace`). The header keeps the next seq, so numbering never restarts even when the spool empties.
/// * `rejected`: one line per record the daemon answered `ERR` (or that could not be read back), with the reason.
///   Lines older than `rejectedRetentionDays` are deleted at start-up and at most once an hour after (issue 13:
///   they hold full identifiers, and the daemon keeps records no longer either).
/// * `lock`: held with `flock` while a `checkpoint-station` uses the directory, so two never share seqs.
final class Spool {
    let directory: String
    let station: String
    var spoolPath: String { directory + "/spool" }
    var rejectedPath: String { directory + "/rejected" }

    /// What was found at start-up.
    private(set) var loaded: [SpoolRecord] = []
    private(set) var rejectedSeqs: Set<Int64> = []
    private(set) var headerNext: Int64 = 1
    private(set) var headerCounters: DayCounters
    /// Lines that could not be read back (moved to `rejected` at start-up).
    private(set) var unreadableLines = 0

    let rejectedRetentionDays: Int
    private var lastRejectedPrune: Timestamp?

    private var lockDescriptor: Int32 = -1
    private var appendDescriptor: Int32 = -1

    static let headerPrefix = "# checkpoint-station spool v1"
    private static let writeHint = "the record was NOT saved: free disk space or fix the spool directory, then retry"

    init(
        directory: String, station: String, today: String, rejectedRetentionDays: Int = Defaults.retentionDays
    ) throws(StationError) {
        self.directory = directory
        self.station = station
        self.rejectedRetentionDays = rejectedRetentionDays
        self.headerCounters = DayCounters(day: today)
        try FileIO.makeDirectories(directory, mode: 0o700)
        try lock()
        try load()
    }

    deinit {
        if appendDescriptor >= 0 { close(appendDescriptor) }
        if lockDescriptor >= 0 { close(lockDescriptor) }
    }

    // MARK: writing

    /// Appends the records' lines and fsyncs. On failure the file is cut back to where it was: nothing was saved.
    func append(_ records: [SpoolRecord]) throws(StationError) {
        guard !records.isEmpty else { return }
        let offset = lseek(appendDescriptor, 0, SEEK_END)
        let bytes = Array(records.map { $0.line + "\n" }.joined().utf8)
        if let failure = FileIO.writeAll(appendDescriptor, bytes) {
            _ = ftruncate(appendDescriptor, offset)
            throw .system(.spool, "cannot write", path: spoolPath, errno: failure, hint: Spool.writeHint)
        }
        guard fsync(appendDescriptor) == 0 else {
            let failure = errno
            _ = ftruncate(appendDescriptor, offset)
            throw .system(.spool, "cannot fsync", path: spoolPath, errno: failure, hint: Spool.writeHint)
        }
    }

    /// Keeps a rejected record with the reason, fsynced (before the record leaves the spool).
    func reject(_ line: String, code: String, message: String, at instant: Timestamp) throws(StationError) {
        if let last = lastRejectedPrune, instant.milliseconds - last.milliseconds >= Spool.pruneInterval {
            try pruneRejected(now: instant)
        }
        let entry = "\(LocalTime.rfc3339(instant)) \(code) \"\(Spool.oneLine(message))\" | \(line)\n"
        let fd = open(rejectedPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw .system(.spool, "cannot open", path: rejectedPath, errno: errno, hint: "check the spool directory")
        }
        defer { close(fd) }
        if let failure = FileIO.writeAll(fd, Array(entry.utf8)) {
            throw .system(.spool, "cannot write", path: rejectedPath, errno: failure, hint: "free disk space")
        }
        guard fsync(fd) == 0 else {
            throw .system(.spool, "cannot fsync", path: rejectedPath, errno: errno, hint: "check the disk")
        }
        if let record = SpoolRecord(line: Array(line.utf8)) {
            rejectedSeqs.insert(record.seq)
        }
    }

    /// Rewrites the spool with only `records` (safely: new file, fsync, rename, fsync of the directory).
    func compact(keeping records: [SpoolRecord], next: Int64, counters: DayCounters) throws(StationError) {
        var text = "\(Spool.headerPrefix) station=\(station) next=\(next) day=\(counters.day)"
        text += " sent=\(counters.sent) fevers=\(counters.fevers)\n"
        for record in records {
            text += record.line + "\n"
        }
        if appendDescriptor >= 0 {
            close(appendDescriptor)
            appendDescriptor = -1
        }
        try FileIO.replace(spoolPath, with: Array(text.utf8), directory: directory)
        try openForAppend()
    }

    // MARK: start-up

    private func lock() throws(StationError) {
        let path = directory + "/lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw .system(
                .spool, "cannot open", path: path, errno: errno, hint: "choose another spool with --spool DIR")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? FileIO.readAll(fd, path: path, code: .spool, hint: "")).map {
                String(decoding: $0, as: UTF8.self).trimmingBlanks
            } ?? "?"
            close(fd)
            throw StationError(
                .spool,
                "another checkpoint-station (pid \(holder)) is using the spool \(directory); quit it first, or give "
                    + "this one its own station id and --spool DIR")
        }
        _ = ftruncate(fd, 0)
        _ = FileIO.writeAll(fd, Array("\(getpid())\n".utf8))
        lockDescriptor = fd
    }

    private func load() throws(StationError) {
        let hint = "check the permissions of the spool directory"
        if let bytes = try FileIO.read(rejectedPath, code: .spool, hint: hint) {
            for entry in bytes.split(separator: UInt8(ascii: "\n")) {
                let text = String(decoding: entry, as: UTF8.self)
                guard let bar = text.firstRange(of: " | "),
                      let record = SpoolRecord(line: Array(text[bar.upperBound...].utf8))
                else { continue }
                rejectedSeqs.insert(record.seq)
            }
        }
        var unreadable: [String] = []
        if let bytes = try FileIO.read(spoolPath, code: .spool, hint: hint) {
            // A last line without its line end was cut by a crash before its fsync returned; it was never sent.
            var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            lines.removeLast()
            for line in lines where !line.isEmpty {
                if line.first == UInt8(ascii: "#") {
                    try readHeader(String(decoding: line, as: UTF8.self))
                } else if let record = SpoolRecord(line: line) {
                    loaded.append(record)
                } else {
                    unreadable.append(String(decoding: line, as: UTF8.self))
                }
            }
        }
        let now = LocalTime.now()
        try pruneRejected(now: now)
        for line in unreadable {
            try reject(line, code: "E_SPOOL", message: "this spool line could not be read back", at: now)
        }
        unreadableLines = unreadable.count
        loaded.sort { $0.seq < $1.seq }
        try openForAppend()
    }

    static let pruneInterval = Timestamp.millisecondsPerHour

    /// Rewrites `rejected` without the lines older than `rejectedRetentionDays` (by the time each line starts
    /// with). A line whose time cannot be read is kept: nothing is deleted by guesswork.
    func pruneRejected(now: Timestamp) throws(StationError) {
        lastRejectedPrune = now
        let hint = "check the permissions of the spool directory"
        guard let bytes = try FileIO.read(rejectedPath, code: .spool, hint: hint) else { return }
        let cutoff = now.adding(milliseconds: -Int64(rejectedRetentionDays) * Timestamp.millisecondsPerDay)
        var kept: [UInt8] = []
        var dropped = 0
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            let time = line.prefix { $0 != UInt8(ascii: " ") }
            if let stamp = try? Timestamp(wire: String(decoding: time, as: UTF8.self)), stamp < cutoff {
                dropped += 1
            } else {
                kept += line
                kept.append(UInt8(ascii: "\n"))
            }
        }
        guard dropped > 0 else { return }
        try FileIO.replace(rejectedPath, with: kept, directory: directory)
    }

    private func readHeader(_ line: String) throws(StationError) {
        guard line.hasPrefix(Spool.headerPrefix) else { return }
        var fields: [String: String] = [:]
        for word in line.split(separator: " ") {
            guard let equals = word.firstIndex(of: "=") else { continue }
            fields[String(word[..<equals])] = String(word[word.index(after: equals)...])
        }
        if let owner = fields["station"], owner != station {
            throw StationError(
                .spool,
                "the spool \(directory) belongs to station \(owner), not \(station); give each station its own "
                    + "--spool DIR (records waiting there belong to \(owner))")
        }
        headerNext = fields["next"].flatMap { Int64($0) } ?? 1
        if let day = fields["day"], day == headerCounters.day {
            headerCounters.sent = fields["sent"].flatMap { Int($0) } ?? 0
            headerCounters.fevers = fields["fevers"].flatMap { Int($0) } ?? 0
        }
    }

    private func openForAppend() throws(StationError) {
        let fd = open(spoolPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw .system(.spool, "cannot open", path: spoolPath, errno: errno, hint: "check the spool directory")
        }
        appendDescriptor = fd
    }

    private static func oneLine(_ text: String) -> String {
        String(text.map { $0 == "\n" || $0 == "\r" || $0 == "\"" ? " " : $0 })
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line ends.
    var trimmingBlanks: String {
        let blanks: Set<Character> = [" ", "\t", "\n", "\r", "\r\n"]
        guard let first = firstIndex(where: { !blanks.contains($0) }),
              let last = lastIndex(where: { !blanks.contains($0) })
        else { return "" }
        return String(self[first...last])
    }
}
