import Glibc
import NIOSSL
import SwiftASN1
import X509

/// Reads the PEM files the settings name and turns every way they can be wrong into a ``TLSError`` that names the
/// setting, the file and what to do.
enum PEMFile {
    /// Certificate and key files are small; anything larger is not one.
    static let maximumBytes = 1 << 20

    /// The bytes of `path`, for the setting called `setting` (`tls_cert`, `--tls-ca`, ...).
    static func read(_ path: String, setting: String) throws(TLSError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw TLSError(.unreadableFile, "\(setting) \(path): cannot open: \(describe(errno))")
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            throw TLSError(.unreadableFile, "\(setting) \(path): cannot read: \(describe(errno))")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw TLSError(.unreadableFile, "\(setting) \(path): not a regular file; give the path of a PEM file")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw TLSError(.unreadableFile, "\(setting) \(path): cannot read: \(describe(errno))")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            guard bytes.count <= maximumBytes else {
                throw TLSError(.unreadableFile, "\(setting) \(path): larger than 1 MiB; this is not a PEM file")
            }
        }
        return bytes
    }

    /// Every certificate in the PEM file at `path`, in file order (leaf first for a chain). At least one.
    static func certificates(_ path: String, setting: String) throws(TLSError) -> [NIOSSLCertificate] {
        let bytes = try read(path, setting: setting)
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.contains("-----BEGIN CERTIFICATE-----") else {
            var message = "\(setting) \(path): no certificate found in PEM (expected a -----BEGIN CERTIFICATE----- "
                + "block)"
            if text.contains("PRIVATE KEY-----") {
                message += "; this file holds a private key: give the certificate file here"
            }
            throw TLSError(.noCertificate, message)
        }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(bytes)
        } catch {
            throw TLSError(.badCertificate, "\(setting) \(path): a certificate block does not parse: \(error)",
                cause: error)
        }
        guard !certificates.isEmpty else {
            throw TLSError(.noCertificate, "\(setting) \(path): no certificate found in PEM")
        }
        return certificates
    }

    /// The private key in the PEM file at `path`.
    static func privateKey(_ path: String, setting: String) throws(TLSError) -> (key: NIOSSLPrivateKey, pem: String) {
        let bytes = try read(path, setting: setting)
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.contains("PRIVATE KEY-----") else {
            var message = "\(setting) \(path): no private key found in PEM (expected a -----BEGIN PRIVATE KEY----- "
                + "block)"
            if text.contains("-----BEGIN CERTIFICATE-----") {
                message += "; this file holds a certificate: give the key file here"
            }
            throw TLSError(.badKey, message)
        }
        guard !text.contains("ENCRYPTED") else {
            throw TLSError(.badKey, "\(setting) \(path): the private key is encrypted; give an unencrypted key "
                + "readable only by its user (chmod 600)")
        }
        do {
            return (try NIOSSLPrivateKey(bytes: bytes, format: .pem), text)
        } catch {
            throw TLSError(.badKey, "\(setting) \(path): the private key does not parse: \(error)", cause: error)
        }
    }

    /// Throws `.keyMismatch` when `keyPEM` is not the key of `leaf`. Key types that swift-certificates cannot read
    /// are left to the TLS library, which refuses a mismatch when the context is made.
    static func checkKey(
        _ keyPEM: String, matches leaf: NIOSSLCertificate, keySetting: String, keyPath: String,
        certificateSetting: String, certificatePath: String
    ) throws(TLSError) {
        guard let key = parsedPrivateKey(keyPEM),
            let certificate = try? Certificate(derEncoded: leaf.toDERBytes())
        else { return }
        guard key.publicKey == certificate.publicKey else {
            throw TLSError(.keyMismatch, "\(keySetting) \(keyPath) does not match \(certificateSetting) "
                + "\(certificatePath): the first certificate in the file was made for another key; give the key that "
                + "belongs to this certificate, or the certificate made for this key")
        }
    }

    /// The first private key block of `pem` as swift-certificates reads it (skipping `EC PARAMETERS` blocks that
    /// `openssl ecparam -genkey` writes first), or nil.
    static func parsedPrivateKey(_ pem: String) -> Certificate.PrivateKey? {
        guard let documents = try? PEMDocument.parseMultiple(pemString: pem) else { return nil }
        for document in documents where document.discriminator.hasSuffix("PRIVATE KEY") {
            return try? Certificate.PrivateKey(pemDocument: document)
        }
        return nil
    }

    static func describe(_ number: Int32) -> String {
        String(cString: strerror(number))
    }
}
