import CheckpointTestSupport
import Foundation
import Testing

/// Issue 13 point 7: `DUP` needs the same content. A seq claimed by another record answers `E_SEQ`, stores
/// nothing, and warns in the journal without the person.
@Suite struct SeqReuseTests {
    static let claimed = "TEMP seq=5 person=13800138000 temp=36.5"

    @Test func record_whenItsSeqHoldsAnotherReading_isESeqNotDupPass() throws {
        let centre = try Centre()
        let session = try centre.station()
        let at = ago(60_000)
        #expect(try session.request("\(Self.claimed) ts=\(at)").hasPrefix("OK seq=5 "))
        let fever = try session.request("TEMP seq=5 person=13800138000 temp=39.1 ts=\(at)")
        #expect(fever == #"ERR seq=5 code=E_SEQ msg="seq 5 was used for another record""#)
        // The same for another person, kind, time, note or origin.
        for line in [
            "TEMP seq=5 person=13900139000 temp=36.5 ts=\(at)",
            "TEMP seq=5 person=13800138000 temp=36.5 ts=\(at - 1000)",
            "ENTRY seq=5 person=13800138000 temp=36.5 ts=\(at)",
            "TEMP seq=5 person=13800138000 temp=36.5 ts=\(at) note=x",
            "ENTRY seq=5 person=13800138000 origin=outside ts=\(at)",
        ] {
            #expect(try session.request(line).hasPrefix("ERR seq=5 code=E_SEQ "), "\(line)")
        }
        let records = try centre.control.must("records").items
        #expect(records.count == 1 && records.first?["temp"] as? String == "36.5", "\(records)")
        #expect(try centre.control.must("alerts", ["state": "all"]).items.isEmpty, "nothing stored, no alert")
        let log = centre.daemon.stderrText
        #expect(log.contains("reused a stored seq") && log.contains("st-1"), "\(log.suffix(1500))")
        #expect(!log.contains("13800138000") && !log.contains("13900139000"), "no person in the journal")
    }

    @Test func record_whenResentIdentically_isStillDupWithTheOriginalReceipt() throws {
        let centre = try Centre()
        let session = try centre.station()
        let at = ago(60_000)
        let fever = "TEMP seq=7 person=13800138000 temp=39.1 ts=\(at) note=\"gate 2\""
        let first = try session.request(fever)
        #expect(first.hasPrefix("OK seq=7 ") && first.contains(" verdict=fever "), "\(first)")
        let again = try session.request(fever)
        #expect(again == "DUP" + first.dropFirst(2), "\(first) / \(again)")
        // Without ts the daemon stamps the receipt time, so a resend without ts compares the rest only.
        #expect(try session.request("TEMP seq=8 person=13800138000 temp=36.5").hasPrefix("OK seq=8 "))
        #expect(try session.request("TEMP seq=8 person=13800138000 temp=36.5").hasPrefix("DUP seq=8 "))
        #expect(try session.request("TEMP seq=8 person=13800138000 temp=36.6").hasPrefix("ERR seq=8 code=E_SEQ "))
        // After a restart the memory is gone: the stored row decides, the same way.
        #expect(try centre.daemon.terminate() == .exited(0))
        try centre.daemon.restart()
        let token = try centre.daemon.control().must("station.rotate", ["id": "st-1"])["token"] as? String ?? ""
        let reconnected = try centre.daemon.session(station: "st-1", token: token)
        #expect(try reconnected.request(fever) == "DUP" + first.dropFirst(2))
        let claimed = try reconnected.request("TEMP seq=7 person=13800138000 temp=36.5 ts=\(at)")
        #expect(claimed.hasPrefix("ERR seq=7 code=E_SEQ "), "\(claimed)")
    }
}
