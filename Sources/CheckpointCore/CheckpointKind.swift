/// What a checkpoint is for (issue 15, point 2). It decides which records of a person under a quarantine order are
/// violations; the other rules (fever, re-check, a new order on `origin=outside`) are the same at every kind. The
/// raw value is stored, shown on the control socket and sent in `OK HELLO` (`kind=`).
public enum CheckpointKind: String, Sendable, Hashable, CaseIterable {
    /// A residential compound's gate: an `ENTRY` or `EXIT` of a person under an order is a violation (SPEC §3).
    case compound
    /// An employer's gate: a person under an order may not start work, so any record of them, a `TEMP` too (a
    /// terminal in temperature-only mode), is a violation.
    case workplace
    /// A grid worker's home visit: finding a person under an order at home is what is expected, so no record
    /// taken there is a violation.
    case visit

    /// `compound, workplace or visit`: the choices, as an error names them.
    public static let choices: String = {
        let names = allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }()

    /// Whether a record of `kind` is a violation here when the person is under an active order past its grace.
    public func isViolation(_ kind: RecordKind) -> Bool {
        switch self {
        case .compound: kind != .temp
        case .workplace: true
        case .visit: false
        }
    }
}
