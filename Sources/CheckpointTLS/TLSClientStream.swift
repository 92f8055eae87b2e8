import NIOCore
import NIOEmbedded
public import NIOSSL
import NIOTLS

/// TLS for a socket the caller owns and polls itself (the terminal's single-threaded `poll(2)` loop): the caller
/// moves ciphertext between the socket and the stream, and plaintext between the stream and its own buffers.
///
/// NIOSSL's handler runs in an `EmbeddedChannel` on the caller's thread, so no event loop threads are started.
/// Use: after the TCP connect completes, ``start()``; whenever the socket is readable, ``receive(_:)`` what was
/// read and hand the plaintext to the line parser; ``write(_:)`` request lines; after every call, send
/// ``takeOutgoing()`` on the socket (queue it, as `Connection` does). A thrown ``TLSError`` has `code ==
/// .connection` and a ``TLSError/failure`` to show the clerk; drop the connection then, as for a broken socket.
public final class TLSClientStream {
    private let channel: EmbeddedChannel
    private let tracker: HandshakeTracker
    private let peer: SocketAddress?

    /// `peerIP`/`peerPort`: the address connected to; needed when ``TLSClientSettings/serverHostname`` is an IP
    /// address (the certificate is checked against it).
    public init(
        settings: TLSClientSettings, context: NIOSSLContext, peerIP: String? = nil, peerPort: Int = 0
    ) throws(TLSError) {
        let handler = try settings.makeClientHandler(context: context)
        let tracker = HandshakeTracker()
        channel = EmbeddedChannel()
        self.tracker = tracker
        peer = peerIP.flatMap { try? SocketAddress(ipAddress: $0, port: peerPort) }
        do {
            try channel.pipeline.syncOperations.addHandler(handler)
            try channel.pipeline.syncOperations.addHandler(tracker)
        } catch {
            throw TLSError(.context, "the TLS handler could not be set up: \(error)", cause: error)
        }
    }

    /// Whether the handshake completed: the server is verified (under TLS 1.3 the server may still refuse our
    /// certificate: that shows as an error from ``receive(_:)``).
    public var isHandshakeComplete: Bool { tracker.completed }

    /// Begins the handshake (the ClientHello goes to ``takeOutgoing()``).
    public func start() throws(TLSError) {
        channel.remoteAddress = peer
        channel.connect(to: peer ?? Self.placeholder, promise: nil)
        try check()
    }

    /// Encrypts `plaintext` (held back until the handshake completes).
    public func write(_ plaintext: [UInt8]) throws(TLSError) {
        channel.writeAndFlush(ByteBuffer(bytes: plaintext), promise: nil)
        try check()
    }

    /// The ciphertext to send on the socket now (may be empty).
    public func takeOutgoing() throws(TLSError) -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            while var buffer = try channel.readOutbound(as: ByteBuffer.self) {
                bytes += buffer.readBytes(length: buffer.readableBytes) ?? []
            }
        } catch {
            throw Self.failed(error)
        }
        return bytes
    }

    /// Decrypts what the socket delivered; returns the plaintext that came out of it (may be empty).
    public func receive(_ ciphertext: [UInt8]) throws(TLSError) -> [UInt8] {
        do {
            try channel.writeInbound(ByteBuffer(bytes: ciphertext))
            var plaintext: [UInt8] = []
            while var buffer = try channel.readInbound(as: ByteBuffer.self) {
                plaintext += buffer.readBytes(length: buffer.readableBytes) ?? []
            }
            return plaintext
        } catch {
            throw Self.failed(error)
        }
    }

    /// Says goodbye (`close_notify` goes to ``takeOutgoing()``); the caller then closes the socket.
    public func close() {
        channel.close(promise: nil)
    }

    /// NIOSSL finishes a close only when the server's `close_notify` arrives or its shutdown timeout fires; a stream
    /// given up never sees the first, and the embedded loop's clock never reaches the second. Until the close
    /// finishes, the channel and its pipeline hold each other, so every connection of a long-running terminal
    /// leaked them (LeakSanitizer, `scripts/sanitize address`). Advancing the loop's clock fires the timeout.
    deinit {
        channel.close(promise: nil)
        channel.embeddedEventLoop.advanceTime(by: .hours(1))
    }

    private func check() throws(TLSError) {
        do {
            try channel.throwIfErrorCaught()
        } catch {
            throw Self.failed(error)
        }
    }

    private static func failed(_ error: any Error) -> TLSError {
        let failure = TLSFailure(classifying: error, asClient: true)
        var tlsError = TLSError(.connection, failure.englishDescription + " (\(error))", cause: error)
        tlsError.failure = failure
        return tlsError
    }

    /// EmbeddedChannel needs some address to connect to; unused unless the host is an IP address.
    private static let placeholder: SocketAddress = {
        do {
            return try SocketAddress(ipAddress: "0.0.0.0", port: 0)
        } catch {
            fatalError("0.0.0.0 is always an IPv4 address: \(error)")
        }
    }()
}

/// Notes the end of the handshake and passes everything on.
private final class HandshakeTracker: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    var completed = false

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            completed = true
        }
        context.fireUserInboundEventTriggered(event)
    }
}
