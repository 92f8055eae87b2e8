import Foundation
import Glibc

/// A real PostgreSQL cluster of the test's own (issue 17 point 7): `initdb` into a temporary directory, `pg_ctl` on
/// a private Unix socket directory and a free loopback port, run as an unprivileged user when the tests run as root
/// (PostgreSQL refuses root). `psql` sets it up and checks it. Stopped and its files deleted when the value goes.
///
/// `CHECKPOINTD_POSTGRES=require` (CI) fails a test whose PostgreSQL is missing instead of skipping it.
public final class PostgresCluster: @unchecked Sendable {
    // Safe because: a cluster is used by the one test that made it.
    public let directory: TemporaryDirectory
    public let port: Int
    /// The directory of the socket `.s.PGSQL.<port>`.
    public let socketDirectory: String
    let binaries: String
    /// The user the server runs as (`postgres` or `nobody` under root), nil when the tests are not root.
    let runAs: String?

    /// Where PostgreSQL's programs are, if anywhere: `CHECKPOINTD_PG_BIN`, the newest `/usr/lib/postgresql/*/bin`.
    public static var binaryDirectory: String? {
        if let configured = ProcessInfo.processInfo.environment["CHECKPOINTD_PG_BIN"], !configured.isEmpty {
            return configured
        }
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions.compactMap(Int.init).sorted().last.map { "\(root)/\($0)/bin" }.flatMap { path in
            FileManager.default.isExecutableFile(atPath: path + "/initdb") ? path : nil
        }
    }

    /// Whether the tests can start a cluster here; `CHECKPOINTD_POSTGRES=require` says yes regardless (the test
    /// then fails naming what is missing), `skip` says no.
    public static var isAvailable: Bool {
        switch ProcessInfo.processInfo.environment["CHECKPOINTD_POSTGRES"] ?? "" {
        case "require": return true
        case "skip": return false
        default: return binaryDirectory != nil && psqlPath != nil
        }
    }

    static var psqlPath: String? {
        ["/usr/bin/psql", binaryDirectory.map { $0 + "/psql" }].compactMap { $0 }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// `initdb` and start. The superuser is `postgres` (trust over the socket and loopback: a test cluster).
    public init() throws {
        guard let binaries = Self.binaryDirectory, Self.psqlPath != nil else {
            throw TestSupportError(
                "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb or no psql): "
                    + "scripts/install-deps --test installs it")
        }
        self.binaries = binaries
        directory = try TemporaryDirectory(prefix: "cpd-pg")
        port = try FreePort.tcp()
        socketDirectory = try directory.makeDirectory("socket")
        _ = try directory.makeDirectory("data")
        if geteuid() == 0 {
            let user = getpwnam("postgres") != nil ? "postgres" : "nobody"
            runAs = user
            guard let entry = getpwnam(user) else { throw TestSupportError("no user \(user) to run PostgreSQL as") }
            for path in [directory.path, socketDirectory, directory.file("data")] {
                guard chown(path, entry.pointee.pw_uid, entry.pointee.pw_gid) == 0 else {
                    throw TestSupportError("cannot give \(path) to \(user): errno \(errno)")
                }
            }
            // The daemon under test (root) reads the socket; the server's user must reach its own files.
            chmod(directory.path, 0o755)
        } else {
            runAs = nil
        }
        try command(
            "initdb", ["-D", directory.file("data"), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync",
                       "--locale", "C"])
        try start()
    }

    deinit {
        _ = try? command("pg_ctl", ["-D", directory.file("data"), "-m", "immediate", "-w", "stop"], check: false)
    }

    /// Starts the server (after `stop`) and waits until it takes connections.
    public func start() throws {
        try command(
            "pg_ctl",
            [
                "-D", directory.file("data"), "-l", directory.file("server.log"), "-w", "-t", "60", "-o",
                "-p \(port) -k \(socketDirectory) -c listen_addresses=127.0.0.1 -c fsync=off "
                    + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                "start",
            ])
    }

    /// Stops the server: `fast` lets it close connections, `immediate` is a crash.
    public func stop(mode: String = "fast") throws {
        try command("pg_ctl", ["-D", directory.file("data"), "-m", mode, "-w", "-t", "60", "stop"])
    }

    /// Serves TLS with the given certificate and key (PEM files, copied into the data directory for the server's
    /// user) and puts `hba` lines ahead of the trust rules; takes effect at the next `start`.
    public func serveTLS(certificate: String, key: String, hba: [String]) throws {
        let data = directory.file("data")
        try FileManager.default.copyItem(atPath: certificate, toPath: data + "/server.crt")
        try FileManager.default.copyItem(atPath: key, toPath: data + "/server.key")
        chmod(data + "/server.key", 0o600)
        if let runAs, let entry = getpwnam(runAs) {
            for file in ["server.crt", "server.key"] { chown(data + "/" + file, entry.pointee.pw_uid, entry.pointee.pw_gid) }
        }
        let settings = "\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n"
        let configuration = try String(contentsOfFile: data + "/postgresql.conf", encoding: .utf8)
        try (configuration + settings).write(toFile: data + "/postgresql.conf", atomically: true, encoding: .utf8)
        let rules = try String(contentsOfFile: data + "/pg_hba.conf", encoding: .utf8)
        try (hba.joined(separator: "\n") + "\n" + rules).write(
            toFile: data + "/pg_hba.conf", atomically: true, encoding: .utf8)
    }

    /// The URL a daemon or checkpointctl uses to reach database `database` as `role` over the socket.
    public func url(role: String, database: String = "city") -> String {
        "postgresql://\(role)@/\(database)?host=\(socketDirectory)&port=\(port)"
    }

    /// Runs SQL with `psql` as `user` and returns its rows, one line each, columns joined by `|` (`-At`).
    @discardableResult
    public func psql(_ sql: String, database: String = "city", user: String = "postgres") throws -> String {
        guard let psql = Self.psqlPath else { throw TestSupportError("no psql") }
        let file = try directory.write(sql, to: "query-\(UUID().uuidString).sql")
        chmod(file, 0o644)
        let result = try ChildProcess.run(
            psql,
            [
                "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", socketDirectory, "-p", String(port), "-U", user,
                "-d", database, "-f", file,
            ], seconds: 120)
        try? FileManager.default.removeItem(atPath: file)
        guard result.status == .exited(0) else {
            throw TestSupportError("psql failed (\(result.status)): \(result.standardError)\nSQL: \(sql)")
        }
        return result.standardOutput
    }

    /// The server's log, for a failing test's message.
    public var log: String {
        (try? String(contentsOfFile: directory.file("server.log"), encoding: .utf8)) ?? ""
    }

    @discardableResult
    private func command(_ program: String, _ arguments: [String], check: Bool = true) throws -> CompletedProcess {
        let executable = binaries + "/" + program
        let result: CompletedProcess
        if let runAs {
            result = try ChildProcess.run(
                "/usr/sbin/runuser", ["-u", runAs, "--", executable] + arguments, workingDirectory: "/", seconds: 120)
        } else {
            result = try ChildProcess.run(executable, arguments, seconds: 120)
        }
        if check && result.status != .exited(0) {
            throw TestSupportError(
                "\(program) failed (\(result.status)): \(result.standardOutput) \(result.standardError) \(log)")
        }
        return result
    }
}
