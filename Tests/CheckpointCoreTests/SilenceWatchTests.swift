import CheckpointCore
import Testing

/// The silence watch with an explicit clock: every time is `RuleFixture.t0` plus an offset, the zone is UTC.
@Suite struct SilenceWatchTests {
    static let minute: Int64 = 60_000
    static let watch = SilenceWatch(silentAfterMilliseconds: 30 * minute)
    /// Midnight UTC of `t0`'s day, so staffed windows can be placed exactly.
    static let midnight = Timestamp(
        milliseconds: RuleFixture.t0.milliseconds - RuleFixture.t0.milliseconds % RuleFixture.day)

    static func at(_ minutes: Int64) -> Timestamp { midnight.adding(milliseconds: minutes * minute) }

    static func decide(_ checkpoint: SilenceWatch.Checkpoint, startedAt: Timestamp = at(0), now: Timestamp)
        -> SilenceWatch.Decision
    {
        watch.decide(checkpoint, startedAt: startedAt, now: now, zone: FixedOffsetZone.utc)
    }

    static func aroundTheClock(lastRecord: Timestamp? = nil, inSpell: Bool = false) -> SilenceWatch.Checkpoint {
        SilenceWatch.Checkpoint(staffed: .aroundTheClock, since: at(0), lastRecord: lastRecord, inSpell: inSpell)
    }

    @Test func decide_whenQuietJustUnderTheLimit_doesNothing() {
        #expect(Self.decide(Self.aroundTheClock(lastRecord: Self.at(60)), now: Self.at(89)) == .none)
    }

    @Test func decide_whenQuietExactlyTheLimit_raisesWithTheQuietMinutes() {
        #expect(
            Self.decide(Self.aroundTheClock(lastRecord: Self.at(60)), now: Self.at(90))
                == .raise(detail: "no record for 30 min while staffed (24h)"))
    }

    @Test func decide_whenNoRecordYet_countsFromTheDaemonsStart() {
        #expect(Self.decide(Self.aroundTheClock(), startedAt: Self.at(100), now: Self.at(129)) == .none)
        #expect(
            Self.decide(Self.aroundTheClock(), startedAt: Self.at(100), now: Self.at(145))
                == .raise(detail: "no record for 45 min while staffed (24h)"))
    }

    @Test func decide_whenCheckpointAddedLater_countsFromItsAdding() {
        let added = SilenceWatch.Checkpoint(staffed: .aroundTheClock, since: Self.at(200))
        #expect(Self.decide(added, now: Self.at(220)) == .none)
        #expect(Self.decide(added, now: Self.at(230)) == .raise(detail: "no record for 30 min while staffed (24h)"))
    }

    @Test func decide_whenSpellAlreadyOpen_raisesNoSecondAlert() {
        #expect(Self.decide(Self.aroundTheClock(inSpell: true), now: Self.at(600)) == .none)
    }

    @Test func decide_whenNotStaffed_endsTheSpell() throws {
        let staffed = try #require(StaffedHours("08:00-20:00"))
        let closed = SilenceWatch.Checkpoint(staffed: staffed, since: Self.at(0), inSpell: true)
        #expect(Self.decide(closed, now: Self.at(21 * 60)) == .endSpell)
        #expect(Self.decide(closed, now: Self.at(7 * 60 + 59)) == .endSpell)
    }

    @Test func decide_whenStaffedPeriodBegan_countsFromItsStart() throws {
        let staffed = try #require(StaffedHours("08:00-20:00"))
        // Last heard from yesterday evening: the quiet night does not count.
        let morning = SilenceWatch.Checkpoint(staffed: staffed, since: Self.at(-1440), lastRecord: Self.at(-300))
        let startedAt = Self.at(-1440)
        #expect(Self.decide(morning, startedAt: startedAt, now: Self.at(8 * 60 + 29)) == .none)
        #expect(
            Self.decide(morning, startedAt: startedAt, now: Self.at(8 * 60 + 30))
                == .raise(detail: "no record for 30 min while staffed (08:00-20:00)"))
    }

    @Test func decide_whenWindowCrossesMidnight_countsFromTheEveningStart() throws {
        let staffed = try #require(StaffedHours("22:00-06:00"))
        let night = SilenceWatch.Checkpoint(staffed: staffed, since: Self.at(-1440))
        #expect(
            Self.decide(night, startedAt: Self.at(-1440), now: Self.at(60))
                == .raise(detail: "no record for 180 min while staffed (22:00-06:00)"))
        #expect(Self.decide(night, startedAt: Self.at(-1440), now: Self.at(6 * 60)) == .endSpell)
    }
}
