/// What a link between the host and a network namespace does to each packet, in each direction: the figures of a
/// `tc qdisc … netem` line, which `NetemLink` hands to the kernel and `LinkEmulator` applies itself.
public struct LinkImpairment: Sendable, Equatable, CustomStringConvertible {
    /// Share of packets dropped at random (netem `loss`); 100 cuts the link.
    public var lossPercent: Double
    /// Mean delay (netem `delay`), in milliseconds.
    public var delayMilliseconds: Double
    /// Uniform jitter around the delay (netem's second `delay` figure): each delay is in `delay ± jitter`.
    public var jitterMilliseconds: Double
    /// Threshold of the draw that sends a packet at once, without the delay (netem `reorder`, with its default gap
    /// of 1): the share of packets so sent when there is no correlation.
    public var reorderPercent: Double
    /// How much each reorder draw leans on the previous one (netem's `reorder` correlation). It narrows the draws
    /// around the middle, so fewer pass a low threshold: `reorder 25% 50%` sends about 7 % at once.
    public var reorderCorrelationPercent: Double

    public init(
        lossPercent: Double = 0, delayMilliseconds: Double = 0, jitterMilliseconds: Double = 0,
        reorderPercent: Double = 0, reorderCorrelationPercent: Double = 0
    ) {
        self.lossPercent = lossPercent
        self.delayMilliseconds = delayMilliseconds
        self.jitterMilliseconds = jitterMilliseconds
        self.reorderPercent = reorderPercent
        self.reorderCorrelationPercent = reorderCorrelationPercent
    }

    /// netem `loss 10% delay 200ms 50ms reorder 25% 50%`: 10 % loss, 200 ± 50 ms delay (uniform, so packets
    /// overtake each other), about 7 % of the packets sent without the delay.
    public static let lossy = LinkImpairment(
        lossPercent: 10, delayMilliseconds: 200, jitterMilliseconds: 50, reorderPercent: 25,
        reorderCorrelationPercent: 50)
    /// Nothing passes: a partition.
    public static let cut = LinkImpairment(lossPercent: 100)

    /// The qdisc for `tc qdisc replace dev LINK root …`, e.g. `netem loss 10% delay 200ms 50ms reorder 25% 50%`.
    public var netemArguments: [String] {
        var arguments = ["netem", "loss", Self.figure(lossPercent) + "%"]
        if delayMilliseconds > 0 || jitterMilliseconds > 0 {
            arguments += ["delay", Self.figure(delayMilliseconds) + "ms"]
            if jitterMilliseconds > 0 { arguments.append(Self.figure(jitterMilliseconds) + "ms") }
        }
        if reorderPercent > 0 {
            arguments += ["reorder", Self.figure(reorderPercent) + "%"]
            if reorderCorrelationPercent > 0 { arguments.append(Self.figure(reorderCorrelationPercent) + "%") }
        }
        return arguments
    }

    public var description: String { netemArguments.joined(separator: " ") }

    private static func figure(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
