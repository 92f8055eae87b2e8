import Glibc
import Synchronization

/// `ingest --compare-dashboard` (issue 18 point 5): the same records to a fresh daemon while the dashboard is open
/// (one `/events` stream read to the end, as an open page's) and `/metrics` is fetched every second (what a
/// Prometheus scraping every second asks), then once more to a fresh daemon without them; the ratio is the first
/// rate over the mean of the runs without (the main run and the last one), so a drift of the machine during the
/// invocation does not pass for the dashboard's cost.
enum IngestWithDashboard {
    struct Result {
        var rate: Double
        var latencies: Percentiles
        var errors: Int
        var daemonCPUMicroseconds: Double
        var events: Int
        var scrapes: Int
        var scrapeBytes: Int
    }

    static func measure(
        options: BenchOptions, directory: String, records: Int, connections: Int, window: Int, durability: String,
        seed: UInt64, watched: Bool
    ) throws -> Result {
        try Files.makeDirectory(directory)
        let daemon = try DaemonUnderTest(
            binary: options.daemonBinary, directory: directory,
            arguments: ["--durability", durability, "--max-connections", "\(max(4096, connections + 64))"]
                + options.extraDaemonFlags)
        try daemon.start(timeoutSeconds: 60)
        defer { daemon.stop(timeoutSeconds: 60) }
        let stations = try Registration.stations(
            controlPath: daemon.controlSocket, count: connections, checkpoints: min(200, max(1, (connections + 1) / 2)),
            prefix: "st", addCheckpoints: true)
        var lines = RecordMix.stationLines(records: records, stations: connections, seed: seed)
        let load = try StationLoad(
            endpoint: daemon.stationEndpoint, stations: stations, lines: lines, pacing: .window(window),
            sendToken: true)
        lines = []
        let watchers = watched ? try DashboardWatchers(port: daemon.httpPort) : nil
        let pid = daemon.pid
        let cpuBefore = Proc.cpuNanoseconds(pid: pid)
        try load.run()
        let cpu = Proc.cpuNanoseconds(pid: pid) - cpuBefore
        let seen = watchers?.stop() ?? (events: 0, scrapes: 0, scrapeBytes: 0)
        if watched && (seen.events == 0 || seen.scrapes == 0) {
            throw BenchError("the dashboard was not watched: \(seen.events) events, \(seen.scrapes) scrapes")
        }
        return Result(
            rate: Format.rate(records, nanoseconds: load.finishedAt - load.startedAt),
            latencies: Percentiles(load.latencies), errors: load.errors,
            daemonCPUMicroseconds: Double(cpu) / 1000 / Double(max(records, 1)), events: seen.events,
            scrapes: seen.scrapes, scrapeBytes: seen.scrapeBytes)
    }
}

/// An open dashboard page's event stream and a scraper fetching `/metrics` every second, each on a thread.
final class DashboardWatchers: Sendable {
    private let stopping = Atomic<Bool>(false)
    private let events = Atomic<Int>(0)
    private let scrapes = Atomic<Int>(0)
    private let scrapeBytes = Atomic<Int>(0)
    private let threads: Mutex<[OSThread]> = Mutex([])

    init(port: UInt16) throws {
        let stream = try Sockets.connect(.tcp(port: port))
        try Sockets.writeAll(
            stream, Array("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".utf8))
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(stream, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let page = OSThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let marker = Array("event: dashboard".utf8)
            while !stopping.load(ordering: .relaxed) {
                let count = buffer.withUnsafeMutableBytes { recv(stream, $0.baseAddress, $0.count, 0) }
                if count == 0 { break }
                if count < 0 { continue }
                events.add(Self.occurrences(of: marker, in: buffer[..<count]), ordering: .relaxed)
            }
            close(stream)
        }
        let scraper = OSThread { [self] in
            var next = monotonicNanoseconds()
            while !stopping.load(ordering: .relaxed) {
                if let bytes = try? Self.fetchMetrics(port: port) {
                    scrapes.add(1, ordering: .relaxed)
                    scrapeBytes.add(bytes, ordering: .relaxed)
                }
                next += 1_000_000_000
                while !stopping.load(ordering: .relaxed) && monotonicNanoseconds() < next { usleep(20_000) }
            }
        }
        threads.withLock { $0 = [page, scraper] }
    }

    /// Stops both and says what they saw: snapshots received, scrapes done, bytes scraped.
    func stop() -> (events: Int, scrapes: Int, scrapeBytes: Int) {
        stopping.store(true, ordering: .relaxed)
        for thread in threads.withLock({ $0 }) { thread.join() }
        return (
            events.load(ordering: .relaxed), scrapes.load(ordering: .relaxed), scrapeBytes.load(ordering: .relaxed)
        )
    }

    /// One `GET /metrics` on a connection of its own, read to its end; the bytes received.
    static func fetchMetrics(port: UInt16) throws -> Int {
        let fd = try Sockets.connect(.tcp(port: port))
        defer { close(fd) }
        try Sockets.writeAll(fd, Array("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            total += count
        }
        return total
    }

    static func occurrences(of marker: [UInt8], in bytes: ArraySlice<UInt8>) -> Int {
        guard bytes.count >= marker.count else { return 0 }
        var found = 0
        var index = bytes.startIndex
        while index <= bytes.endIndex - marker.count {
            if bytes[index] == marker[0] && bytes[index..<index + marker.count].elementsEqual(marker) {
                found += 1
                index += marker.count
            } else {
                index += 1
            }
        }
        return found
    }
}
