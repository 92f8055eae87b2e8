import CheckpointCore
import CheckpointWire
import Testing

@Suite struct ControlReplyTests {
    @Test func success_writesOkAndResultOnOneLine() {
        #expect(ControlReply.success(["rows": .int(3), "items": .array([])])
            == #"{"ok":true,"result":{"rows":3,"items":[]}}"#)
    }

    @Test func failure_writesCodeAndMessage() {
        #expect(ControlReply.failure(WireError(.notFound, "no alert 7"))
            == #"{"ok":false,"error":{"code":"E_NOT_FOUND","message":"no alert 7"}}"#)
    }

    @Test func failure_whenMessageHasLineBreaks_staysOnOneLine() {
        let line = ControlReply.failure(WireError(.argument, "first\nsecond\r\n\"third\""))
        #expect(!line.unicodeScalars.contains("\n") && !line.unicodeScalars.contains("\r"))
    }

    @Test(arguments: [
        JSONObject(), ["rows": .int(12)], ["items": .array([.object(["id": .string("CP1"), "open": .bool(false)])])],
        ["note": .string("体温 \"ok\"\n")],
    ])
    func parse_whenSuccessLine_givesTheResultBack(result: JSONObject) throws {
        #expect(try ControlReply.parse(ControlReply.success(result)) == .success(result))
    }

    @Test(arguments: [
        WireError(.notFound, "no alert 7"), WireError(.argument, "limit must be a whole number"),
        WireError(.unavailable, "disk full"), WireError(.internalError, "line one\nline two"),
        WireError(.conflict, "CP1 still has stations; add force=true"), WireError(.denied, ""),
    ])
    func parse_whenFailureLine_givesTheErrorBack(error: WireError) throws {
        #expect(try ControlReply.parse(ControlReply.failure(error)) == .failure(error))
    }

    @Test func parse_whenCodeIsUnknown_keepsItsName() throws {
        let line = #"{"ok":false,"error":{"code":"E_RATE_LIMIT","message":"slow down"}}"#
        guard case .failure(let error) = try ControlReply.parse(line) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.code.name == "E_RATE_LIMIT")
        #expect(error.code.description == "E_RATE_LIMIT")
        #expect(error.message == "slow down")
        #expect(ControlReply.failure(error) == line)
    }

    @Test(arguments: [
        (#"{"ok":false}"#, "E_INTERNAL"), (#"{"ok":false,"error":{}}"#, "E_INTERNAL"),
        (#"{"ok":"yes","result":{}}"#, "E_INTERNAL"), (#"{"ok":false,"error":{"code":"E_ARG"}}"#, "E_ARG"),
    ])
    func parse_whenFailureIsIncomplete_fillsInCodeAndMessage(line: String, code: String) throws {
        guard case .failure(let error) = try ControlReply.parse(line) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.code.name == code)
        #expect(!error.message.isEmpty)
    }

    @Test func parse_whenOkWithoutResult_givesAnEmptyObject() throws {
        #expect(try ControlReply.parse(#"{"ok":true}"#) == .success(JSONObject()))
    }

    @Test(arguments: ["[1]", "\"ok\"", "", "{\"ok\":true", "not json"])
    func parse_whenNotAJSONObject_isSyntax(line: String) throws {
        let error = try #require(wireError { () throws(WireError) in try ControlReply.parse(line) })
        #expect(error.code == .syntax)
    }
}

@Suite struct WireErrorCodeTests {
    static let table: [(WireErrorCode, String)] = [
        (.syntax, "E_SYNTAX"), (.verb, "E_VERB"), (.field, "E_FIELD"), (.person, "E_PERSON"),
        (.temperature, "E_TEMP"), (.time, "E_TIME"), (.seq, "E_SEQ"), (.auth, "E_AUTH"), (.tooLong, "E_TOOLONG"),
        (.busy, "E_BUSY"), (.unavailable, "E_UNAVAILABLE"), (.unknownCommand, "E_UNKNOWN_CMD"),
        (.argument, "E_ARG"), (.notFound, "E_NOT_FOUND"), (.conflict, "E_CONFLICT"), (.denied, "E_DENIED"),
        (.internalError, "E_INTERNAL"),
    ]

    @Test(arguments: table)
    func name_isTheContractSpelling(code: WireErrorCode, name: String) {
        #expect(code.name == name)
        #expect(code.description == name)
        #expect(WireErrorCode.named(name) == code)
    }

    @Test func names_areUnique() {
        #expect(Set(Self.table.map(\.1)).count == Self.table.count)
        #expect(Set(Self.table.map(\.0)).count == Self.table.count)
    }

    @Test func named_whenUnknown_isKeptAndEqualToItself() {
        #expect(WireErrorCode.named("E_NEW").name == "E_NEW")
        #expect(WireErrorCode.named("E_NEW") == WireErrorCode.named("E_NEW"))
        #expect(WireErrorCode.named("E_NEW") != .syntax)
    }

    @Test func wireError_description_isCodeThenMessage() {
        #expect(WireError(.time, "ts is in the future").description == "E_TIME: ts is in the future")
    }

    @Test func protocolVersions_areOne() {
        #expect(WireProtocol.stationVersion == 1)
        #expect(WireProtocol.controlVersion == 1)
    }
}

@Suite struct IdentifierTests {
    @Test(arguments: [
        "a", "Z", "0", "CP1", "cp-01", "gate_3.north", "9-._", String(repeating: "x", count: 32),
    ])
    func isValid_whenMatchesTheIdForm_isTrue(text: String) {
        #expect(Identifier.isValid(text))
    }

    @Test(arguments: [
        "", "-a", "_a", ".a", String(repeating: "x", count: 33), "a b", "a/b", "a:b", "é", "ａ", "a\n", "a\t", "a=b",
        "a\"b", "检查站",
    ])
    func isValid_whenOutsideTheIdForm_isFalse(text: String) {
        #expect(!Identifier.isValid(text))
    }
}
