import CheckpointTestSupport
import CheckpointTLS
import Foundation
import NIOSSL
import Testing

@Suite("TLS settings and their errors")
struct TLSSettingsTests {
    private func expectError(
        _ code: TLSError.Code, containing fragments: [String], _ body: () throws -> Void,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            try body()
            Issue.record("expected \(code), nothing was thrown", sourceLocation: sourceLocation)
        } catch let error as TLSError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            for fragment in fragments {
                #expect(error.message.contains(fragment), "\(error.message)", sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("expected TLSError, got \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func serverSettings_whenFilesAreGood_makeATLS12MinimumContext() throws {
        let district = try District()
        let plain = try district.serverSettings.makeConfiguration()
        #expect(plain.minimumTLSVersion == .tlsv12)
        #expect(plain.maximumTLSVersion == nil)
        #expect(plain.certificateVerification == .none)
        let mutual = try district.mutualSettings.makeConfiguration()
        #expect(mutual.certificateVerification == .noHostnameVerification)
        _ = try district.mutualSettings.makeContext()
    }

    @Test func serverSettings_whenCertificateFileIsMissing_saysCannotOpen() throws {
        let district = try District()
        var settings = district.serverSettings
        settings.certificateChainPath = district.folder.file("nope.pem")
        expectError(.unreadableFile, containing: ["tls_cert", "nope.pem", "No such file"]) {
            _ = try settings.makeContext()
        }
    }

    @Test func serverSettings_whenCertificateIsADirectory_saysNotARegularFile() throws {
        let district = try District()
        var settings = district.serverSettings
        settings.certificateChainPath = district.folder.path
        expectError(.unreadableFile, containing: ["tls_cert", "not a regular file"]) { _ = try settings.makeContext() }
    }

    @Test func serverSettings_whenCertificateFileHoldsTheKey_saysNoCertificateFound() throws {
        let district = try District()
        var settings = district.serverSettings
        settings.certificateChainPath = district.folder.file("server.key")
        expectError(.noCertificate, containing: ["tls_cert", "no certificate found in PEM", "holds a private key"]) {
            _ = try settings.makeContext()
        }
    }

