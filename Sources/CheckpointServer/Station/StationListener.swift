import CheckpointSystemd
import CheckpointWire
import Glibc
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle

/// The station listeners (TCP, TLS and Unix, bound or inherited). Bound before the service group starts, so
/// `READY=1` is only sent with every socket in place; on graceful shutdown it stops accepting, lets every
/// session answer what it has read, and returns once all are closed (SPEC §6 drain).
final class StationListener: Service {
    /// Pending connections the kernel queues: a shift returning at once reconnects hundreds of stations.
    static let backlog: Int32 = 4096

    private let servers: [any Channel]
    private let ownedPaths: [String]
    private let shared: StationServerContext
    private let logger: Logger

    private init(servers: [any Channel], ownedPaths: [String], shared: StationServerContext, logger: Logger) {
        self.servers = servers
        self.ownedPaths = ownedPaths
        self.shared = shared
        self.logger = logger
    }

    /// The addresses actually bound (a `:0` port resolved), for the start-up line and tests.
    var boundAddresses: [String] {
        servers.compactMap { channel in
            switch channel.localAddress {
            case .v4(let address)?: return "tcp:\(address.host):\(channel.localAddress?.port ?? 0)"
            case .v6(let address)?: return "tcp:[\(address.host)]:\(channel.localAddress?.port ?? 0)"
            case .unixDomainSocket?: return "unix:\(channel.localAddress?.pathname ?? "?")"
            case nil: return nil
            }
        }
    }

    static func bind(
        _ targets: [ListenTarget], group: any EventLoopGroup, shared: StationServerContext,
        security: StationSecurity, logger: Logger
    ) async throws -> StationListener {
        var servers: [any Channel] = []
        do {
            for target in targets {
                let bootstrap = try makeBootstrap(group: group, tls: target.isTLS, shared: shared, security: security)
                servers.append(try await target.bind(binder(bootstrap), socketGroup: nil))
            }
        } catch {
            for server in servers { try? await server.close() }
            throw error
        }
        return StationListener(
            servers: servers, ownedPaths: targets.compactMap(\.ownedPath), shared: shared, logger: logger)
    }

    /// The bootstrap of one listener; a `tls` listener puts the TLS handler first in every connection.
    private static func makeBootstrap(
        group: any EventLoopGroup, tls: Bool, shared: StationServerContext, security: StationSecurity
    ) throws -> ServerBootstrap {
        if tls && security.contexts == nil {
            throw ListenError(description: "a tls listener needs a certificate: set tls_cert and tls_key")
        }
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: StationListener.backlog)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // Fairness between the connections of one event loop: one read of at most 16 KiB per connection per
            // loop tick, so a client flooding lines (valid or not) delays the others by at most the lines of 16 KiB.
            .childChannelOption(.maxMessagesPerRead, value: 1)
            .childChannelOption(
                .recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 2048, maximum: 16 * 1024))
            // A station may send its lines and shut down its sending side: it still gets every reply.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelOption(.writeBufferWaterMark, value: .init(low: 32 * 1024, high: 64 * 1024))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try StationListener.initialize(channel, tls: tls, shared: shared, security: security)
                }
            }
    }

    private static func binder(_ bootstrap: ServerBootstrap) -> ListenBinder<any Channel> {
        ListenBinder<any Channel>(
            tcp: { host, port in try await bootstrap.bind(host: host, port: port).get() },
            unix: { path in try await bootstrap.bind(unixDomainSocketPath: path).get() },
            inherited: { socket in
                let server = try await bootstrap.withBoundSocket(socket.fd).get()
                // NIO listens again with a backlog of 128 when it adopts a socket: restore the one a burst of
                // stations needs (listen() on a listening socket only changes its backlog).
                Glibc.listen(socket.fd, StationListener.backlog)
                return server
            })
    }

    private static func initialize(
        _ channel: any Channel, tls: Bool, shared: StationServerContext, security: StationSecurity
    ) throws {
        let limits = shared.limits
        let pipeline = channel.pipeline.syncOperations
        let tlsHandler = tls ? security.makeTLSHandler() : nil
        if let tlsHandler {
            try pipeline.addHandler(tlsHandler.0)
            try pipeline.addHandler(TLSFailureLogger(logger: shared.logger))
        }
        let sessionID: UInt64
        switch shared.admit(channel) {
        case .admitted(let id):
            sessionID = id
        case .refused(let error):
            try pipeline.addHandler(ConnectionRefuser(error))
            return
        }
        let transport: StationSession.Transport
        switch channel.remoteAddress {
        case .v4?, .v6?:
            transport = .tcp(address: channel.remoteAddress?.ipAddress ?? "?")
            _ = channel.setOption(.socketOption(.tcp_nodelay), value: 1)
        default:
            transport = .unix
        }
        try pipeline.addHandler(IdleStateHandler(readTimeout: TimeAmount(limits.idleTimeout)))
        try pipeline.addHandler(ByteToMessageHandler(LineFrameDecoder(maximumLength: limits.maxLineBytes)))
        try pipeline.addHandler(
            StationSession(
                shared: shared, transport: transport, limits: limits, sessionID: sessionID,
                helloCheck: security.helloCheck(for: channel, tls: tlsHandler)))
    }

    func run() async throws {
        try? await gracefulShutdown()
        logger.info("station listeners closing; answering what was read")
        for server in servers { try? await server.close() }
        for path in ownedPaths { unlink(path) }
        await shared.sessions.drainAll()
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
