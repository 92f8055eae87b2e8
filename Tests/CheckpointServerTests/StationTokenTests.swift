import CheckpointStore
import Testing

@testable import CheckpointServer

@Suite struct StationTokenTests {
    @Test func generate_givesThirtyTwoLowercaseHexCharacters() {
        for _ in 0..<50 {
            let (token, digest) = StationToken.generate()
            #expect(token.utf8.count == 32)
            #expect(token.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }, "\(token)")
            #expect(digest.salt.count == StationToken.saltBytes)
            #expect(digest.hash.count == 32)
        }
    }

    @Test func generate_whenCalledTwice_givesDifferentTokensAndSalts() {
        let first = StationToken.generate()
        let second = StationToken.generate()
        #expect(first.token != second.token)
        #expect(first.digest.salt != second.digest.salt)
        #expect(first.digest.hash != second.digest.hash)
    }

    @Test func generate_neverStoresTheToken() {
        let (token, digest) = StationToken.generate()
        #expect(digest.hash != Array(token.utf8))
        #expect(!digest.salt.isEmpty)
    }

    @Test func verify_whenTokenIsTheGeneratedOne_accepts() {
        let (token, digest) = StationToken.generate()
        #expect(StationToken.verify(token, salt: digest.salt, hash: digest.hash))
    }

    @Test(arguments: [0, 1, 15, 31])
    func verify_whenOneCharacterDiffers_refuses(position: Int) {
        let (token, digest) = StationToken.generate()
        var characters = Array(token)
        characters[position] = characters[position] == "0" ? "1" : "0"
        #expect(!StationToken.verify(String(characters), salt: digest.salt, hash: digest.hash))
    }

    @Test func verify_whenTokenIsEmptyTruncatedExtendedOrUpperCase_refuses() {
        let (token, digest) = StationToken.generate()
        for wrong in ["", String(token.dropLast()), token + "0", token + " ", " " + token] {
            #expect(!StationToken.verify(wrong, salt: digest.salt, hash: digest.hash), "\(wrong)")
        }
        if token.uppercased() != token {
            #expect(!StationToken.verify(token.uppercased(), salt: digest.salt, hash: digest.hash))
        }
    }

    @Test func verify_whenSaltDiffers_refuses() {
        let (token, digest) = StationToken.generate()
        var salt = digest.salt
        salt[0] ^= 1
        #expect(!StationToken.verify(token, salt: salt, hash: digest.hash))
        #expect(!StationToken.verify(token, salt: StationToken.generate().digest.salt, hash: digest.hash))
        #expect(!StationToken.verify(token, salt: [], hash: digest.hash))
    }

    @Test func verify_whenHashIsShortOrEmpty_refuses() {
        let (token, digest) = StationToken.generate()
        #expect(!StationToken.verify(token, salt: digest.salt, hash: Array(digest.hash.dropLast())))
        #expect(!StationToken.verify(token, salt: digest.salt, hash: []))
    }

    /// Pins the stored format (SHA-256 over salt then token): changing it would lock out every station.
    @Test func hash_isSHA256OfSaltThenToken() {
        let expected = "5175832658ab4176e4ed549c630340b4111f8c174f73b61ce3abc6bd940c11e5"
        let salt: [UInt8] = Array(0..<16)
        let hash = StationToken.hash(token: "00112233445566778899aabbccddeeff", salt: salt)
        let hex: String = hash.map { (byte: UInt8) -> String in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
        #expect(hex == expected)
    }
}
