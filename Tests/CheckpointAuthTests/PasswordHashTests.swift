import CheckpointAuth
import Testing

/// Issue 18: the dashboard's users, their passwords kept as scrypt PHC strings.
@Suite struct PasswordHashTests {
    // ln=10 keeps the tests fast; the parameters are in the string, so checking works the same at 15.
    @Test func hash_matchesItsPasswordOnlyAndReadsBackTheSame() throws {
        let hash = try PasswordHash(hashing: "correct horse", logRounds: 10)
        #expect(hash.matches("correct horse"))
        #expect(!hash.matches("correct horse "))
        #expect(!hash.matches(""))
        let text = hash.description
        #expect(text.hasPrefix("$scrypt$ln=10,r=8,p=1$") && !text.hasSuffix("="), "base64 without padding")
        let read = try PasswordHash(parsing: text)
        #expect(read == hash && read.matches("correct horse"))
        #expect(try PasswordHash(hashing: "correct horse", logRounds: 10) != hash, "a new salt each time")
    }

    @Test func hash_ofTheDefaultCost_isScryptN32768() throws {
        let hash = try PasswordHash(hashing: "x")
        #expect(hash.logRounds == 15 && hash.blockSize == 8 && hash.parallelism == 1 && hash.hash.count == 32)
    }

    @Test(arguments: [
        ("", "not a scrypt hash"),
        ("$argon2id$v=19$m=65536$c2FsdA$aGFzaA", "not a scrypt hash"),
        ("$scrypt$ln=15,r=8$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", "not ln=N,r=N,p=N"),
        ("$scrypt$ln=15,r=8,p=1,ln=15$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", "not ln=N,r=N,p=N"),
        ("$scrypt$ln=30,r=8,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", "outside ln 10-20"),
        ("$scrypt$ln=15,r=64,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", "outside ln 10-20"),
        ("$scrypt$ln=15,r=8,p=1$!!$aGFzaGhhc2hoYXNoaGFzaA", "salt"),
        ("$scrypt$ln=15,r=8,p=1$c2FsdHNhbHQ$aGFzaA", "hash is not 16 to 64 bytes"),
    ])
    func parse_refusesWhatIsNotASaneScryptHash(text: String, says: String) {
        #expect(throws: AuthError.self) { try PasswordHash(parsing: text) }
        do {
            _ = try PasswordHash(parsing: text)
        } catch {
            #expect(error.message.contains(says), "\(error.message)")
        }
    }

    @Test func usersFile_readsNamesAndHashesSkippingCommentsAndSaysWhichLineIsWrong() throws {
        let hash = try PasswordHash(hashing: "pw", logRounds: 10)
        let users = try HTTPUsers(parsing: "# dashboard users\n\nduty:\(hash)\n  scraper:\(hash)  \n", source: "f")
        #expect(users.hashes.keys.sorted() == ["duty", "scraper"])
        let cases: [(String, String)] = [
            ("duty \(hash)\n", "f line 1: expected NAME:HASH"),
            ("# c\nbad name:\(hash)\n", "f line 2: 'bad name' is not a user name"),
            ("duty:\(hash)\nduty:\(hash)\n", "f line 2: user duty is listed twice"),
            ("duty:plain-password\n", "f line 1, user duty: not a scrypt hash"),
        ]
        for (text, message) in cases {
            do {
                _ = try HTTPUsers(parsing: text, source: "f")
                Issue.record("accepted \(text.debugDescription)")
            } catch {
                #expect(error.message.hasPrefix(message), "\(error.message)")
                #expect(!error.message.contains("plain-password"), "an error never shows what was in the hash's place")
            }
        }
    }

    @Test func usersFileText_replacesAUsersLineOrAddsOneKeepingTheRest() throws {
        let old = try PasswordHash(hashing: "a", logRounds: 10)
        let new = try PasswordHash(hashing: "b", logRounds: 10)
        let text = "# users\nduty:\(old)\nscraper:\(old)\n"
        let replaced = HTTPUsers.text(text, setting: "duty", to: new)
        #expect(replaced == "# users\nduty:\(new)\nscraper:\(old)\n")
        let added = HTTPUsers.text(text, setting: "viewer", to: new)
        #expect(added == text + "viewer:\(new)\n")
        #expect(HTTPUsers.text("", setting: "duty", to: new) == "duty:\(new)\n")
        #expect(try HTTPUsers(parsing: added, source: "f").hashes["viewer"]?.matches("b") == true)
    }

    @Test func load_ofAMissingFile_namesItAndTheCommandThatMakesIt() {
        do {
            _ = try HTTPUsers.load("/nonexistent/http-users")
            Issue.record("loaded a missing file")
        } catch {
            #expect(error.message.contains("/nonexistent/http-users") && error.message.contains("checkpointctl http passwd"))
        }
    }
}
