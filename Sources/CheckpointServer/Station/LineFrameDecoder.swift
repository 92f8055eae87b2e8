import Glibc
import NIOCore

/// What the framing hands to a session: a complete line (without its LF or CRLF), or the news that a line was
/// longer than allowed.
enum InboundLine {
    case line(ByteBuffer)
    case tooLong
}

/// Splits the byte stream into lines of at most `maximumLength` bytes (SPEC §3 `max_line_bytes`, counting the
/// bytes before the line end). A longer line is reported once as `.tooLong` and the rest of it, up to the next
/// LF, is discarded without being buffered; the connection stays open (STYLE §7.1). The buffer never holds
/// more than one maximal line plus one read.
struct LineFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = InboundLine

    let maximumLength: Int
    /// Bytes at the front of the buffer already searched for LF (so a slowly arriving line is scanned once).
    private var scanned = 0
    /// Dropping the rest of a line already reported as too long.
    private var discarding = false

    init(maximumLength: Int) {
        self.maximumLength = maximumLength
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        if let offset = LineFrameDecoder.firstLineFeed(in: buffer, from: scanned) {
            let newline = view.startIndex + offset
            let length = offset
            scanned = 0
            if discarding {
                discarding = false
                buffer.moveReaderIndex(forwardBy: length + 1)
                return .continue
            }
            let endsWithCR = length > 0 && view[newline - 1] == UInt8(ascii: "\r")
            let contentLength = endsWithCR ? length - 1 : length
            if contentLength > maximumLength {
                buffer.moveReaderIndex(forwardBy: length + 1)
                context.fireChannelRead(wrapInboundOut(.tooLong))
                return .continue
            }
            // Safe because `contentLength` bytes are readable: the LF lies beyond them.
            let line = buffer.readSlice(length: contentLength)!
            buffer.moveReaderIndex(forwardBy: length - contentLength + 1)
            context.fireChannelRead(wrapInboundOut(.line(line)))
            return .continue
        }
        if discarding {
            buffer.moveReaderIndex(forwardBy: view.count)
            scanned = 0
            return .needMoreData
        }
        // One byte more than the maximum may still be the CR of a CRLF.
        if view.count > maximumLength + 1 {
            buffer.moveReaderIndex(forwardBy: view.count)
            scanned = 0
            discarding = true
            context.fireChannelRead(wrapInboundOut(.tooLong))
            return .needMoreData
        }
        scanned = view.count
        return .needMoreData
    }

    /// The offset of the first LF in `buffer`'s readable bytes at or after `start`: `memchr`, not a byte-by-byte
    /// walk of the buffer's view (issue 14: a client streaming a 100 MB line made the walk cost a whole core).
    static func firstLineFeed(in buffer: ByteBuffer, from start: Int) -> Int? {
        buffer.withUnsafeReadableBytes { bytes -> Int? in
            guard start < bytes.count, let base = bytes.baseAddress else { return nil }
            guard let found = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start) else {
                return nil
            }
            return base.distance(to: UnsafeRawPointer(found))
        }
    }

    mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        // Lines end with LF: a partial last line at end of input is dropped (there is no one left to answer).
        while try decode(context: context, buffer: &buffer) == .continue {}
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }
}
