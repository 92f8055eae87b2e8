import CheckpointTestSupport
import Foundation
import Testing

/// checkpointd under a real systemd 252 (SPEC §6; "End to end under a real systemd, in CI"): the units of
/// systemd/ installed in a booted Debian 12 container, with every sandboxing directive on, and the debug
/// binaries of this build as /usr/sbin/checkpointd and /usr/bin/checkpointctl.
///
/// One container, one test: the steps build on each other (a station registered in one is used by the next),
/// and a boot costs about a second. Each step reports its own failures; a failed prerequisite stops the test.
@Suite("checkpointd under a real systemd 252 (booted Debian 12 container)", .serialized)
struct ContainerTests {
    static let control = "/run/checkpointd/control.sock"
    static let database = "/var/lib/checkpointd/checkpointd.db"
    static let dropInDirectory = "/run/systemd/system/checkpointd.service.d"
    /// Catalog ids (systemd/checkpointd.catalog, CheckpointSystemd.MessageID).
    static let readyID = "e92d7fafb6304c2d8c8553ab1785c09e"
    static let stoppingID = "3ada81a58e364415a882bc1c7ffc2a35"
    static let reloadedID = "fd673b497a334ea48804ee3dd1ca9532"
    static let feverID = "7e849f570638402d9855f1ab2444fb4a"
    /// systemd's own "unit started" message.
    static let unitStartedID = "39f53479d3a045ac8e11786248231fbf"

    @Test(
        "socket activation, READY, reload, watchdog restart, drain, journald and sandboxing",
        .enabled(if: RealSystemd.canTry, "needs root and systemd-nspawn (reason printed)"),
        .timeLimit(.minutes(20)))
    func lifecycle() throws {
        let started = Deadline.now()
        let daemon = try BuiltProduct.checkpointd()
        let ctl = try BuiltProduct.checkpointctl()
        let runtime = try Self.swiftRuntimeDirectories(of: [daemon, ctl])

        let container: Container
        do {
            container = try Container(bindReadOnly: runtime)
        } catch {
            try RealSystemd.cannotRun("\(error)")
        }
        defer { container.powerOff() }
        print("RealSystemdTests: container booted in \(String(format: "%.1f", container.bootSeconds)) s")

        let session = Session(container: container)
        try session.install(daemon: daemon, ctl: ctl)
        try session.verifyUnits()
        try session.enableSockets()
        try session.firstStationConnectionStartsService()
        let token = try session.register()
        try session.storeRecords(token: token)
        try session.reload(token: token)
        try session.sandboxing()
        try session.watchdogRestart(token: token)
        try session.drainOnStop()
        try session.journal()

        container.powerOff()
        print("RealSystemdTests: boot, test and power-off took \(String(format: "%.1f", Deadline.now() - started)) s")
    }

    /// What to bind read-only at the same path so that the binaries find the Swift runtime (their RUNPATH points
    /// into the toolchain): the whole toolchain when the runtime is in its usr/lib/swift/linux (as on a developer's
    /// machine, swift-backtrace included), else the runtime's directory; nothing for `--static-swift-stdlib`.
    static func swiftRuntimeDirectories(of binaries: [String]) throws -> [String] {
        var directories: Set<String> = []
        for binary in binaries {
            let result = try ChildProcess.run("/usr/bin/ldd", [binary])
            for line in result.standardOutput.split(separator: "\n") where line.contains("libswift") {
                guard let arrow = line.range(of: "=> ") else { continue }
                let path = line[arrow.upperBound...].split(separator: " ").first.map(String.init) ?? ""
                guard path.hasPrefix("/") else {
                    try RealSystemd.cannotRun("\(binary): the Swift runtime is not found (\(line))")
                }
                let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
                if directory.path.hasSuffix("/usr/lib/swift/linux") {
                    directories.insert(String(directory.path.dropLast("/usr/lib/swift/linux".count)))
                } else {
                    directories.insert(directory.path)
                }
            }
        }
        for directory in directories
        where ["/home/", "/root/", "/run/user/"].contains(where: { directory.hasPrefix($0) }) {
            // ProtectHome= hides these from the service: the daemon could not load its runtime.
            try RealSystemd.cannotRun("""
                the Swift runtime is under \(directory), which ProtectHome= hides from the service; use a \
                toolchain outside /home and /root, or CHECKPOINTD_BIN/CHECKPOINTCTL_BIN built with \
                --static-swift-stdlib
                """)
        }
        return directories.sorted()
    }
}

