import CheckpointCore
import CheckpointStore
import CheckpointWire

/// A small, fast, seedable generator (SplitMix64): the same seed gives the same records on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<bound.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Approximately normal (sum of four uniforms), mean 0, standard deviation 1.
    mutating func gaussian() -> Double { (unit() + unit() + unit() + unit() - 2) * 1.732 }
}

/// The people of the benchmark: phone numbers, so a person's storage key is the number itself.
enum People {
    /// The phone number of person `index` (distinct for every index below ~4.5 million).
    static func key(_ index: Int) -> Int64 { 13_000_000_000 + Int64(index) * 1999 }
}

/// What a gate sends: ~40 % `TEMP`, ~30 % `ENTRY` (most with a temperature), ~30 % `EXIT`, from a pool of people
/// chosen uniformly (so the `(person, ts)` index takes random insertions, as in a real district), with ~0.5 %
/// fevers (which open FEVER alerts).
struct RecordMix {
    /// `records` lines of the mix dealt round-robin to `stations` stations, each numbering its own 1, 2, 3, ...: the
    /// load of `ingest` and of its comparisons (TLS, the dashboard), the same for the same seed.
    static func stationLines(records: Int, stations: Int, seed: UInt64) -> [[String]] {
        var mix = RecordMix(seed: seed)
        var lines = [[String]](repeating: [], count: stations)
        for index in 0..<records {
            let station = index % stations
            lines[station].append(line(mix.next(), seq: Int64(lines[station].count + 1)))
        }
        return lines
    }

    /// One draw: Core's `Record` without a seq and a time, its person kept as the phone number's digits, so that
    /// generating millions of rows allocates nothing per row. `record(seq:)` makes the Core `Record`.
    struct Sample {
        var kind: RecordKind
        var person: Int64
        var temperatureTenths: Int?

        /// The record a gate sends for this draw (no `ts`: the daemon stamps the time of receipt, as for a live gate).
        func record(seq: Int64) -> Record {
            Record(
                kind: kind, seq: seq, person: .phone(String(person)),
                temperature: temperatureTenths.map { Temperature(tenths: $0) })
        }
    }

    private var random: SplitMix64
    let people: Int
    let feverRate: Double

    init(seed: UInt64, people: Int = 500_000, feverRate: Double = 0.005) {
        random = SplitMix64(seed: seed)
        self.people = people
        self.feverRate = feverRate
    }

    mutating func next() -> Sample {
        let roll = random.unit()
        let kind: RecordKind = roll < 0.4 ? .temp : roll < 0.7 ? .entry : .exit
        let withTemperature = kind == .temp || (kind == .entry && random.unit() < 0.8) || (kind == .exit && random.unit() < 0.3)
        return Sample(
            kind: kind, person: People.key(random.below(people)),
            temperatureTenths: withTemperature ? temperature() : nil)
    }

    /// 36.0–37.2 °C for the healthy, 37.3–39.0 for a fever.
    mutating func temperature() -> Int {
        if random.unit() < feverRate { return 373 + random.below(18) }
        return min(372, max(355, Int((365 + random.gaussian() * 3).rounded())))
    }

    /// `TEMP seq=12 person=13000001999 temp=36.6`, written by Wire's encoder (no `ts`: the daemon stamps the time
    /// of receipt, as for a live gate).
    static func line(_ sample: Sample, seq: Int64) -> String {
        StationRequest.record(sample.record(seq: seq)).line
    }

    /// The row the daemon would store for it (verdict `fever` from 37.3 °C, as the default rules say).
    static func row(_ record: Sample, station: RawIngest.Station, seq: Int64, at: Int64) -> RawIngest.Row {
        let fever = (record.temperatureTenths ?? 0) >= 373
        // Safe because the bench's people are phone numbers (`People.key`), which always have a `PersonID`.
        let incoming = incoming(record, station: station, seq: seq, at: at)!
        return RawIngest.Row(incoming, verdicts: fever ? .fever : [], recheck: fever ? .pending : nil)
    }

    static func incoming(_ record: Sample, station: RawIngest.Station, seq: Int64, at: Int64) -> IncomingRecord? {
        guard let person = PersonID(storageKey: record.person) else { return nil }
        return IncomingRecord(
            CheckpointCore.Record(
                kind: record.kind, seq: seq, person: person,
                temperature: record.temperatureTenths.map { Temperature(tenths: $0) }),
            stationKey: station.key, checkpointKey: station.checkpointKey, at: Timestamp(milliseconds: at))
    }
}
