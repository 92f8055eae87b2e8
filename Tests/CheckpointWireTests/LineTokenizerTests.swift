import CheckpointWire
import Testing

/// One well-formed line and what the tokenizer should make of it.
struct TokenCase: Sendable, CustomTestStringConvertible {
    var line: String
    var verb: String
    var fields: [Field]

    struct Field: Sendable, Equatable {
        var key: String
        var value: String
    }

    init(_ line: String, _ verb: String, _ fields: [(String, String)] = []) {
        self.line = line
        self.verb = verb
        self.fields = fields.map { Field(key: $0.0, value: $0.1) }
    }

    var testDescription: String { line.debugDescription }
}

/// One malformed line: a hint the message must contain, and what was read before the problem.
struct TokenFailureCase: Sendable, CustomTestStringConvertible {
    var bytes: [UInt8]
    var hint: String
    var verb: String?
    var keysBefore: [String]

    init(_ line: String, _ hint: String, verb: String? = "TEMP", keysBefore: [String] = []) {
        self.init(bytes: Array(line.utf8), hint, verb: verb, keysBefore: keysBefore)
    }

    init(bytes: [UInt8], _ hint: String, verb: String?, keysBefore: [String] = []) {
        self.bytes = bytes
        self.hint = hint
        self.verb = verb
        self.keysBefore = keysBefore
    }

    var testDescription: String { String(decoding: bytes, as: UTF8.self).debugDescription }
}

