import CheckpointTestSupport
import CheckpointWire
import Foundation
import Testing

/// Issue 16 point 1: a grid worker's views. An order carries a grid (the opening checkpoint's, or
/// `quarantine add --grid`), an alert the grid it was raised in; `grid=` narrows alerts, quarantine orders, watch,
/// records, presence, stats and export, and each narrowed list is exactly the whole list filtered by grid.
@Suite struct GridViewTests {
    /// Two grids: `ga` (gate-a and a second gate) and `gb` (gate-b). Fevers, arrivals from outside, operator orders
    /// and violations in both.
    static func twoGrids() throws -> Centre {
        let centre = try Centre(["--quarantine-grace", "0s"])
        _ = try centre.station("st-a", checkpoint: "gate-a", grid: "ga")
        _ = try centre.station("st-a2", checkpoint: "gate-a2", grid: "ga")
        _ = try centre.station("st-b", checkpoint: "gate-b", grid: "gb")
        for (index, station) in ["st-a", "st-a2", "st-b", "st-a", "st-b"].enumerated() {
            try centre.send("TEMP", "person=\(TestPerson.phone(index)) temp=36.\(index)", station: station)
            try centre.send("TEMP", "person=\(TestPerson.phone(10 + index)) temp=38.\(index)", station: station)
            try centre.send("ENTRY", "person=\(TestPerson.phone(20 + index)) origin=outside", station: station)
            try centre.send("EXIT", "person=\(TestPerson.phone(index)) temp=36.5", station: station)
        }
        _ = try centre.control.must("quarantine.add", ["person": TestPerson.phone(30), "grid": "gb", "reason": "contact"])
        _ = try centre.control.must("quarantine.add", ["person": TestPerson.phone(31), "reason": "contact, no grid"])
        // With no grace period, an arrival's next passage is a violation: one in ga, one in gb.
        try centre.send("EXIT", "person=\(TestPerson.phone(20))", station: "st-a")
        try centre.send("EXIT", "person=\(TestPerson.phone(22))", station: "st-b")
        return centre
    }

    static func ids(_ items: [[String: Any]]) -> [Int] { items.compactMap { $0["id"] as? Int } }

    static func inGrid(_ grid: String) -> ([String: Any]) -> Bool { { $0["grid"] as? String == grid } }

    @Test func ordersAndAlerts_carryTheGridTheyWereOpenedIn() throws {
        let centre = try Self.twoGrids()
        let orders = try centre.control.must("quarantine.list", ["state": "all"]).items
        #expect(orders.count == 7, "\(orders)")
        let byGrid = Dictionary(grouping: orders) { $0["grid"] as? String ?? "-" }.mapValues(\.count)
        // Arrivals: 3 at ga's gates, 2 at gb's; the operator's orders: one in gb, one without a grid.
        #expect(byGrid == ["ga": 3, "gb": 3, "-": 1], "\(byGrid)")
        let alerts = try centre.control.must("alerts", ["state": "all"]).items
        #expect(alerts.count == 7 && alerts.allSatisfy { $0["grid"] is String }, "\(alerts)")
        #expect(alerts.filter { $0["type"] as? String == "VIOLATION" }.count == 2, "\(alerts)")
        let stored = try SQLiteShell.query(
            centre.daemon.databasePath,
            "SELECT COUNT(*) FROM alerts a JOIN checkpoints c ON c.id = a.checkpoint_id WHERE a.grid = c.grid")
        #expect(stored == [["7"]])
    }

