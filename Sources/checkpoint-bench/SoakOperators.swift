import CheckpointWire
import Glibc
import Synchronization

/// The operators of `soak`: one control client asking a few questions a second, the reads an operator makes
/// through a shift (SPEC §4): `stats`, `health`, a person's `records` and `trace` (with a `reason`, as reads chosen
/// by person need), a checkpoint's latest records, open alerts (acking one now and then), active quarantine
/// orders, who is inside a checkpoint. It reconnects every `commandsPerConnection` commands, as `checkpointctl`
/// opens a connection per command, and lets go of its connection at a quiet point.
final class SoakOperators: @unchecked Sendable {
    struct Timing {
        var latency: UInt64
        var failed: Bool
    }

    let controlPath: String
    let people: Int
    let checkpoints: Int
    let interval: Double
    let commandsPerConnection = 25
    let windowNanoseconds: UInt64
    let startedAt: UInt64
    let stopRequested = Atomic<Bool>(false)
    let quietRequested = Atomic<Bool>(false)
    let quiet = Atomic<Bool>(false)
    /// Per window: every command's latency and whether it failed; per command: latencies.
    private(set) var windows: [[Timing]] = []
    private(set) var byCommand: [String: [UInt64]] = [:]
    private(set) var acked = 0
    private(set) var firstError: String?

    init(controlPath: String, people: Int, checkpoints: Int, perSecond: Double, windowNanoseconds: UInt64, startedAt: UInt64) {
        self.controlPath = controlPath
        self.people = people
        self.checkpoints = checkpoints
        interval = 1 / perSecond
        self.windowNanoseconds = windowNanoseconds
        self.startedAt = startedAt
    }

    func run() {
        var random = SplitMix64(seed: 4242)
        var control: ControlConnection?
        var issued = 0
        var next = monotonicNanoseconds()
        while !stopRequested.load(ordering: .relaxed) {
            if quietRequested.load(ordering: .relaxed) {
                control = nil
                quiet.store(true, ordering: .relaxed)
                sleepSeconds(0.05)
                continue
            }
            quiet.store(false, ordering: .relaxed)
            let now = monotonicNanoseconds()
            if now < next {
                sleepSeconds(Double(next - now) / 1e9)
                continue
            }
            next += UInt64(interval * 1e9)
            if next < now { next = now }
            if control == nil || issued % commandsPerConnection == 0 {
                control = nil
                do throws(BenchError) {
                    control = try ControlConnection(path: controlPath)
                } catch {
                    record("connect", 0, failed: true, error.description)
                    continue
                }
            }
            guard let connection = control else { continue }
            issued += 1
            let (name, line) = command(issued, random: &random)
            let started = monotonicNanoseconds()
            let reply: String
            do throws(BenchError) {
                reply = try connection.exchange(line)
            } catch {
                record(name, monotonicNanoseconds() - started, failed: true, error.description)
                control = nil
                continue
            }
            let latency = monotonicNanoseconds() - started
            let ok = reply.hasPrefix("{\"ok\":true")
            record(name, latency, failed: !ok, ok ? nil : String(reply.prefix(300)))
            if ok && name == "alerts" { ackOne(connection, reply) }
        }
    }

    /// The command cycle: one of each in turn, with a random person or checkpoint.
    private func command(_ issued: Int, random: inout SplitMix64) -> (String, String) {
        let person = People.key(random.below(people))
        let checkpoint = Registration.checkpointCode(random.below(checkpoints))
        let reason = "\"reason\":\"soak: operator check\""
        switch issued % 8 {
        case 0: return ("stats", "{\"cmd\":\"stats\"}")
        case 1: return ("records_person", "{\"cmd\":\"records\",\"person\":\"\(person)\",\"limit\":50,\(reason)}")
        case 2: return ("health", "{\"cmd\":\"health\"}")
        case 3: return ("trace", "{\"cmd\":\"trace\",\"person\":\"\(person)\",\"days\":1,\(reason)}")
        case 4: return ("records_checkpoint", "{\"cmd\":\"records\",\"checkpoint\":\"\(checkpoint)\",\"limit\":100}")
        case 5: return ("quarantine_list", "{\"cmd\":\"quarantine.list\",\"state\":\"active\",\"limit\":100}")
        case 6: return ("presence", "{\"cmd\":\"presence\",\"checkpoint\":\"\(checkpoint)\"}")
        default: return ("alerts", "{\"cmd\":\"alerts\",\"state\":\"open\",\"limit\":20}")
        }
    }

    /// Acknowledges the first open alert listed (an operator working through the list).
    private func ackOne(_ connection: ControlConnection, _ reply: String) {
        guard case .success(let result)? = try? ControlReply.parse(reply),
            let id = result["items"]?.arrayValue?.first?.objectValue?["id"]?.intValue
        else { return }
        let started = monotonicNanoseconds()
        do throws(BenchError) {
            _ = try connection.call("ack", ["id": .int(id), "note": .string("soak"), "by": .string("soak")])
            acked += 1
            record("ack", monotonicNanoseconds() - started, failed: false, nil)
        } catch {
            record("ack", monotonicNanoseconds() - started, failed: true, error.description)
        }
    }

    private func record(_ name: String, _ latency: UInt64, failed: Bool, _ error: String?) {
        let index = Int((monotonicNanoseconds() &- startedAt) / windowNanoseconds)
        while windows.count <= index { windows.append([]) }
        windows[index].append(Timing(latency: latency, failed: failed))
        byCommand[name, default: []].append(latency)
        if failed, firstError == nil { firstError = name + ": " + (error ?? "?") }
    }
}
