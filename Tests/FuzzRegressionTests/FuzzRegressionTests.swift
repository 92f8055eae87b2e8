import CheckpointFuzzTargets
import CheckpointWire
import Foundation
import Testing

/// Every input a fuzz run ever failed on (Fuzz/regressions/TARGET/) and every seed (Fuzz/corpus/TARGET/) passes
/// its target's checks: the parsers' properties hold and nothing crashes. Runs without libFuzzer, in the suite.
@Suite struct FuzzRegressionTests {
    static let fuzzDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    static func inputs(_ folder: String, _ target: FuzzTarget) throws -> [(name: String, bytes: [UInt8])] {
        let directory = fuzzDirectory.appendingPathComponent(folder).appendingPathComponent(target.rawValue)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") }.sorted()
        return try names.map { name in
            (name, Array(try Data(contentsOf: directory.appendingPathComponent(name))))
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func regressions_whenReplayed_breakNoProperty(target: FuzzTarget) throws {
        for (name, bytes) in try Self.inputs("regressions", target) {
            let failure = bytes.withUnsafeBufferPointer { target.check($0) }
            #expect(failure == nil, "Fuzz/regressions/\(target.rawValue)/\(name): \(failure ?? "")")
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func seeds_whenReplayed_breakNoPropertyAndExist(target: FuzzTarget) throws {
        let seeds = try Self.inputs("corpus", target)
        #expect(!seeds.isEmpty, "Fuzz/corpus/\(target.rawValue) has no seeds")
        for (name, bytes) in seeds {
            let failure = bytes.withUnsafeBufferPointer { target.check($0) }
            #expect(failure == nil, "Fuzz/corpus/\(target.rawValue)/\(name): \(failure ?? "")")
        }
    }

    /// Two of the inputs are refused for the reasons their fixes give (the checks above only say no property
    /// breaks): a HELLO token with NULs, and `cmd=` as a typed argument.
    @Test func regressions_areRefusedForTheReasonsTheFixesGive() throws {
        let hello = try #require(try Self.inputs("regressions", .stationLine).first { $0.name.hasPrefix("token-") })
        let line = hello.bytes.prefix { $0 != UInt8(ascii: "\n") }
        #expect(throws: StationRequestError.self) { try StationRequestParser.parse(line) }
        do throws(StationRequestError) {
            _ = try StationRequestParser.parse(line)
        } catch {
            #expect(error.error.code == .field)
            #expect(error.error.message.hasPrefix("token must not contain control characters"))
        }
        let typed = try #require(try Self.inputs("regressions", .controlRequest).first { $0.name.hasPrefix("cmd-") })
        let request = String(decoding: typed.bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        do throws(WireError) {
            _ = try ControlRequest.parse(request)
            Issue.record("\(request) was accepted")
        } catch {
            #expect(error.code == .argument)
            #expect(error.message.hasPrefix("cmd= is not an argument here"))
        }
    }
}
