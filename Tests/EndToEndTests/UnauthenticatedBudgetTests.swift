import CheckpointTestSupport
import CheckpointWire
import Testing

/// Issue 13 acceptance 3: connections that have not said a successful HELLO have their own budget, per address
/// (`max_unauthenticated_per_address`) and in all (a quarter of `max_connections`); a hello timeout counts as a
/// failed HELLO. The clients are other addresses of 127/8 (all loopback on Linux) connecting to 127.0.0.1.
@Suite struct UnauthenticatedBudgetTests {
    /// Opens `count` silent connections from `source`; returns them with the first line each got at once, if any.
    static func hold(_ daemon: DaemonProcess, from source: String, count: Int) throws -> [(LineClient, String?)] {
        try (0..<count).map { _ in
            let client = try daemon.stationTCP(timeout: 15, source: source)
            return (client, try? client.readLine(timeout: 0.3))
        }
    }

    static func health(_ daemon: DaemonProcess) throws -> JSONObject {
        try daemon.control().result("health")
    }

    @Test func unauthenticated_whenOneAddressHoldsMoreThanItsBudget_theRestAreBusyAndAStationStillGetsHello() throws {
        let daemon = try DaemonProcess.started()
        let token = try daemon.registerStation(station: "st-1")
        let held = try Self.hold(daemon, from: "127.0.0.2", count: 20)
        let answered = held.compactMap(\.1)
        #expect(held.prefix(16).allSatisfy { $0.1 == nil }, "the first 16 are held open: \(answered)")
        #expect(answered.count == 4, "\(answered)")
        for reply in answered {
            expectError(reply, seq: "-", code: "E_BUSY")
            #expect(reply.contains("max_unauthenticated_per_address"), "\(reply)")
        }
        #expect(held.suffix(4).allSatisfy { $0.0.isClosed(within: 10) }, "refused connections are closed")
        #expect(try Self.health(daemon)["unauthenticated_connections"]?.intValue == 16)

        let station = try daemon.stationTCP(timeout: 1)
        let (reply, seconds) = try measure { try station.request("HELLO station=st-1 token=\(token)", timeout: 1) }
        #expect(reply.hasPrefix("OK HELLO "), "\(reply)")
        #expect(seconds < 1, "\(seconds) s")
        #expect(held.prefix(16).allSatisfy { !$0.0.isClosed(within: 0.1) }, "the address keeps what it may hold")
    }

    @Test func unauthenticated_whenAllAddressesHoldAQuarterOfMaxConnections_moreAreBusyUntilOneLeaves() throws {
        let daemon = try DaemonProcess.started([
            "--max-connections", "16", "--max-unauthenticated-per-address", "3",
        ])
        let token = try daemon.registerStation(station: "st-1")
        let session = try daemon.openSession(station: "st-2")
        let first = try Self.hold(daemon, from: "127.0.0.2", count: 3)
        let second = try Self.hold(daemon, from: "127.0.0.3", count: 1)
        #expect((first + second).allSatisfy { $0.1 == nil }, "16 / 4 = 4 may wait for HELLO")
        let refused = try daemon.stationTCP(timeout: 5, source: "127.0.0.4")
        let reply = try refused.readLine(timeout: 5)
        expectError(reply, seq: "-", code: "E_BUSY")
        #expect(reply?.contains("a quarter of max_connections") == true, "\(reply ?? "")")
        #expect(refused.isClosed(within: 10))
        #expect(try session.request("PING") == "PONG", "an authenticated session is not affected")

        second[0].0.close()
        var last = ""
        let admitted = Deadline.poll(seconds: 10, interval: 0.1) {
            guard let client = try? daemon.stationTCP() else { return false }
            last = (try? client.request("HELLO station=st-1 token=\(token)")) ?? "EOF"
            return last.hasPrefix("OK HELLO ")
        }
        #expect(admitted, "a freed slot is given to the next connection (last reply: \(last))")
    }

    @Test func helloTimeout_countsAsAFailedHello_soAnAddressThatOnlyOpensSocketsIsBlocked() throws {
        let daemon = try DaemonProcess.started(["--hello-timeout", "1s"])
        let token = try daemon.registerStation(station: "st-1")
        let silent = try (1...5).map { _ in try daemon.stationTCP(timeout: 15, source: "127.0.0.5") }
        for client in silent {
            expectError(try client.readLine(timeout: 15), seq: "-", code: "E_AUTH", "the hello timeout")
            #expect(client.isClosed(within: 10))
        }
        let blocked = try daemon.stationTCP(timeout: 5, source: "127.0.0.5")
        let (reply, seconds) = try measure { try blocked.request("HELLO station=st-1 token=\(token)", timeout: 5) }
        expectError(reply, seq: "-", code: "E_AUTH", "five hello timeouts block the address, right token or not")
        #expect(reply.contains("too many failed HELLOs"), "\(reply)")
        #expect(seconds < 0.8, "refused at once, not after the hello timeout: \(seconds) s")
        #expect(blocked.isClosed(within: 10))

        let other = try daemon.stationTCP(timeout: 5)
        #expect(try other.request("HELLO station=st-1 token=\(token)").hasPrefix("OK HELLO "), "127.0.0.1 is not")
    }
}
