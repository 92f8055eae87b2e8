import CheckpointTestSupport
import Foundation
import Testing

/// Issue 13 point 10: a person query over any range costs what retention can hold. `records person=P
/// since=0000-01-01T00:00:00Z until=9999-12-31T23:59:59Z` used to spell 3.6 million days into its SQL (3.3 s of
/// CPU, ~950 MB in the daemon).
@Suite struct PersonQueryCostTests {
    static let person = TestPerson.phone(777_777)
    static let perDay = 20
    static let days = 29

    /// A month of one person's readings (`perDay` a day over `days` days, each with its `ts`) among 20,000 others.
    static func centre() throws -> (centre: Centre, stored: Int) {
        let centre = try Centre()
        let session = try centre.station()
        var lines: [String] = []
        var seq = 0
        for day in 0..<days {
            for reading in 0..<perDay {
                seq += 1
                let at = ago(Int64(day) * 86_400_000 + Int64(reading) * 600_000 + 60_000)
                lines.append("TEMP seq=\(seq) person=\(person) temp=36.\(reading % 10) ts=\(at)")
            }
        }
        for other in 0..<20_000 {
            seq += 1
            lines.append(passingTemp(seq: seq, person: other))
        }
        let replies = try pipeline(lines, on: session)
        #expect(replies.count == lines.count && replies.allSatisfy { $0.hasPrefix("OK ") })
        return (centre, days * perDay)
    }

    @Test(.timeLimit(.minutes(3)))
    func records_byPersonOverYears0000To9999_answersInUnder200msAndGrowsRSSUnder20MB() throws {
        let (centre, stored) = try Self.centre()
        let daemon = try pid(of: centre.daemon)
        let before = try residentKiB(daemon)
        let (reply, seconds) = try measure {
            try centre.control.ask(
                "records",
                [
                    "person": Self.person, "since": "0000-01-01T00:00:00Z", "until": "9999-12-31T23:59:59Z",
                    "limit": 100_000,
                ])
        }
        let after = try residentKiB(daemon)
        #expect(reply.ok, "\(reply.line.prefix(300))")
        #expect(reply.items.count == stored, "every record of the person within retention is found")
        #expect(seconds < 0.2, "the 0000-9999 person query took \(seconds) s")
        #expect(after - before < 20 * 1024, "RSS grew by \(after - before) KiB")
        print("records person= 0000-9999: \(Int(seconds * 1000)) ms, RSS \(before) -> \(after) KiB")
    }

    @Test(.timeLimit(.minutes(3)))
    func trace_overTheLongestSpan_answersInUnder200msWithEveryRecord() throws {
        let (centre, stored) = try Self.centre()
        let (reply, seconds) = try measure {
            try centre.control.ask("trace", ["person": Self.person, "days": 3650, "reason": "cost test"])
        }
        #expect(reply.ok && reply.items.count == stored, "\(reply.line.prefix(300))")
        #expect(seconds < 0.2, "trace days=3650 took \(seconds) s")
    }

    @Test(.timeLimit(.minutes(3)))
    func records_byPersonBeforeRetention_isEmptyWithoutScanning() throws {
        let (centre, _) = try Self.centre()
        let reply = try centre.control.ask(
            "records", ["person": Self.person, "since": "0000-01-01T00:00:00Z", "until": "2000-01-01T00:00:00Z"])
        #expect(reply.ok && reply.items.isEmpty, "\(reply.line.prefix(300))")
    }
}
