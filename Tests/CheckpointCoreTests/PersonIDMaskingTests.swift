import CheckpointCore
import Testing

@Suite struct PersonIDMaskingTests {
    @Test(arguments: [
        ("13800138000", "138****8000"),
        ("+86 139-1234-5678", "139****5678"),
        ("11010519491231002X", "110105********002X"),
        ("500227198001011234", "500227********1234"),
        ("other:E1234567", "other:E1******"),
        ("other:A", "other:**"),
        ("other:AB", "other:**"),
        ("other:ABC", "other:AB*"),
        ("other:" + String(repeating: "k", count: 32), "other:kk" + String(repeating: "*", count: 30)),
    ])
    func masked_whenParsedPerson_hidesTheMiddle(input: String, masked: String) throws {
        let person = try PersonID(parsing: input)
        #expect(person.masked == masked)
        #expect(person.description == masked)
        #expect("\(person)" == masked)
    }

    @Test(arguments: [
        PersonID.phone("1380013"),
        PersonID.phone(""),
        PersonID.resident("1101051949"),
    ])
    func masked_whenCaseBuiltWithUnexpectedLength_hidesEverything(person: PersonID) {
        #expect(person.masked.allSatisfy { $0 == "*" })
    }

    @Test(arguments: [
        ("13800138000", Int64(13_800_138_000)),
        ("10000000000", Int64(10_000_000_000)),
        ("19999999999", Int64(19_999_999_999)),
        ("11010519491231002X", Int64(1_011_010_519_491_231_002)),
        ("500227198001011234", Int64(1_050_022_719_800_101_123)),
        ("000000000000000001", Int64(1_000_000_000_000_000_000)),
        ("999999999999999993", Int64(1_099_999_999_999_999_999)),
    ])
    func storageKey_whenPhoneOrResident_roundTrips(input: String, key: Int64) throws {
        let person = try PersonID(parsing: input)
        #expect(person.storageKey == key)
        #expect(PersonID(storageKey: key) == person)
    }

    @Test func storageKey_whenResidentEndsInX_recomputesCheckCharacter() throws {
        let key = try #require(try PersonID(parsing: "12345619800101005x").storageKey)
        #expect(PersonID(storageKey: key)?.normalized == "12345619800101005X")
    }

    @Test(arguments: [
        Int64(0), Int64(-1), Int64(9_999_999_999), Int64(20_000_000_000), Int64(999_999_999_999_999_999),
        Int64(1_100_000_000_000_000_000), Int64.max, Int64.min,
    ])
    func storageKey_whenOutsideBothRanges_isNil(key: Int64) {
        #expect(PersonID(storageKey: key) == nil)
    }

    @Test func storageKey_whenOther_isNil() throws {
        #expect(try PersonID(parsing: "other:E1234567").storageKey == nil)
    }
}
