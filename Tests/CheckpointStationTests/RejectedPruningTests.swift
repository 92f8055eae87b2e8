import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// Issue 13, point 9: the spool's `rejected` file (full identifiers) keeps lines for `--retention-days` (default
/// 30, the daemon's `retention_days`); older lines are deleted when `checkpoint-station` starts.
@Suite struct RejectedPruningTests {
    static let day = WallTime.dayMilliseconds

    /// A spool directory whose `rejected` file has a line 40 days old, one 2 days old and one without a time.
    static func spoolWithRejections(_ fixture: StationFixture) throws -> (path: String, lines: [String]) {
        #expect(mkdir(fixture.spool, 0o700) == 0)
        let now = WallTime.nowMilliseconds()
        let lines = [
            "\(WallTime.rfc3339(now - 40 * day)) E_PERSON \"bad id\" | TEMP seq=1 person=13800138000 temp=36.5",
            "\(WallTime.rfc3339(now - 2 * day)) E_TIME \"too old\" | TEMP seq=2 person=13900139000 temp=36.6",
            "written by hand | TEMP seq=3 person=13700137000 temp=36.7",
        ]
        let path = fixture.spool + "/rejected"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        return (path, lines)
    }

    static func contents(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func send_whenRejectedLinesAreOlderThanTheRetention_deletesOnlyThose() throws {
        let fixture = try StationFixture()
        let (path, lines) = try Self.spoolWithRejections(fixture)
        let run = try fixture.send(StationFixture.csv(count: 2))
        #expect(run.status == .exited(0), "\(run.standardError)")
        #expect(try Self.contents(path) == Array(lines.dropFirst()), "the 40-day-old line went, the rest stays")
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(try fixture.stored().count == 2)
    }

    @Test func send_withALongerRetention_keepsTheLinesAndABadValueIsAUsageError() throws {
        let fixture = try StationFixture()
        let (path, lines) = try Self.spoolWithRejections(fixture)
        let run = try fixture.send(StationFixture.csv(count: 1), extra: ["--retention-days", "60"])
        #expect(run.status == .exited(0), "\(run.standardError)")
        #expect(try Self.contents(path) == lines)
        for bad in ["0", "3651"] {
            let refused = try fixture.send(StationFixture.csv(count: 1), extra: ["--retention-days", bad])
            #expect(refused.status == .exited(64), "\(refused.standardError)")
            #expect(refused.standardError.contains("--retention-days must be"), "\(refused.standardError)")
        }
        #expect(try Self.contents(path) == lines, "a refused start changes nothing")
    }
}
