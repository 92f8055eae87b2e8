/// One RSS and descriptor reading of the daemon during `soak`.
struct SoakSample {
    /// Nanoseconds since the load started.
    var at: UInt64
    var rss: UInt64
    var descriptors: Int
    /// Station connections open at the time (the bench's side).
    var stations: Int
}

/// The figures of `soak` per window, and the RSS drift after warm-up.
struct SoakReport {
    let windows: [SoakWindow]
    let operatorWindows: [[SoakOperators.Timing]]
    let samples: [SoakSample]
    let windowNanoseconds: UInt64
    let warmUpNanoseconds: UInt64
    let seconds: Int

    /// Whole windows only: replies read during the final quiet point (after `seconds`) count in the last one.
    var windowCount: Int { max(1, Int(UInt64(seconds) * 1_000_000_000 / windowNanoseconds)) }

    func stationWindow(_ index: Int) -> [SoakWindow] {
        windows.filter { $0.index == index || (index == windowCount - 1 && $0.index >= windowCount) }
    }

    func rssMean(_ index: Int) -> UInt64? {
        Self.mean(samples.filter { Int($0.at / windowNanoseconds) == index }.map(\.rss))
    }

    /// (mean RSS of the last window − mean RSS of the first window after warm-up) / the latter.
    var rssDrift: Double? {
        let first = Int((warmUpNanoseconds + windowNanoseconds - 1) / windowNanoseconds)
        return Self.drift(first: rssMean(first), last: rssMean(windowCount - 1))
    }

    static func drift(first: UInt64?, last: UInt64?) -> Double? {
        guard let first, let last, first > 0 else { return nil }
        return (Double(last) - Double(first)) / Double(first)
    }

    static func mean(_ values: [UInt64]) -> UInt64? {
        guard !values.isEmpty else { return nil }
        return values.reduce(0, +) / UInt64(values.count)
    }

    var stationErrors: Int { windows.reduce(0) { $0 + $1.errors } }
    var duplicates: Int { windows.reduce(0) { $0 + $1.duplicates } }
    var resent: Int { windows.reduce(0) { $0 + $1.resent } }
    var sessions: Int { windows.reduce(0) { $0 + $1.sessions } }
    var quits: Int { windows.reduce(0) { $0 + $1.quits } }
    var abrupt: Int { windows.reduce(0) { $0 + $1.abrupt } }
    var operatorCommands: Int { operatorWindows.reduce(0) { $0 + $1.count } }
    var operatorErrors: Int { operatorWindows.reduce(0) { $0 + $1.filter(\.failed).count } }

    /// A Markdown table, one row per window.
    func table() -> String {
        let minutes = Double(windowNanoseconds) / 60e9
        var lines = [
            "| window (min) | acked | ERR | ack p50 | ack p99 | ack max | HELLOs | abrupt closes | control cmds | control p99 | control failed | RSS mean | fds max |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for index in 0..<windowCount {
            let parts = stationWindow(index)
            let latencies = Percentiles(parts.flatMap(\.latencies))
            let acked = parts.reduce(0) { $0 + $1.ok + $1.duplicates }
            let control = (index < operatorWindows.count ? operatorWindows[index] : [])
                + (index == windowCount - 1 ? operatorWindows.dropFirst(windowCount).flatMap { $0 } : [])
            let controlLatency = Percentiles(control.map(\.latency))
            let inWindow = samples.filter { Int($0.at / windowNanoseconds) == index }
            let label = Format.fixed(Double(index) * minutes, minutes < 1 ? 1 : 0) + "–"
                + Format.fixed(Double(index + 1) * minutes, minutes < 1 ? 1 : 0)
                + (UInt64(index) * windowNanoseconds < warmUpNanoseconds ? " (warm-up)" : "")
            lines.append("| " + [
                label, "\(acked)", "\(parts.reduce(0) { $0 + $1.errors })",
                Format.ms(latencies.at(0.5)), Format.ms(latencies.at(0.99)), Format.ms(latencies.max),
                "\(parts.reduce(0) { $0 + $1.sessions })", "\(parts.reduce(0) { $0 + $1.abrupt })",
                "\(control.count)", Format.ms(controlLatency.at(0.99)), "\(control.filter(\.failed).count)",
                rssMean(index).map(Format.mib) ?? "-", inWindow.map(\.descriptors).max().map { "\($0)" } ?? "-",
            ].joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}
