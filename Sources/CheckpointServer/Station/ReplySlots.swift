import NIOCore

/// The replies of one station session in request order (SPEC §3: replies leave in the order the lines came).
///
/// Each request reserves the next slot when it is read; its reply fills that slot whenever it is ready (the
/// writer answers a whole batch at once, a `PING` at once, a lookup later). A reply goes out only when every
/// earlier one has: filling the first slot hands over it and every filled slot behind it. Pure: no channel, no
/// event loop, so the ordering is tested on its own.
struct ReplySlots<Reply> {
    /// `nil` until the reply is ready.
    private var slots: CircularBuffer<Reply?>
    /// The number of the first slot in `slots`.
    private var firstSlot: UInt64 = 0
    /// The slots a quiet session keeps.
    let quietCapacity: Int

    init(quietCapacity: Int) {
        self.quietCapacity = quietCapacity
        self.slots = CircularBuffer(initialCapacity: quietCapacity)
    }

    /// Requests read and not yet handed over.
    var count: Int { slots.count }

    var isEmpty: Bool { slots.isEmpty }

    /// How many slots the storage holds now (a burst grows it).
    var capacity: Int { slots.capacity }

    /// Takes the next slot, for the request just read.
    mutating func reserve() -> UInt64 {
        slots.append(nil)
        return firstSlot + UInt64(slots.count - 1)
    }

    /// Fills `slot` and hands `send` every reply that is now first in line, in order. Returns how many it handed
    /// over: none while an earlier slot is still empty (the reply waits for its turn).
    @discardableResult
    mutating func fill(_ slot: UInt64, with reply: Reply, send: (Reply) -> Void) -> Int {
        guard slot >= firstSlot, slot - firstSlot < UInt64(slots.count) else { return 0 }
        guard slot == firstSlot else {
            // Answered ahead of an earlier request: it waits for its turn.
            slots[slots.index(slots.startIndex, offsetBy: Int(slot - firstSlot))] = reply
            return 0
        }
        send(reply)
        slots.removeFirst()
        firstSlot += 1
        var sent = 1
        while let first = slots.first, let ready = first {
            send(ready)
            slots.removeFirst()
            firstSlot += 1
            sent += 1
        }
        return sent
    }

    /// A burst (a station uploading its spool) grows the slots to `max_inflight`; once the station is quiet again
    /// (all answered, and the last batch small) they are given back instead of held while it stays connected.
    mutating func shrinkIfQuiet(lastBatch: Int) {
        if slots.isEmpty && slots.capacity > quietCapacity && lastBatch <= quietCapacity {
            slots = CircularBuffer(initialCapacity: quietCapacity)
        }
    }
}
