import NIOConcurrencyHelpers
public import NIOSSL

/// The listener's current TLS context, swapped on reload.
///
/// Each new connection takes ``context`` (or ``makeServerHandler()``) once, when its channel is set up; a
/// connection keeps the context it started with for its whole life, so a reload never drops or disturbs an open
/// connection. ``reload(_:)`` reads the files first and swaps only when they are good: with a bad file the old
/// context stays in force and the error says why.
public final class TLSContextStore: Sendable {
    private struct State: Sendable {
        var settings: TLSServerSettings
        var context: NIOSSLContext
    }

    private let state: NIOLockedValueBox<State>

    /// Reads the files once; throws when they cannot be used (the daemon should not start then).
    public init(settings: TLSServerSettings) throws(TLSError) {
        let context = try settings.makeContext()
        state = NIOLockedValueBox(State(settings: settings, context: context))
    }

    /// The context for the next connection.
    public var context: NIOSSLContext {
        state.withLockedValue { $0.context }
    }

    /// The settings in force (the ones the current context was made from).
    public var settings: TLSServerSettings {
        state.withLockedValue { $0.settings }
    }

    /// The context for the next connection and the settings it was made from, read together (a reload between two
    /// separate reads could pair a context with the other settings).
    public var current: (context: NIOSSLContext, settings: TLSServerSettings) {
        state.withLockedValue { ($0.context, $0.settings) }
    }

    /// A server handler for a new connection, on the current context. Put it first in the child channel's
    /// pipeline, before the line framing.
    public func makeServerHandler() -> NIOSSLServerHandler {
        NIOSSLServerHandler(context: context)
    }

    /// Reads the files again (those of `settings` when given: a reload may name other paths) and swaps the context
    /// for new connections. On error nothing changes and the error says which file is wrong.
    public func reload(_ settings: TLSServerSettings? = nil) throws(TLSError) {
        let next = settings ?? self.settings
        let context = try next.makeContext()
        state.withLockedValue { $0 = State(settings: next, context: context) }
    }
}
