import CheckpointCore

/// Where the daemon accepts station connections: `tcp:HOST:PORT`, `tls:HOST:PORT` (TCP with TLS: needs `tls_cert`
/// and `tls_key`) or `unix:PATH`.
///
/// `HOST` is an IPv4 address, a host name, or an IPv6 address in brackets (`tcp:[::1]:7117`); the brackets are
/// not part of `host`. Port 0 asks the kernel for any free port. A `unix:` path may be relative until the loader
/// resolves it against the config file's directory or the working directory.
public enum ListenAddress: Hashable, Sendable, CustomStringConvertible {
    case tcp(host: String, port: Int)
    case unix(path: String)
    /// TCP with TLS on top (issue 13): the same host and port grammar as `tcp:`.
    case tls(host: String, port: Int)

    /// The longest path `sockaddr_un.sun_path` can hold, leaving room for the terminating NUL.
    static let maximumUnixPathBytes = 107

    static let expected = "expected tcp:HOST:PORT, tls:HOST:PORT or unix:PATH, e.g. tcp:127.0.0.1:7117"

    public init(parsing text: String) throws(ConfigError) {
        if text.hasPrefix("tcp:") {
            let (host, port) = try ListenAddress.parseHostPort(String(text.dropFirst(4)), whole: text)
            self = .tcp(host: host, port: port)
        } else if text.hasPrefix("tls:") {
            let (host, port) = try ListenAddress.parseHostPort(String(text.dropFirst(4)), whole: text)
            self = .tls(host: host, port: port)
        } else if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            try ListenAddress.checkUnixPath(path)
            self = .unix(path: path)
        } else {
            throw .badValue("\(ListenAddress.expected), got '\(text)'")
        }
    }

    public var description: String {
        switch self {
        case .tcp(let host, let port):
            host.contains(":") ? "tcp:[\(host)]:\(port)" : "tcp:\(host):\(port)"
        case .unix(let path):
            "unix:\(path)"
        case .tls(let host, let port):
            host.contains(":") ? "tls:[\(host)]:\(port)" : "tls:\(host):\(port)"
        }
    }

    /// Whether this listener speaks TLS.
    public var isTLS: Bool {
        if case .tls = self { return true }
        return false
    }

    /// Rejects what a Unix socket cannot be bound to: an empty path, a NUL, or more than 107 bytes.
    static func checkUnixPath(_ path: String) throws(ConfigError) {
        if path.isEmpty {
            throw .badValue("unix: needs a socket path, e.g. unix:/run/checkpointd/station.sock")
        }
        if path.utf8.contains(0) {
            throw .badValue("a socket path cannot contain a NUL byte")
        }
        if path.utf8.count > maximumUnixPathBytes {
            throw .badValue(
                "the socket path '\(path)' is \(path.utf8.count) bytes; a Unix socket path can have at most "
                    + "\(maximumUnixPathBytes): choose a shorter directory"
            )
        }
    }

    private static func parseHostPort(_ rest: String, whole: String) throws(ConfigError) -> (String, Int) {
        let host: Substring
        let portText: Substring
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                throw .badValue("an IPv6 address needs a closing ']', e.g. tcp:[::1]:7117, got '\(whole)'")
            }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let afterBracket = rest[rest.index(after: close)...]
            guard afterBracket.hasPrefix(":") else {
                throw .badValue("\(expected), got '\(whole)'")
            }
            portText = afterBracket.dropFirst()
            guard isIPv6Literal(host) else {
                throw .badValue("'[\(host)]' is not an IPv6 address; write it like tcp:[::1]:7117")
            }
        } else {
            guard let colon = rest.lastIndex(of: ":") else {
                throw .badValue("\(expected), got '\(whole)'")
            }
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
            if host.contains(":") {
                throw .badValue("put an IPv6 address in brackets, e.g. tcp:[::1]:7117, got '\(whole)'")
            }
            guard !host.isEmpty, host.allSatisfy(isHostCharacter) else {
                throw .badValue(
                    "'\(host)' is not a host; use an address like 127.0.0.1 or 0.0.0.0, or a name like localhost"
                )
            }
        }
        guard let port = parsePort(portText) else {
            throw .badValue("the port must be a number 0–65535 (0 = any free port), got '\(portText)' in '\(whole)'")
        }
        return (String(host), port)
    }

    private static func parsePort(_ text: Substring) -> Int? {
        guard text.utf8.count <= 5, let value = ASCIIDigits.value(text.utf8), value <= 65535 else {
            return nil
        }
        return Int(value)
    }

    private static func isHostCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "." || character == "-")
    }

    /// Hex digits, colons and dots (an embedded IPv4 tail), then optionally `%zone` (an interface name).
    /// A loose check: the point is a clear message for typos; the bind itself has the final word.
    private static func isIPv6Literal(_ host: Substring) -> Bool {
        let parts = host.split(separator: "%", maxSplits: 1, omittingEmptySubsequences: false)
        let address = parts[0]
        let addressOK =
            address.contains(":")
            && address.allSatisfy { $0.isASCII && ($0.isHexDigit || $0 == ":" || $0 == ".") }
        let zoneOK =
            parts.count == 1
            || (!parts[1].isEmpty && parts[1].allSatisfy(isInterfaceNameCharacter))
        return addressOK && zoneOK
    }

    private static func isInterfaceNameCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "_.-".contains(character))
    }
}
