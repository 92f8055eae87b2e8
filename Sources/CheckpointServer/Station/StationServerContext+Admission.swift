import CheckpointWire
import NIOCore

/// Issue 13 acceptance 3: who may hold a station connection before saying HELLO.
extension StationServerContext {
    /// Admits a new connection or says why not: an address the failure throttle blocks gets `E_AUTH` at once
    /// (a client that only opens sockets is blocked by its hello timeouts), then the registry's budgets apply.
    func admit(_ channel: any Channel) -> SessionRegistry.Admission {
        let address: String?
        switch channel.remoteAddress {
        case .v4?, .v6?: address = channel.remoteAddress?.ipAddress
        default: address = nil
        }
        if let address, throttle.isBlocked(address) {
            return .refused(
                WireError(.auth, "too many failed HELLOs (or hello timeouts) from this address; wait a minute"))
        }
        return sessions.admit(channel, address: address, limits: limits)
    }
}

/// Answers a connection that may not stay with one `ERR` line (SPEC §10: written at accept) and closes it once the
/// client has closed its side or the line is sent.
final class ConnectionRefuser: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    private let error: WireError

    init(_ error: WireError) { self.error = error }

    func channelActive(context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: 160)
        buffer.writeString(StationReply.error(seq: nil, error).render(in: UTCZone()) + "\n")
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        GracefulClose.shutDownOutput(context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event { context.close(promise: nil) }
    }
}
