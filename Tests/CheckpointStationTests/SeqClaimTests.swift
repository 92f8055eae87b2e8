import CheckpointTestSupport
import Foundation
import Testing

/// Issue 13 point 7, the terminal's half: when someone holding the station's token has claimed the seqs the
/// terminal is about to use, the daemon answers `E_SEQ`; the terminal numbers the reading again and it is stored,
/// fever and alert included. Nothing is rejected, nothing is lost.
@Suite struct SeqClaimTests {
    @Test(.timeLimit(.minutes(20)))
    func send_whenItsSeqsWereClaimedByAnotherClient_renumbersAndStoresTheFever() throws {
        let fixture = try StationFixture()
        let intruder = try fixture.daemon.session(station: fixture.station, token: fixture.token)
        for seq in 1...40 {
            let reply = try intruder.request("TEMP seq=\(seq) person=\(TestPerson.phone(500 + seq)) temp=36.5")
            #expect(reply.hasPrefix("OK seq=\(seq) "), "\(reply)")
        }
        intruder.close()
        let fever = TestPerson.phone(9)
        let csv = "TEMP,\(fever),39.1\n" + StationFixture.csv(count: 2, firstPerson: 100)
        let result = try fixture.send(csv)
        #expect(result.code == 0, "stdout: \(result.standardOutput) stderr: \(result.standardError)")
        #expect(result.standardOutput.contains("were sent under new numbers"), "\(result.standardOutput)")
        let rows = try SQLiteShell.query(
            fixture.daemon.databasePath, "SELECT seq, temp FROM records WHERE person = \(fever)")
        #expect(rows.count == 1 && rows.first?[1] == "391", "the fever reading is stored once: \(rows)")
        #expect(rows.first.flatMap { Int($0[0]) }.map { $0 > 40 } == true, "under a seq past the claimed ones")
        #expect(try fixture.stored() == (43, 43))
        let alerts = try SQLiteShell.scalar(
            fixture.daemon.databasePath, "SELECT COUNT(*) FROM alerts WHERE type = 'FEVER' AND person = \(fever)")
        #expect(alerts == "1", "the fever raised its alert")
        let rejected = (try? String(contentsOfFile: fixture.spool + "/rejected", encoding: .utf8)) ?? ""
        #expect(rejected.isEmpty, "nothing was rejected: \(rejected)")
        #expect(fixture.spoolRecords().isEmpty, "nothing is left waiting")
    }
}
