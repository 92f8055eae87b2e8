import CheckpointCore
import CheckpointStore
import Glibc

/// The big database of the `query` and `start` scenarios: a district's month of gate records, built by
/// `RawIngest` with the daemon's schema and statements, in arrival (time) order as the daemon would have
/// stored them, so the `(person, ts)` index grows by random insertions as in real life.
///
/// Who and when: each person has one or two home checkpoints (70/30) and a daily chance of passing (about a
/// quarter are daily commuters); a person who passes does so 1–3 times that day, mostly around 08:00 and
/// 18:00. Each passage is one record: ~40 % TEMP, ~30 % ENTRY, ~30 % EXIT, most with a temperature; ~0.5 % of
/// temperatures are fevers (FEVER alerts, re-checked); ~0.2 % of people arrive from outside (an `ENTRY
/// origin=outside` that opens a 14-day order), and the few passages they make while under it are violations.
/// The month ends at generation time and spans `days` minus half a day, so the retention purge (30 days)
/// finds nothing to delete for twelve hours.
struct DatasetPlan: Sendable {
    var records = 10_000_000
    var people = 500_000
    var checkpoints = 200
    var stationsPerCheckpoint = 2
    var days = 30
    var seed: UInt64 = 1

    /// `r10000000-p500000-c200-d30-s1`.
    var key: String { "r\(records)-p\(people)-c\(checkpoints)-d\(days)-s\(seed)" }

    /// The daemon's default rules.
    static let quarantineMilliseconds = RulePolicy().quarantineMilliseconds
    static let graceMilliseconds = RulePolicy().quarantineGraceMilliseconds

    struct Summary {
        var records = 0
        var fevers = 0
        var orders = 0
        var violations = 0
        var nanoseconds: UInt64 = 0
    }

    /// Builds the database at `path` (which must not exist yet). `progress` gets the records written so far.
    func generate(path: String, progress: (Int) -> Void) throws -> Summary {
        let started = monotonicNanoseconds()
        let store = try RawIngest(path: path, fullDurability: false, tuning: .generation)
        let stations = try store.addStations(
            count: checkpoints * stationsPerCheckpoint, checkpoints: checkpoints, prefix: "gate")
        var byCheckpoint: [Int64: [Int]] = [:]
        for (index, station) in stations.enumerated() { byCheckpoint[station.checkpointKey, default: []].append(index) }
        let gates = byCheckpoint.keys.sorted().map { byCheckpoint[$0] ?? [] }
        var random = SplitMix64(seed: seed)
        let passagesPerActiveDay = 1.8
        // The span is half a day short of `days`, and the last day is cut at now.
        let meanActivity = Double(records) / (Double(people) * (Double(days) - 0.75) * passagesPerActiveDay)
        let commuterActivity = min(0.95, meanActivity * 2.4)
        let otherActivity = max(0.01, (meanActivity - 0.25 * commuterActivity) / 0.75)
        var activity = [Float](repeating: 0, count: people)
        var homes = [(UInt16, UInt16)](repeating: (0, 0), count: people)
        var orderStart = [Int64](repeating: 0, count: people)
        let end = wallMilliseconds()
        let span = Int64(days) * Timestamp.millisecondsPerDay - Timestamp.millisecondsPerDay / 2
        let origin = end - span
        for person in 0..<people {
            activity[person] = Float(random.unit() < 0.25 ? commuterActivity : otherActivity)
            let first = random.below(gates.count)
            homes[person] = (UInt16(first), UInt16((first + 1 + random.below(max(1, gates.count - 1))) % gates.count))
            if random.unit() < 0.002 { orderStart[person] = -1 }  // arrives from outside on a day chosen below
        }
        var seqs = [Int64](repeating: 0, count: stations.count)
        var summary = Summary()
        var mix = RecordMix(seed: seed &+ 17, people: people)
        for day in 0..<days {
            var passages: [(at: Int64, person: Int32, station: Int32)] = []
            passages.reserveCapacity(records / days + records / (days * 10))
            let dayStart = origin + Int64(day) * Timestamp.millisecondsPerDay
            for person in 0..<people {
                var chance = Double(activity[person])
                if orderStart[person] > 0 && orderStart[person] < dayStart && dayStart - orderStart[person] < DatasetPlan.quarantineMilliseconds {
                    chance *= 0.05
                }
                guard random.unit() < chance else { continue }
                let count = random.unit() < 0.4 ? 1 : random.unit() < 0.67 ? 2 : 3
                for _ in 0..<count {
                    let at = dayStart + Self.timeOfDay(&random)
                    guard at < end else { continue }
                    let home = random.unit() < 0.7 ? homes[person].0 : homes[person].1
                    let choices = gates[Int(home)]
                    let station = choices[random.below(choices.count)]
                    passages.append((at, Int32(person), Int32(station)))
                }
            }
            passages.sort { $0.at < $1.at }
            var rows: [RawIngest.Row] = []
            rows.reserveCapacity(passages.count)
            for passage in passages {
                let person = Int(passage.person)
                let station = stations[Int(passage.station)]
                seqs[Int(passage.station)] += 1
                var record = mix.next()
                record.person = People.key(person)
                var row = RecordMix.row(record, station: station, seq: seqs[Int(passage.station)], at: passage.at)
                if row.verdicts.contains(.fever) {
                    let roll = random.unit()
                    row.recheck = roll < 0.8 ? .clearedOnRecheck : roll < 0.9 ? .confirmed : .missed
                    summary.fevers += 1
                }
                if orderStart[person] == -1 && record.kind == .entry && random.unit() < 0.1 {
                    orderStart[person] = passage.at
                    row.incoming.record.origin = .outside
                    row.verdicts.insert(.quarantine)
                    row.quarantineUntil = Timestamp(milliseconds: passage.at + DatasetPlan.quarantineMilliseconds)
                    summary.orders += 1
                } else if orderStart[person] > 0, record.kind != .temp,
                          passage.at > orderStart[person] + DatasetPlan.graceMilliseconds,
                          passage.at < orderStart[person] + DatasetPlan.quarantineMilliseconds {
                    row.verdicts.insert(.violation)
                    summary.violations += 1
                }
                rows.append(row)
            }
            try store.insertRaw(rows, batch: max(1, rows.count))
            summary.records += rows.count
            progress(summary.records)
        }
        try store.acknowledgeAlerts(before: end - Timestamp.millisecondsPerDay)
        try store.checkpoint()
        summary.nanoseconds = monotonicNanoseconds() - started
        return summary
    }