    /// The daemon checks each answer's keys against the command table only with assertions on (a sanitized build);
    /// the keys issue 16 added to answers are checked here in every build.
    @Test func answersIssue16Extended_haveOnlyKeysTheCommandTableLists() throws {
        let centre = try Self.twoGrids()
        let control = centre.control
        let alert = try #require(try control.must("alerts", ["state": "all"]).items.first)
        let answers: [(ControlCommandSpec, [String: Any])] = [
            (ControlCommandSpec.version, try control.must("version").result),
            (ControlCommandSpec.health, try control.must("health").result),
            (ControlCommandSpec.ack, try control.must("ack", ["id": alert["id"] as? Int ?? 0, "note": "seen"]).result),
            (
                ControlCommandSpec.quarantineAdd,
                try control.must("quarantine.add", ["person": TestPerson.phone(40), "grid": "ga", "reason": "test"]).result
            ),
            (
                ControlCommandSpec.quarantineRelease,
                try control.must("quarantine.release", ["person": TestPerson.phone(40), "note": "test"]).result
            ),
        ]
        for (spec, result) in answers {
            let unlisted = Set(result.keys).subtracting(spec.resultKeys)
            #expect(unlisted.isEmpty, "\(spec.name) answers keys its table entry does not list: \(unlisted)")
        }
        for item in try control.must("quarantine.list", ["state": "all"]).items {
            #expect(Set(item.keys).isSubset(of: ControlCommandSpec.quarantineAdd.resultKeys), "\(item.keys)")
        }
    }

    @Test func everyGridFilter_equalsTheWholeListFilteredByGrid() throws {
        let centre = try Self.twoGrids()
        let control = centre.control
        for grid in ["ga", "gb"] {
            let alerts = try control.must("alerts", ["state": "all"]).items.filter(Self.inGrid(grid))
            let narrowed = try control.must("alerts", ["state": "all", "grid": grid]).items
            #expect(!narrowed.isEmpty && sameJSON(narrowed, alerts), "alerts grid=\(grid)")

            let orders = try control.must("quarantine.list", ["state": "all"]).items.filter(Self.inGrid(grid))
            let narrowedOrders = try control.must("quarantine.list", ["state": "all", "grid": grid]).items
            #expect(!narrowedOrders.isEmpty && sameJSON(narrowedOrders, orders), "quarantine.list grid=\(grid)")

            let records = try control.must("records", ["limit": 1000]).items.filter(Self.inGrid(grid))
            let narrowedRecords = try control.must("records", ["limit": 1000, "grid": grid]).items
            #expect(!narrowedRecords.isEmpty, "records grid=\(grid)")
            // The whole list is by arrival; a narrowed one by time: the same records.
            #expect(Set(Self.ids(narrowedRecords)) == Set(Self.ids(records)) && narrowedRecords.count == records.count)

            let stats = try control.must("stats").result["per_checkpoint"] as? [[String: Any]] ?? []
            let narrowedStats = try control.must("stats", ["grid": grid])
            #expect(sameJSON(narrowedStats["per_checkpoint"], stats.filter(Self.inGrid(grid))), "stats grid=\(grid)")
            let total = stats.filter(Self.inGrid(grid)).compactMap { $0["records"] as? Int }.reduce(0, +)
            #expect(narrowedStats["records"] as? Int == total && total > 0)

            let checkpoints = grid == "ga" ? ["gate-a", "gate-a2"] : ["gate-b"]
            var outside: [String] = []
            var inside = 0
            for checkpoint in checkpoints {
                let presence = try control.must("presence", ["checkpoint": checkpoint])
                outside += presence.items.compactMap { $0["person"] as? String }
                inside += presence["inside"] as? Int ?? 0
            }
            let narrowedPresence = try control.must("presence", ["grid": grid])
            #expect(narrowedPresence.items.compactMap { $0["person"] as? String }.sorted() == outside.sorted())
            #expect(narrowedPresence["inside"] as? Int == inside && inside > 0, "presence grid=\(grid)")

            let all = try Self.export(control, grid: nil)
            let narrowedExport = try Self.export(control, grid: grid)
            let gridColumn = ExportTests.columns.firstIndex(of: "grid") ?? 0
            let expected = all.filter { $0[gridColumn] == grid }
            #expect(!narrowedExport.isEmpty && narrowedExport == expected, "export grid=\(grid)")
        }
    }

