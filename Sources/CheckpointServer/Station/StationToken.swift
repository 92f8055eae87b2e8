import CheckpointStore
import Crypto

/// Station tokens: 128 random bits shown once, stored only as SHA-256 over a per-station random salt and the
/// token. A token is random and long, so a fast salted hash is the right tool (a slow password hash protects
/// guessable secrets, which these are not); comparison is in constant time.
enum StationToken {
    static let tokenBytes = 16
    static let saltBytes = 16

    /// A new token and what the store keeps of it.
    static func generate() -> (token: String, digest: TokenDigest) {
        var generator = SystemRandomNumberGenerator()
        let raw = (0..<tokenBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token = raw.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
        let salt = (0..<saltBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return (token, TokenDigest(salt: salt, hash: hash(token: token, salt: salt)))
    }

    static func hash(token: String, salt: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: salt)
        hasher.update(data: Array(token.utf8))
        return Array(hasher.finalize())
    }

    /// Whether `token` matches, comparing every byte whatever the first difference.
    static func verify(_ token: String, salt: [UInt8], hash expected: [UInt8]) -> Bool {
        let actual = hash(token: token, salt: salt)
        guard actual.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(actual, expected) { difference |= left ^ right }
        return difference == 0
    }
}
