import Glibc
import SwiftASN1
import X509

/// The files of `checkpointctl tls` in one directory:
///
/// | file | what | mode |
/// |---|---|---|
/// | `ca.pem`, `ca.key` | the district CA (`tls_client_ca`, the terminals' `--tls-ca`) | 0644, 0600 |
/// | `server.pem`, `server.key` | the daemon's certificate (`tls_cert`, `tls_key`) | 0644, 0600 |
/// | `station-ID.pem`, `station-ID.key` | station ID's certificate (`--tls-cert`, `--tls-key`) | 0644, 0600 |
///
/// No file is ever overwritten: each is created with `O_EXCL`, and both names are checked before either is
/// written, so a refused command leaves the directory as it was. Rotation is: move the old pair away, issue anew.
public struct CertificateDirectory: Sendable {
    public var path: String

    public init(path: String) {
        self.path = path
    }

    public var caCertificatePath: String { path + "/ca.pem" }
    public var caKeyPath: String { path + "/ca.key" }
    public var serverCertificatePath: String { path + "/server.pem" }
    public var serverKeyPath: String { path + "/server.key" }

    public func stationCertificatePath(_ stationID: String) -> String { path + "/station-\(stationID).pem" }
    public func stationKeyPath(_ stationID: String) -> String { path + "/station-\(stationID).key" }

    /// Makes the district CA; creates the directory (0755) when missing. Returns the paths written.
    public func createAuthority(name: String, validity: CertificateValidity) throws(TLSError) -> [String] {
        try makeDirectory()
        let issued = try CertificateAuthority.create(name: name, validity: validity)
        return try save(issued, certificatePath: caCertificatePath, keyPath: caKeyPath)
    }

    /// Issues the daemon's certificate with the CA of this directory.
    public func issueServer(hosts: [String], validity: CertificateValidity) throws(TLSError) -> [String] {
        let authority = try loadAuthority()
        let issued = try authority.issueServerCertificate(hosts: hosts, validity: validity)
        return try save(issued, certificatePath: serverCertificatePath, keyPath: serverKeyPath)
    }

    /// Issues station `stationID`'s certificate with the CA of this directory.
    public func issueStation(_ stationID: String, validity: CertificateValidity) throws(TLSError) -> [String] {
        let authority = try loadAuthority()
        let issued = try authority.issueStationCertificate(stationID: stationID, validity: validity)
        return try save(
            issued, certificatePath: stationCertificatePath(stationID), keyPath: stationKeyPath(stationID)
        )
    }

    /// The CA of this directory: `ca.pem` and `ca.key`, whoever made them (the tool or openssl).
    public func loadAuthority() throws(TLSError) -> CertificateAuthority {
        let certificateText = String(decoding: try PEMFile.read(caCertificatePath, setting: "CA"), as: UTF8.self)
        let keyText = String(decoding: try PEMFile.read(caKeyPath, setting: "CA key"), as: UTF8.self)
        let certificate: Certificate
        do {
            certificate = try Certificate(pemEncoded: certificateText)
        } catch {
            throw TLSError(.badCertificate, "CA \(caCertificatePath): not a PEM certificate: \(error)", cause: error)
        }
        guard let key = PEMFile.parsedPrivateKey(keyText) else {
            throw TLSError(.badKey, "CA key \(caKeyPath): no usable unencrypted private key in PEM")
        }
        guard key.publicKey == certificate.publicKey else {
            throw TLSError(.keyMismatch, "CA key \(caKeyPath) does not match CA \(caCertificatePath)")
        }
        return CertificateAuthority(certificate: certificate, privateKey: key)
    }

    private func makeDirectory() throws(TLSError) {
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw TLSError(.writeFailed, "\(path): cannot create the directory: \(PEMFile.describe(errno))")
        }
    }

    private func save(_ issued: IssuedCertificate, certificatePath: String, keyPath: String) throws(TLSError)
        -> [String]
    {
        for file in [keyPath, certificatePath] {
            var status = stat()
            if lstat(file, &status) == 0 {
                throw TLSError(.fileExists, "\(file) exists; refusing to overwrite it (move it away to replace it)")
            }
        }
        let certificatePEM = try issued.certificatePEM()
        try Self.create(keyPath, contents: issued.privateKeyPEM, mode: 0o600)
        do {
            try Self.create(certificatePath, contents: certificatePEM, mode: 0o644)
        } catch {
            unlink(keyPath)
            throw error
        }
        return [certificatePath, keyPath]
    }

    /// Creates `file` (never replacing one) with exactly `mode`, writes `contents` and syncs it.
    static func create(_ file: String, contents: String, mode: mode_t) throws(TLSError) {
        let fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else {
            let number = errno
            if number == EEXIST {
                throw TLSError(.fileExists, "\(file) exists; refusing to overwrite it (move it away to replace it)")
            }
            throw TLSError(.writeFailed, "\(file): cannot create: \(PEMFile.describe(number))")
        }
        defer { close(fd) }
        // The umask may have taken bits away from a certificate's 0644; set the mode exactly.
        fchmod(fd, mode)
        let bytes = Array(contents.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                let number = errno
                unlink(file)
                throw TLSError(.writeFailed, "\(file): cannot write: \(PEMFile.describe(number))")
            }
            offset += written
        }
        guard fsync(fd) == 0 else {
            let number = errno
            unlink(file)
            throw TLSError(.writeFailed, "\(file): cannot write: \(PEMFile.describe(number))")
        }
    }
}
