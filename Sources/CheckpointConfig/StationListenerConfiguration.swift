/// What the station listeners need (SPEC §3 limits).
public struct StationListenerConfiguration: Sendable, Equatable {
    /// Addresses to bind when systemd did not pass sockets named `station`. Unix paths are absolute.
    public var listen: [ListenAddress]
    /// The longest line (bytes before the line end) a station may send; longer lines get `E_TOOLONG`.
    public var maxLineBytes: Int
    /// Station connections (TCP and Unix together) beyond this get `E_BUSY` at accept.
    public var maxConnections: Int
    /// A session with no line for this long is closed.
    public var idleTimeout: Duration
    /// A station connection (TCP or Unix) that has not sent `HELLO` within this time is closed.
    public var helloTimeout: Duration
    /// Records read but not yet answered, per connection, before reading pauses.
    public var maxInflight: Int
    /// Connections from one address that have not said a successful `HELLO` yet (issue 13).
    public var maxUnauthenticatedPerAddress: Int
    /// `LOOKUP`s one station may send per minute (issue 13).
    public var lookupPerMinute: Int

    public init(
        listen: [ListenAddress],
        maxLineBytes: Int,
        maxConnections: Int,
        idleTimeout: Duration,
        helloTimeout: Duration,
        maxInflight: Int,
        maxUnauthenticatedPerAddress: Int,
        lookupPerMinute: Int
    ) {
        self.listen = listen
        self.maxLineBytes = maxLineBytes
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.helloTimeout = helloTimeout
        self.maxInflight = maxInflight
        self.maxUnauthenticatedPerAddress = maxUnauthenticatedPerAddress
        self.lookupPerMinute = lookupPerMinute
    }
}