@Suite struct LineTokenizerTests {
    static let wellFormed: [TokenCase] = [
        TokenCase("PING", "PING"),
        TokenCase("  PING  ", "PING"),
        TokenCase("PING\t", "PING"),
        TokenCase("TEMP seq=1 person=13800138000 temp=36.6", "TEMP",
                  [("seq", "1"), ("person", "13800138000"), ("temp", "36.6")]),
        TokenCase("TEMP\tseq=1\tperson=x", "TEMP", [("seq", "1"), ("person", "x")]),
        TokenCase("TEMP   seq=1 \t \t person=x   ", "TEMP", [("seq", "1"), ("person", "x")]),
        TokenCase(#"TEMP note="a b""#, "TEMP", [("note", "a b")]),
        TokenCase("TEMP note=\"a\tb  c\"", "TEMP", [("note", "a\tb  c")]),
        TokenCase(#"TEMP note="say \"hi\"""#, "TEMP", [("note", #"say "hi""#)]),
        TokenCase(#"TEMP note="C:\\dir\\""#, "TEMP", [("note", #"C:\dir\"#)]),
        TokenCase(#"TEMP note="\\\"""#, "TEMP", [("note", #"\""#)]),
        TokenCase(#"TEMP note="""#, "TEMP", [("note", "")]),
        TokenCase(#"TEMP note="" seq=2"#, "TEMP", [("note", ""), ("seq", "2")]),
        TokenCase("TEMP note=\"x\"\tseq=2", "TEMP", [("note", "x"), ("seq", "2")]),
        TokenCase("TEMP note= seq=2", "TEMP", [("note", ""), ("seq", "2")]),
        TokenCase("TEMP note=a=b", "TEMP", [("note", "a=b")]),
        TokenCase(#"TEMP note="a=b c""#, "TEMP", [("note", "a=b c")]),
        TokenCase(#"TEMP note="体温 正常""#, "TEMP", [("note", "体温 正常")]),
        TokenCase("TEMP note=体温", "TEMP", [("note", "体温")]),
        TokenCase("X k=1 k=2", "X", [("k", "1"), ("k", "2")]),
        TokenCase("ping", "ping"),
    ]

    @Test(arguments: wellFormed)
    func tokenize_whenLineIsWellFormed_splitsVerbAndFields(testCase: TokenCase) throws {
        let tokens = try LineTokenizer.tokenize(testCase.line.utf8)
        #expect(tokens.verb == testCase.verb)
        #expect(tokens.fields.map { TokenCase.Field(key: $0.key, value: $0.value) } == testCase.fields)
    }

    static let malformed: [TokenFailureCase] = [
        TokenFailureCase("", "empty line", verb: nil),
        TokenFailureCase("   ", "empty line", verb: nil),
        TokenFailureCase("\t \t", "empty line", verb: nil),
        TokenFailureCase(#"TEMP note="abc"#, "no closing quote"),
        TokenFailureCase(#"TEMP note=""#, "no closing quote"),
        TokenFailureCase(#"TEMP seq=1 note="a \" b"#, "no closing quote", keysBefore: ["seq"]),
        TokenFailureCase(#"TEMP note="a\nb""#, "only"),
        TokenFailureCase(#"TEMP note="a\tb""#, "only"),
        TokenFailureCase(#"TEMP note="abc\"#, "only"),
        TokenFailureCase(#"TEMP note="abc"def"#, "closing quote must be followed"),
        TokenFailureCase(#"TEMP seq=3 note="abc""def""#, "closing quote must be followed", keysBefore: ["seq"]),
        TokenFailureCase(#"TEMP note=ab"c"#, "quote the whole value"),
        TokenFailureCase(#"TEMP note=abc""#, "quote the whole value"),
        TokenFailureCase("TEMP seq=1 bare", "bare word at byte 12", keysBefore: ["seq"]),
        TokenFailureCase("TEMP seq=1 person", "bare word", keysBefore: ["seq"]),
        TokenFailureCase("TEMP =value", "bare word at byte 6"),
        TokenFailureCase("TEMP seq=4 =value person=x", "bare word", keysBefore: ["seq"]),
        TokenFailureCase("TEMP seq =1", "bare word"),
        TokenFailureCase(bytes: Array("TEMP note=".utf8) + [0xFF], "not valid UTF-8", verb: nil),
        TokenFailureCase(bytes: [0xC0, 0x80], "not valid UTF-8", verb: nil),
        TokenFailureCase(bytes: Array("TEMP seq=1 note=".utf8) + [0xED, 0xA0, 0x80], "not valid UTF-8", verb: nil),
        TokenFailureCase(bytes: [0xE4, 0xBD], "not valid UTF-8", verb: nil),
    ]

    @Test(arguments: malformed)
    func tokenize_whenLineIsMalformed_failsWithSyntaxAndKeepsFieldsBefore(testCase: TokenFailureCase) throws {
        let failure = try #require(throws: LineTokenizer.Failure.self) {
            try LineTokenizer.tokenize(testCase.bytes)
        }
        #expect(failure.error.code == .syntax)
        #expect(failure.error.message.contains(testCase.hint), "\(failure.error.message)")
        #expect(failure.verb == testCase.verb)
        #expect(failure.fieldsBefore.map(\.key) == testCase.keysBefore)
    }

    @Test func tokenize_whenFailingAfterSeq_keepsTheSeqValueForTheReply() throws {
        let failure = try #require(throws: LineTokenizer.Failure.self) {
            try LineTokenizer.tokenize(#"TEMP seq=42 person=13800138000 note="open"#.utf8)
        }
        #expect(failure.fieldsBefore.map(\.key) == ["seq", "person"])
        #expect(failure.fieldsBefore.map(\.value) == ["42", "13800138000"])
    }

    @Test func tokenize_whenGivenAnArraySlice_readsOnlyTheSlice() throws {
        let bytes = Array("xxPING k=v\n".utf8)
        let tokens = try LineTokenizer.tokenize(bytes[2..<10])
        #expect(tokens.verb == "PING")
        #expect(tokens.fields.map(\.value) == ["v"])
    }

    // MARK: quoting for replies

    @Test(arguments: [
        ("plain", "plain"), ("138****8000", "138****8000"), ("", #""""#), ("a b", #""a b""#),
        ("a\tb", "\"a\tb\""), (#"a"b"#, #""a\"b""#), (#"a\b"#, #""a\\b""#), ("a=b", #""a=b""#),
    ])
    func quoteIfNeeded_whenValueNeedsIt_quotesAndEscapes(value: String, expected: String) {
        #expect(LineTokenizer.quoteIfNeeded(value) == expected)
    }

    @Test(arguments: ["", "plain", "a b", "a\tb", #"say "hi""#, #"C:\dir\"#, "a=b", "体温 正常", #"\""#, "  "])
    func quoteIfNeeded_whenTokenizedAgain_givesBackTheValue(value: String) throws {
        let tokens = try LineTokenizer.tokenize("X k=\(LineTokenizer.quoteIfNeeded(value))".utf8)
        #expect(tokens.fields.map(\.value) == [value])
    }

    @Test(arguments: ["a\nb", "a\rb", "a\r\nb", "\n"])
    func quote_whenValueHasLineBreaks_staysOnOneLine(value: String) {
        let quoted = LineTokenizer.quote(value)
        #expect(!quoted.contains("\n") && !quoted.contains("\r"))
    }

    /// `quoteIfNeeded` is documented as "writes a value for a reply"; a reply is one line, so a line break in the
    /// value must not reach the wire raw.
    @Test(arguments: ["a\nb", "a\rb"])
    func quoteIfNeeded_whenValueHasLineBreaks_staysOnOneLine(value: String) {
        let written = LineTokenizer.quoteIfNeeded(value)
        #expect(!written.unicodeScalars.contains("\n") && !written.unicodeScalars.contains("\r"))
    }
}
