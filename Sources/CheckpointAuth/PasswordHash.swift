import Crypto
import _CryptoExtras
import Foundation

/// A password stored as scrypt (RFC 7914) in the PHC string format, `$scrypt$ln=15,r=8,p=1$SALT$HASH` (SALT and
/// HASH unpadded base64): the `http_users_file` of `http_auth = basic` (issue 18). scrypt is memory-hard (32 MiB at
/// the default), so a stolen file is costly to guess through; the daemon checks a user's password once and then
/// remembers the success (`HTTPAuthenticator`), so a dashboard or a scraper does not pay it per request.
public struct PasswordHash: Sendable, Equatable, CustomStringConvertible {
    /// log2 of scrypt's N.
    public let logRounds: Int
    /// scrypt's r.
    public let blockSize: Int
    /// scrypt's p.
    public let parallelism: Int
    public let salt: [UInt8]
    public let hash: [UInt8]

    /// N = 2^15, r = 8, p = 1: 32 MiB and about a tenth of a second here; the parameters OWASP names for scrypt.
    public static let defaultLogRounds = 15
    static let acceptedLogRounds = 10...20
    static let acceptedBlockSizes = 1...16
    static let acceptedParallelism = 1...4
    static let saltBytes = 16
    static let hashBytes = 32

    /// Hashes `password` with a new random salt.
    public init(hashing password: String, logRounds: Int = defaultLogRounds) throws(AuthError) {
        guard Self.acceptedLogRounds.contains(logRounds) else {
            throw AuthError("scrypt's log2 N must be within \(Self.acceptedLogRounds), not \(logRounds)")
        }
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<Self.saltBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let hash = try Self.derive(password, salt: salt, logRounds: logRounds, blockSize: 8, parallelism: 1,
                                   bytes: Self.hashBytes)
        self.init(logRounds: logRounds, blockSize: 8, parallelism: 1, salt: salt, hash: hash)
    }

    init(logRounds: Int, blockSize: Int, parallelism: Int, salt: [UInt8], hash: [UInt8]) {
        self.logRounds = logRounds
        self.blockSize = blockSize
        self.parallelism = parallelism
        self.salt = salt
        self.hash = hash
    }

    /// Reads a PHC string. Parameters outside sane bounds are refused: a users file must not make the daemon
    /// spend gigabytes or minutes on one check.
    public init(parsing text: String) throws(AuthError) {
        let parts = text.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].isEmpty, parts[1] == "scrypt" else {
            throw AuthError("not a scrypt hash (expected $scrypt$ln=15,r=8,p=1$SALT$HASH, as checkpointctl http passwd "
                + "writes)")
        }
        var parameters: [Substring: Int] = [:]
        for pair in parts[2].split(separator: ",") {
            let halves = pair.split(separator: "=", maxSplits: 1)
            guard halves.count == 2, let value = Int(halves[1]), parameters[halves[0]] == nil else {
                throw AuthError("the scrypt parameters '\(parts[2])' are not ln=N,r=N,p=N")
            }
            parameters[halves[0]] = value
        }
        guard let logRounds = parameters["ln"], let blockSize = parameters["r"], let parallelism = parameters["p"],
            parameters.count == 3
        else {
            throw AuthError("the scrypt parameters '\(parts[2])' are not ln=N,r=N,p=N")
        }
        guard Self.acceptedLogRounds.contains(logRounds), Self.acceptedBlockSizes.contains(blockSize),
            Self.acceptedParallelism.contains(parallelism)
        else {
            throw AuthError("the scrypt parameters '\(parts[2])' are outside ln 10-20, r 1-16, p 1-4")
        }
        guard let salt = Self.base64(parts[3]), (8...64).contains(salt.count) else {
            throw AuthError("the salt is not 8 to 64 bytes of base64")
        }
        guard let hash = Self.base64(parts[4]), (16...64).contains(hash.count) else {
            throw AuthError("the hash is not 16 to 64 bytes of base64")
        }
        self.init(logRounds: logRounds, blockSize: blockSize, parallelism: parallelism, salt: salt, hash: hash)
    }

    /// Whether `password` is the one hashed; compares in constant time.
    public func matches(_ password: String) -> Bool {
        guard
            let candidate = try? Self.derive(
                password, salt: salt, logRounds: logRounds, blockSize: blockSize, parallelism: parallelism,
                bytes: hash.count)
        else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(candidate, hash) { difference |= a ^ b }
        return difference == 0 && candidate.count == hash.count
    }

    public var description: String {
        "$scrypt$ln=\(logRounds),r=\(blockSize),p=\(parallelism)$\(Self.base64(salt))$\(Self.base64(hash))"
    }

    private static func derive(
        _ password: String, salt: [UInt8], logRounds: Int, blockSize: Int, parallelism: Int, bytes: Int
    ) throws(AuthError) -> [UInt8] {
        do {
            let key = try KDF.Scrypt.deriveKey(
                from: Array(password.utf8), salt: salt, outputByteCount: bytes, rounds: 1 << logRounds,
                blockSize: blockSize, parallelism: parallelism)
            return key.withUnsafeBytes { Array($0) }
        } catch {
            throw AuthError("scrypt failed: \(error)")
        }
    }

    private static func base64(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    private static func base64(_ text: Substring) -> [UInt8]? {
        guard !text.isEmpty, !text.contains("=") else { return nil }
        let padded = String(text) + String(repeating: "=", count: (4 - text.count % 4) % 4)
        return Data(base64Encoded: padded).map(Array.init)
    }
}