    @Test func serverSettings_whenCertificateBlockIsDamaged_saysItDoesNotParse() throws {
        let district = try District()
        try district.folder.write("bad.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
        var settings = district.serverSettings
        settings.certificateChainPath = district.folder.file("bad.pem")
        expectError(.badCertificate, containing: ["tls_cert", "does not parse"]) { _ = try settings.makeContext() }
    }

    @Test func serverSettings_whenKeyFileHoldsACertificate_saysNoPrivateKey() throws {
        let district = try District()
        var settings = district.serverSettings
        settings.privateKeyPath = district.folder.file("server.pem")
        expectError(.badKey, containing: ["tls_key", "no private key found", "holds a certificate"]) {
            _ = try settings.makeContext()
        }
    }

    @Test func serverSettings_whenKeyIsDamaged_saysItDoesNotParse() throws {
        let district = try District()
        try district.folder.write("bad.key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
        var settings = district.serverSettings
        settings.privateKeyPath = district.folder.file("bad.key")
        expectError(.badKey, containing: ["tls_key", "does not parse"]) { _ = try settings.makeContext() }
    }

    @Test func serverSettings_whenKeyIsEncrypted_saysGiveAnUnencryptedKey() async throws {
        let district = try District()
        let folder = district.folder
        let made = try await ExternalCommand.run([
            "openssl", "pkey", "-in", folder.file("server.key"), "-aes256", "-passout", "pass:secret",
            "-out", folder.file("encrypted.key"),
        ])
        try #require(made.status == 0, "\(made)")
        var settings = district.serverSettings
        settings.privateKeyPath = folder.file("encrypted.key")
        expectError(.badKey, containing: ["tls_key", "encrypted"]) { _ = try settings.makeContext() }
    }

    @Test func serverSettings_whenKeyBelongsToAnotherCertificate_saysKeyDoesNotMatch() throws {
        let district = try District()
        var settings = district.serverSettings
        settings.privateKeyPath = district.folder.file("station-gate-1.key")
        expectError(.keyMismatch, containing: ["tls_key", "does not match tls_cert"]) { _ = try settings.makeContext() }
    }

    @Test func serverSettings_whenClientCAIsMissing_namesTLSClientCA() throws {
        let district = try District()
        var settings = district.mutualSettings
        settings.clientCAPath = district.folder.file("missing-ca.pem")
        expectError(.unreadableFile, containing: ["tls_client_ca", "missing-ca.pem"]) { _ = try settings.makeContext() }
    }

    @Test func clientSettings_whenCertificateHasNoKey_saysGiveTheKey() throws {
        let district = try District()
        var settings = district.clientSettings(station: "gate-1")
        settings.privateKeyPath = nil
        expectError(.badArgument, containing: ["--tls-cert needs --tls-key"]) { _ = try settings.makeContext() }
        settings = district.clientSettings(station: "gate-1")
        settings.certificateChainPath = nil
        expectError(.badArgument, containing: ["--tls-key needs --tls-cert"]) { _ = try settings.makeContext() }
    }

    @Test func clientSettings_whenFilesAreWrong_nameTheFlag() throws {
        let district = try District()
        var settings = district.clientSettings()
        settings.trustedCAPath = district.folder.file("none.pem")
        expectError(.unreadableFile, containing: ["--tls-ca", "none.pem"]) { _ = try settings.makeContext() }
        settings = district.clientSettings(station: "gate-1")
        settings.privateKeyPath = district.folder.file("server.key")
        expectError(.keyMismatch, containing: ["--tls-key", "does not match --tls-cert"]) {
            _ = try settings.makeContext()
        }
        settings = district.clientSettings()
        settings.serverHostname = ""
        expectError(.badArgument, containing: ["host name is empty"]) { _ = try settings.makeContext() }
    }

    @Test func clientSettings_whenFilesAreGood_pinTheCAAndVerifyTheHost() throws {
        let district = try District()
        let configuration = try district.clientSettings(station: "gate-1").makeConfiguration()
        #expect(configuration.certificateVerification == .fullVerification)
        #expect(configuration.minimumTLSVersion == .tlsv12)
        #expect(configuration.additionalTrustRoots.isEmpty)
        #expect(configuration.certificateChain.count == 1)
        #expect(TLSClientSettings.isIPAddress("127.0.0.1"))
        #expect(TLSClientSettings.isIPAddress("::1"))
        #expect(!TLSClientSettings.isIPAddress("localhost"))
    }

    @Test func contextStore_whenReloadedWithABrokenKey_keepsTheOldContextAndSaysWhy() throws {
        let district = try District()
        let store = try TLSContextStore(settings: district.serverSettings)
        let before = store.context
        try district.folder.write("server.key", "")
        do {
            try store.reload()
            Issue.record("a reload with a broken key succeeded")
        } catch {
            #expect(error.code == .badKey)
            #expect(error.message.contains("tls_key"))
        }
        #expect(store.context === before)
        #expect(store.settings == district.serverSettings)
    }

    @Test func contextStore_whenReloadedWithOtherSettings_swapsTheContext() throws {
        let district = try District()
        let store = try TLSContextStore(settings: district.serverSettings)
        let before = store.context
        try store.reload(district.mutualSettings)
        #expect(store.context !== before)
        #expect(store.settings == district.mutualSettings)
    }

    @Test func contextStore_whenFirstFilesAreBad_refusesToStart() throws {
        let district = try District()
        var settings = district.serverSettings
        settings.privateKeyPath = district.folder.file("ca.key")
        expectError(.keyMismatch, containing: ["tls_key"]) { _ = try TLSContextStore(settings: settings) }
    }
}
