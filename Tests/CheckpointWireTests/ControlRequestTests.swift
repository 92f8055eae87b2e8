import CheckpointWire
import Testing

@Suite struct ControlRequestTests {
    // MARK: the two forms

    @Test(arguments: [
        (#"{"cmd":"health"}"#, "health"),
        (#"{"cmd":"checkpoint.add","id":"CP1","grid":"G1","staffed":"07:00-19:00"}"#,
         "checkpoint.add id=CP1 grid=G1 staffed=07:00-19:00"),
        (#"{"cmd":"ack","id":"7","note":"called back, fine"}"#, #"ack id=7 note="called back, fine""#),
        (#"{"cmd":"trace","person":"13800138000","reason":"case 12 \"A\""}"#,
         #"trace person=13800138000 reason="case 12 \"A\"""#),
        ("  \t{\"cmd\":\"stats\",\"by\":\"hour\"}", "\t stats  by=hour "),
        (#"{ "cmd" : "alerts" , "state" : "open" }"#, "alerts\tstate=open"),
    ])
    func parse_whenJSONOrTyped_givesTheSameRequest(json: String, typed: String) throws {
        let fromJSON = try ControlRequest.parse(json)
        let fromTyped = try ControlRequest.parse(typed)
        #expect(fromJSON == fromTyped)
        #expect(fromJSON.arguments["cmd"] == nil)
    }

    @Test func parse_whenJSONHasNumbers_typedAccessorsAgreeWithTheTypedForm() throws {
        let fromJSON = try ControlRequest.parse(#"{"cmd":"alerts","limit":5,"force":true}"#)
        let fromTyped = try ControlRequest.parse("alerts limit=5 force=yes")
        #expect(fromJSON.command == fromTyped.command)
        #expect(try fromJSON.int("limit") == 5)
        #expect(try fromTyped.int("limit") == 5)
        #expect(try fromJSON.bool("force") == true)
        #expect(try fromTyped.bool("force") == true)
        #expect(try fromJSON.string("limit") == "5")
    }

    @Test func parse_whenJSON_keepsArgumentOrderAndTypes() throws {
        let request = try ControlRequest.parse(#"{"z":1,"cmd":"x","a":[1],"m":null}"#)
        #expect(request.command == "x")
        #expect(request.arguments.keys == ["z", "a", "m"])
        #expect(request.arguments["a"] == .array([.int(1)]))
    }

    @Test(arguments: [
        (#"{"id":1}"#, WireErrorCode.argument), (#"{"cmd":5}"#, .argument), (#"{"cmd":""}"#, .argument),
        (#"{"cmd":null}"#, .argument), (#"{"cmd":["health"]}"#, .argument),
        (#"{"cmd":"health""#, .syntax), (#"{"cmd":"a","cmd":"b"}"#, .syntax), (#"{"cmd":"health"} x"#, .syntax),
        ("", .syntax), ("   ", .syntax), ("health now", .syntax), (#"ack note="open"#, .syntax),
        ("ack id=1 id=2", .argument),
    ])
    func parse_whenMalformed_givesTheCode(line: String, code: WireErrorCode) throws {
        let error = try #require(wireError { () throws(WireError) in try ControlRequest.parse(line) })
        #expect(error.code == code, "\(error.message)")
    }

    @Test func parse_whenCmdIsMissing_saysHowToWriteIt() throws {
        let error = try #require(wireError { () throws(WireError) in try ControlRequest.parse(#"{"id":1}"#) })
        #expect(error.message.contains("cmd"))
    }

    @Test(arguments: [
        ControlRequest(command: "health"),
        ControlRequest(command: "ack", arguments: ["id": .int(7), "note": .string("a \"b\"\nc")]),
        ControlRequest(command: "checkpoint.remove", arguments: ["id": .string("CP1"), "force": .bool(true)]),
    ])
    func serialized_whenParsedBack_givesTheSameRequest(request: ControlRequest) throws {
        let line = request.serialized()
        #expect(line.hasPrefix(#"{"cmd":"#))
        #expect(!line.contains("\n"))
        #expect(try ControlRequest.parse(line) == request)
    }

    // MARK: typed arguments

    private static let request = ControlRequest(command: "alerts", arguments: [
        "text": .string("hello"), "number": .int(12), "whole": .double(12), "half": .double(1.5),
        "numeric": .string("34"), "negative": .string("-3"), "junk": .string("12abc"), "empty": .string(""),
        "decimal": .string("1.5"), "flag": .bool(true), "nothing": .null, "list": .array([]),
        "object": .object(JSONObject()),
    ])

    @Test func allowOnly_whenEveryKeyIsAllowed_passes() throws {
        let request = try ControlRequest.parse("ack id=7 note=x")
        try request.allowOnly(["id", "note", "by"])
    }

    @Test func allowOnly_whenAKeyIsUnknown_isEArgNamingIt() throws {
        let request = try ControlRequest.parse(#"{"cmd":"ack","id":7,"colour":"red"}"#)
        let error = try #require(wireError { () throws(WireError) in try request.allowOnly(["id", "note", "by"]) })
        #expect(error.code == .argument)
        #expect(error.message.contains("\"colour\""))
        #expect(error.message.contains("by, id, note"))
    }

    @Test func allowOnly_whenCommandTakesNothing_saysSo() throws {
        let request = try ControlRequest.parse("health verbose=yes")
        let error = try #require(wireError { () throws(WireError) in try request.allowOnly([]) })
        #expect(error.code == .argument)
        #expect(error.message.contains("no arguments"))
    }

    @Test(arguments: [("text", "hello"), ("number", "12"), ("empty", ""), ("nothing", nil), ("missing", nil)])
    func string_whenStringIntOrAbsent_givesText(key: String, expected: String?) throws {
        #expect(try Self.request.string(key) == expected)
    }

    @Test(arguments: ["flag", "half", "list", "object"])
    func string_whenOtherType_isEArg(key: String) throws {
        let error = try #require(wireError { () throws(WireError) in try Self.request.string(key) })
        #expect(error.code == .argument)
        #expect(error.message.contains(key))
    }

    @Test(arguments: ["empty", "nothing", "missing"])
    func requiredString_whenEmptyOrAbsent_isEArgNamingTheKey(key: String) throws {
        let error = try #require(wireError { () throws(WireError) in try Self.request.requiredString(key) })
        #expect(error.code == .argument)
        #expect(error.message == "alerts needs \(key)")
    }

    @Test(arguments: [
        ("number", Int64?.some(12)), ("whole", 12), ("numeric", 34), ("negative", -3), ("nothing", nil),
        ("missing", nil),
    ])
    func int_whenWholeNumberOrDigits_givesIt(key: String, expected: Int64?) throws {
        #expect(try Self.request.int(key) == expected)
    }

    @Test(arguments: ["half", "junk", "empty", "decimal", "flag", "text", "list", "object"])
    func int_whenNotAWholeNumber_isEArg(key: String) throws {
        let error = try #require(wireError { () throws(WireError) in try Self.request.int(key) })
        #expect(error.code == .argument)
        #expect(error.message.contains("whole number"))
    }

    @Test(arguments: [
        ("yes", true), ("no", false), ("true", true), ("false", false), ("YES", true), ("False", false),
        ("1", true), ("0", false),
    ])
    func bool_whenTypedWord_givesTheValue(word: String, expected: Bool) throws {
        let request = try ControlRequest.parse("checkpoint.remove id=CP1 force=\(word)")
        #expect(try request.bool("force") == expected)
    }

    @Test func bool_whenJSONBoolOrAbsent_givesIt() throws {
        #expect(try Self.request.bool("flag") == true)
        #expect(try Self.request.bool("nothing") == nil)
        #expect(try Self.request.bool("missing") == nil)
    }

    @Test(arguments: ["text", "empty", "number", "half", "list"])
    func bool_whenNotYesNoTrueFalse_isEArg(key: String) throws {
        let error = try #require(wireError { () throws(WireError) in try Self.request.bool(key) })
        #expect(error.code == .argument)
        #expect(error.message.contains("true or false"))
    }
}
