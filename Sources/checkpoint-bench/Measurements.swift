import Glibc

/// Percentiles of a set of samples (nanoseconds), nearest-rank.
struct Percentiles {
    private(set) var sorted: [UInt64]

    init(_ samples: [UInt64]) { sorted = samples.sorted() }

    var count: Int { sorted.count }

    func at(_ fraction: Double) -> UInt64 {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[Swift.min(Swift.max(rank, 0), sorted.count - 1)]
    }

    var max: UInt64 { sorted.last ?? 0 }
}

/// The flush probe: `pwrite` 4 KiB and `fdatasync` it, in the directory the database lives in. The disk's
/// flush latency moves minute to minute on this kind of machine, so every figure is printed next to it.
struct FlushProbe {
    private(set) var samples: [UInt64] = []

    /// `count` flushes `pause` seconds apart, or fewer if `keepGoing` says stop first.
    mutating func run(
        directory: String, count: Int, pause: Double = 0.005, keepGoing: () -> Bool = { true }
    ) throws(BenchError) {
        let path = directory + "/flush-probe.tmp"
        let fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .errno("open \(path)") }
        defer {
            close(fd)
            unlink(path)
        }
        var page = [UInt8](repeating: 0x5A, count: 4096)
        for index in 0..<count {
            guard keepGoing() else { break }
            page[0] = UInt8(truncatingIfNeeded: index)
            let started = monotonicNanoseconds()
            guard page.withUnsafeBytes({ pwrite(fd, $0.baseAddress, 4096, 0) }) == 4096 else { throw .errno("pwrite") }
            guard fdatasync(fd) == 0 else { throw .errno("fdatasync") }
            samples.append(monotonicNanoseconds() - started)
            sleepSeconds(pause)
        }
    }

    /// `flush_p50=0.41ms flush_p99=2.10ms`.
    var figures: String {
        let values = Percentiles(samples)
        return "flush_p50=\(Format.ms(values.at(0.5))) flush_p99=\(Format.ms(values.at(0.99))) flush_n=\(values.count)"
    }

    var p50: UInt64 { Percentiles(samples).at(0.5) }
}

/// Readings from /proc.
enum Proc {
    /// `write_bytes` and `read_bytes` of `/proc/PID/io` (bytes this process caused to be sent to, or fetched
    /// from, the storage layer), and `syscw`.
    struct IO {
        var readBytes: UInt64 = 0
        var writeBytes: UInt64 = 0
        var writeCalls: UInt64 = 0
        /// Bytes passed to write(2) and friends, sockets included.
        var writtenChars: UInt64 = 0
    }

    static func io(pid: Int32) -> IO {
        var result = IO()
        for line in lines("/proc/\(pid)/io") {
            let parts = line.split(separator: ":").map { $0.trimmingCharacters() }
            guard parts.count == 2, let value = UInt64(parts[1]) else { continue }
            switch parts[0] {
            case "read_bytes": result.readBytes = value
            case "write_bytes": result.writeBytes = value
            case "syscw": result.writeCalls = value
            case "wchar": result.writtenChars = value
            default: break
            }
        }
        return result
    }

    /// A `VmRSS`-style field of `/proc/PID/status`, in bytes.
    static func status(pid: Int32, field: String) -> UInt64 {
        for line in lines("/proc/\(pid)/status") where line.hasPrefix(field + ":") {
            let number = line.dropFirst(field.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first
                .flatMap { UInt64($0) } ?? 0
            return number * 1024
        }
        return 0
    }

    /// User + system CPU time of a process, in nanoseconds (from `/proc/PID/stat`).
    static func cpuNanoseconds(pid: Int32) -> UInt64 { cpuNanoseconds(path: "/proc/\(pid)/stat") }

    static func cpuNanoseconds(path: String) -> UInt64 {
        guard let line = lines(path).first, let close = line.lastIndex(of: ")") else { return 0 }
        let fields = line[line.index(after: close)...].split(separator: " ")
        // Fields after the command: state(0) ... utime(11) stime(12), in clock ticks.
        guard fields.count > 12, let user = UInt64(fields[11]), let system = UInt64(fields[12]) else { return 0 }
        let ticks = UInt64(sysconf(Int32(_SC_CLK_TCK)))
        return (user + system) * 1_000_000_000 / max(ticks, 1)
    }

    /// Per thread: its name, CPU time, and time spent runnable but waiting for a CPU (`/proc/PID/task/TID/stat`
    /// and `schedstat`), in nanoseconds.
    struct ThreadTimes {
        var name: String
        var cpu: UInt64
        var runQueueWait: UInt64
    }

    static func threads(pid: Int32) -> [Int32: ThreadTimes] {
        var result: [Int32: ThreadTimes] = [:]
        guard let directory = opendir("/proc/\(pid)/task") else { return [:] }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let tid = Int32(name) else { continue }
            let task = "/proc/\(pid)/task/\(tid)"
            let schedstat = lines(task + "/schedstat").first?.split(separator: " ") ?? []
            result[tid] = ThreadTimes(
                name: lines(task + "/comm").first ?? "?", cpu: cpuNanoseconds(path: task + "/stat"),
                runQueueWait: schedstat.count > 1 ? UInt64(schedstat[1]) ?? 0 : 0)
        }
        return result
    }

