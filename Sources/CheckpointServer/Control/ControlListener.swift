import CheckpointSystemd
import CheckpointWire
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The control socket (SPEC §4): a Unix stream socket, one JSON request per line, one JSON reply per line.
/// Each connection is served by its own child task; requests on one connection are answered in order.
final class ControlListener: Service {
    typealias Connection = NIOAsyncChannel<InboundLine, ByteBuffer>

    private let server: NIOAsyncChannel<Connection, Never>
    private let ownedPath: String?
    private let commands: ControlCommands
    private let logger: Logger
    /// Requests can be long (a JSON object with a note), but not unbounded.
    static let maximumRequestBytes = 65_536

    private init(
        server: NIOAsyncChannel<Connection, Never>, ownedPath: String?, commands: ControlCommands, logger: Logger
    ) {
        self.server = server
        self.ownedPath = ownedPath
        self.commands = commands
        self.logger = logger
    }

    var boundAddress: String { "unix:\(server.channel.localAddress?.pathname ?? ownedPath ?? "?")" }

    static func bind(
        _ target: ListenTarget, group: String?, eventLoopGroup: any EventLoopGroup, commands: ControlCommands,
        logger: Logger
    ) async throws -> ControlListener {
        let bootstrap = ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 128)
            // `echo '{"cmd":"health"}' | socat - UNIX:...` closes its sending side first: still answer.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
        let initializer: @Sendable (any Channel) -> EventLoopFuture<Connection> = { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(
                    ByteToMessageHandler(LineFrameDecoder(maximumLength: maximumRequestBytes)))
                return try Connection(wrappingChannelSynchronously: channel)
            }
        }
        let server = try await target.bind(
            ListenBinder<NIOAsyncChannel<Connection, Never>>(
                tcp: nil,
                unix: { path in
                    try await bootstrap.bind(unixDomainSocketPath: path, childChannelInitializer: initializer)
                },
                inherited: { socket in try await bootstrap.bind(socket.fd, childChannelInitializer: initializer) }),
            socketGroup: group)
        return ControlListener(server: server, ownedPath: target.ownedPath, commands: commands, logger: logger)
    }

    func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { inbound in
                for try await connection in inbound.cancelOnGracefulShutdown() {
                    group.addTask { await self.serve(connection) }
                }
            }
            // Long-lived connections (watch) end with the daemon.
            group.cancelAll()
        }
        if let ownedPath { unlink(ownedPath) }
    }

    private func serve(_ connection: Connection) async {
        guard let peer = await PeerCredentials.of(connection.channel) else {
            // No SO_PEERCRED: nobody can be held to account for what this connection would do.
            logger.warning("control connection dropped: its peer credentials cannot be read")
            try? await connection.channel.close()
            return
        }
        do {
            try await connection.executeThenClose { inbound, outbound in
                let responder = ControlResponder(outbound: outbound, allocator: connection.channel.allocator)
                for try await line in inbound {
                    switch line {
                    case .tooLong:
                        try await responder.send(
                            ControlReply.failure(
                                WireError(
                                    .tooLong,
                                    """
                                    the request is longer than \(ControlListener.maximumRequestBytes) bytes
                                    """)))
                    case .line(let buffer):
                        let text = String(buffer: buffer)
                        if text.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
                        try await commands.handle(text, peer: peer, responder: responder)
                    }
                }
            }
        } catch {
            logger.debug("control connection ended", metadata: ["error": "\(error)"])
        }
    }
}

/// Writes reply lines to one control connection (streamed commands write many).
struct ControlResponder: Sendable {
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let allocator: ByteBufferAllocator

    func send(_ line: String) async throws {
        var buffer = allocator.buffer(capacity: line.utf8.count + 1)
        buffer.writeString(line)
        buffer.writeInteger(UInt8(ascii: "\n"))
        try await outbound.write(buffer)
    }
}
