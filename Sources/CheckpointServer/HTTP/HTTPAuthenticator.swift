import CheckpointAuth
import CheckpointConfig
import CheckpointCore
import CheckpointStore
import CheckpointSystemd
import Crypto
import Foundation
import Logging
import NIOPosix
import Synchronization

/// `http_auth = basic` (issue 18): checks `Authorization: Basic …` against the users of `http_users_file`. A
/// password is checked with scrypt once (on the thread pool, never on an event loop); the success is remembered as
/// a SHA-256 of the name and password, so a page's event stream and a scraper each second cost a hash, not scrypt.
/// An address that fails 10 times within a minute is answered 429 for the rest of that minute, without scrypt.
final class HTTPAuthenticator: Sendable {
    enum Decision: Equatable {
        case allowed
        /// 401 with a challenge.
        case denied
        /// 429: too many failures from this address.
        case throttled
    }

    private let users: HTTPUsers
    private let threadPool: NIOThreadPool
    private let logger: Logger
    private let verified = VisibleMutex<Set<SHA256Digest>>([])
    private let failures = VisibleMutex<[String: (count: Int, since: UInt64)]>([:])

    static let failuresAllowed = 10
    static let failureWindowNanoseconds: UInt64 = 60_000_000_000
    /// Remembered successes at most (a changed password is a new entry; the file is read at start only).
    static let verifiedLimit = 1_024

    /// The authenticator `http_auth` asks for: nil for none; for basic, the users read from `http_users_file`.
    static func make(
        _ configuration: HTTPConfiguration, threadPool: NIOThreadPool, logger: Logger
    ) throws -> HTTPAuthenticator? {
        guard configuration.authentication == .basic, let path = configuration.usersFile else { return nil }
        let users = try HTTPUsers.load(path)
        if users.hashes.isEmpty {
            throw AuthError("http_users_file \(path) lists no user: add one with checkpointctl http passwd NAME --file \(path)")
        }
        return HTTPAuthenticator(users: users, threadPool: threadPool, logger: logger)
    }

    init(users: HTTPUsers, threadPool: NIOThreadPool, logger: Logger) {
        self.users = users
        self.threadPool = threadPool
        self.logger = logger
    }

    func check(authorization: String?, address: String) async -> Decision {
        let now = Monotonic.nanoseconds()
        if isThrottled(address, now: now) { return .throttled }
        guard let (name, password) = Self.basicCredentials(authorization) else {
            // No credentials is how every browser starts: not a failure.
            return .denied
        }
        let key = SHA256.hash(data: Array("\(name)\u{0}\(password)".utf8))
        if verified.withLock({ $0.contains(key) }) { return .allowed }
        guard let hash = users.hashes[name] else {
            noteFailure(address, user: name, now: now)
            return .denied
        }
        let matches = (try? await threadPool.runIfActive { hash.matches(password) }) ?? false
        guard matches else {
            noteFailure(address, user: name, now: now)
            return .denied
        }
        verified.withLock { set in
            if set.count >= Self.verifiedLimit { set.removeAll() }
            set.insert(key)
        }
        return .allowed
    }

    /// `Basic base64(name:password)`; nil for anything else.
    static func basicCredentials(_ header: String?) -> (String, String)? {
        guard let header, header.count < 4096 else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    private func isThrottled(_ address: String, now: UInt64) -> Bool {
        failures.withLock { table in
            guard let entry = table[address] else { return false }
            if now - entry.since > Self.failureWindowNanoseconds {
                table[address] = nil
                return false
            }
            return entry.count >= Self.failuresAllowed
        }
    }

    private func noteFailure(_ address: String, user: String, now: UInt64) {
        let count = failures.withLock { table -> Int in
            if table.count > 10_000 {
                table = table.filter { now - $0.value.since <= Self.failureWindowNanoseconds }
            }
            var entry = table[address] ?? (0, now)
            if now - entry.since > Self.failureWindowNanoseconds { entry = (0, now) }
            entry.count += 1
            table[address] = entry
            return entry.count
        }
        logger.warning(
            "dashboard login refused",
            metadata: [
                "message_id": "\(MessageID.httpLoginRefused)", "user": "\(user.prefix(64))",
                "peer": "\(address)", "failures": "\(count)",
            ])
    }
}
