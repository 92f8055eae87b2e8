/// The built-in value of every tunable number (SPEC §3, §5, §9, §10), written once. The configuration's key table
/// shows and parses these as its defaults (`fever_threshold = 37.3`), and the components' own initialisers
/// default to them, so a default changes here and nowhere else.
public enum Defaults {
    // Verdict rules (SPEC §3).
    public static let feverThreshold = Temperature(tenths: 373)
    public static let quarantineDays = 14
    public static let quarantineGrace = TimeSpan(1, .hours)
    public static let recheckWindow = TimeSpan(15, .minutes)
    /// Days a fever keeps a person off work (issue 15 point 3, `LOOKUP clear=` and `clearance`); at most
    /// `retentionDays` and `alertRetentionDays`, which the default never exceeds.
    public static let clearanceDays = 15

    // Storage (SPEC §5).
    public static let retentionDays = 30
    public static let alertRetentionDays = 180
    public static let maxBatchRecords = 32768
    public static let readerConnections = 4

    // Station listeners (SPEC §3 limits).
    /// The TCP port stations connect to when nothing else is configured (`tcp:127.0.0.1:7117`).
    public static let stationPort = 7117
    /// The dashboard and `/metrics` (issue 18): `http_listen`'s port.
    public static let httpPort = 7119
    public static let maxLineBytes = 1024
    public static let maxConnections = 4096
    public static let idleTimeout = TimeSpan(300, .seconds)
    public static let helloTimeout = TimeSpan(10, .seconds)
    public static let maxInflight = 1024
    /// Connections without a successful HELLO yet, per peer address (issue 13); all addresses together may hold a
    /// quarter of `max_connections`.
    public static let maxUnauthenticatedPerAddress = 16
    /// `LOOKUP`s one station may make in a minute (issue 13).
    public static let lookupPerMinute = 60

    // Control socket (issue 13: bounded cost).
    public static let controlMaxConnections = 256
    public static let controlIdleTimeout = TimeSpan(10, .minutes)

    // Watchers (SPEC §9).
    public static let escalateAfter = TimeSpan(10, .minutes)
    public static let silentAfter = TimeSpan(30, .minutes)
    public static let driftWindow = 200
    /// In tenths of a degree: 0.5 °C.
    public static let driftThresholdTenths = 5
    /// Readings each side needs before drift is judged (SPEC §10; not configurable).
    public static let driftMinimumReadings = 50
    public static let outAfter = TimeSpan(12, .hours)

    // Alerts that reach a person (issue 16 point 3).
    /// How long one run of `alert_command` may take before it is killed.
    public static let alertCommandTimeout = TimeSpan(10, .seconds)
}
