/// The fixed journald `MESSAGE_ID` of each event type the daemon logs (SPEC §6).
///
/// Each is a 128-bit id written as 32 lower-case hex digits, generated once with
/// `systemd-id128 new` and never changed: operators filter on them (`journalctl MESSAGE_ID=…`)
/// and `systemd/checkpointd.catalog` explains each one (`journalctl -x`).
/// Attach one as metadata: `logger.error("…", metadata: ["message_id": "\(MessageID.fever)"])`.
public enum MessageID {
    /// The daemon is ready: database open and migrated, listeners bound.
    public static let started = "e92d7fafb6304c2d8c8553ab1785c09e"
    /// SIGTERM received: the daemon drains and stops.
    public static let stopping = "3ada81a58e364415a882bc1c7ffc2a35"
    /// SIGHUP: the new configuration is in force.
    public static let reloaded = "fd673b497a334ea48804ee3dd1ca9532"
    /// SIGHUP: the new configuration was refused, the old one stays in force.
    public static let reloadRefused = "723f9037bf8e40fda27d10b78cbb73e1"
    /// A reading at or above the fever threshold opened (or confirmed) a fever alert.
    public static let fever = "7e849f570638402d9855f1ab2444fb4a"
    /// A person under quarantine passed a checkpoint.
    public static let violation = "8b2440039ec4425bab6f4e3470cc55c8"
    /// An alert was not acknowledged within `escalate_after`.
    public static let escalation = "831ddf70d9894bddb9720ea8771ed92d"
    /// A 24 h checkpoint recorded nothing for `silent_after`.
    public static let silentCheckpoint = "30fa71351cd64569bc5e8ab016a58d30"
    /// A station's median reading drifted from its grid's.
    public static let thermometerDrift = "e01f49512aa74e018480996f7463e04b"
    /// A person under a quarantine order had no temperature reading in a follow-up window.
    public static let followupMissed = "a2a7f348a91a4a78a49d405f3c753210"
    /// The database could not be written: stations get `E_UNAVAILABLE`, health is `degraded`.
    public static let storageFailure = "1b34c90ebaa648a6bea699c745dec90d"
    /// Writes succeed again after a storage failure.
    public static let storageRecovered = "bc34db8a8e8f40979a452c3b2c07ddef"
    /// A `trace` or `export` was run (an accountable lookup, also in the audit table).
    public static let accountableLookup = "cf4ae71e94af4ecc8b004d7d96f9ebda"
    /// A station failed authentication (bad token, unknown station, or a blocked address).
    public static let authFailure = "4198807b2ef846d19e6a33a24251b2ff"
    /// The city's PostgreSQL cannot be reached or refused the district (issue 17); the district keeps working.
    public static let cityUnavailable = "85277784a6e4442fbb262acf356b8aa4"
    /// The district reaches the city again and catches up.
    public static let cityConnected = "12570578192b4439be076d7c283405ab"
    /// Someone failed the dashboard's HTTP Basic authentication (issue 18).
    public static let httpLoginRefused = "9e12b7eb17874b3193293d42a333f697"
    /// Someone passed a gate of an enterprise site tagged red (stopped) (issue 19).
    public static let siteStopped = "044f47cec267479f99b58d22f04ca555"
    /// A yellow site's follow-up inspection date passed with no recheck (issue 19).
    public static let recheckDue = "b9829e0626fa47f9be46f1bf305894c4"

    /// Every id with its Swift name, in declaration order (the catalog test walks this list).
    public static let all: [(name: String, id: String)] = [
        ("started", started), ("stopping", stopping), ("reloaded", reloaded), ("reloadRefused", reloadRefused),
        ("fever", fever), ("violation", violation), ("escalation", escalation),
        ("silentCheckpoint", silentCheckpoint), ("thermometerDrift", thermometerDrift),
        ("followupMissed", followupMissed),
        ("storageFailure", storageFailure), ("storageRecovered", storageRecovered),
        ("accountableLookup", accountableLookup), ("authFailure", authFailure),
        ("cityUnavailable", cityUnavailable), ("cityConnected", cityConnected),
        ("httpLoginRefused", httpLoginRefused), ("siteStopped", siteStopped), ("recheckDue", recheckDue),
    ]
}
