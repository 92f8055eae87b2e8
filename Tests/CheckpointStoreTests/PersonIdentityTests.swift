import CheckpointCore
@testable import CheckpointStore
import Testing

/// Issue 15: `PersonIdentity`, the one resolver of whose records and rule state a key's are, as a pure function
/// over links, and through the writer (its memory) and the readers (`person_links`).
@Suite struct PersonIdentityTests {
    static let phone: Int64 = 13_911_112_222
    static let otherPhone: Int64 = 13_800_138_000
    static let resident = PersonID.resident("500227198501011230").storageKey ?? 0
    static let second = PersonID.resident("500227199003034565").storageKey ?? 0
    static let passport: Int64 = -7

    /// `linked` over a list of (phone, document) links.
    static func resolve(_ key: Int64, _ links: [(Int64, Int64)]) -> PersonIdentity {
        var linked: [Int64: [Int64]] = [:]
        for (phone, document) in links {
            linked[phone, default: []].append(document)
            linked[document, default: []].append(phone)
        }
        return PersonIdentity.resolve(key) { linked[$0] ?? [] }
    }

    @Test func resolve_whenUnlinked_isTheKeyAlone() {
        #expect(Self.resolve(Self.phone, []) == .person(main: Self.phone, keys: [Self.phone]))
        #expect(Self.resolve(Self.resident, []) == .person(main: Self.resident, keys: [Self.resident]))
        #expect(Self.resolve(Self.passport, []) == .person(main: Self.passport, keys: [Self.passport]))
    }

    @Test func resolve_whenAPhoneHasOneDocument_isThatDocumentsIdentityFromEitherSide() {
        let links = [(Self.phone, Self.resident), (Self.otherPhone, Self.resident)]
        let identity = PersonIdentity.person(
            main: Self.resident, keys: [Self.resident, Self.otherPhone, Self.phone])
        #expect(Self.resolve(Self.phone, links) == identity, "a person with two phones")
        #expect(Self.resolve(Self.otherPhone, links) == identity)
        #expect(Self.resolve(Self.resident, links) == identity)
        #expect(Self.resolve(Self.passport, [(Self.phone, Self.passport)]).keys == [Self.passport, Self.phone])
    }

    @Test func resolve_whenAPhoneIsShared_isAmbiguousAndBelongsToNoDocumentsIdentity() {
        let links = [(Self.phone, Self.resident), (Self.phone, Self.second), (Self.otherPhone, Self.resident)]
        #expect(
            Self.resolve(Self.phone, links) == .ambiguous(phone: Self.phone, documents: [Self.resident, Self.second]))
        #expect(Self.resolve(Self.phone, links).keys.isEmpty, "judged against nobody's state")
        #expect(
            Self.resolve(Self.resident, links) == .person(main: Self.resident, keys: [Self.resident, Self.otherPhone]))
        #expect(Self.resolve(Self.second, links) == .person(main: Self.second, keys: [Self.second]))
    }

    @Test func keysToRead_ofASharedPhone_coversItAndEveryLinkedIdentity() {
        var linked: [Int64: [Int64]] = [:]
        let links = [(Self.phone, Self.resident), (Self.phone, Self.second), (Self.otherPhone, Self.second)]
        for (phone, document) in links {
            linked[phone, default: []].append(document)
            linked[document, default: []].append(phone)
        }
        let keys = PersonIdentity.keysToRead(of: Self.phone) { linked[$0] ?? [] }
        #expect(keys == [Self.phone, Self.resident, Self.second, Self.otherPhone])
        #expect(PersonIdentity.keysToRead(of: Self.second) { linked[$0] ?? [] } == [Self.second, Self.otherPhone])
    }

    // MARK: through the writer and the readers

    @Test func idOnARecord_linksOnce_andAResendIsADuplicateThatLinksNothingNew() async throws {
        try await StoreHarness.run { harness, writer, station in
            var record = station.record(1, .entry, .phone("13911112222"), temp: nil)
            record.record.document = .resident("500227198501011230")
            let first = try #require(await writer.store(record).stored)
            #expect(try harness.int("SELECT COUNT(*) FROM person_links") == 1)
            #expect(try harness.int("SELECT record_id FROM person_links") == first.id)
            #expect(try harness.text("SELECT made_by FROM person_links") == "station:st-1")
            #expect(try harness.int("SELECT person FROM records") == Self.resident)
            let again = try #require(await writer.store(record).duplicate)
            #expect(again == first)
            var other = station.record(1, .entry, .phone("13911112222"), temp: nil)
            other.record.document = .resident("500227199003034565")
            guard case .seqReused = await writer.store(other) else {
                Issue.record("another document under a stored seq is not a duplicate")
                return
            }
            #expect(try harness.int("SELECT COUNT(*) FROM person_links") == 1, "nothing new linked")

            let reader = try StoreReader(path: harness.path, connections: 1)
            let shown = try reader.identity(of: .resident("500227198501011230"))
            #expect(shown.identity == [.resident("500227198501011230"), .phone("13911112222")])
            #expect(shown.links.count == 1 && shown.links.first?.recordID == first.id)
        }
    }

    @Test func writer_afterARestart_remembersTheLinks() async throws {
        let harness = try StoreHarness()
        var writer = try harness.openWriter()
        let station = try await harness.register(writer)
        _ = try await writer.link(
            phone: .phone("13911112222"), document: .resident("500227198501011230"), by: "test", audits: [])
        _ = try await writer.link(
            phone: .phone("13911112222"), document: .resident("500227199003034565"), by: "test", audits: [])
        await harness.close(writer)
        writer = try harness.openWriter()
        let record = station.record(1, .entry, .phone("13911112222"), temp: nil)
        let shared = try #require(await writer.store(record).stored)
        #expect(shared.verdicts == .checkID)
        let status = try await writer.status(of: .phone("13911112222"))
        #expect(status.checkID)
        await harness.close(writer)
    }
}
