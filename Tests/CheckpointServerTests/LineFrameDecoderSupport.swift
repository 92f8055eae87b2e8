import NIOCore
import NIOEmbedded
import Testing

@testable import CheckpointServer

extension InboundLine: Equatable, CustomStringConvertible {
    static func == (lhs: InboundLine, rhs: InboundLine) -> Bool {
        switch (lhs, rhs) {
        case (.line(let left), .line(let right)): return left == right
        case (.tooLong, .tooLong): return true
        default: return false
        }
    }

    var description: String {
        switch self {
        case .line(let buffer): return "line(\(String(buffer: buffer).debugDescription))"
        case .tooLong: return "tooLong"
        }
    }

    /// A decoded line with this text.
    static func text(_ text: String) -> InboundLine {
        .line(ByteBuffer(string: text))
    }
}

/// SplitMix64: a seeded generator, so a failing chunking can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// Runs `LineFrameDecoder` the way a connection does: through a `ByteToMessageHandler` in an `EmbeddedChannel`.
struct DecoderHarness {
    let channel: EmbeddedChannel

    init(maximumLength: Int) {
        channel = EmbeddedChannel(handler: ByteToMessageHandler(LineFrameDecoder(maximumLength: maximumLength)))
    }

    /// Writes each chunk as one read (an empty chunk is an empty buffer) and returns what came out so far.
    func feed(_ chunks: [[UInt8]]) throws -> [InboundLine] {
        for chunk in chunks {
            try channel.writeInbound(ByteBuffer(bytes: chunk))
        }
        return try drain()
    }

    func drain() throws -> [InboundLine] {
        var lines: [InboundLine] = []
        while let line = try channel.readInbound(as: InboundLine.self) {
            lines.append(line)
        }
        return lines
    }

    /// Closes the channel; true when nothing was left over (no output from `decodeLast`, no error).
    func finishCleanly() throws -> Bool {
        if case .clean = try channel.finish() { return true }
        return false
    }

    /// Decodes `bytes` in one read, byte by byte, and in random chunks with empty reads between; all three must
    /// agree. Returns the one-read result.
    static func decodeEveryWay(
        _ bytes: [UInt8], maximumLength: Int, seeds: ClosedRange<UInt64> = 1...20,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [InboundLine] {
        let whole = try decode([bytes], maximumLength: maximumLength)
        let byteByByte = try decode(bytes.map { [$0] }, maximumLength: maximumLength)
        #expect(byteByByte == whole, "byte by byte", sourceLocation: sourceLocation)
        let withEmpties = try decode(bytes.flatMap { [[], [$0]] } + [[]], maximumLength: maximumLength)
        #expect(withEmpties == whole, "with empty reads", sourceLocation: sourceLocation)
        for seed in seeds {
            let chunks = randomChunks(bytes, seed: seed)
            let chunked = try decode(chunks, maximumLength: maximumLength)
            #expect(chunked == whole, "seed \(seed): \(chunks.map(\.count))", sourceLocation: sourceLocation)
        }
        return whole
    }

    static func decode(_ chunks: [[UInt8]], maximumLength: Int) throws -> [InboundLine] {
        let harness = DecoderHarness(maximumLength: maximumLength)
        let lines = try harness.feed(chunks)
        #expect(try harness.finishCleanly())
        return lines
    }

    /// Splits `bytes` into chunks of 0 to 9 bytes (0 gives an empty read).
    static func randomChunks(_ bytes: [UInt8], seed: UInt64) -> [[UInt8]] {
        var generator = SeededGenerator(state: seed)
        var chunks: [[UInt8]] = []
        var index = 0
        while index < bytes.count {
            let size = Int.random(in: 0...9, using: &generator)
            let end = min(bytes.count, index + size)
            chunks.append(Array(bytes[index..<end]))
            index = end
        }
        return chunks
    }
}

/// Calls `decode` directly with a buffer the test owns, so the bytes held between reads can be measured.
final class PassThrough: ChannelInboundHandler {
    typealias InboundIn = InboundLine
}

struct DirectDecoder {
    let channel = EmbeddedChannel()
    var decoder: LineFrameDecoder
    var buffer = ByteBuffer()
    /// The most bytes left in the buffer after a read was decoded.
    private(set) var mostHeld = 0

    init(maximumLength: Int) throws {
        decoder = LineFrameDecoder(maximumLength: maximumLength)
        try channel.pipeline.syncOperations.addHandler(PassThrough())
    }

    mutating func read(_ bytes: some Sequence<UInt8>) throws {
        let context = try channel.pipeline.syncOperations.context(handlerType: PassThrough.self)
        buffer.writeBytes(bytes)
        while try decoder.decode(context: context, buffer: &buffer) == .continue {}
        buffer.discardReadBytes()
        mostHeld = max(mostHeld, buffer.readableBytes)
    }

    func output() throws -> [InboundLine] {
        var lines: [InboundLine] = []
        while let line = try channel.readInbound(as: InboundLine.self) {
            lines.append(line)
        }
        return lines
    }

    /// Closes the channel: until then it and its pipeline hold each other (LeakSanitizer found them at exit).
    func finish() throws {
        _ = try channel.finish(acceptAlreadyClosed: true)
    }
}