/// The steps, each against the same container.
struct Session {
    let container: Container

    /// Runs a script inside; records a failure (with its output) unless it exits 0. Returns stdout, trimmed.
    @discardableResult
    func run(
        _ script: String, _ what: String, seconds: Double = 60, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let result = try container.shell(script, seconds: seconds)
        #expect(
            result.status == .exited(0),
            "\(what): \(result.status)\n--- stdout\n\(result.standardOutput)\n--- stderr\n\(result.standardError)",
            sourceLocation: sourceLocation)
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Like `run`, but the test cannot go on without it.
    @discardableResult
    func must(
        _ script: String, _ what: String, seconds: Double = 60, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let result = try container.shell(script, seconds: seconds)
        try #require(
            result.status == .exited(0),
            "\(what): \(result.status)\n--- stdout\n\(result.standardOutput)\n--- stderr\n\(result.standardError)",
            sourceLocation: sourceLocation)
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func show(_ property: String, _ unit: String = "checkpointd.service") throws -> String {
        try run("systemctl show -P \(property) \(unit)", "systemctl show \(property)")
    }

    // MARK: steps

    /// What the Debian package installs, from this checkout: binaries, units, sysusers entry, catalog.
    func install(daemon: String, ctl: String) throws {
        try container.copy(daemon, to: "/usr/sbin/checkpointd")
        try container.copy(ctl, to: "/usr/bin/checkpointctl")
        for unit in ["checkpointd.service", "checkpointd.socket", "checkpointd-control.socket"] {
            try container.copy(Checkout.unit(unit), to: "/usr/lib/systemd/system/\(unit)")
        }
        try container.copy(Checkout.unit("checkpointd.sysusers"), to: "/usr/lib/sysusers.d/checkpointd.conf")
        try container.copy(Checkout.unit("checkpointd.catalog"), to: "/usr/lib/systemd/catalog/checkpointd.catalog")
        let scripts = try TemporaryDirectory(prefix: "cpd-station")
        try container.copy(try scripts.write(StationScript.source, to: "station.py"), to: StationScript.path)

        try must(
            "systemd-sysusers checkpointd.conf && systemctl daemon-reload && journalctl --update-catalog",
            "systemd-sysusers, daemon-reload, update-catalog")
        let user = try must("getent passwd checkpointd", "the sysusers entry makes user checkpointd")
        #expect(user.hasSuffix(":checkpointd daemon:/var/lib/checkpointd:/usr/sbin/nologin"), "\(user)")
        #expect(try run("id -gn checkpointd", "group") == "checkpointd")
    }

