import Glibc

/// Counts the daemon's `fdatasync`/`fsync` calls on its WAL and on its database file, with `perf stat` on the
/// syscall tracepoints filtered by file descriptor (no stop per call, unlike strace). With synchronous=FULL a
/// commit syncs the WAL once; a WAL checkpoint syncs the WAL and then the database, and the WAL restart after
/// it syncs the new WAL header once more: so commits ≈ WAL syncs − 2 × database syncs. Used when the daemon's
/// `health` has no commit counter, and as a cross-check when it has.
final class SyncCounter {
    private let pid: Int32
    private let output: String

    private init(pid: Int32, output: String) {
        self.pid = pid
        self.output = output
    }

    struct Counts {
        var wal = 0
        var database = 0
        var other = 0
        var countedNanoseconds: UInt64 = 0

        var estimatedCommits: Int { max(0, wal - 2 * database) }
    }

    static func start(watching target: Int32, directory: String) -> SyncCounter? {
        guard access("/usr/bin/perf", X_OK) == 0 else { return nil }
        var wal: [Int] = []
        var database: [Int] = []
        for fd in 0..<4096 {
            var buffer = [CChar](repeating: 0, count: 4096)
            let count = readlink("/proc/\(target)/fd/\(fd)", &buffer, buffer.count - 1)
            guard count > 0 else { continue }
            let path = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if path.hasSuffix(".db-wal") { wal.append(fd) } else if path.hasSuffix(".db") { database.append(fd) }
        }
        guard !wal.isEmpty, !database.isEmpty else { return nil }
        func filter(_ fds: [Int]) -> String { fds.map { "fd == \($0)" }.joined(separator: " || ") }
        let output = directory + "/perf-syncs.txt"
        var arguments = ["perf", "stat", "-x", ",", "-I", "100", "-o", output, "-p", "\(target)"]
        for event in ["syscalls:sys_enter_fdatasync", "syscalls:sys_enter_fsync"] {
            arguments += ["-e", event, "--filter", filter(wal), "-e", event, "--filter", filter(database)]
        }
        arguments += ["-e", "syscalls:sys_enter_fdatasync"]
        guard let pid = try? Spawn.run(arguments, environment: Environment.current(), output: "/dev/null") else {
            return nil
        }
        // perf takes a while to attach on a busy machine: wait for its first interval line.
        let deadline = monotonicNanoseconds() + 20_000_000_000
        while monotonicNanoseconds() < deadline && !Proc.lines(output).contains(where: { $0.contains("syscalls:") }) {
            sleepSeconds(0.05)
        }
        return SyncCounter(pid: pid, output: output)
    }

    /// Stops counting and reads the counts.
    func stop() -> Counts? {
        kill(pid, SIGINT)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        // Interval lines `TIME,COUNT,,EVENT,RUNTIME,...`, five per interval in the order given: fdatasync(wal),
        // fdatasync(db), fsync(wal), fsync(db), fdatasync(all).
        var values = [Int](repeating: 0, count: 5)
        var counted: UInt64 = 0
        var index = 0
        for line in Proc.lines(output) {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count >= 5, fields[3].hasPrefix("syscalls:") else { continue }
            values[index % 5] += Int(fields[1]) ?? 0
            if index % 5 == 0 { counted += UInt64(fields[4]) ?? 0 }
            index += 1
        }
        guard index >= 5 else { return nil }
        return Counts(
            wal: values[0] + values[2], database: values[1] + values[3],
            other: values[4] - values[0] - values[1], countedNanoseconds: counted)
    }
}

/// `perf record` of the daemon (cpu-clock samples; works where hardware counters are not exposed).
final class CPUProfile {
    private let pid: Int32

    private init(pid: Int32) { self.pid = pid }

    static func start(watching target: Int32, output: String, callGraph: Bool) throws -> CPUProfile {
        var arguments = ["perf", "record", "-e", "cpu-clock", "-F", "999", "-p", "\(target)", "-o", output]
        if callGraph { arguments += ["--call-graph", "dwarf,16384"] }
        let pid = try Spawn.run(arguments, environment: Environment.current(), output: output + ".log")
        sleepSeconds(0.5)
        return CPUProfile(pid: pid)
    }

    func stop() {
        kill(pid, SIGINT)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}

/// callgrind's client controls (`callgrind_control`), for a daemon started under valgrind.
enum Callgrind {
    static func wrapper(output: String) -> [String] {
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=\(output)", "--collect-atstart=no"]
    }

    /// Turns instrumentation-counting on or off in the running process.
    static func collect(_ on: Bool, pid: Int32) throws {
        let status = try Spawn.wait(["callgrind_control", "-i", on ? "on" : "off", "\(pid)"])
        if status != 0 { throw BenchError("callgrind_control -i \(on ? "on" : "off") failed (\(status))") }
    }
}
