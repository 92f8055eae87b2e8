import CheckpointTestSupport
import Testing

/// SPEC §4 `reload`: re-reads the configuration like SIGHUP; a bad file is refused and the old one stays.
@Suite struct ReloadTests {
    static func hello(_ centre: Centre) throws -> String {
        let token = try centre.control.must("station.rotate", ["id": "st-1"])["token"] as? String ?? ""
        return try centre.daemon.stationTCP().request("HELLO station=st-1 token=\(token)")
    }

    @Test func reload_whenTheConfigFileChanged_appliesTheNewFeverThreshold() throws {
        let directory = try TemporaryDirectory()
        let config = try directory.write("# test\nfever_threshold = 37.3\n", to: "checkpointd.conf")
        let centre = try Centre(["--config", config])
        _ = try centre.station()
        #expect(try Self.hello(centre).contains(" fever=37.3"))

        try directory.write("fever_threshold = 38.0\n", to: "checkpointd.conf")
        let reloaded = try centre.control.ask("reload")
        #expect(reloaded.ok && reloaded["reloaded"] as? Bool == true, "\(reloaded)")
        #expect(try Self.hello(centre).hasSuffix(" fever=38.0"))
        let session = try centre.daemon.session(
            station: "st-1", token: try centre.control.must("station.rotate", ["id": "st-1"])["token"] as? String ?? "")
        #expect(try session.request("TEMP seq=100 person=13800138000 temp=37.8").contains("verdict=pass"))
        #expect(try session.request("TEMP seq=101 person=13900139000 temp=38.0").contains("verdict=fever"))

        try directory.write("fever_threshold = hot\n", to: "checkpointd.conf")
        let refused = try centre.control.ask(#"{"cmd":"reload"}"#)
        #expect(!refused.ok && refused.errorMessage.contains("fever_threshold"), "\(refused)")
        #expect(refused.errorMessage.contains("checkpointd.conf:1"), "names the file and line: \(refused)")
        #expect(try Self.hello(centre).hasSuffix(" fever=38.0"), "the old configuration stays in force")
        #expect(try centre.control.ask("reload now=1").errorCode == "E_ARG")
    }

    /// Retention is fixed at start (the writer purges by it, stations are refused by it): a reload says a change
    /// needs a restart instead of half-applying it.
    @Test func reload_whenRetentionChanged_saysItTakesEffectAfterARestart() throws {
        let directory = try TemporaryDirectory()
        let config = try directory.write("retention_days = 30\n", to: "checkpointd.conf")
        let centre = try Centre(["--config", config])
        try directory.write("retention_days = 20\n", to: "checkpointd.conf")
        let reloaded = try centre.control.must("reload")
        let summary = reloaded["summary"] as? String ?? ""
        #expect(summary.contains("retention_days") && summary.contains("after a restart"), "\(reloaded)")
    }

    /// `admin_group` is applied by the reload itself: the summary must not send the operator to restart for it.
    @Test func reload_whenOnlyTheAdminGroupChanged_appliesItWithoutAskingForARestart() throws {
        let directory = try TemporaryDirectory()
        let config = try directory.write("admin_group = adm\n", to: "checkpointd.conf")
        let centre = try Centre(["--config", config])
        try directory.write("admin_group = root\n", to: "checkpointd.conf")
        let reloaded = try centre.control.must("reload")
        let summary = reloaded["summary"] as? String ?? ""
        #expect(!summary.contains("control") && !summary.contains("restart"), "\(reloaded)")
    }
}
