/// The verdicts of one record (SPEC §3). The empty set is `pass`. `rawValue` is stored in the database, so the bit
/// of each verdict must never change.
public struct Verdicts: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int

    public init(rawValue: Int) {
        self.rawValue = rawValue
    }

    /// The temperature is at or above the fever threshold.
    public static let fever = Verdicts(rawValue: 1)
    /// The person is under an active quarantine order and passed a gate after its grace period.
    public static let violation = Verdicts(rawValue: 2)
    /// This record opened a new quarantine order.
    public static let quarantine = Verdicts(rawValue: 4)
    /// The phone is shared by several linked people and the record names no `id=`: the station must scan the ID
    /// card ("请扫身份证 / scan the ID card"). The record is stored and opens nothing but a fever alert (issue 15).
    public static let checkID = Verdicts(rawValue: 8)
    /// At a compound gate whose grid has a resident roster, the person is not on it (issue 19): the volunteer
    /// verifies who they are visiting ("外来人员 请核实 / visitor: verify"). Shown and counted, never an alert.
    public static let visitor = Verdicts(rawValue: 16)
    /// A `home` resident over the household's outing quota, or back after longer out than `outing_max` (issue 19).
    /// Shown at the gate and counted, never an alert.
    public static let notice = Verdicts(rawValue: 32)

    /// Each verdict with its wire name, in wire order.
    public static let named: [(verdict: Verdicts, name: String)] = [
        (.fever, "fever"), (.violation, "violation"), (.quarantine, "quarantine"), (.checkID, "check-id"),
        (.visitor, "visitor"), (.notice, "notice"),
    ]

    /// The `verdict=` value: `pass` when empty, else the names in the order fever, violation, quarantine, check-id,
    /// visitor, notice
    /// joined by `,`. Bits no verdict uses (a database written by a newer version) are left out.
    public var description: String {
        Verdicts.descriptions[rawValue & Verdicts.knownBits]
    }

    /// Every bit a verdict uses.
    private static let knownBits = 63
    /// The `verdict=` value of each combination of known bits, made once (it is written into every reply).
    private static let descriptions: [String] = (0...knownBits).map { bits in
        let names = named.filter { bits & $0.verdict.rawValue != 0 }.map(\.name)
        return names.isEmpty ? "pass" : names.joined(separator: ",")
    }
}