    /// `systemd-analyze verify` is silent about our units.
    func verifyUnits() throws {
        let result = try container.shell("""
            cd /usr/lib/systemd/system && \
            systemd-analyze verify --man=no checkpointd.service checkpointd.socket checkpointd-control.socket
            """)
        #expect(result.status == .exited(0), "systemd-analyze verify: \(result.standardError)")
        #expect(result.standardError.isEmpty && result.standardOutput.isEmpty,
                "systemd-analyze verify is not clean:\n\(result.standardOutput)\(result.standardError)")
    }

    /// Enabling the sockets listens without starting the daemon.
    func enableSockets() throws {
        try must("systemctl enable --now checkpointd.socket checkpointd-control.socket", "enable the sockets")
        #expect(try run("systemctl is-active checkpointd.socket checkpointd-control.socket", "sockets")
            == "active\nactive")
        #expect(try container.shell("systemctl is-active checkpointd").standardOutput == "inactive\n",
                "the service must wait for the first connection")
        let modes = try run(
            "stat -c '%n %a %U:%G' /run/checkpointd/station.sock /run/checkpointd/control.sock", "stat sockets")
        #expect(modes == """
            /run/checkpointd/station.sock 660 root:checkpointd-station
            /run/checkpointd/control.sock 660 root:checkpointd
            """)
        let listening = try run("ss -Htln 'sport = :7117'", "ss")
        #expect(listening.contains("*:7117") || listening.contains("[::]:7117"), "port 7117: \(listening)")
        #expect(try backlog() == "4096", "Backlog= of checkpointd.socket")
    }

    /// The first TCP connection starts the daemon, which answers on the socket systemd passed it; the unit is
    /// active only once the daemon said READY=1 (its "ready" entry precedes systemd's "Started").
    func firstStationConnectionStartsService() throws {
        let reply = try must("python3 \(StationScript.path) probe 7117", "first station connection", seconds: 90)
        #expect(reply.hasPrefix("ERR seq=- code=E_AUTH"), "reply before HELLO: \(reply)")
        #expect(try show("ActiveState") == "active")
        #expect(try show("SubState") == "running")
        #expect(Int(try show("MainPID")) ?? 0 > 0)
        #expect(!(try show("StatusText")).isEmpty, "STATUS= from the daemon")
        // NIO's ServerBootstrap.withBoundSocket calls listen(fd, 128) on an adopted socket; the daemon listens
        // again with 4096, so the socket unit's Backlog=4096 holds while it runs.
        #expect(try backlog() == "4096", "listen backlog of port 7117 while the daemon runs")

        let entries = try journalEntries()
        let ready = entries.firstIndex { $0["MESSAGE_ID"] == ContainerTests.readyID }
        let started = entries.firstIndex {
            $0["MESSAGE_ID"] == ContainerTests.unitStartedID && $0["UNIT"] == "checkpointd.service"
        }
        #expect(ready != nil, "the daemon's ready entry")
        #expect(started != nil, "systemd's Started entry")
        if let ready, let started {
            #expect(ready < started, "READY=1 must come before systemd considers the unit started")
            let listen = entries[ready]["LISTEN"] ?? ""
            // The listeners came from the socket units (LISTEN_FDNAMES=station:station:control).
            #expect(listen.contains("7117") && listen.contains("/run/checkpointd/station.sock"), "listen: \(listen)")
            #expect(entries[ready]["CONTROL"] == "unix:/run/checkpointd/control.sock")
        }
    }

    /// A checkpoint and a station through checkpointctl on the control socket; returns the station's token.
    func register() throws -> String {
        let ctl = "CHECKPOINTD_CONTROL=\(ContainerTests.control) checkpointctl"
        try must("\(ctl) checkpoint add gate-3 --grid north --name 'North gate' --json", "checkpoint add")
        let added = try must("\(ctl) station add gate3-a --checkpoint gate-3 --json", "station add")
        let object = try JSONSerialization.jsonObject(with: Data(added.utf8)) as? [String: Any]
        let token = try #require(object?["token"] as? String, "token in \(added)")
        // Only root and group checkpointd reach the control socket.
        let denied = try container.shell("runuser -u nobody -- checkpointctl status --socket \(ContainerTests.control)")
        #expect(
            denied.status == .exited(3), "a user outside group checkpointd: \(denied.status) \(denied.standardError)")
        // A local station terminal's user (group checkpointd-station) reaches station.sock, never the control socket.
        try must("useradd --system --no-create-home --groups checkpointd-station gate", "a station-group user")
        let stationUser = try container.shell(
            "runuser -u gate -- checkpointctl status --socket \(ContainerTests.control)")
        #expect(stationUser.status == .exited(3), "group checkpointd-station: \(stationUser.status)")
        #expect(try run("runuser -u gate -- test -w /run/checkpointd/station.sock && echo writable", "station.sock")
            == "writable")
        return token
    }

    /// Records over TCP are committed before OK: the database holds exactly what was acknowledged.
    func storeRecords(token: String) throws {
        let sent = try must(
            "python3 \(StationScript.path) send 7117 gate3-a \(token) 1 200 /srv/test/acked-first", "200 records")
        #expect(sent.hasSuffix("summary ok=200 dup=0 err=0"), "\(sent)")
        #expect(try count("SELECT count(*) FROM records") == 200)
        let fever = try must(
            "python3 \(StationScript.path) lines 7117 gate3-a \(token) 'TEMP seq=201 person=13900139000 temp=38.5'",
            "a fever reading")
        #expect(fever.contains("OK seq=201") && fever.contains("verdict=fever") && fever.contains("alert="), "\(fever)")
    }

    /// `systemctl reload` re-reads /etc/checkpointd/checkpointd.conf in the same process and keeps serving.
    func reload(token: String) throws {
        let before = try show("MainPID")
        try must("printf 'fever_threshold = 38.0\\n' > /etc/checkpointd/checkpointd.conf", "write the config")
        try must("systemctl reload checkpointd", "systemctl reload")
        #expect(try show("MainPID") == before, "reload keeps the process")
        #expect(try show("ActiveState") == "active")
        #expect(try show("StatusText").hasPrefix("reloaded"), "STATUS= after the reload")
        let sent = try must(
            "python3 \(StationScript.path) send 7117 gate3-a \(token) 300 20 /srv/test/acked-first", "after reload")
        #expect(sent.contains("fever=38.0"), "the new threshold is in force: \(sent)")
        #expect(sent.hasSuffix("summary ok=20 dup=0 err=0"), "\(sent)")
    }

    /// The directives are in force on the running daemon, and systemd rates the loaded unit ≤ 1.5.
    func sandboxing() throws {
        let pid = try show("MainPID")
        #expect(try run("ps -o user:32=,group:32= -p \(pid) | tr -s ' '", "ps") == "checkpointd checkpointd")
        let status = try run("grep -E '^(CapEff|CapBnd|NoNewPrivs|Seccomp):' /proc/\(pid)/status", "status")
        #expect(status.contains("CapEff:\t0000000000000000"), "\(status)")
        #expect(status.contains("CapBnd:\t0000000000000000"), "\(status)")
        #expect(status.contains("NoNewPrivs:\t1"), "\(status)")
        #expect(status.contains("Seccomp:\t2"), "\(status)")
        // In the service's mount namespace (even as root): the OS and the config are read-only, state is not.
        let inside = "nsenter -t \(pid) -m --"
        for path in ["/usr/x", "/etc/x", "/etc/checkpointd/x", "/var/x"] {
            let touch = try container.shell("\(inside) touch \(path)")
            #expect(touch.status != .exited(0), "\(path) must be read-only for the service")
            #expect(touch.standardError.contains("Read-only file system"), "\(path): \(touch.standardError)")
        }
        try run("\(inside) touch /var/lib/checkpointd/x && \(inside) rm /var/lib/checkpointd/x", "state writable")
        #expect(try run("\(inside) ls -A /home /root", "ProtectHome") == "/home:\n\n/root:")
        let root = try run("awk '$5 == \"/\" { print $6 }' /proc/\(pid)/mountinfo", "mountinfo")
        #expect(root.hasPrefix("ro"), "/ in the service's namespace: \(root)")
        #expect(try show("MemoryDenyWriteExecute") == "yes")
        let limits = try run("grep 'Max open files' /proc/\(pid)/limits", "limits")
        print("RealSystemdTests: \(limits) (LimitNOFILE=65536; containers may cap it)")

        let security = try run("systemd-analyze security --no-pager checkpointd.service", "security")
        let score = Self.exposure(in: security)
        print("RealSystemdTests: systemd-analyze security (loaded unit, inside): \(score.map { "\($0)" } ?? "?")")
        #expect((score ?? 99) <= 1.5, "exposure: \(security.split(separator: "\n").last ?? "")")
    }

    /// A stopped daemon stops pinging; systemd aborts and restarts it, the sockets keep the stations' new
    /// connections meanwhile, and no acknowledged record is lost.
    func watchdogRestart(token: String) throws {
        try must("""
            mkdir -p \(ContainerTests.dropInDirectory)
            printf '[Service]\\nWatchdogSec=3s\\n' > \(ContainerTests.dropInDirectory)/test.conf
            systemctl daemon-reload && systemctl restart checkpointd
            """, "watchdog drop-in")
        #expect(try show("WatchdogUSec") == "3s")
        let restartsBefore = Int(try show("NRestarts")) ?? -1
        try must("""
            systemd-run --quiet --unit=station-load python3 \(StationScript.path) load 7117 gate3-a \(token) \
                1000 /srv/test/acked-load /srv/test/stop-load
            """, "start the load")
        try must(Self.waitForLines("/srv/test/acked-load", atLeast: 30), "records before the stop", seconds: 70)
        let pid = try show("MainPID")
        let (restarted, seconds) = try measure {
            try container.shell("""
                kill -STOP \(pid)
                for i in $(seq 1 400); do
                    [ "$(systemctl show -P NRestarts checkpointd)" -gt \(restartsBefore) ] \
                        && [ "$(systemctl is-active checkpointd)" = active ] && exit 0
                    sleep 0.1
                done
                exit 1
                """, seconds: 60)
        }
        try #require(restarted.status == .exited(0), "no watchdog restart within 40 s")
        print("RealSystemdTests: watchdog (3 s) restart took \(String(format: "%.1f", seconds)) s")
        #expect(try show("MainPID") != pid)
        let log = try run("journalctl -u checkpointd -o cat --no-pager", "journal")
        #expect(log.contains("Watchdog timeout"))
        // The watchdog's SIGABRT ends the daemon at once; it is not left hanging until TimeoutAbortSec= (the
        // Swift runtime's backtracer, which cannot run under MemoryDenyWriteExecute=, would hang it).
        #expect(log.contains("Main process exited, code=killed, status=6/ABRT"), "\(log.suffix(1500))")
        #expect(!log.contains("State 'stop-watchdog' timed out"), "\(log.suffix(1500))")
        let acked = Int(try run("wc -l < /srv/test/acked-load", "count")) ?? 0
        try must(Self.waitForLines("/srv/test/acked-load", atLeast: acked + 30), "records after the restart",
                 seconds: 70)
    }

    /// `systemctl stop` (of the sockets too, so no station restarts it) under load: the daemon answers what it
    /// read, commits, exits 0; every record a station saw acknowledged is in the database.
    func drainOnStop() throws {
        try must(
            "systemctl stop checkpointd.socket checkpointd-control.socket checkpointd.service", "stop", seconds: 90)
        #expect(try show("ActiveState") == "inactive")
        #expect(try show("Result") == "success")
        #expect(try show("ExecMainCode") == "1", "exited (CLD_EXITED), not killed")
        #expect(try show("ExecMainStatus") == "0")
        try must("""
            touch /srv/test/stop-load
            while [ "$(systemctl is-active station-load)" = active ]; do sleep 0.1; done
            """, "stop the load", seconds: 30)
        let summary = try run("journalctl -u station-load -o cat | grep summary", "the load's summary")
        print("RealSystemdTests: load: \(summary)")

        let acked = Set(try run("sort -un /srv/test/acked-load", "acked").split(separator: "\n").compactMap { Int($0) })
        let stored = Set(try query("""
            SELECT r.seq FROM records r JOIN stations s ON s.id = r.station_id
            WHERE s.code = 'gate3-a' AND r.seq >= 1000
            """).split(separator: "\n").compactMap { Int($0) })
        #expect(!acked.isEmpty)
        let lost = acked.subtracting(stored).sorted()
        #expect(lost.isEmpty, "acknowledged but not stored: \(lost.prefix(20))")
        print("RealSystemdTests: \(acked.count) records acknowledged across the restart and the stop, "
            + "\(stored.count) stored")
        // The sockets were stopped with the service: /run/checkpointd (the socket units' directory) stays.
        try run("test -d /run/checkpointd", "/run/checkpointd kept")
    }

    /// Native journal entries: identifier, priority, message ids from the catalog, the fields of an alert.
    func journal() throws {
        let entries = try journalEntries().filter { $0["SYSLOG_IDENTIFIER"] == "checkpointd" }
        #expect(!entries.isEmpty)
        let catalog = try String(contentsOfFile: Checkout.unit("checkpointd.catalog"), encoding: .utf8)
        let ids = Set(entries.compactMap { $0["MESSAGE_ID"] })
        let expected = [
            ContainerTests.readyID, ContainerTests.reloadedID, ContainerTests.stoppingID, ContainerTests.feverID,
        ]
        for id in expected {
            #expect(ids.contains(id), "MESSAGE_ID=\(id) missing from the journal")
        }
        for id in ids {
            #expect(catalog.contains("-- \(id)"), "MESSAGE_ID=\(id) is not in checkpointd.catalog")
        }
        for entry in entries where entry["MESSAGE_ID"] != nil {
            #expect(Int(entry["PRIORITY"] ?? "") != nil, "no PRIORITY: \(entry)")
            #expect(entry["_SYSTEMD_UNIT"] == "checkpointd.service")
        }
        if let fever = entries.first(where: { $0["MESSAGE_ID"] == ContainerTests.feverID }) {
            #expect(fever["CHECKPOINT_ID"] == "gate-3", "\(fever)")
            #expect(fever["STATION_ID"] == "gate3-a", "\(fever)")
            #expect(fever["ALERT_ID"] != nil && fever["ALERT_TYPE"] != nil, "\(fever)")
            #expect(Int(fever["PRIORITY"] ?? "") ?? 7 <= 4, "a fever is at least a warning: \(fever)")
        }
        // journalctl -x shows the catalog's explanation.
        let explained = try run("journalctl -u checkpointd -x --no-pager MESSAGE_ID=\(ContainerTests.readyID)", "-x")
        #expect(explained.contains("Subject: checkpointd is ready"), "\(explained.suffix(500))")
    }

    // MARK: helpers

    /// The listen backlog of port 7117 (ss shows it as Send-Q of a listening socket).
    func backlog() throws -> String {
        try run("ss -Htln 'sport = :7117' | awk '{ print $3 }'", "ss backlog")
    }

    /// The unit's journal, one dictionary of string fields per entry (binary fields left out).
    func journalEntries() throws -> [[String: String]] {
        let output = try run("journalctl -u checkpointd -o json --no-pager", "journalctl -o json")
        return output.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                return nil
            }
            return object.compactMapValues { $0 as? String }
        }
    }

    /// A query on the daemon's database, as user checkpointd (so SQLite never leaves root-owned files there).
    func query(_ sql: String) throws -> String {
        try run("runuser -u checkpointd -- sqlite3 -batch \(ContainerTests.database) \"\(sql)\"", "sqlite3: \(sql)")
    }

    func count(_ sql: String) throws -> Int {
        Int(try query(sql)) ?? -1
    }

    static func waitForLines(_ file: String, atLeast count: Int) -> String {
        """
        for i in $(seq 1 600); do
            [ "$(cat \(file) 2>/dev/null | wc -l)" -ge \(count) ] && exit 0
            sleep 0.1
        done
        echo "$(cat \(file) 2>/dev/null | wc -l) lines in \(file), wanted \(count)"; exit 1
        """
    }

    /// "→ Overall exposure level for checkpointd.service: 1.2 OK :-)" → 1.2
    static func exposure(in output: String) -> Double? {
        guard let line = output.split(separator: "\n").last(where: { $0.contains("Overall exposure level") }),
            let service = line.range(of: ".service: ")
        else { return nil }
        return line[service.upperBound...].split(separator: " ").first.flatMap { Double($0) }
    }
}
