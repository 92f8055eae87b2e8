/// The one error type of CheckpointTLS: a certificate, key or CA file could not be used, a TLS context could not be
/// made, a peer certificate names no station, or the certificate tool could not do what it was asked.
///
/// `code` is the contract; `message` is for people and may change. Messages name the setting and the file and say
/// what to do, e.g.
///
/// ```
/// tls_cert /etc/checkpointd/server.pem: no certificate found in PEM (expected -----BEGIN CERTIFICATE-----)
/// tls_key /etc/checkpointd/server.key does not match tls_cert /etc/checkpointd/server.pem: ...
/// ```
///
/// Paths and setting names are operator settings, never personal data, so the description is safe for logs.
public struct TLSError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unreadableFile, noCertificate, badCertificate, badKey, keyMismatch, context, noStationIdentity,
                badArgument, fileExists, writeFailed, connection
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// A file could not be opened or read (missing, permissions, a directory).
        public static let unreadableFile = Code(.unreadableFile)
        /// A certificate file holds no `CERTIFICATE` block.
        public static let noCertificate = Code(.noCertificate)
        /// A certificate block does not parse.
        public static let badCertificate = Code(.badCertificate)
        /// A key file holds no usable private key (none, encrypted, or one that does not parse).
        public static let badKey = Code(.badKey)
        /// The private key is not the key of the first certificate of the chain.
        public static let keyMismatch = Code(.keyMismatch)
        /// The TLS library refused the settings as a whole.
        public static let context = Code(.context)
        /// A peer certificate carries no usable station id (no common name, several, or not a station name).
        public static let noStationIdentity = Code(.noStationIdentity)
        /// The certificate tool was given something it cannot use (a host name, a station id, a number of days).
        public static let badArgument = Code(.badArgument)
        /// The certificate tool refuses to overwrite a file that exists.
        public static let fileExists = Code(.fileExists)
        /// The certificate tool could not create or write a file.
        public static let writeFailed = Code(.writeFailed)
        /// A TLS connection failed (``TLSError/failure`` says how).
        public static let connection = Code(.connection)

        public var description: String { base.rawValue }
    }

    public var code: Code
    public var message: String
    /// The error from the TLS or certificate library, when there was one.
    public var cause: (any Error)?
    /// For `.connection`: what kind of failure, for a message in the reader's language.
    public var failure: TLSFailure?
    public var file: String
    public var line: Int

    public init(
        _ code: Code, _ message: String, cause: (any Error)? = nil, file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.cause = cause
        self.file = file
        self.line = line
    }

    public var description: String { message }
}
