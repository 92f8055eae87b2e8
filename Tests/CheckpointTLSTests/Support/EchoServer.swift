import CheckpointTLS
import Crypto
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// A TLS echo server on 127.0.0.1 and a port of the system's choosing, set up as the daemon's listener will be:
/// one `NIOSSLServerHandler` per connection from a ``TLSContextStore``. After the handshake it greets with
/// `station=ID` (the client certificate's station id, `-` without one) and then echoes every byte.
final class EchoServer: Sendable {
    let store: TLSContextStore
    let port: Int
    private let channel: any Channel
    /// Handshake errors the server saw, classified.
    let failures = NIOLockedValueBox<[TLSFailure]>([])

    init(store: TLSContextStore) async throws {
        self.store = store
        let failures = self.failures
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    let tls = store.makeServerHandler()
                    try child.pipeline.syncOperations.addHandler(tls)
                    try child.pipeline.syncOperations.addHandler(GreetingEchoHandler(tls: tls, failures: failures))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        // Safe because a bound TCP channel always has a local address with a port.
        port = channel.localAddress!.port!
    }

    func close() async {
        try? await channel.close()
    }
}

private final class GreetingEchoHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let tls: NIOSSLServerHandler
    private let failures: NIOLockedValueBox<[TLSFailure]>

    init(tls: NIOSSLServerHandler, failures: NIOLockedValueBox<[TLSFailure]>) {
        self.tls = tls
        self.failures = failures
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            let station: String
            do {
                station = try StationIdentity.stationID(of: tls) ?? "-"
            } catch {
                station = "invalid"
            }
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "station=\(station)\n")), promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.writeAndFlush(data, promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let failure = TLSFailure(classifying: error, asClient: false)
        failures.withLockedValue { $0.append(failure) }
        context.close(promise: nil)
    }
}

/// A NIO client made from ``TLSClientSettings``, as the terminal would be. Lines arrive in `lines`; the first one
/// is `server-cert=SHA256` of the certificate the server presented.
final class EchoClient {
    let channel: any Channel
    private var iterator: AsyncThrowingStream<String, any Error>.AsyncIterator

    init(port: Int, settings: TLSClientSettings) async throws {
        let context = try settings.makeContext()
        let (stream, continuation) = AsyncThrowingStream<String, any Error>.makeStream()
        channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let tls = try settings.makeClientHandler(context: context)
                    try channel.pipeline.syncOperations.addHandler(tls)
                    try channel.pipeline.syncOperations.addHandler(LineHandler(tls: tls, continuation: continuation))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        iterator = stream.makeAsyncIterator()
    }

    /// The next line, or the error that closed the connection.
    func nextLine() async throws -> String {
        guard let line = try await iterator.next() else { throw TestFailure("the connection closed") }
        return line
    }

    func send(_ line: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: line + "\n")).get()
    }

    /// Writes `line` and returns the echo.
    func echo(_ line: String) async throws -> String {
        try await send(line)
        return try await nextLine()
    }

    func close() async {
        try? await channel.close()
    }

    /// The hash `server-cert=` reports, of the first certificate in a PEM file.
    static func fingerprint(ofPEMFile path: String) throws -> String {
        let certificates = try NIOSSLCertificate.fromPEMFile(path)
        guard let first = certificates.first else { throw TestFailure("no certificate in \(path)") }
        return fingerprint(try first.toDERBytes())
    }

    static func fingerprint(_ der: [UInt8]) -> String {
        SHA256.hash(data: der).map { String($0, radix: 16) }.joined()
    }
}

private final class LineHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let tls: NIOSSLClientHandler
    private let continuation: AsyncThrowingStream<String, any Error>.Continuation
    private var pending = ""

    init(tls: NIOSSLClientHandler, continuation: AsyncThrowingStream<String, any Error>.Continuation) {
        self.tls = tls
        self.continuation = continuation
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            let der = (try? tls.peerCertificate?.toDERBytes()) ?? []
            continuation.yield("server-cert=" + EchoClient.fingerprint(der))
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        pending += buffer.readString(length: buffer.readableBytes) ?? ""
        while let newline = pending.firstIndex(of: "\n") {
            continuation.yield(String(pending[..<newline]))
            pending = String(pending[pending.index(after: newline)...])
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        continuation.finish(throwing: error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
        context.fireChannelInactive()
    }
}
