import CheckpointConfig
import CheckpointCore
import CheckpointSystemd
import Glibc
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import ServiceLifecycle
import Synchronization

/// `http_listen` (issue 18): the dashboard, its event stream and `/metrics`, over SwiftNIO's HTTP/1 (docs/decisions.md
/// says why not a framework). Each connection is served by a child task; at most `maximumConnections` are open (more
/// are closed at once), one that neither sends nor receives for a minute is closed, a request's header is bounded by
/// SwiftNIO's parser (80 KiB) and its body (none is needed) by 64 KiB. Serves on the control socket's event loop,
/// never a station's.
final class HTTPListener: Service {
    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    private let server: NIOAsyncChannel<Connection, Never>
    private let ownedPath: String?
    private let router: HTTPRouter
    private let feed: DashboardFeed
    private let logger: Logger
    private let open = Atomic<Int>(0)

    /// The name of a socket systemd passes for it (`FileDescriptorName=http`).
    static let socketName = "http"
    static let maximumConnections = 256
    static let maximumBodyBytes = 65_536
    static let idleTimeout = TimeAmount.seconds(60)

    private init(
        server: NIOAsyncChannel<Connection, Never>, ownedPath: String?, router: HTTPRouter, feed: DashboardFeed,
        logger: Logger
    ) {
        self.server = server
        self.ownedPath = ownedPath
        self.router = router
        self.feed = feed
        self.logger = logger
    }

    /// Where it listens, as the log and `scripts/run` print it.
    var boundAddress: String {
        guard let address = server.channel.localAddress else { return "?" }
        if let path = address.pathname { return "unix:\(path)" }
        let host = address.ipAddress ?? "?"
        return "\(host.contains(":") ? "[\(host)]" : host):\(address.port ?? 0)"
    }

    static func bind(
        _ target: ListenTarget, configuration: HTTPConfiguration, clientCertificates: Bool,
        eventLoopGroup: any EventLoopGroup, security: StationSecurity, router: HTTPRouter, feed: DashboardFeed,
        logger: Logger
    ) async throws -> HTTPListener {
        let tls = target.isTLS
        // The configuration refuses an open listener without authentication; a socket systemd passed is checked
        // here, before anything is served on it.
        if case .inherited(let socket) = target, configuration.authentication == .none, !(tls && clientCertificates),
            !Self.isLocal(fd: socket.fd)
        {
            throw ListenError(
                description: "the inherited socket named http listens on an address other machines can reach, and "
                    + "http_auth is none: set http_auth = basic with http_users_file, or make the socket listen on "
                    + "127.0.0.1")
        }
        if tls && security.contexts == nil {
            throw ListenError(description: "http_listen \(target) needs a certificate: set tls_cert and tls_key")
        }
        let bootstrap = ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 128)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        let initializer: @Sendable (any Channel) -> EventLoopFuture<Connection> = { channel in
            channel.eventLoop.makeCompletedFuture {
                let pipeline = channel.pipeline.syncOperations
                if tls, let handler = security.makeTLSHandler() { try pipeline.addHandler(handler.0) }
                try pipeline.addHandler(IdleStateHandler(allTimeout: idleTimeout))
                try pipeline.addHandler(IdleConnectionCloser())
                try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
                return try Connection(wrappingChannelSynchronously: channel)
            }
        }
        let server = try await target.bind(
            ListenBinder<NIOAsyncChannel<Connection, Never>>(
                tcp: { host, port in
                    try await bootstrap.bind(host: host, port: port, childChannelInitializer: initializer)
                },
                unix: { path in
                    try await bootstrap.bind(unixDomainSocketPath: path, childChannelInitializer: initializer)
                },
                inherited: { socket in try await bootstrap.bind(socket.fd, childChannelInitializer: initializer) }),
            socketGroup: nil)
        return HTTPListener(
            server: server, ownedPath: target.ownedPath, router: router, feed: feed, logger: logger)
    }

    /// Whether the socket is bound to a Unix path or a loopback address (`getsockname`).
    static func isLocal(fd: Int32) -> Bool {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { return false }
        // The address bytes at their offsets in sockaddr_in (4) and sockaddr_in6 (8), in network order.
        let bytes = withUnsafeBytes(of: storage) { Array($0) }
        switch Int32(storage.ss_family) {
        case AF_UNIX:
            return true
        case AF_INET:
            return bytes[4] == 127
        case AF_INET6:
            let address = bytes[8..<24]
            let loopback = address.prefix(15).allSatisfy { $0 == 0 } && address.last == 1
            let mapped = address.prefix(10).allSatisfy { $0 == 0 } && address.dropFirst(10).prefix(3).elementsEqual([0xFF, 0xFF, 127])
            return loopback || mapped
        default:
            return false
        }
    }

    func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            // The pages' clock: each open event stream decides once a second whether to send the picture again.
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    self.feed.tick()
                }
            }
            try await server.executeThenClose { inbound in
                for try await connection in inbound.cancelOnGracefulShutdown() {
                    guard open.add(1, ordering: .relaxed).newValue <= Self.maximumConnections else {
                        open.subtract(1, ordering: .relaxed)
                        logger.warning(
                            "HTTP connection refused: too many open", metadata: ["limit": "\(Self.maximumConnections)"])
                        try? await connection.channel.close()
                        continue
                    }
                    group.addTask {
                        await self.serve(connection)
                        self.open.subtract(1, ordering: .relaxed)
                    }
                }
            }
            // Event streams end with the daemon.
            group.cancelAll()
        }
        if let ownedPath { unlink(ownedPath) }
    }

    private func serve(_ connection: Connection) async {
        let peer = connection.channel.remoteAddress?.ipAddress ?? "local"
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var bodyBytes = 0
                for try await part in inbound {
                    switch part {
                    case .head(let received):
                        head = received
                        bodyBytes = 0
                    case .body(let buffer):
                        bodyBytes += buffer.readableBytes
                        if bodyBytes > Self.maximumBodyBytes, let request = head {
                            try await Self.refuseBody(request, outbound)
                            return
                        }
                    case .end:
                        guard let request = head else { continue }
                        head = nil
                        guard try await router.respond(to: request, peer: peer, writer: outbound) else { return }
                    }
                }
            }
        } catch {
            logger.debug("HTTP connection ended", metadata: ["error": "\(error)"])
        }
    }

    private static func refuseBody(_ request: HTTPRequestHead, _ outbound: HTTPRouter.Writer) async throws {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Length", value: "0")
        headers.add(name: "Connection", value: "close")
        try await outbound.write(.head(HTTPResponseHead(version: request.version, status: .payloadTooLarge, headers: headers)))
        try await outbound.write(.end(nil))
    }
}

/// Closes a connection the `IdleStateHandler` reports idle.
private final class IdleConnectionCloser: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
