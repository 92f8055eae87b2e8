/// The silence watch of SPEC §9 as a pure decision: a checkpoint with no record for `silentAfterMilliseconds`
/// while it is staffed gets one SILENT alert per silent spell. The caller keeps each checkpoint's memory (when it
/// last heard from it, whether a spell's alert is open), asks `decide` on every sweep, and carries out the answer.
public struct SilenceWatch: Sendable, Equatable {
    /// How long a staffed checkpoint may stay quiet (`silent_after`).
    public var silentAfterMilliseconds: Int64

    public init(silentAfterMilliseconds: Int64) {
        self.silentAfterMilliseconds = silentAfterMilliseconds
    }

    /// What the watch knows of one checkpoint.
    public struct Checkpoint: Sendable, Equatable {
        public var staffed: StaffedHours
        /// When it was (re)added: silence is not counted from before a checkpoint existed.
        public var since: Timestamp
        /// When its last record was received, if one was since the daemon started.
        public var lastRecord: Timestamp?
        /// Whether the SILENT alert of its current spell is already open.
        public var inSpell: Bool

        public init(staffed: StaffedHours, since: Timestamp, lastRecord: Timestamp? = nil, inSpell: Bool = false) {
            self.staffed = staffed
            self.since = since
            self.lastRecord = lastRecord
            self.inSpell = inSpell
        }
    }

    public enum Decision: Sendable, Equatable {
        /// Nothing to do.
        case none
        /// The checkpoint is not staffed now: its current spell (if any) is over, tomorrow's silence is a new one.
        case endSpell
        /// Quiet too long while staffed: open a SILENT alert with this detail and remember the spell.
        case raise(detail: String)
    }

    /// Decides for one checkpoint at `now`. Quiet time counts from the latest of the daemon's start, the
    /// checkpoint's (re)adding, its last record and the start of the current staffed period.
    public func decide(
        _ checkpoint: Checkpoint, startedAt: Timestamp, now: Timestamp, zone: some DisplayZone
    ) -> Decision {
        guard checkpoint.staffed.isStaffed(at: now, zone: zone) else { return .endSpell }
        guard !checkpoint.inSpell else { return .none }
        var quietSince = max(startedAt, checkpoint.since, checkpoint.lastRecord ?? startedAt)
        if let periodStart = checkpoint.staffed.periodStart(at: now, zone: zone) {
            quietSince = max(quietSince, periodStart)
        }
        let quiet = now.milliseconds - quietSince.milliseconds
        guard quiet >= silentAfterMilliseconds else { return .none }
        return .raise(detail: "no record for \(quiet / Timestamp.millisecondsPerMinute) min while staffed (\(checkpoint.staffed))")
    }
}
