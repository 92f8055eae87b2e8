import CheckpointTestSupport
import CheckpointTLS
import Crypto
import Foundation
import SwiftASN1
import Testing
import X509

@Suite("The certificate tool")
struct CertificateToolTests {
    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int) ?? -1
    }

    private func certificate(_ path: String) throws -> Certificate {
        try Certificate(pemEncoded: String(contentsOfFile: path, encoding: .utf8))
    }

    @Test func tool_whenMakingADistrict_writesKeys0600AndCertificates0644() throws {
        let district = try District()
        for name in ["ca", "server", "station-gate-1"] {
            #expect(try mode(district.folder.file(name + ".key")) == 0o600)
            #expect(try mode(district.folder.file(name + ".pem")) == 0o644)
        }
    }

    @Test func tool_whenMakingTheCA_marksItACertificateAuthority() throws {
        let district = try District()
        let ca = try certificate(district.folder.file("ca.pem"))
        #expect(ca.subject == ca.issuer)
        #expect(try ca.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: 0))
        let usage = try #require(try ca.extensions.keyUsage)
        #expect(usage.keyCertSign)
        #expect(usage.cRLSign)
        #expect(ca.publicKey == Certificate.PublicKey(try P256.Signing.PrivateKey(
            pemRepresentation: district.folder.read("ca.key")).publicKey))
    }

    @Test func tool_whenIssuingTheServerCertificate_listsEveryHostAndServerAuth() throws {
        let district = try District(hosts: ["checkpointd.example", "127.0.0.1", "::1"])
        let server = try certificate(district.folder.file("server.pem"))
        let names = try #require(try server.extensions.subjectAlternativeNames)
        #expect(names.contains(.dnsName("checkpointd.example")))
        #expect(names.contains(.ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))))
        let loopback6 = ArraySlice([UInt8](repeating: 0, count: 15) + [1])
        #expect(names.contains(.ipAddress(ASN1OctetString(contentBytes: loopback6))))
        #expect(try server.extensions.extendedKeyUsage?.contains(.serverAuth) == true)
        #expect(try server.extensions.basicConstraints == .notCertificateAuthority)
        #expect(server.issuer == (try certificate(district.folder.file("ca.pem"))).subject)
    }

    @Test func tool_whenIssuingAStationCertificate_namesTheStationAndClientAuth() throws {
        let district = try District(stations: ["gate-3-a"])
        let station = try certificate(district.folder.file("station-gate-3-a.pem"))
        #expect(try StationIdentity.stationID(of: station) == "gate-3-a")
        #expect(try station.extensions.extendedKeyUsage?.contains(.clientAuth) == true)
    }

    @Test func tool_whenAFileExists_refusesAndLeavesItAlone() throws {
        let district = try District()
        let before = try district.folder.read("ca.pem")
        #expect(throws: TLSError.self) {
            _ = try district.directory.createAuthority(name: "again", validity: .days(1))
        }
        do {
            _ = try district.directory.issueStation("gate-1", validity: .days(1))
        } catch {
            #expect(error.code == .fileExists)
            #expect(error.message.contains("refusing to overwrite"))
        }
        #expect(try district.folder.read("ca.pem") == before)
    }

    @Test func tool_whenThereIsNoCA_saysCannotOpen() throws {
        let folder = try TemporaryDirectory(prefix: "checkpoint-tls")
        do {
            _ = try CertificateDirectory(path: folder.path).issueServer(hosts: ["localhost"], validity: .days(1))
            Issue.record("issued without a CA")
        } catch {
            #expect(error.code == .unreadableFile)
            #expect(error.message.contains("ca.pem"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func tool_whenTheCAKeyBelongsElsewhere_refuses() throws {
        let district = try District()
        try FileManager.default.removeItem(atPath: district.folder.file("ca.key"))
        try FileManager.default.copyItem(
            atPath: district.folder.file("server.key"), toPath: district.folder.file("ca.key"))
        do {
            _ = try district.directory.issueStation("gate-2", validity: .days(1))
            Issue.record("issued with a mismatched CA key")
        } catch {
            #expect(error.code == .keyMismatch)
        }
    }

    @Test(arguments: ["", "bad host", "-lead.example", "a..b", "x_y.example"])
    func tool_whenAHostIsNotANameOrAddress_refuses(host: String) throws {
        let district = try District()
        let authority = try district.directory.loadAuthority()
        do {
            _ = try authority.issueServerCertificate(hosts: [host], validity: .days(1))
            Issue.record("accepted host '\(host)'")
        } catch {
            #expect(error.code == .badArgument)
        }
    }

    @Test(arguments: ["", "-gate", "gate 1", String(repeating: "g", count: 33), "gate/1"])
    func tool_whenAStationIDIsNotValid_refuses(id: String) throws {
        let district = try District()
        do {
            _ = try district.directory.issueStation(id, validity: .days(1))
            Issue.record("accepted station id '\(id)'")
        } catch {
            #expect(error.code == .badArgument)
        }
    }

    @Test(arguments: [0, -1, 36_501])
    func tool_whenDaysAreOutOfRange_refuses(days: Int) {
        #expect(throws: TLSError.self) { _ = try CertificateValidity.days(days) }
    }

    @Test func tool_whenTheEndIsBeforeTheStart_refuses() {
        #expect(throws: TLSError.self) {
            _ = try CertificateValidity(notBefore: Date(), notAfter: Date().addingTimeInterval(-1))
        }
    }

    @Test func tool_whenTheCAWasMadeByOpenSSL_issuesAWorkingStationCertificate() async throws {
        let folder = try TemporaryDirectory(prefix: "checkpoint-tls")
        try await OpenSSLDistrict.makeCA(in: folder)
        _ = try CertificateDirectory(path: folder.path).issueStation("gate-9", validity: .days(2))
        let station = try certificate(folder.file("station-gate-9.pem"))
        #expect(try StationIdentity.stationID(of: station) == "gate-9")
        let verify = try await ExternalCommand.run([
            "openssl", "verify", "-CAfile", folder.file("ca.pem"), "-purpose", "sslclient",
            folder.file("station-gate-9.pem"),
        ])
        #expect(verify.status == 0, "\(verify)")
    }

    @Test func stationIdentity_whenTheCertificateNamesNoStation_refuses() throws {
        let key = P256.Signing.PrivateKey()
        func make(_ subject: DistinguishedName) throws -> Certificate {
            try Certificate(
                version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
                notValidBefore: Date(), notValidAfter: Date().addingTimeInterval(60), issuer: subject,
                subject: subject, extensions: .init(), issuerPrivateKey: .init(key)
            )
        }
        let noName = try make(DistinguishedName { OrganizationName("District") })
        let twoNames = try make(DistinguishedName {
            CommonName("gate-1")
            CommonName("gate-2")
        })
        let notAStation = try make(DistinguishedName { CommonName("gate 1; rm") })
        for (certificate, fragment) in [(noName, "no common name"), (twoNames, "2 common names"),
            (notAStation, "not a station id")]
        {
            do {
                _ = try StationIdentity.stationID(of: certificate)
                Issue.record("read a station id from \(certificate.subject)")
            } catch {
                #expect(error.code == .noStationIdentity)
                #expect(error.message.contains(fragment), "\(error.message)")
            }
        }
    }
}

