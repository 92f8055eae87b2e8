import CheckpointConfig
import CheckpointCore
import CheckpointWire
import CheckpointWireOracle

/// The fuzz targets (scripts/fuzz): each reads one input and returns nil, or what property it broke. A crash or
/// an address-sanitizer report fails a target as well. `checkpoint-fuzz` runs them under libFuzzer; the test
/// `FuzzRegressionTests` replays the seed corpora and every input a run ever failed on (Fuzz/regressions/).
public enum FuzzTarget: String, CaseIterable, Sendable {
    case stationLine = "station-line"
    case stationDifferential = "station-differential"
    case stationReply = "station-reply"
    case controlRequest = "control-request"
    case configFile = "config-file"

    /// Nil when every property holds for `input`; else what went wrong, for the report.
    public func check(_ input: UnsafeBufferPointer<UInt8>) -> String? {
        switch self {
        case .stationLine: Self.stationLine(input)
        case .stationDifferential: Self.stationDifferential(input)
        case .stationReply: Self.stationReply(input)
        case .controlRequest: Self.controlRequest(input)
        case .configFile: Self.configFile(input)
        }
    }

    /// The input up to its first LF, without a CR before it: what the daemon's (and the terminal's) line framing
    /// hands a parser. A parser never sees a line end.
    static func firstLine(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var end = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
        if end > bytes.startIndex, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[..<end])
    }

    /// The station line parser: a request or a `StationRequestError` for every input; a request renders to a line
    /// that parses back to the same request.
    static func stationLine(_ input: UnsafeBufferPointer<UInt8>) -> String? {
        let bytes = firstLine(input)
        do throws(StationRequestError) {
            let request = try StationRequestParser.parse(bytes)
            let line = request.line
            do throws(StationRequestError) {
                let again = try StationRequestParser.parse(line.utf8)
                if again != request { return "\(request) rendered as \(line) parses as \(again)" }
            } catch {
                return "\(request) rendered as \(line) is refused: \(error.error)"
            }
        } catch {
            if error.error.message.isEmpty { return "an error without a message" }
        }
        return nil
    }

    /// The byte-level parser and tokenizer against the reference implementations they replaced (an independent
    /// oracle): the same request, or the same code, message and echoed seq.
    static func stationDifferential(_ input: UnsafeBufferPointer<UInt8>) -> String? {
        let bytes = Array(input)
        let library = StationOutcome.library(bytes)
        let reference = StationOutcome.reference(bytes)
        if library != reference { return "parser: library \(library) != reference \(reference)" }
        let tokens = TokenOutcome.library(bytes)
        let referenceTokens = TokenOutcome.reference(bytes)
        if tokens != referenceTokens { return "tokenizer: library and reference disagree" }
        return nil
    }

    /// The reply parser of the station terminal: a reply or an error for every input; a reply renders to a line that
    /// parses back and renders to the same line (a fixpoint: rendering escapes what parsing may accept, such as a
    /// tab inside a message).
    static func stationReply(_ input: UnsafeBufferPointer<UInt8>) -> String? {
        let bytes = firstLine(input)
        do throws(StationReplyError) {
            let reply = try StationReply(parsing: bytes)
            let line = reply.render(in: FixedOffsetZone(seconds: 8 * 3600))
            do throws(StationReplyError) {
                let again = try StationReply(parsing: line).render(in: FixedOffsetZone(seconds: 8 * 3600))
                if again != line { return "\(reply) rendered as \(line) renders again as \(again)" }
            } catch {
                return "\(reply) rendered as \(line) is refused: \(error)"
            }
        } catch {
            if error.message.isEmpty { return "an error without a message" }
        }
        return nil
    }

    /// The control request parser, JSON and `cmd key=value`: a request or a `WireError`; a request serialises to a
    /// JSON line that parses back and serialises to the same line (a fixpoint: `2.0` is written `2`).
    static func controlRequest(_ input: UnsafeBufferPointer<UInt8>) -> String? {
        let line = String(decoding: firstLine(input), as: UTF8.self)
        do throws(WireError) {
            let request = try ControlRequest.parse(line)
            let json = request.serialized()
            do throws(WireError) {
                let again = try ControlRequest.parse(json).serialized()
                if again != json { return "\(line) serialised as \(json) serialises again as \(again)" }
            } catch {
                return "\(line) serialised as \(json) is refused: \(error)"
            }
            _ = try? request.requireInertText()
        } catch {
            if error.message.isEmpty { return "an error without a message" }
        }
        return nil
    }

    /// A configuration file, from its bytes to a validated configuration or a `ConfigError` that names the line.
    static func configFile(_ input: UnsafeBufferPointer<UInt8>) -> String? {
        let bytes = Array(input)
        do throws(ConfigError) {
            _ = try ConfigLoader.configuration(
                fileBytes: bytes, path: "/etc/checkpointd/checkpointd.conf",
                environment: ["HOME": "/home/fuzz", "XDG_RUNTIME_DIR": "/run/user/1000"])
        } catch {
            if error.message.isEmpty { return "an error without a message" }
        }
        return nil
    }
}
