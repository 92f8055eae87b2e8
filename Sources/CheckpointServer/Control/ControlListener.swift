import CheckpointSystemd
import CheckpointWire
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The control socket (SPEC §4): a Unix stream socket, one JSON request per line, one JSON reply per line.
/// Each connection is served by its own child task; requests on one connection are answered in order. At most
/// `control_max_connections` are open at once, and one with no request in flight for `control_idle_timeout` is
/// closed (a `watch` or `export` in progress is a request in flight).
final class ControlListener: Service {
    typealias Connection = NIOAsyncChannel<InboundLine, ByteBuffer>

    private let server: NIOAsyncChannel<Connection, Never>
    private let ownedPath: String?
    private let commands: ControlCommands
    private let logger: Logger
    private let open = Atomic<Int>(0)
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

    /// Closes the listener without serving (the daemon's start failed after it was bound).
    func abandon() async {
        try? await server.executeThenClose { _ in }
        if let ownedPath { unlink(ownedPath) }
    }

    func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { inbound in
                for try await connection in inbound.cancelOnGracefulShutdown() {
                    let limit = commands.settings.maxConnections
                    guard open.add(1, ordering: .relaxed).newValue <= limit else {
                        open.subtract(1, ordering: .relaxed)
                        group.addTask { await self.refuse(connection, limit: limit) }
                        continue
                    }
                    group.addTask {
                        await self.serve(connection)
                        self.open.subtract(1, ordering: .relaxed)
                    }
                }
            }
            // Long-lived connections (watch) end with the daemon.
            group.cancelAll()
        }
        if let ownedPath { unlink(ownedPath) }
    }

    /// Over `control_max_connections`: one error line, then the connection is closed.
    private func refuse(_ connection: Connection, limit: Int) async {
        logger.warning("control connection refused: too many open", metadata: ["limit": "\(limit)"])
        try? await connection.executeThenClose { _, outbound in
            let responder = ControlResponder(outbound: outbound, allocator: connection.channel.allocator)
            try await responder.send(
                ControlReply.failure(
                    WireError(
                        .busy,
                        """
                        checkpointd has \(limit) control connections open (control_max_connections); close one \
                        and try again
                        """)))
        }
    }

    private func serve(_ connection: Connection) async {
        guard let peer = await PeerCredentials.of(connection.channel) else {
            // No SO_PEERCRED: nobody can be held to account for what this connection would do.
            logger.warning("control connection dropped: its peer credentials cannot be read")
            try? await connection.channel.close()
            return
        }
        let idle = ControlIdleWatch(timeout: commands.settings.idleTimeout)
        let session = ControlSession()
        let channel = connection.channel
        let logger = self.logger
        do {
            try await connection.executeThenClose { inbound, outbound in
                let responder = ControlResponder(outbound: outbound, allocator: connection.channel.allocator)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        guard await idle.waitUntilIdle() else { return }
                        logger.info("closing a control connection idle for control_idle_timeout")
                        channel.close(promise: nil)
                    }
                    try await self.answer(inbound, responder: responder, peer: peer, idle: idle, session: session)
                    group.cancelAll()
                }
            }
        } catch {
            logger.debug("control connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// Answers each request line in turn; a request is in flight from its line until its last reply.
    private func answer(
        _ inbound: NIOAsyncChannelInboundStream<InboundLine>, responder: ControlResponder, peer: PeerCredentials,
        idle: ControlIdleWatch, session: ControlSession
    ) async throws {
        for try await line in inbound {
            idle.begin()
            defer { idle.end() }
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
                try await commands.handle(text, peer: peer, responder: responder, session: session)
            }
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
