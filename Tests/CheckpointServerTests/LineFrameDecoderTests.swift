import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing

@testable import CheckpointServer

@Suite struct LineFrameDecoderTests {
    static let maximum = 16
    static let sixteen = String(repeating: "a", count: 16)
    static let seventeen = String(repeating: "b", count: 17)

    private static func pairs(_ pairs: [(String, [InboundLine])]) -> [(ByteBuffer, [InboundLine])] {
        pairs.map { (ByteBuffer(string: $0.0), $0.1) }
    }

    // MARK: ByteToMessageDecoderVerifier

    @Test func verifier_whenLinesEndWithLF_decodesEveryFeedingPattern() throws {
        let pairs = Self.pairs([
            ("PING\n", [.text("PING")]),
            ("TEMP seq=1\n", [.text("TEMP seq=1")]),
            ("\n", [.text("")]),
            ("a\nb\n", [.text("a"), .text("b")]),
            (Self.sixteen + "\n", [.text(Self.sixteen)]),
            (Self.seventeen + "\n", [.tooLong]),
            (String(repeating: "c", count: 40) + "\n", [.tooLong]),
            ("x\n" + String(repeating: "d", count: 20) + "\ny\n", [.text("x"), .tooLong, .text("y")]),
            ("体温\n", [.text("体温")]),
        ])
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) {
            LineFrameDecoder(maximumLength: Self.maximum)
        }
    }

    @Test func verifier_whenLinesEndWithCRLF_stripsTheCR() throws {
        let pairs = Self.pairs([
            ("PING\r\n", [.text("PING")]),
            ("\r\n", [.text("")]),
            ("a\r\nb\n", [.text("a"), .text("b")]),
            (Self.sixteen + "\r\n", [.text(Self.sixteen)]),
            (Self.seventeen + "\r\n", [.tooLong]),
            (String(repeating: "e", count: 15) + "\r\r\n", [.text(String(repeating: "e", count: 15) + "\r")]),
            (Self.sixteen + "\r\r\n", [.tooLong]),
            ("a\rb\r\n", [.text("a\rb")]),
            ("\r\r\n", [.text("\r")]),
        ])
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) {
            LineFrameDecoder(maximumLength: Self.maximum)
        }
    }

    // MARK: chunking

    @Test func decode_whenFedWholeByteByByteOrInRandomChunks_givesTheSameLines() throws {
        let stream = "PING\n\r\n\n" + Self.sixteen + "\r\n" + Self.seventeen + "\n" + Self.seventeen + "\r\n"
            + String(repeating: "f", count: 40) + "\na\rb\nTEMP seq=1\r\nPARTIAL"
        let lines = try DecoderHarness.decodeEveryWay(Array(stream.utf8), maximumLength: Self.maximum)
        #expect(lines == [
            .text("PING"), .text(""), .text(""), .text(Self.sixteen), .tooLong, .tooLong, .tooLong, .text("a\rb"),
            .text("TEMP seq=1"),
        ])
    }

    @Test(arguments: [
        (16, 16, "\n", true), (16, 16, "\r\n", true), (16, 17, "\n", false), (16, 17, "\r\n", false),
        (16, 0, "\n", true), (1, 1, "\r\n", true), (1, 2, "\n", false), (1024, 1024, "\r\n", true),
        (1024, 1025, "\n", false), (1024, 1025, "\r\n", false),
    ])
    func decode_whenLineIsAtOrPastTheMaximum_passesOrIsTooLong(
        maximum: Int, length: Int, end: String, passes: Bool
    ) throws {
        let content = String(repeating: "g", count: length)
        let lines = try DecoderHarness.decodeEveryWay(
            Array((content + end + "K\n").utf8), maximumLength: maximum, seeds: 1...5)
        #expect(lines == [passes ? .text(content) : .tooLong, .text("K")])
    }

    @Test func decode_whenLineIsTooLong_reportsOnceAndTheNextLineDecodes() throws {
        let harness = DecoderHarness(maximumLength: Self.maximum)
        #expect(try harness.feed([Array((Self.seventeen + "\r\n").utf8)]) == [.tooLong])
        #expect(try harness.feed([Array("PING\r\n".utf8)]) == [.text("PING")])
        #expect(try harness.finishCleanly())
    }

    @Test func decode_whenTooLongLineArrivesSlowly_reportsAsSoonAsItPassesTheMaximum() throws {
        let harness = DecoderHarness(maximumLength: Self.maximum)
        #expect(try harness.feed(Array(Self.sixteen.utf8).map { [$0] }) == [])
        #expect(try harness.feed([[UInt8(ascii: "h")]]) == [])
        #expect(try harness.feed([[UInt8(ascii: "h")]]) == [.tooLong])
        #expect(try harness.feed(Array(repeating: [UInt8(ascii: "h")], count: 5_000)) == [])
        #expect(try harness.feed([Array("\nPING\n".utf8)]) == [.text("PING")])
        #expect(try harness.finishCleanly())
    }

    @Test func decode_whenTenMegabytesArriveWithoutLF_reportsOnceAndStaysBounded() throws {
        var direct = try DirectDecoder(maximumLength: Self.maximum)
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 65_536)
        for _ in 0..<160 {
            try direct.read(chunk)
        }
        try direct.read(Array("tail\nPING\n".utf8))
        #expect(try direct.output() == [.tooLong, .text("PING")])
        #expect(direct.mostHeld <= Self.maximum + 1)
        try direct.finish()
    }

    @Test func decode_whenLongLineDripsIn_neverHoldsMoreThanTheMaximumPlusOne() throws {
        var direct = try DirectDecoder(maximumLength: Self.maximum)
        let line = Array((String(repeating: "y", count: 1_000) + "\n" + Self.sixteen + "\r\n").utf8)
        for chunk in DecoderHarness.randomChunks(line, seed: 7) {
            try direct.read(chunk)
            #expect(direct.mostHeld <= Self.maximum + 1)
        }
        #expect(try direct.output() == [.tooLong, .text(Self.sixteen)])
        #expect(direct.buffer.readableBytes == 0)
        try direct.finish()
    }

    @Test func decode_whenTenMegabytesGoThroughAChannel_reportsOnceAndNextLineWorks() throws {
        let harness = DecoderHarness(maximumLength: 1024)
        let chunk = [UInt8](repeating: UInt8(ascii: "z"), count: 65_536)
        #expect(try harness.feed(Array(repeating: chunk, count: 160)) == [.tooLong])
        #expect(try harness.feed([Array("\nHELLO station=S1\n".utf8)]) == [.text("HELLO station=S1")])
        #expect(try harness.finishCleanly())
    }

    // MARK: end of input

    @Test func decodeLast_whenLastLineHasNoLF_dropsIt() throws {
        let harness = DecoderHarness(maximumLength: Self.maximum)
        #expect(try harness.feed([Array("PING\nPAR".utf8)]) == [.text("PING")])
        #expect(try harness.finishCleanly())
    }

    @Test(arguments: ["", "PAR", "PING\r", String(repeating: "i", count: 17), String(repeating: "i", count: 16) + "\r"])
    func decodeLast_whenOnlyAPartialLineWasSent_givesNothing(partial: String) throws {
        #expect(try DecoderHarness.decodeEveryWay(Array(partial.utf8), maximumLength: Self.maximum) == [])
    }

    @Test func decodeLast_whenDiscardingAtEOF_givesNothingMore() throws {
        let harness = DecoderHarness(maximumLength: Self.maximum)
        #expect(try harness.feed([Array(String(repeating: "j", count: 30).utf8)]) == [.tooLong])
        #expect(try harness.finishCleanly())
    }

    // MARK: empty lines

    @Test func decode_whenLinesAreEmpty_deliversEmptyLines() throws {
        let lines = try DecoderHarness.decodeEveryWay(Array("\n\r\n\n".utf8), maximumLength: Self.maximum)
        #expect(lines == [.text(""), .text(""), .text("")])
    }
}
