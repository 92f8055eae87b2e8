import Foundation

/// `http_users_file` (issue 18): one user a line, `NAME:HASH` (HASH a ``PasswordHash`` PHC string); `#` starts a
/// comment line, blank lines are skipped. The daemon reads it at start; checkpointctl http passwd writes it.
public struct HTTPUsers: Sendable, Equatable {
    public private(set) var hashes: [String: PasswordHash]

    public init(hashes: [String: PasswordHash] = [:]) { self.hashes = hashes }

    /// Parses the file's text; an error names the line (never the hash or a password).
    public init(parsing text: String, source: String) throws(AuthError) {
        var hashes: [String: PasswordHash] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let place = "\(source) line \(index + 1)"
            guard let colon = line.firstIndex(of: ":") else {
                throw AuthError("\(place): expected NAME:HASH (checkpointctl http passwd NAME --file \(source) writes one)")
            }
            let name = String(line[..<colon])
            guard Self.isValidName(name) else {
                throw AuthError("\(place): '\(name)' is not a user name (1-64 of letters, digits, _ . @ -)")
            }
            guard hashes[name] == nil else { throw AuthError("\(place): user \(name) is listed twice") }
            do throws(AuthError) {
                hashes[name] = try PasswordHash(parsing: String(line[line.index(after: colon)...]))
            } catch {
                throw AuthError("\(place), user \(name): \(error.message)")
            }
        }
        self.hashes = hashes
    }

    /// Reads `path`; a missing or unreadable file is an error that names it.
    public static func load(_ path: String) throws(AuthError) -> HTTPUsers {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AuthError("cannot read http_users_file \(path): create it with checkpointctl http passwd NAME --file \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AuthError("http_users_file \(path) is not UTF-8 text")
        }
        return try HTTPUsers(parsing: text, source: path)
    }

    public static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.@-".contains($0)) }
    }

    /// The file's text with `name` set to `hash` (added, or its line replaced); other lines are kept as they are.
    public static func text(_ existing: String, setting name: String, to hash: PasswordHash) -> String {
        var lines = existing.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let entry = "\(name):\(hash)"
        if let index = lines.firstIndex(where: { $0.hasPrefix(name + ":") }) {
            lines[index] = entry
        } else {
            lines.append(entry)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
