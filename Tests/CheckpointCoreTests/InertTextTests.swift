import CheckpointCore
import Testing

@Suite struct InertTextTests {
    @Test func isControl_atTheEdgesOfC0DelAndC1_isTrueInsideOnly() {
        let inside: [UInt32] = [0x00, 0x09, 0x1B, 0x1F, 0x7F, 0x80, 0x9B, 0x9F]
        let outside: [UInt32] = [0x20, 0x7E, 0xA0, 0x4E2D, 0x3000]
        for value in inside { #expect(InertText.isControl(Unicode.Scalar(value)!), "\(value)") }
        for value in outside { #expect(!InertText.isControl(Unicode.Scalar(value)!), "\(value)") }
    }

    @Test func firstControlCharacter_inPlainChineseAndEnglish_isNil() {
        #expect(InertText.firstControlCharacter(in: "北门 north gate, lane 3") == nil)
        #expect(InertText.firstControlCharacter(in: "a\u{1B}b\u{7F}") == "\u{1B}")
    }

    @Test func escaped_writesEachControlCharacterVisiblyAndLeavesTheRest() {
        #expect(InertText.escaped("plain 北门") == "plain 北门")
        #expect(InertText.escaped("a\u{1B}[2J\u{9B}b\u{0}\u{7F}") == #"a\x1B[2J\x9Bb\x00\x7F"#)
        #expect(InertText.escaped("tab\tline\nreturn\r") == #"tab\tline\nreturn\r"#)
    }

    @Test func trimmed_removesUnicodeSpaceAtBothEndsOnly() {
        #expect(InertText.trimmed(" \u{3000}\t") == "")
        #expect(InertText.trimmed("\u{A0} case 17 \n") == "case 17")
        #expect(InertText.trimmed("a  b") == "a  b")
    }

    @Test func refusal_namesTheFieldAndTheCharacterEscaped() {
        let message = InertText.refusal(field: "note", character: "\u{1B}")
        #expect(message == #"note must not contain control characters (found \x1B); use plain text on one line"#)
    }
}

@Suite struct CSVCellTests {
    @Test(arguments: ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
    func field_whenItStartsAFormula_getsAQuoteMark(text: String) {
        #expect(CSVCell.field(text).hasPrefix("'") || CSVCell.field(text).hasPrefix("\"'"), "\(text)")
        #expect(CSVCell.neutralised(text) == "'" + text)
    }

    @Test func field_quotesPerRFC4180AfterNeutralising() {
        #expect(CSVCell.field("plain") == "plain")
        #expect(CSVCell.field("") == "")
        #expect(CSVCell.field(#"a,"b""#) == #""a,""b""""#)
        #expect(CSVCell.field("=HYPERLINK(\"x\")") == #""'=HYPERLINK(""x"")""#)
        #expect(CSVCell.field("36.6") == "36.6")
    }
}