    /// Milliseconds into the day: 40 % around 08:00, 40 % around 18:00, 20 % spread over 06:00–22:00.
    private static func timeOfDay(_ random: inout SplitMix64) -> Int64 {
        let roll = random.unit()
        let hours: Double
        if roll < 0.4 {
            hours = 8 + random.gaussian() * 0.75
        } else if roll < 0.8 {
            hours = 18 + random.gaussian() * 1.0
        } else {
            hours = 6 + random.unit() * 16
        }
        return Int64(min(max(hours, 0), 23.999) * Double(Timestamp.millisecondsPerHour))
    }
}

/// Generated databases are kept under the work directory, keyed by their parameters and the day they were
/// made (so their month still ends close to now, and the retention purge finds nothing to delete).
enum DatasetCache {
    static func path(workDirectory: String, plan: DatasetPlan) -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        let day = "\(parts.tm_year + 1900)" + Registration.padded(Int(parts.tm_mon) + 1, 2)
            + Registration.padded(Int(parts.tm_mday), 2)
        return workDirectory + "/datasets/\(plan.key)-\(day)" + (parts.tm_hour >= 12 ? "pm" : "am") + ".db"
    }

    /// The cached database for `plan`, generated first if there is none.
    static func ensure(workDirectory: String, plan: DatasetPlan, log: (String) -> Void) throws -> String {
        let path = self.path(workDirectory: workDirectory, plan: plan)
        if Files.exists(path) { return path }
        try Files.makeDirectory(workDirectory + "/datasets")
        // Older databases of the same plan are stale now.
        _ = try? Spawn.wait(["sh", "-c", "rm -f '\(workDirectory)/datasets/\(plan.key)-'*"])
        let partial = path + ".partial"
        for suffix in ["", "-wal", "-shm"] { unlink(partial + suffix) }
        log("generating \(plan.key) into \(path) (once; cached for half a day)")
        var lastReport = monotonicNanoseconds()
        let summary = try plan.generate(path: partial) { written in
            let now = monotonicNanoseconds()
            if now - lastReport > 10_000_000_000 {
                lastReport = now
                log("  \(written) records")
            }
        }
        for suffix in ["-wal", "-shm"] { unlink(partial + suffix) }
        guard rename(partial, path) == 0 else { throw BenchError.errno("rename \(partial)") }
        log("generated \(summary.records) records (\(summary.fevers) fevers, \(summary.orders) orders, "
            + "\(summary.violations) violations) in \(Format.fixed(Double(summary.nanoseconds) / 1e9, 1)) s")
        return path
    }
}