    /// The busiest threads between two `threads` readings: `name:CPU_ms/WAIT_ms,...` (WAIT: runnable, no CPU).
    static func threadDelta(_ before: [Int32: ThreadTimes], _ after: [Int32: ThreadTimes], top: Int = 4) -> String {
        let deltas = after.map { tid, value in
            (value.name, value.cpu &- (before[tid]?.cpu ?? 0), value.runQueueWait &- (before[tid]?.runQueueWait ?? 0))
        }
        return deltas.sorted { $0.1 > $1.1 }.prefix(top)
            .map { "\($0.0.replacingSpaces):\($0.1 / 1_000_000)/\($0.2 / 1_000_000)ms" }.joined(separator: ",")
    }

    /// This process's user + system CPU time, in nanoseconds.
    static func selfCPUNanoseconds() -> UInt64 {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        let user = UInt64(usage.ru_utime.tv_sec) * 1_000_000_000 + UInt64(usage.ru_utime.tv_usec) * 1000
        let system = UInt64(usage.ru_stime.tv_sec) * 1_000_000_000 + UInt64(usage.ru_stime.tv_usec) * 1000
        return user + system
    }

    /// `load=1.23,0.98,0.75`.
    static var loadAverage: String {
        let fields = lines("/proc/loadavg").first?.split(separator: " ") ?? []
        return "load=" + fields.prefix(3).joined(separator: ",")
    }

    static func fileSize(_ path: String) -> UInt64 {
        // lseek, not stat(): with Foundation in the bench's graph (through CheckpointTLS) `struct stat` is
        // attributed to CoreFoundation's module, which this file does not import.
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        let end = lseek(fd, 0, SEEK_END)
        return end > 0 ? UInt64(end) : 0
    }

    static func lines(_ path: String) -> [String] {
        guard let text = readFile(path) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }

    static func readFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Number formatting without Foundation.
enum Format {
    /// Milliseconds with two decimals: `0.41ms`.
    static func ms(_ nanoseconds: UInt64) -> String { fixed(Double(nanoseconds) / 1e6, 2) + "ms" }

    static func mib(_ bytes: UInt64) -> String { fixed(Double(bytes) / 1_048_576, 1) + "MiB" }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "nan" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = UInt64(scaled / scale)
        var text = (value < 0 && scaled > 0 ? "-" : "") + String(whole)
        if decimals > 0 {
            let fraction = String(UInt64(scaled) - whole * UInt64(scale))
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return text
    }

    static func rate(_ count: Int, nanoseconds: UInt64) -> Double {
        Double(count) / (Double(max(nanoseconds, 1)) / 1e9)
    }

    /// `p50=… p99=… p999=…` with a prefix.
    static func latencies(_ name: String, _ values: Percentiles, p90: Bool = false, p999: Bool = true) -> String {
        var text = "\(name)_p50=\(ms(values.at(0.5)))"
        if p90 { text += " \(name)_p90=\(ms(values.at(0.9)))" }
        text += " \(name)_p99=\(ms(values.at(0.99)))"
        if p999 { text += " \(name)_p999=\(ms(values.at(0.999)))" }
        return text + " \(name)_max=\(ms(values.max))"
    }
}

extension String {
    var replacingSpaces: String { String(map { $0 == " " || $0 == "," ? "_" : $0 }) }
}

extension Substring {
    func trimmingCharacters() -> Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}

/// One scenario's printed line: `scenario key=value ... | flush_p50=… flush_p99=… load=…`.
struct FigureLine {
    let scenario: String
    private var fields: [String] = []

    init(_ scenario: String) { self.scenario = scenario }

    mutating func add(_ key: String, _ value: String) { fields.append("\(key)=\(value)") }
    mutating func add(_ text: String) { fields.append(text) }

    func render(probe: FlushProbe, load: String) -> String {
        "\(scenario) " + fields.joined(separator: " ") + " | " + probe.figures + " " + load
    }
}
