import Testing

@testable import CheckpointServer

/// The reply-ordering slots of a station session: replies leave in request order whatever order they are ready in.
@Suite struct ReplySlotsTests {
    /// Fills `slot` and returns what was handed over.
    static func fill(_ slots: inout ReplySlots<String>, _ slot: UInt64, _ reply: String) -> [String] {
        var sent: [String] = []
        slots.fill(slot, with: reply) { sent.append($0) }
        return sent
    }

    @Test func fill_whenTheFirstSlotIsFilled_sendsItAtOnce() {
        var slots = ReplySlots<String>(quietCapacity: 4)
        let slot = slots.reserve()
        #expect(Self.fill(&slots, slot, "PONG") == ["PONG"])
        #expect(slots.isEmpty)
    }

    @Test func fill_whenAnEarlierSlotIsEmpty_holdsTheReplyUntilItsTurn() {
        var slots = ReplySlots<String>(quietCapacity: 4)
        let first = slots.reserve()
        let second = slots.reserve()
        let third = slots.reserve()
        #expect(Self.fill(&slots, third, "OK 3") == [])
        #expect(Self.fill(&slots, second, "OK 2") == [])
        #expect(slots.count == 3)
        #expect(Self.fill(&slots, first, "OK 1") == ["OK 1", "OK 2", "OK 3"])
        #expect(slots.isEmpty)
    }

    @Test func fill_whenAGapRemains_sendsOnlyUpToTheGap() {
        var slots = ReplySlots<String>(quietCapacity: 4)
        let numbers = (0..<4).map { _ in slots.reserve() }
        #expect(Self.fill(&slots, numbers[1], "b") == [])
        #expect(Self.fill(&slots, numbers[3], "d") == [])
        #expect(Self.fill(&slots, numbers[0], "a") == ["a", "b"])
        #expect(slots.count == 2)
        #expect(Self.fill(&slots, numbers[2], "c") == ["c", "d"])
        #expect(slots.isEmpty)
    }

    @Test func reserve_afterEarlierRepliesLeft_numbersSlotsOnward() {
        var slots = ReplySlots<String>(quietCapacity: 2)
        let first = slots.reserve()
        _ = Self.fill(&slots, first, "a")
        let next = slots.reserve()
        #expect(next == first + 1)
        #expect(Self.fill(&slots, next, "b") == ["b"])
    }

    @Test func fill_whenTheSlotWasAlreadySent_ignoresIt() {
        var slots = ReplySlots<String>(quietCapacity: 2)
        let first = slots.reserve()
        _ = Self.fill(&slots, first, "a")
        _ = slots.reserve()
        #expect(Self.fill(&slots, first, "late") == [])
        #expect(slots.count == 1)
    }

    @Test func fill_whenRepliesArriveInRandomOrder_sendsThemAllInRequestOrder() {
        var generator = SystemRandomNumberGenerator()
        var slots = ReplySlots<Int>(quietCapacity: 16)
        let numbers = (0..<500).map { _ in slots.reserve() }
        var sent: [Int] = []
        for index in numbers.indices.shuffled(using: &generator) {
            slots.fill(numbers[index], with: index) { sent.append($0) }
        }
        #expect(sent == Array(0..<500))
        #expect(slots.isEmpty)
    }

    @Test func shrinkIfQuiet_afterABurstIsAnswered_givesTheSlotsBack() {
        var slots = ReplySlots<String>(quietCapacity: 4)
        let numbers = (0..<100).map { _ in slots.reserve() }
        #expect(slots.capacity >= 100)
        for slot in numbers { _ = Self.fill(&slots, slot, "ok") }
        slots.shrinkIfQuiet(lastBatch: 100)
        #expect(slots.capacity >= 100, "a big last batch keeps the slots: the burst may go on")
        slots.shrinkIfQuiet(lastBatch: 3)
        #expect(slots.capacity < 100)
    }

    @Test func shrinkIfQuiet_whileRepliesAreOutstanding_keepsTheSlots() {
        var slots = ReplySlots<String>(quietCapacity: 4)
        let numbers = (0..<100).map { _ in slots.reserve() }
        for slot in numbers.dropFirst() { _ = Self.fill(&slots, slot, "ok") }
        slots.shrinkIfQuiet(lastBatch: 0)
        #expect(slots.count == 100)
        #expect(Self.fill(&slots, numbers[0], "first").count == 100)
    }
}
