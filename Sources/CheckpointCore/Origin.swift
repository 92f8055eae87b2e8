/// Where a person entering comes from (`origin=` on `ENTRY`). `outside` opens a quarantine order.
public enum Origin: String, Sendable {
    case local
    case outside
}
