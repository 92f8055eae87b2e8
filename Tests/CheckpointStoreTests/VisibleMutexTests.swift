@testable import CheckpointStore
import Dispatch
import Testing

@Suite struct VisibleMutexTests {
    @Test func withLock_fromManyThreadsAtOnce_losesNoUpdate() {
        let counter = VisibleMutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<10_000 { counter.withLock { $0 += 1 } }
        }
        #expect(counter.withLock { $0 } == 80_000)
    }

    @Test func withLock_whenTheBodyThrows_passesTheErrorOnAndLeavesTheLockFree() {
        struct Refused: Error {}
        let value = VisibleMutex("kept")
        #expect(throws: Refused.self) {
            try value.withLock { (text: inout String) throws(Refused) -> Void in
                text = "changed before the throw"
                throw Refused()
            }
        }
        #expect(value.withLock { $0 } == "changed before the throw")
    }
}
