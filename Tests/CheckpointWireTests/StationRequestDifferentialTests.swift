import CheckpointCore
import CheckpointWire
import CheckpointWireOracle
import Testing

/// The byte-level `StationRequestParser` and `LineTokenizer` against the implementations they replaced
/// (`ReferenceStationRequestParser`, `ReferenceLineTokenizer`): for every generated line the same request, or the
/// same error code, message and echoed seq; the same tokens, or the same failure.
@Suite struct StationRequestDifferentialTests {
    static let linesPerSeed = 4_000

    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func parse_whenGivenGeneratedLines_matchesTheReferenceParser(seed: UInt64) {
        var generator = StationLineGenerator(seed: seed)
        var mismatches = 0
        for _ in 0..<Self.linesPerSeed {
            let line = generator.line()
            let expected = StationOutcome.reference(line)
            let actual = StationOutcome.library(line)
            if actual != expected {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record("\(Array(line)) \(String(decoding: line, as: UTF8.self).debugDescription): \(actual) != \(expected)")
                }
            }
        }
        #expect(mismatches == 0)
    }

    @Test(arguments: [UInt64(11), 12])
    func tokenize_whenGivenGeneratedLines_matchesTheReferenceTokenizer(seed: UInt64) {
        var generator = StationLineGenerator(seed: seed)
        var mismatches = 0
        for _ in 0..<Self.linesPerSeed {
            let line = generator.line()
            let expected = TokenOutcome.reference(line)
            let actual = TokenOutcome.library(line)
            if actual != expected {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record("\(String(decoding: line, as: UTF8.self).debugDescription): \(actual) != \(expected)")
                }
            }
        }
        #expect(mismatches == 0)
    }

    /// The server hands the parser a `ByteBufferView`; stations and tests arrays, slices and `String.UTF8View`s.
    /// Contiguous or not, offset or not, the result is the same.
    @Test(arguments: [UInt64(21)])
    func parse_whenTheLineIsAnotherCollection_givesTheSameResult(seed: UInt64) {
        var generator = StationLineGenerator(seed: seed)
        for _ in 0..<1_000 {
            let line = generator.line()
            let expected = StationOutcome.library(line)
            let padded = [0x41, 0x20] + line + [0x20, 0x22]
            #expect(StationOutcome.library(padded[2..<(padded.count - 2)]) == expected)
            #expect(StationOutcome.library(NonContiguousBytes(bytes: line)) == expected)
            if let text = String(validating: line, as: UTF8.self) {
                #expect(StationOutcome.library(text.utf8) == expected)
                #expect(StationOutcome.library(("xy" + text).utf8.dropFirst(2)) == expected)
            }
        }
    }

    /// Lines of every length around the 8-byte steps of the scanner, each byte of a record line in turn cut off
    /// or replaced by each byte the grammar cares about.
    @Test func parse_whenARecordLineIsCutOrChangedAtEveryByte_matchesTheReferenceParser() {
        let lines = [
            "TEMP seq=12 person=13800138000 temp=36.6 ts=1581034500000",
            "ENTRY seq=9007199254740991 person=+86 origin=outside note=\"a \\\"b\\\" c\" temp=37",
            "HELLO station=gate-3 token=\"s e\" proto=1",
            "LOOKUP\tperson=11010519491231002x",
        ]
        let replacements: [UInt8] = [0x20, 0x09, 0x22, 0x5C, 0x3D, 0x00, 0x41, 0x31, 0x2E, 0x80, 0xFF]
        for text in lines {
            let line = Array(text.utf8)
            for end in 0...line.count {
                let cut = Array(line[..<end])
                #expect(StationOutcome.library(cut) == StationOutcome.reference(cut), "\(cut)")
            }
            for index in line.indices {
                for byte in replacements {
                    var changed = line
                    changed[index] = byte
                    #expect(StationOutcome.library(changed) == StationOutcome.reference(changed), "\(changed)")
                }
            }
        }
    }
}

/// A collection of bytes without contiguous storage (the parser's fallback path).
struct NonContiguousBytes: Collection {
    var bytes: [UInt8]
    var startIndex: Int { 0 }
    var endIndex: Int { bytes.count }
    func index(after index: Int) -> Int { index + 1 }
    subscript(position: Int) -> UInt8 { bytes[position] }
}
