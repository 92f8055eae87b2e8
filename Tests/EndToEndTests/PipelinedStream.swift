import CheckpointTestSupport

/// One station pipelining `TEMP seq=1...count` while reading the replies on another thread, as a terminal
/// sending its backlog does. Used by the crash and drain scenarios, where the daemon dies or stops mid-stream.
struct PipelinedStream {
    /// What one station saw.
    struct Outcome: Sendable {
        /// Sequence numbers answered `OK` or `DUP`, in the order the replies came.
        var acknowledged: [Int] = []
        /// Sequence numbers answered `DUP`.
        var duplicates: Set<Int> = []
        /// Replies that were not `OK`/`DUP` for the next seq in order (should stay empty).
        var unexpected: [String] = []
        /// Whether the stream ended at end of file (rather than after all replies).
        var sawEndOfFile = false
        /// Whether that end was a reset (RST: the daemon closed with unread input, dropping unsent output).
        var wasReset = false
    }

    let station: String
    let personBase: Int
    let seqs: ClosedRange<Int>
    /// Appended to every line (e.g. ` ts=...` for records of days ago).
    var suffix = ""

    /// Sends every line of `seqs` on `client` in chunks (stopping at the first send error, e.g. after the
    /// daemon died) while reading replies until all are answered or the connection ends. `progress` counts
    /// acknowledgements over all streams.
    func run(on client: LineClient, progress: Locked<Int>, chunk: Int = 50) throws -> Outcome {
        let lines = seqs.map { passingTemp(seq: $0, person: personBase + $0) + suffix }
        let writer = BackgroundThread("writer-\(station)") {
            var index = 0
            while index < lines.count {
                let end = min(index + chunk, lines.count)
                guard (try? client.sendRaw(lines[index..<end].map { $0 + "\n" }.joined())) != nil else { return }
                index = end
            }
        }
        var outcome = Outcome()
        var expected = seqs.lowerBound
        while expected <= seqs.upperBound {
            guard let reply = try client.readLine(timeout: 60) else {
                outcome.sawEndOfFile = true
                outcome.wasReset = client.wasReset
                break
            }
            let parsed = ReplyLine(reply)
            let verb = parsed?.verb
            if (verb == "OK" || verb == "DUP") && parsed?["seq"] == String(expected) {
                outcome.acknowledged.append(expected)
                if verb == "DUP" { outcome.duplicates.insert(expected) }
                progress.withLock { $0 += 1 }
            } else {
                outcome.unexpected.append("for seq=\(expected): \(reply)")
            }
            expected += 1
        }
        _ = try? writer.join(seconds: 60)
        return outcome
    }
}

/// Runs one `PipelinedStream` per station concurrently, each on its own session; `onStarted` runs on the calling
/// thread once every stream is under way (to kill or stop the daemon) and the outcomes are returned after that.
func runStreams(
    _ streams: [(stream: PipelinedStream, client: LineClient)],
    progress: Locked<Int>,
    whileRunning action: () throws -> Void
) throws -> [Outcome] {
    let outcomes = Locked<[Int: PipelinedStream.Outcome]>([:])
    let threads = streams.enumerated().map { index, pair in
        BackgroundThread("reader-\(pair.stream.station)") {
            let outcome = try pair.stream.run(on: pair.client, progress: progress)
            outcomes.withLock { $0[index] = outcome }
        }
    }
    try action()
    for thread in threads {
        guard try thread.join(seconds: 300) else { throw TestSupportError("a station stream did not finish") }
    }
    let collected = outcomes.current
    return streams.indices.map { collected[$0] ?? PipelinedStream.Outcome() }
}

typealias Outcome = PipelinedStream.Outcome
