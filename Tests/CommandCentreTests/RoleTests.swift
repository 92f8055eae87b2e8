import CheckpointTestSupport
import Foundation
import Glibc
import Testing

/// Issue 13 acceptance 5: two roles on the control socket. Operators (anyone who can open it) read, acknowledge
/// and add quarantine orders; admins (`admin_group`) also change the registry and tokens, release orders, back up,
/// reload and reveal people. The operator is `nobody` in `nogroup`, which owns the socket; `adm` is the admin
/// group nobody is not in (root, who sets things up, is always an admin).
@Suite(.enabled(if: OtherUser.unavailable == nil, "needs root, setpriv and socat to send requests as nobody"))
struct RoleTests {
    static let person = "13900139000"

    @Test func stationRotate_whenCallerIsAnOperator_isDeniedAndTheOldTokenStillWorks() throws {
        let centre = try AccessTests.centre()
        let token = try centre.daemon.registerStation(station: "st-9")
        let reply = try OtherUser.ask("station.rotate id=st-9", socket: centre.daemon.controlSocketPath)
        #expect(reply.errorCode == "E_DENIED", "\(reply)")
        #expect(reply.errorMessage.contains("only members of adm"), "\(reply)")
        #expect(!reply.line.contains("token\":\""), "no token handed out")
        let hello = try centre.daemon.stationTCP().request("HELLO station=st-9 token=\(token)")
        #expect(hello.hasPrefix("OK HELLO "), "the token was not rotated: \(hello)")
    }

    @Test func ackAndQuarantineAdd_whenCallerIsAnOperator_work() throws {
        let centre = try AccessTests.centre()
        let alert = try centre.alert(of: try centre.send("TEMP", "person=13800138000 temp=38.4"))
        let socket = centre.daemon.controlSocketPath
        let acked = try OtherUser.ask("ack id=\(alert) note=seen", socket: socket)
        #expect(acked.ok && acked["state"] as? String == "acked", "\(acked)")
        #expect(acked["person"] as? String == "138****8000", "ack shows the person masked, as alerts does")
        #expect(try centre.control.must("alerts").items.isEmpty, "no open alert left")

        let added = try OtherUser.ask(#"quarantine.add person=\#(Self.person) reason="home isolation""#, socket: socket)
        #expect(added.ok && added["person"] as? String == Self.person, "\(added)")
        let orders = try centre.control.must("quarantine.list", ["reveal": true, "reason": "check the test"]).items
        #expect(orders.map { $0["person"] as? String } == [Self.person])
    }

    @Test func quarantineReleaseAndReveal_whenCallerIsAnOperator_areDeniedAndChangeNothing() throws {
        let centre = try AccessTests.centre()
        _ = try centre.control.must("quarantine.add", ["person": Self.person, "reason": "contact"])
        try centre.send("TEMP", "person=13800138000 temp=38.4")
        let socket = centre.daemon.controlSocketPath
        let release = try OtherUser.ask("quarantine.release person=\(Self.person)", socket: socket)
        #expect(release.errorCode == "E_DENIED", "\(release)")
        #expect(try centre.control.must("quarantine.list").items.count == 1, "the order is still active")

        for line in [
            #"alerts reveal=true reason="who is it""#, #"quarantine.list reveal=true reason="who is it""#,
            #"records checkpoint=gate-1 reveal=true reason="who is it""#,
            #"presence checkpoint=gate-1 reveal=true reason="who is it""#,
        ] {
            let reply = try OtherUser.ask(line, socket: socket)
            #expect(reply.errorCode == "E_DENIED" && reply.errorMessage.contains("reveal"), "\(line): \(reply)")
        }
        let masked = try OtherUser.ask("alerts", socket: socket)
        #expect(masked.ok && masked.items.first?["person"] as? String == "138****8000", "\(masked)")
        #expect(try centre.control.must("audit").items.isEmpty, "a refused reveal leaves no audit row")
    }

    @Test func reveal_whenCallerIsAnAdmin_showsPeopleInFullAndIsAudited() throws {
        let centre = try AccessTests.centre()
        try centre.send("TEMP", "person=13800138000 temp=38.4")
        let reply = try centre.control.must("alerts", ["reveal": true, "reason": "fever follow-up"])
        #expect(reply.items.first?["person"] as? String == "13800138000")
        let audit = try centre.control.must("audit").items
        #expect(audit.count == 1 && audit.first?["cmd"] as? String == "alerts reveal", "\(audit)")
        #expect(audit.first?["reason"] as? String == "fever follow-up" && audit.first?["uid"] as? Int == 0)
    }

    @Test func reveal_withoutAnAdminGroup_isOpenToTheSocketsGroupAsDocumented() throws {
        let centre = try AccessTests.centre(admin: nil)
        try centre.send("TEMP", "person=13800138000 temp=38.4")
        let reply = try OtherUser.ask(#"alerts reveal=true reason="no admin group here""#,
                                      socket: centre.daemon.controlSocketPath)
        #expect(reply.ok && reply.items.first?["person"] as? String == "13800138000", "\(reply)")
        let audit = try centre.control.must("audit").items
        #expect(audit.first?["uid"] as? Int == OtherUser.uid, "audited with the caller's uid: \(audit)")
    }
}
