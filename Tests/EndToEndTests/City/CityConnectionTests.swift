import CheckpointTestSupport
import CheckpointWire
import Foundation
import Glibc
import Testing

/// Issue 17 point 1: a district reaches the city over TCP with TLS checked as `sslmode=verify-full` asks and a
/// password from `city_password_file`; a wrong CA or a wrong password is refused, and health says which.
@Suite(
    .enabled(if: postgresAvailable, "needs PostgreSQL (initdb, pg_ctl, psql): scripts/install-deps --test installs it"),
    .timeLimit(.minutes(20)))
struct CityConnectionTests {
    /// A CA (or `name`'s own) and a server certificate for `address`, made with openssl.
    private static func certificates(
        in directory: TemporaryDirectory, name: String, address: String = "127.0.0.1", caOf issuer: String? = nil
    ) throws -> (ca: String, cert: String, key: String) {
        let caName = issuer ?? name
        let ca = directory.file("\(caName)-ca.pem")
        let caKey = directory.file("\(caName)-ca.key")
        let cert = directory.file("\(name)-server.pem")
        let key = directory.file("\(name)-server.key")
        let request = directory.file("\(name)-server.csr")
        let extensions = try directory.write("subjectAltName=IP:\(address)\n", to: "\(name)-san.ext")
        let makeCA: [[String]] =
            issuer != nil
            ? []
            : [["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", caKey,
                "-out", ca, "-subj", "/CN=\(name) city CA", "-days", "2"]]
        let steps: [[String]] = makeCA + [
            ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out",
             request, "-subj", "/CN=127.0.0.1"],
            ["x509", "-req", "-in", request, "-CA", ca, "-CAkey", caKey, "-CAcreateserial", "-out", cert, "-days", "2",
             "-extfile", extensions],
        ]
        for step in steps {
            let result = try ChildProcess.run("/usr/bin/openssl", step)
            guard result.status == .exited(0) else { throw TestSupportError("openssl \(step[0]): \(result.standardError)") }
        }
        return (ca, cert, key)
    }

    /// verify-full checks the server's name (here its address) as well as its CA; verify-ca only the CA.
    @Test func connect_toACertificateOfAnotherAddress_isRefusedByVerifyFullOnly() throws {
        let cluster = try PostgresCluster()
        let files = try TemporaryDirectory(prefix: "cpd-city-tls")
        _ = try Self.certificates(in: files, name: "right")
        let misnamed = try Self.certificates(in: files, name: "misnamed", address: "10.9.8.7", caOf: "right")
        try cluster.serveTLS(certificate: misnamed.cert, key: misnamed.key, hba: ["hostnossl city all 127.0.0.1/32 reject"])
        try cluster.stop()
        try cluster.start()
        try cluster.psql("CREATE DATABASE city", database: "postgres")
        let ctl = try BuiltProduct.checkpointctl()
        #expect(try ChildProcess.run(ctl, ["city", "migrate", "--url", cluster.url(role: "postgres")]).status == .exited(0))
        func url(_ mode: String) -> String {
            "postgresql://postgres@127.0.0.1:\(cluster.port)/city?sslmode=\(mode)&sslrootcert=\(misnamed.ca)"
        }
        let full = try ChildProcess.run(ctl, ["city", "migrate", "--url", url("verify-full")])
        #expect(full.status == .exited(3), "\(full.standardOutput) \(full.standardError)")
        #expect(full.standardError.contains("certificate"), "\(full.standardError)")
        let caOnly = try ChildProcess.run(ctl, ["city", "migrate", "--url", url("verify-ca")])
        #expect(caOnly.status == .exited(0), "\(caOnly.standardError)")
    }

    @Test func connect_overVerifiedTLSWithAPasswordFile_shipsAndAWrongCAOrPasswordIsRefused() throws {
        let cluster = try PostgresCluster()
        let files = try TemporaryDirectory(prefix: "cpd-city-tls")
        let right = try Self.certificates(in: files, name: "right")
        let other = try Self.certificates(in: files, name: "other")
        try cluster.serveTLS(
            certificate: right.cert, key: right.key,
            hba: ["hostssl city district_a 127.0.0.1/32 scram-sha-256", "host city district_a 127.0.0.1/32 reject"])
        try cluster.stop()
        try cluster.start()
        try cluster.psql("CREATE DATABASE city", database: "postgres")
        let ctl = try BuiltProduct.checkpointctl()
        let migrated = try ChildProcess.run(ctl, ["city", "migrate", "--url", cluster.url(role: "postgres")])
        #expect(migrated.status == .exited(0), "\(migrated.standardError)")
        try cluster.psql("CREATE ROLE district_a LOGIN PASSWORD 'right horse battery'")
        #expect(try ChildProcess.run(
            ctl, ["city", "add-district", "A", "--role", "district_a", "--url", cluster.url(role: "postgres")]).status
            == .exited(0))
        let password = try files.write("right horse battery\n", to: "city.password")
        chmod(password, 0o600)
        func url(_ ca: String) -> String {
            "postgresql://district_a@127.0.0.1:\(cluster.port)/city?sslmode=verify-full&sslrootcert=\(ca)"
        }

        let daemon = try DaemonProcess(arguments: [
            "--district", "A", "--city-url", url(right.ca), "--city-password-file", password,
        ])
        try daemon.start()
        let client = try daemon.openSession()
        #expect(try client.request(passingTemp(seq: 1, person: 1)).hasPrefix("OK "))
        let shipped = Deadline.poll(seconds: 30, interval: 0.1) {
            (try? cluster.psql("SELECT COUNT(*) FROM city.records"))?.trimmingCharacters(in: .whitespacesAndNewlines) == "1"
        }
        #expect(shipped, "\(daemon.stderrText.suffix(1500))")
        let used = try cluster.psql(
            "SELECT bool_and(ssl) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.usename = 'district_a'")
        #expect(used.trimmingCharacters(in: .whitespacesAndNewlines) == "t", "the district's connections use TLS")
        #expect(try daemon.terminate() == .exited(0))

        // A server certificate from another CA: refused, and health names the certificate.
        let wrongCA = try DaemonProcess(arguments: [
            "--district", "A", "--city-url", url(other.ca), "--city-password-file", password,
        ], directory: daemon.directory, stateDirectory: daemon.stateDirectory)
        try wrongCA.start()
        let refusedCertificate = Deadline.poll(seconds: 30, interval: 0.2) {
            ((try? CityFixture.health(wrongCA))?["city"]?.objectValue?["error"]?.stringValue ?? "")
                .contains("certificate")
        }
        #expect(refusedCertificate, "\((try? CityFixture.health(wrongCA)) ?? [:])")
        #expect(try wrongCA.terminate() == .exited(0))

        // The wrong password: refused, and health says to check city_password_file.
        let wrongPassword = try files.write("zebra-kettle-417\n", to: "wrong.password")
        let refused = try DaemonProcess(arguments: [
            "--district", "A", "--city-url", url(right.ca), "--city-password-file", wrongPassword,
        ], directory: daemon.directory, stateDirectory: daemon.stateDirectory)
        try refused.start()
        let saidPassword = Deadline.poll(seconds: 30, interval: 0.2) {
            ((try? CityFixture.health(refused))?["city"]?.objectValue?["error"]?.stringValue ?? "")
                .contains("city_password_file")
        }
        #expect(saidPassword, "\((try? CityFixture.health(refused)) ?? [:])")
        #expect(!refused.stderrText.contains("zebra-kettle"), "the password never reaches the log")
    }
}
