import CheckpointWire
import Glibc
import Synchronization

/// A blocking client of the daemon's control socket: one JSON line out, one JSON line back.
final class ControlConnection {
    private let fd: Int32
    private var reader: LineReader

    init(path: String) throws(BenchError) {
        fd = try Sockets.connect(.unix(path: path))
        reader = LineReader(fd: fd)
    }

    deinit { close(fd) }

    /// Sends `{"cmd": command, ...}` and returns the result, or throws the daemon's error.
    func call(_ command: String, _ arguments: JSONObject = JSONObject()) throws(BenchError) -> JSONObject {
        let line = try exchange(ControlRequest(command: command, arguments: arguments).serialized())
        let reply: Result<JSONObject, WireError>
        do throws(WireError) {
            reply = try ControlReply.parse(line)
        } catch {
            throw BenchError("\(command): unreadable reply \(line.prefix(200))")
        }
        switch reply {
        case .success(let result): return result
        case .failure(let error): throw BenchError("\(command): \(error)")
        }
    }

    /// Sends a raw line and returns the raw reply line (for timing: no parsing on the clock).
    func exchange(_ line: String) throws(BenchError) -> String {
        try Sockets.writeAll(fd, Array((line + "\n").utf8))
        guard let reply = try reader.readLine() else { throw BenchError("the control socket closed") }
        return reply
    }
}

/// A station the bench registered: its code and its token.
struct StationCredentials: Sendable {
    var code: String
    var token: String
}

enum Registration {
    /// Adds `checkpoints` checkpoints (`cp-001` … unless they exist) and `count` stations (`PREFIX-0001` …)
    /// spread over them, over `parallel` control connections at once so the writer group-commits them.
    static func stations(
        controlPath: String, count: Int, checkpoints: Int, prefix: String, addCheckpoints: Bool, parallel: Int = 16
    ) throws(BenchError) -> [StationCredentials] {
        if addCheckpoints {
            let control = try ControlConnection(path: controlPath)
            for index in 0..<checkpoints {
                _ = try control.call("checkpoint.add", [
                    "id": .string(checkpointCode(index)), "grid": .string("grid-" + padded(index / 10 + 1, 2)),
                    "name": .string("Checkpoint \(index + 1)"),
                ])
            }
        }
        let results = Shared<[Int: Result<StationCredentials, BenchError>]>([:])
        let lanes = max(1, min(parallel, count))
        var threads: [OSThread] = []
        for lane in 0..<lanes {
            threads.append(OSThread {
                var local: [Int: Result<StationCredentials, BenchError>] = [:]
                do throws(BenchError) {
                    let control = try ControlConnection(path: controlPath)
                    for index in stride(from: lane, to: count, by: lanes) {
                        let code = prefix + "-" + padded(index + 1, 4)
                        do throws(BenchError) {
                            let result = try control.call("station.add", [
                                "id": .string(code), "checkpoint": .string(checkpointCode(index % checkpoints)),
                            ])
                            guard let token = result["token"]?.stringValue else {
                                throw BenchError("station.add \(code): no token in the reply")
                            }
                            local[index] = .success(StationCredentials(code: code, token: token))
                        } catch {
                            local[index] = .failure(error)
                        }
                    }
                } catch {
                    local[-1 - lane] = .failure(error)
                }
                let finished = local
                results.update { $0.merge(finished) { first, _ in first } }
            })
        }
        for thread in threads { thread.join() }
        let all = results.value
        var stations: [StationCredentials] = []
        for key in all.keys.sorted() {
            switch all[key] {
            case .success(let station)?: stations.append(station)
            case .failure(let error)?: throw error
            case nil: break
            }
        }
        guard stations.count == count else { throw BenchError("registered \(stations.count) of \(count) stations") }
        return stations
    }

    static func checkpointCode(_ index: Int) -> String { "cp-" + padded(index + 1, 3) }

    static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

/// A value shared between threads, behind a mutex.
final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    func update<T: Sendable>(_ body: (inout sending Value) -> sending T) -> T { mutex.withLock(body) }

    var value: Value { mutex.withLock { $0 } }
}
