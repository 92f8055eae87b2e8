import CheckpointConfig
import CheckpointStore
import CheckpointTLS
import NIOCore
import NIOSSL
import Synchronization

/// How station connections are secured (issue 13): the TLS context of the `tls` listeners (re-read on reload) and
/// the rule for HELLO over plain TCP. The listener asks it for each new channel's ``HelloCheck``.
final class StationSecurity: Sendable {
    /// The TLS context; nil when `tls_cert`/`tls_key` are not set (then no `tls` listener may exist).
    let contexts: TLSContextStore?
    private let plaintext: VisibleMutex<StationTLSConfiguration.PlaintextTCP>

    /// Reads the certificate files when they are configured; throws when they cannot be used.
    init(_ configuration: StationTLSConfiguration) throws(TLSError) {
        contexts = try configuration.serverSettings.map { settings throws(TLSError) in
            try TLSContextStore(settings: settings)
        }
        plaintext = VisibleMutex(configuration.plaintextTCP)
    }

    var plaintextTCP: StationTLSConfiguration.PlaintextTCP { plaintext.withLock { $0 } }

    /// A reload: takes the new `plaintext_tcp` and re-reads the certificate files (new connections get the new
    /// context; open ones keep theirs). A file that cannot be used keeps the old context; the result says so.
    func apply(_ next: StationTLSConfiguration) -> TLSReloadOutcome {
        plaintext.withLock { $0 = next.plaintextTCP }
        guard let contexts else {
            return next.isConfigured ? .needsRestart : .notConfigured
        }
        guard let settings = next.serverSettings else {
            // Taking TLS away closes the tls listeners: a restart. Until then the old files stay in use.
            return .needsRestart
        }
        do throws(TLSError) {
            try contexts.reload(settings)
        } catch {
            return .keptOld(error.message)
        }
        return .reloaded
    }

    /// The TLS handler for a new connection on a `tls` listener and whether its HELLO must match a client
    /// certificate (both from the same context); nil when TLS is not configured.
    func makeTLSHandler() -> (NIOSSLServerHandler, requiresIdentity: Bool)? {
        guard let current = contexts?.current else { return nil }
        return (NIOSSLServerHandler(context: current.context), current.settings.clientCAPath != nil)
    }

    /// What a new channel's HELLO is checked against; `tlsHandler` is the channel's TLS handler, nil for plain
    /// TCP and Unix connections.
    func helloCheck(for channel: any Channel, tls: (NIOSSLServerHandler, requiresIdentity: Bool)?) -> HelloCheck {
        if let tls {
            return HelloCheck(.tls(tls.0, requiresIdentity: tls.requiresIdentity))
        }
        switch channel.remoteAddress {
        case .v4?, .v6?:
            return HelloCheck(.plainTCP(isLoopback: channel.remoteAddress.map(HelloCheck.isLoopback) ?? false, self))
        default:
            return HelloCheck(.unix)
        }
    }
}

/// What a reload did to the TLS context, for the reload summary.
enum TLSReloadOutcome: Equatable {
    case notConfigured
    case reloaded
    case keptOld(String)
    case needsRestart
}

extension StationTLSConfiguration {
    /// The files as CheckpointTLS takes them; nil unless both the certificate and its key are set.
    var serverSettings: TLSServerSettings? {
        guard let certificatePath, let keyPath else { return nil }
        return TLSServerSettings(
            certificateChainPath: certificatePath, privateKeyPath: keyPath, clientCAPath: clientCAPath)
    }
}
