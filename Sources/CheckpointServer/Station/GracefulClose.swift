import NIOCore

/// How checkpointd ends a station connection it decided to end (QUIT, a refused HELLO, E_BUSY, shutdown): FIN
/// after the pending replies (NIO shuts the output once they are written), then the caller reads and drops what
/// the client still sends until it closes or `lingerTime` passes. Closing with unread input would send a reset
/// instead, and the kernel would destroy replies the client has not read yet.
enum GracefulClose {
    static let lingerTime = TimeAmount.seconds(2)

    static func shutDownOutput(_ context: ChannelHandlerContext) {
        let channel = context.channel
        context.close(mode: .output, promise: nil)
        context.eventLoop.scheduleTask(in: lingerTime) { channel.close(promise: nil) }
    }
}
