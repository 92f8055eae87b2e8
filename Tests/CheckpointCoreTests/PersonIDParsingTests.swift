import CheckpointCore
import Testing

@Suite struct PersonIDParsingTests {
    @Test(arguments: [
        ("13800138000", "13800138000"),
        ("+8613800138000", "13800138000"),
        ("8613800138000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        (" 13800138000 ", "13800138000"),
        ("+86-138-0013-8000", "13800138000"),
        ("10000000000", "10000000000"),
        ("19999999999", "19999999999"),
    ])
    func person_whenMobileNumberForm_normalisesToElevenDigits(input: String, normalized: String) throws {
        let person = try PersonID(parsing: input)
        #expect(person == .phone(normalized))
        #expect(person.normalized == normalized)
    }

    @Test func person_whenPlusEightySixPrefix_stripsIt() throws {
        #expect(try PersonID(parsing: "+8613912345678") == .phone("13912345678"))
    }

    @Test func person_whenParsedFromSubstring_behavesLikeString() throws {
        let line = "person=13800138000 temp=36.6"
        let value = line.split(separator: " ")[0].dropFirst("person=".count)
        #expect(try PersonID(parsing: value) == .phone("13800138000"))
    }

    @Test(arguments: [
        "1380013800",  // 10 digits
        "138001380000",  // 12 digits
        "23800138000",  // does not start with 1
        "+8623800138000",  // +86 then not starting with 1
        "+861380013800",  // +86 then 10 digits
        "+1 2025550123",  // another country code
        "1380013800a",  // a letter
        "138OO138000",  // letters O for zeros
        "１３８００１３８０００",  // full-width digits
        "",
        "   ",
        "--",
        "86",
        "+86",
        "13800138000x",
    ])
    func person_whenNotAValidMobileNumber_throwsPersonError(input: String) throws {
        let error = try #require(validationError { try PersonID(parsing: input) })
        #expect(error.code == .person)
        #expect(!error.message.isEmpty)
    }

    @Test(arguments: [
        ("11010519491231002X", "11010519491231002X"),
        ("11010519491231002x", "11010519491231002X"),
        ("500227198001011234", "500227198001011234"),
        ("440304199003073219", "440304199003073219"),
        ("320106198512110030", "320106198512110030"),
        ("12345619800101005x", "12345619800101005X"),
        ("000000000000000001", "000000000000000001"),
        ("999999999999999993", "999999999999999993"),
        ("110105 19491231 002X", "11010519491231002X"),
        ("110105-19491231-002X", "11010519491231002X"),
    ])
    func person_whenValidResidentID_normalisesWithUpperCaseX(input: String, normalized: String) throws {
        let person = try PersonID(parsing: input)
        #expect(person == .resident(normalized))
        #expect(person.normalized == normalized)
    }

    @Test(arguments: [
        "110105194912310021",  // X expected, digit given
        "11010519491231002Y",  // not a check character
        "500227198001011235",  // off by one
        "500227198001011230",
        "440304199003073218",
    ])
    func person_whenResidentCheckDigitWrong_saysCheckDigitDoesNotMatch(input: String) throws {
        let error = try #require(validationError { try PersonID(parsing: input) })
        #expect(error.code == .person)
        if input.last == "Y" {
            #expect(error.message.contains("digit or X"))
        } else {
            #expect(error.message.contains("check digit does not match"))
        }
    }

    @Test(arguments: [
        "11010519491231002",  // 17 characters
        "11010519491231002XX",  // 19 characters
        "1101051949123100X2",  // X not last
        "X1010519491231002X",
        "1101051949123100",  // 16 digits
        "1101051949123100200",  // 19 digits
    ])
    func person_whenResidentIDWrongShape_throwsPersonError(input: String) throws {
        let error = try #require(validationError { try PersonID(parsing: input) })
        #expect(error.code == .person)
        #expect(!error.message.contains("check digit does not match"))
    }

    @Test(arguments: [
        ("other:E1234567", "E1234567"),
        ("other:A", "A"),
        ("other:" + String(repeating: "z", count: 32), String(repeating: "z", count: 32)),
        ("other:passport_G.123-4", "passport_G.123-4"),
        ("other:-._", "-._"),
        ("other:abcXYZ09", "abcXYZ09"),
    ])
    func person_whenOtherID_keepsItVerbatim(input: String, id: String) throws {
        let person = try PersonID(parsing: input)
        #expect(person == .other(id))
        #expect(person.normalized == "other:" + id)
        #expect(person.storageKey == nil)
    }

    @Test(arguments: [
        "other:",
        "other:" + String(repeating: "z", count: 33),
        "other:E 1234567",
        "other:E12/34",
        "other:E1234567!",
        "other:é",
        "other:E1:2",
        "other: E1",
    ])
    func person_whenOtherIDEmptyTooLongOrBadCharacter_throwsPersonError(input: String) throws {
        let error = try #require(validationError { try PersonID(parsing: input) })
        #expect(error.code == .person)
        #expect(error.message.contains("other:"))
    }

    @Test func person_whenOtherIDHasBadCharacter_namesItsPosition() throws {
        let error = try #require(validationError { try PersonID(parsing: "other:AB#D") })
        #expect(error.message.contains("position 3"))
    }

    @Test(arguments: ["Other:E1234567", "OTHER:E1234567", "passport:E1234567"])
    func person_whenPrefixMisspelled_pointsToLowerCaseOtherPrefix(input: String) throws {
        let error = try #require(validationError { try PersonID(parsing: input) })
        #expect(error.code == .person)
        #expect(error.message.contains("lower-case prefix other:"))
    }

    @Test func person_whenShapeUnknown_listsExpectedForms() throws {
        let error = try #require(validationError { try PersonID(parsing: "Zhang San") })
        #expect(
            error.message
                == "expected an 11-digit mobile number starting with 1, an 18-character resident ID, or other:ID"
        )
    }

    @Test(arguments: [
        "13800138000x", "23800138000", "1380013800", "500227198001011235", "other:E1234567!",
        "other:" + String(repeating: "Q", count: 40), "+1 2025550123", "Zhang San", "Other:E7654321",
    ])
    func person_whenRejected_messageNeverContainsTheInput(input: String) throws {
        let error = try #require(validationError { try PersonID(parsing: input) })
        let compact = input.filter { $0 != " " && $0 != "-" }
        #expect(!error.message.contains(input))
        #expect(!error.message.contains(compact))
        #expect(error.description == error.message)
    }
}
