/// The city tier (issue 17): which district this daemon is, and the PostgreSQL database it ships to. Without
/// `city_url` nothing of the city runs.
public struct CityConfiguration: Sendable, Equatable {
    /// `district`: the name this district's rows carry in the city (1–32 of `A-Z a-z 0-9 _ . -`).
    public var district: String?
    /// `city_url`, parsed; nil: no city.
    public var url: CityURL?
    /// `city_password_file`: the role's password, first line of the file (re-read at each connection).
    public var passwordFile: String?

    public init(district: String? = nil, url: CityURL? = nil, passwordFile: String? = nil) {
        self.district = district
        self.url = url
        self.passwordFile = passwordFile
    }

    /// Whether the daemon ships to a city.
    public var isConfigured: Bool { url != nil }

    /// Whether `text` is a district name.
    public static func isDistrictName(_ text: Substring) -> Bool {
        (1...32).contains(text.utf8.count)
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }
    }
}

/// A `postgresql://` URL in the subset libpq users write: `postgresql://ROLE@HOST:PORT/DATABASE?sslmode=…`, or a Unix
/// socket directory as `host=/run/postgresql` in the query (libpq's spelling; the URL's host is then empty).
/// A password in the URL is refused: it belongs in `city_password_file`, which is not printed by `--print-config`.
public struct CityURL: Sendable, Equatable, CustomStringConvertible {
    /// How the server's certificate is checked, as libpq's `sslmode` (without `allow`/`prefer`, which fall back to
    /// plain text silently).
    public enum TLSMode: String, Sendable, CaseIterable {
        /// No TLS (a Unix socket, or a trusted network).
        case disable
        /// TLS, the certificate not checked.
        case require
        /// TLS, the certificate signed by `sslrootcert`.
        case verifyCA = "verify-ca"
        /// TLS, the certificate signed by `sslrootcert` and naming the host.
        case verifyFull = "verify-full"
    }

    public var text: String
    public var role: String
    /// The TCP host; nil when `socketDirectory` is set.
    public var host: String?
    public var port: Int
    /// The directory holding `.s.PGSQL.<port>`.
    public var socketDirectory: String?
    public var database: String
    public var tls: TLSMode
    /// `sslrootcert`: the CA (PEM) for `verify-ca` and `verify-full`.
    public var rootCertificate: String?
    /// `sslcert` and `sslkey`: a client certificate (certificate authentication).
    public var clientCertificate: String?
    public var clientKey: String?

    public var description: String { text }

    /// The URL for logs and errors: it never holds a password, and the query's file paths are left out.
    public var redacted: String {
        let place = socketDirectory.map { "\($0) (Unix socket, port \(port))" } ?? "\(host ?? "?"):\(port)"
        return "postgresql://\(role)@\(place)/\(database)"
    }

    /// The Unix socket's path, when the URL names a socket directory.
    public var socketPath: String? { socketDirectory.map { "\($0)/.s.PGSQL.\(port)" } }

    public init(parsing text: String) throws(ConfigError) {
        self.text = text
        let schemes = ["postgresql://", "postgres://"]
        guard let scheme = schemes.first(where: text.hasPrefix) else {
            throw .badValue(
                "expected a URL like postgresql://district_a@city-db.example:5432/city?sslmode=verify-full&"
                    + "sslrootcert=/etc/checkpointd/city-ca.pem, got '\(text)'")
        }
        var rest = Substring(text.dropFirst(scheme.count))
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        guard let at = rest.lastIndex(of: "@") else {
            throw .badValue("the URL names no role: write postgresql://ROLE@HOST/DATABASE (got '\(text)')")
        }
        let userInfo = rest[..<at]
        if userInfo.contains(":") {
            throw .badValue(
                "the URL carries a password: remove it and put it in city_password_file (a file readable only by "
                    + "checkpointd), so that it is never printed or logged")
        }
        guard !userInfo.isEmpty else { throw .badValue("the URL names no role before @ (got '\(text)')") }
        self.role = String(userInfo)
        var hostPort = rest[rest.index(after: at)...]
        var port = 5432
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
            guard let number = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(number) else {
                throw .badValue("the URL's port must be 1-65535 (got '\(text)')")
            }
            port = number
            hostPort = hostPort[..<colon]
        }
        if hostPort.hasPrefix("[") && hostPort.hasSuffix("]") { hostPort = hostPort.dropFirst().dropLast() }
        self.port = port
        self.host = hostPort.isEmpty ? nil : String(hostPort)
        self.database = path.isEmpty ? "city" : String(path)
        var tls: TLSMode?
        var socketDirectory: String?
        var rootCertificate: String?
        var clientCertificate: String?
        var clientKey: String?
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = parts[0]
            let value = parts.count > 1 ? String(parts[1]).removingPercentEscapes : ""
            switch key {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else {
                    throw .badValue(
                        "sslmode must be disable, require, verify-ca or verify-full (got '\(value)'); allow and "
                            + "prefer are not accepted: they fall back to plain text without saying so")
                }
                tls = mode
            case "host": socketDirectory = value
            case "sslrootcert": rootCertificate = value
            case "sslcert": clientCertificate = value
            case "sslkey": clientKey = value
            case "port":
                guard let number = Int(value), (1...65535).contains(number) else {
                    throw .badValue("port must be 1-65535 (got '\(value)')")
                }
                self.port = number
            default:
                throw .badValue(
                    "unknown URL parameter '\(key)': checkpointd knows sslmode, sslrootcert, sslcert, sslkey, host "
                        + "and port")
            }
        }
        for path in [socketDirectory, rootCertificate, clientCertificate, clientKey].compactMap({ $0 })
        where !path.hasPrefix("/") {
            throw .badValue("the paths in the URL must be absolute (got '\(path)')")
        }
        if socketDirectory != nil && host != nil {
            throw .badValue("give either a host in the URL or host=/socket/directory in its query, not both")
        }
        if socketDirectory == nil && host == nil {
            throw .badValue("the URL names no host: write postgresql://ROLE@HOST/DATABASE or ?host=/run/postgresql")
        }
        self.socketDirectory = socketDirectory
        // Over TCP the default checks the server (libpq's default, prefer, would not); over a socket TLS is off.
        self.tls = tls ?? (socketDirectory != nil ? .disable : .verifyFull)
        if (self.tls == .verifyCA || self.tls == .verifyFull) && rootCertificate == nil {
            throw .badValue(
                "sslmode=\(self.tls.rawValue) needs sslrootcert=/path/to/city-ca.pem (the CA that signed the city "
                    + "server's certificate); or sslmode=disable for a Unix socket")
        }
        if (clientCertificate == nil) != (clientKey == nil) {
            throw .badValue("sslcert and sslkey go together: give both for certificate authentication, or neither")
        }
        self.rootCertificate = rootCertificate
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
    }
}

extension String {
    /// `%2F` and the like decoded (socket paths in a URL's query are often written so); invalid escapes are kept.
    fileprivate var removingPercentEscapes: String {
        var bytes: [UInt8] = []
        var utf8 = Array(self.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
                let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