    /// The rows of an export (CSV, header left out), in export order.
    static func export(_ control: ControlClient, grid: String?) throws -> [[String]] {
        var request: [String: Any] = ["reason": "grid view test"]
        if let grid { request["grid"] = grid }
        request["cmd"] = "export"
        try control.connection.send(try jsonLine(request))
        let (lines, final) = try readStream(control)
        #expect(final.ok, "\(final)")
        return lines.dropFirst().compactMap(ExportTests.csvFields)
    }

    @Test(.timeLimit(.minutes(20)))
    func watch_withAGrid_seesExactlyTheEventsOfThatGrid() throws {
        let centre = try Self.twoGrids()
        let request = #"{"cmd":"watch","types":"alert,record","reason":"grid watch test"}"#
        let whole = try WatchTests.watcher(centre, request, expecting: ["alert", "record"])
        let narrowed = try WatchTests.watcher(
            centre, #"{"cmd":"watch","types":"alert,record","grid":"ga","reason":"grid watch test"}"#,
            expecting: ["alert", "record"])
        // The open alerts first: every one of the whole watch's, and ga's in the narrowed one.
        let open = try centre.control.must("alerts").items
        let openEvents = try whole.readLines(open.count, timeout: 10).map(WatchTests.Event.init)
        let openInGrid = open.filter(Self.inGrid("ga")).count
        let narrowedOpen = try narrowed.readLines(openInGrid, timeout: 10).map(WatchTests.Event.init)
        #expect(narrowedOpen.allSatisfy { $0.body["grid"] as? String == "ga" }, "\(narrowedOpen)")
        #expect(Set(narrowedOpen.compactMap(\.id)) == Set(openEvents.filter { $0.body["grid"] as? String == "ga" }.compactMap(\.id)))

        // New events in both grids: a fever each (a record and an alert event each).
        try centre.send("TEMP", "person=\(TestPerson.phone(50)) temp=38.8", station: "st-b")
        try centre.send("TEMP", "person=\(TestPerson.phone(51)) temp=38.9", station: "st-a2")
        let wholeEvents = try whole.readLines(4, timeout: 10).map(WatchTests.Event.init)
        let narrowedEvents = try narrowed.readLines(2, timeout: 10).map(WatchTests.Event.init)
        let expected = wholeEvents.filter { $0.body["grid"] as? String == "ga" }
        #expect(expected.count == 2 && narrowedEvents.map(\.line) == expected.map(\.line), "\(narrowedEvents)")
        #expect(throws: ReadTimeout.self, "nothing of gb reaches the ga watcher") { try narrowed.readLine(timeout: 2) }
    }

    @Test func quarantineAdd_inAGridNoCheckpointIsIn_isRefusedAndNothingIsStored() throws {
        let centre = try Self.twoGrids()
        let reply = try centre.control.ask(
            "quarantine.add", ["person": TestPerson.phone(40), "grid": "g-typo", "reason": "contact"])
        #expect(reply.errorCode == "E_NOT_FOUND", "\(reply)")
        #expect(reply.errorMessage.contains("grid g-typo") && reply.errorMessage.contains("checkpoint list"))
        let bad = try centre.control.ask(
            "quarantine.add", ["person": TestPerson.phone(40), "grid": "not a grid!", "reason": "contact"])
        #expect(bad.errorCode == "E_ARG", "\(bad)")
        let orders = try SQLiteShell.query(centre.daemon.databasePath, "SELECT COUNT(*) FROM quarantines")
        #expect(orders == [["7"]])
    }

    @Test func checkpointMovedToAnotherGrid_keepsItsAlertsInTheOldGridAndRaisesNewOnesInTheNew() throws {
        let centre = try Self.twoGrids()
        let before = try centre.control.must("alerts", ["grid": "gb"]).items.count
        _ = try centre.control.must("checkpoint.set", ["id": "gate-b", "grid": "gc"])
        try centre.send("TEMP", "person=\(TestPerson.phone(60)) temp=39.0", station: "st-b")
        #expect(try centre.control.must("alerts", ["grid": "gb"]).items.count == before)
        let moved = try centre.control.must("alerts", ["grid": "gc"]).items
        #expect(moved.count == 1 && moved.first?["checkpoint"] as? String == "gate-b", "\(moved)")
    }
}
