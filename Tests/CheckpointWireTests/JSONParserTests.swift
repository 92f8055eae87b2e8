import CheckpointWire
import Testing

@Suite struct JSONParserTests {
    @Test(arguments: [
        ("null", JSONValue.null), ("true", .bool(true)), ("false", .bool(false)),
        ("0", .int(0)), ("-0", .int(0)), ("42", .int(42)), ("-17", .int(-17)),
        ("9223372036854775807", .int(Int64.max)), ("-9223372036854775808", .int(Int64.min)),
        ("9223372036854775808", .double(9_223_372_036_854_775_808)),
        ("1.5", .double(1.5)), ("-0.25", .double(-0.25)), ("0.5", .double(0.5)), ("1e3", .double(1000)),
        ("1E-2", .double(0.01)), ("2.5e+2", .double(250)), ("-1.5E2", .double(-150)),
        (#""""#, .string("")), (#""abc""#, .string("abc")), (#""体温 °C""#, .string("体温 °C")),
        (#""a\"b""#, .string("a\"b")), (#""\\\/""#, .string("\\/")),
        (#""\b\f\n\r\t""#, .string("\u{08}\u{0C}\n\r\t")),
        (#""\u0000""#, .string("\u{0}")), (#""\u001F\u007f""#, .string("\u{1F}\u{7F}")),
        (#""\u00e9\u00E9""#, .string("éé")), (#""\u4f53""#, .string("体")),
        (#""\ud83d\ude00""#, .string("😀")), (#""\uD834\uDD1E x""#, .string("𝄞 x")),
        ("[]", .array([])), ("{}", .object(JSONObject())),
        (" [ 1 , \"a\" ,null,\t\r\n true ] ", .array([.int(1), .string("a"), .null, .bool(true)])),
        (#"{"a":{"b":[{}]}}"#, .object(["a": .object(["b": .array([.object(JSONObject())])])])),
    ])
    func parse_whenValid_givesTheValue(text: String, expected: JSONValue) throws {
        #expect(try JSONParser.parse(text) == expected)
    }

    @Test(arguments: [
        "", " ", "01", "-01", "00", "1.", ".5", "-", "+1", "1e", "1e+", "1.e3", "0x10", "NaN", "Infinity", "-Infinity",
        "tru", "nul", "True", "[", "{", "[1,]", "[,1]", "[1 2]", #"{"a":1,}"#, #"{"a" 1}"#, "{a:1}", "{'a':1}",
        #"{"a":1 "b":2}"#, #"{"a"}"#, #"{"a":1,"a":2}"#, #"{"a":{"x":1},"a":null}"#, "[1] x", "{} {}", "1 2",
        #""abc"#, "\"a\nb\"", "\"a\tb\"", "\"a\u{1F}b\"", #""\x""#, #""\u12""#, #""\u12G4""#, #""\""#,
        #""\ud83d""#, #""\ude00""#, #""\ud83d\u0041""#, #""\ud83dx""#, "'a'", #""\u+fff""#, #""\u-000""#, #""\u-0ff""#,
    ])
    func parse_whenInvalid_isSyntax(text: String) throws {
        let error = try #require(wireError { () throws(WireError) in try JSONParser.parse(text) })
        #expect(error.code == .syntax)
        #expect(error.message.hasPrefix("invalid JSON at byte "))
    }

    @Test func parse_whenDuplicateKey_namesIt() throws {
        let error = try #require(wireError { () throws(WireError) in try JSONParser.parse(#"{"cmd":"a","cmd":"b"}"#) })
        #expect(error.message.contains("\"cmd\" appears twice"))
    }

    @Test(arguments: [1, 16, JSONParser.maximumDepth])
    func parse_whenNestedUpToTheLimit_isAccepted(depth: Int) throws {
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(throws: Never.self) { try JSONParser.parse(arrays) }
        let objects = String(repeating: #"{"a":"#, count: depth - 1) + "{}" + String(repeating: "}", count: depth - 1)
        #expect(throws: Never.self) { try JSONParser.parse(objects) }
    }

    @Test(arguments: [JSONParser.maximumDepth + 1, 1_000, 200_000])
    func parse_whenNestedBeyondTheLimit_isRefusedWithoutRecursingFurther(depth: Int) throws {
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let error = try #require(wireError { () throws(WireError) in try JSONParser.parse(arrays) })
        #expect(error.message.contains("nested too deeply"))
        let objects = String(repeating: #"{"a":"#, count: depth)
        #expect(throws: WireError.self) { try JSONParser.parse(objects) }
    }

    @Test func parse_whenObject_keepsKeyOrder() throws {
        let object = try #require(try JSONParser.parse(#"{"b":1,"a":2,"c":{"z":0,"y":1}}"#).objectValue)
        #expect(object.keys == ["b", "a", "c"])
        #expect(object["c"]?.objectValue?.keys == ["z", "y"])
    }

    // MARK: serializing

    @Test(arguments: [
        #"{"ok":true,"result":{"items":[1,-2,3.5,"x",null,false,{}]}}"#,
        #"{"z":1,"a":[[],[[]]],"m":"\"\\\n\t\u0000"}"#,
        #"{"person":"13800138000","note":"体温 正常 😀"}"#,
        "[]", "0", "-9223372036854775808", "\"\"", "1e+20", "0.001",
    ])
    func serialized_whenParsedFromCompactJSON_givesTheSameText(text: String) throws {
        #expect(try JSONParser.parse(text).serialized() == text)
    }

    static let awkwardStrings: [String] = [
        "", "plain", "\"", "\\", "/", "\n\r\t", "\u{0}", "\u{1F}", "\u{7F}", "\u{2028}\u{2029}", "😀", "é",
        String((0..<32).map { Character(Unicode.Scalar(UInt8($0))) }), "line one\nline two",
    ]

    @Test(arguments: awkwardStrings)
    func serialized_whenStringHasControlCharacters_roundTripsOnOneLine(text: String) throws {
        let value = JSONValue.object(["k": .string(text), "list": .array([.string(text)])])
        let line = value.serialized()
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{2028}" || $0 == "\u{2029}" })
        #expect(try JSONParser.parse(line) == value)
    }

    @Test func serialized_whenStringHasControls_usesShortAndUnicodeEscapes() {
        #expect(JSONValue.string("a\"b\\c\nd\re\tf\u{0}g\u{1F}h\u{2028}").serialized()
            == #""a\"b\\c\nd\re\tf\u0000g\u001fh\u2028""#)
    }

    @Test(arguments: [
        (JSONValue.double(2), "2"), (.double(-3), "-3"), (.double(1.5), "1.5"), (.double(.nan), "null"),
        (.double(.infinity), "null"), (.double(-.infinity), "null"), (.int(-7), "-7"), (.null, "null"),
        (.bool(false), "false"), (.array([.int(1), .null]), "[1,null]"),
    ])
    func serialized_whenScalar_writesCompactJSON(value: JSONValue, text: String) {
        #expect(value.serialized() == text)
        #expect(value.description == text)
    }

    @Test(arguments: [(JSONValue.double(1e300), 1e300), (.double(-2.5e-7), -2.5e-7), (.double(0.1), 0.1)])
    func serialized_whenDouble_parsesBackToTheSameDouble(value: JSONValue, number: Double) throws {
        #expect(try JSONParser.parse(value.serialized()) == .double(number))
    }
}

@Suite struct JSONValueTests {
    @Test(arguments: [
        (JSONValue.int(5), Int64?.some(5)), (.double(5), 5), (.double(-5), -5), (.double(5.5), nil),
        (.double(1e16), nil), (.double(.nan), nil), (.string("5"), nil), (.bool(true), nil), (.null, nil),
    ])
    func intValue_whenWholeNumber_givesIt(value: JSONValue, expected: Int64?) {
        #expect(value.intValue == expected)
    }

    @Test func accessors_whenWrongCase_areNil() {
        #expect(JSONValue.int(1).stringValue == nil)
        #expect(JSONValue.string("x").objectValue == nil)
        #expect(JSONValue.object(JSONObject()).arrayValue == nil)
        #expect(JSONValue.string("x").stringValue == "x")
        #expect(JSONValue.array([.null]).arrayValue == [.null])
    }

    @Test func object_whenKeyIsSetAgain_replacesInPlace() {
        var object: JSONObject = ["a": .int(1), "b": .int(2), "c": .int(3)]
        object["b"] = .string("two")
        object["d"] = .null
        #expect(object.keys == ["a", "b", "c", "d"])
        #expect(object["b"] == .string("two"))
        object["a"] = nil
        #expect(object.keys == ["b", "c", "d"])
        #expect(object["d"] == .null)
        #expect(object["missing"] == nil)
    }

    @Test func object_whenSameKeysInAnotherOrder_isNotEqual() {
        let first: JSONObject = ["a": .int(1), "b": .int(2)]
        let second: JSONObject = ["b": .int(2), "a": .int(1)]
        #expect(first != second)
        #expect(first == ["a": .int(1), "b": .int(2)])
    }
}