/// Certificates made with the openssl command line, as a district might already have them.
enum OpenSSLDistrict {
    /// `ca.pem`/`ca.key` (P-256) in `folder`.
    static func makeCA(in folder: TemporaryDirectory) async throws {
        try await run("""
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
            -days 30 -subj "/CN=OpenSSL District CA" -addext "basicConstraints=critical,CA:true" \
            -addext "keyUsage=critical,keyCertSign,cRLSign"
            """, in: folder)
    }

    /// `ca.*`, then `server.pem`/`server.key` (RSA 2048, for localhost and 127.0.0.1) and `station-ID.*` (P-256).
    static func make(in folder: TemporaryDirectory, station: String) async throws {
        try await makeCA(in: folder)
        try folder.write("server.ext", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
        try folder.write("station.ext", "extendedKeyUsage=clientAuth\n")
        try await run("""
            openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=localhost && \
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 \
            -extfile server.ext -out server.pem && \
            openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout station-\(station).key \
            -out station.csr -subj /CN=\(station) && \
            openssl x509 -req -in station.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 \
            -extfile station.ext -out station-\(station).pem
            """, in: folder)
    }

    private static func run(_ line: String, in folder: TemporaryDirectory) async throws {
        let result = try await ExternalCommand.shell("cd '\(folder.path)' && " + line)
        guard result.status == 0 else { throw TestFailure("openssl failed: \(result)") }
    }
}
