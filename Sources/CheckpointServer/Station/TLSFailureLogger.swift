import CheckpointTLS
import Logging
import NIOCore

/// Sits right after the TLS handler of a `tls` connection: logs why a handshake or TLS record failed (a station
/// certificate from another CA, an expired one, a client that refused ours, plain text on the TLS port) in the
/// few kinds an operator can act on, and passes the error on (the session closes the connection).
final class TLSFailureLogger: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let failure = TLSFailure(classifying: error, asClient: false)
        let peer = context.channel.remoteAddress?.ipAddress ?? "?"
        let metadata: Logger.Metadata = [
            "peer": "\(peer)", "reason": "\(failure.englishDescription)", "error": "\(error)",
        ]
        switch failure {
        case .clientCertificateRefused, .serverCertificateRefused, .protocolVersion:
            logger.warning("TLS connection refused", metadata: metadata)
        case .notTLS, .other, .untrustedServer, .wrongHostName:
            logger.info("TLS connection failed", metadata: metadata)
        }
        context.fireErrorCaught(error)
    }
}
