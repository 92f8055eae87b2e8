import CheckpointCore
public import Crypto
import SwiftASN1
public import X509

/// A certificate and its new private key, as the tool made them.
public struct IssuedCertificate: Sendable {
    public var certificate: Certificate
    public var privateKey: P256.Signing.PrivateKey

    /// The certificate as PEM text (`-----BEGIN CERTIFICATE-----`).
    public func certificatePEM() throws(TLSError) -> String {
        do {
            return try certificate.serializeAsPEM().pemString + "\n"
        } catch {
            throw TLSError(.badCertificate, "the new certificate could not be encoded: \(error)", cause: error)
        }
    }

    /// The private key as PKCS#8 PEM text (`-----BEGIN PRIVATE KEY-----`).
    public var privateKeyPEM: String { privateKey.pemRepresentation + "\n" }
}

/// A district CA: it signs the daemon's server certificate and every station's certificate. All keys are P-256
/// (ECDSA with SHA-256), which every TLS 1.2 and 1.3 client supports.
public struct CertificateAuthority: Sendable {
    public var certificate: Certificate
    public var privateKey: Certificate.PrivateKey

    public init(certificate: Certificate, privateKey: Certificate.PrivateKey) {
        self.certificate = certificate
        self.privateKey = privateKey
    }

    /// A new self-signed CA: `CA:true` with a path length of 0 (it signs end certificates only), key usage
    /// `keyCertSign, cRLSign`, both critical.
    public static func create(name: String, validity: CertificateValidity) throws(TLSError) -> IssuedCertificate {
        guard !name.isEmpty, name.utf8.count <= 64, !name.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw TLSError(.badArgument, "--name: give 1–64 printable characters for the CA's name")
        }
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(key.publicKey)
        return try Self.build(key: key) {
            let subject = try DistinguishedName { CommonName(name) }
            let extensions = try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: publicKey)
            }
            return try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
                notValidBefore: validity.notBefore, notValidAfter: validity.notAfter,
                issuer: subject, subject: subject, extensions: extensions,
                issuerPrivateKey: Certificate.PrivateKey(key)
            )
        }
    }

    /// The daemon's certificate: `CN` is the first host, every host goes into the subject alternative names (DNS
    /// names as `DNS:`, addresses as `IP:`), extended key usage `serverAuth`.
    public func issueServerCertificate(hosts: [String], validity: CertificateValidity) throws(TLSError)
        -> IssuedCertificate
    {
        guard let first = hosts.first else {
            throw TLSError(.badArgument, "--host: give the daemon's host name or IP address (repeat for several)")
        }
        let names = try hosts.map { host throws(TLSError) in try HostName.generalName(host) }
        return try issue(commonName: first, usage: .serverAuth, alternativeNames: names, validity: validity)
    }

    /// A station's certificate: `CN` is the station id (``StationIdentity`` reads it back), extended key usage
    /// `clientAuth`.
    public func issueStationCertificate(stationID: String, validity: CertificateValidity) throws(TLSError)
        -> IssuedCertificate
    {
        guard Identifier.isValid(stationID) else {
            throw TLSError(.badArgument, "station id '\(stationID)' is not valid: 1–32 of A-Z a-z 0-9 _ . -, "
                + "starting with a letter or digit")
        }
        return try issue(commonName: stationID, usage: .clientAuth, alternativeNames: [], validity: validity)
    }

    private func issue(
        commonName: String, usage: ExtendedKeyUsage.Usage, alternativeNames: [GeneralName],
        validity: CertificateValidity
    ) throws(TLSError) -> IssuedCertificate {
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(key.publicKey)
        let authorityKeyID = (try? certificate.extensions.subjectKeyIdentifier)?.keyIdentifier
            ?? SubjectKeyIdentifier(hash: certificate.publicKey).keyIdentifier
        return try Self.build(key: key) {
            let subject = try DistinguishedName { CommonName(commonName) }
            let extensions = try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([usage])
                SubjectKeyIdentifier(hash: publicKey)
                AuthorityKeyIdentifier(keyIdentifier: authorityKeyID)
                if !alternativeNames.isEmpty {
                    SubjectAlternativeNames(alternativeNames)
                }
            }
            return try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
                notValidBefore: validity.notBefore, notValidAfter: validity.notAfter,
                issuer: certificate.subject, subject: subject, extensions: extensions,
                issuerPrivateKey: privateKey
            )
        }
    }

    private static func build(
        key: P256.Signing.PrivateKey, _ make: () throws -> Certificate
    ) throws(TLSError) -> IssuedCertificate {
        do {
            return IssuedCertificate(certificate: try make(), privateKey: key)
        } catch {
            throw TLSError(.badCertificate, "the certificate could not be made: \(error)", cause: error)
        }
    }
}
