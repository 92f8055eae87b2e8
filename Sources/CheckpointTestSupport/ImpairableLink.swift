/// A link between the host and a `NetworkNamespace` that a test can make lossy, slow or cut
/// (`LinkImpairment`): `NetemLink` where the kernel has `sch_netem`, `EmulatedLink` where it does not.
/// `NetworkNamespace.withImpairableLink` picks one.
public protocol ImpairableLink: Sendable, CustomStringConvertible {
    /// The host's end: where a daemon listens for the namespace's clients.
    var hostAddress: String { get }
    /// The namespace's end.
    var namespaceAddress: String { get }
    /// Applies `impairment` to both directions, each on its own.
    func impair(_ impairment: LinkImpairment) throws
    /// Ends the impairment (for the emulator: stops relaying) and returns what it did to the packets.
    func finish() throws -> String
}
