import CheckpointTestSupport
import CheckpointWire
import Testing

/// SPEC §10 "Auth": the failure throttle, and revoke/rotate closing open sessions.
@Suite struct AuthTests {
    /// Says HELLO with a wrong token and expects E_AUTH and a close.
    func failHello(_ daemon: DaemonProcess, station: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let client = try daemon.stationTCP(timeout: 30)
        expectError(try client.request("HELLO station=\(station) token=0000"), seq: "-", code: "E_AUTH",
                    sourceLocation: sourceLocation)
        #expect(client.isClosed(within: 30), sourceLocation: sourceLocation)
    }

    @Test func hello_afterFiveFailuresFromOneAddress_isRefusedEvenWithTheRightToken() throws {
        let daemon = try DaemonProcess.started()
        let token = try daemon.registerStation(station: "st-1")
        for _ in 1...5 {
            try failHello(daemon, station: "st-1")
        }
        let client = try daemon.stationTCP(timeout: 30)
        let reply = try client.request("HELLO station=st-1 token=\(token)")
        expectError(reply, seq: "-", code: "E_AUTH", "the sixth HELLO within 60 s is refused")
        #expect(client.isClosed(within: 10))

        let unix = try daemon.stationUnix()
        let unixReply = try unix.request("HELLO station=st-1")
        #expect(unixReply.hasPrefix("OK HELLO "), "the Unix socket has no address to throttle")
    }

    @Test func hello_successfulAfterFailures_resetsTheFailureCount() throws {
        let daemon = try DaemonProcess.started()
        let token = try daemon.registerStation(station: "st-1")
        for _ in 1...4 { try failHello(daemon, station: "st-1") }
        _ = try daemon.session(station: "st-1", token: token)
        for _ in 1...4 { try failHello(daemon, station: "st-1") }
        let reply = try daemon.stationTCP(timeout: 30).request("HELLO station=st-1 token=\(token)")
        #expect(reply.hasPrefix("OK HELLO "), "8 failures with a success between are not 5 in a row: \(reply)")
    }

    @Test func stationRevoke_closesTheOpenSessionAndTheTokenStopsWorking() throws {
        let daemon = try DaemonProcess.started()
        let token = try daemon.registerStation(station: "st-1")
        let session = try daemon.session(station: "st-1", token: token)
        expectRecordOK(try session.request("TEMP seq=1 person=13800138000 temp=36.6"), seq: 1)

        _ = try daemon.control().result("station.revoke", ["id": .string("st-1")])
        #expect(session.isClosed(within: 10), "revoke closes the station's session")

        let again = try daemon.stationTCP()
        expectError(try again.request("HELLO station=st-1 token=\(token)"), seq: "-", code: "E_AUTH")
        #expect(again.isClosed(within: 10))
        let unix = try daemon.stationUnix()
        expectError(try unix.request("HELLO station=st-1"), seq: "-", code: "E_AUTH", "revoked over Unix too")
    }

    @Test func stationRotate_closesTheSessionAndOnlyTheNewTokenWorks() throws {
        let daemon = try DaemonProcess.started()
        let old = try daemon.registerStation(station: "st-1")
        let session = try daemon.session(station: "st-1", token: old)
        let unixSession = try daemon.unixSession(station: "st-1")

        let rotated = try daemon.control().result("station.rotate", ["id": .string("st-1")])
        let new = try #require(rotated["token"]?.stringValue)
        #expect(new != old)
        #expect(session.isClosed(within: 10), "rotate closes the TCP session")
        #expect(unixSession.isClosed(within: 10), "rotate closes the Unix session")

        let withOld = try daemon.stationTCP()
        expectError(try withOld.request("HELLO station=st-1 token=\(old)"), seq: "-", code: "E_AUTH")
        #expect(withOld.isClosed(within: 10))
        let withNew = try daemon.session(station: "st-1", token: new)
        expectRecordOK(try withNew.request("TEMP seq=1 person=13800138000 temp=36.6"), seq: 1)
    }
}
