import CheckpointStore
import NIOCore
import Synchronization

/// Runs the writer's completions for the sessions of one event loop: one `execute` per commit for all of them.
final class EventLoopCompletions: CompletionExecutor {
    let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) { self.eventLoop = eventLoop }

    func run(_ completions: @escaping @Sendable () -> Void) {
        eventLoop.execute(completions)
    }
}

/// One `EventLoopCompletions` per event loop, made on first use.
final class CompletionExecutors: Sendable {
    private let executors = VisibleMutex<[ObjectIdentifier: EventLoopCompletions]>([:])

    func executor(for eventLoop: any EventLoop) -> EventLoopCompletions {
        executors.withLock { table in
            let key = ObjectIdentifier(eventLoop)
            if let known = table[key] { return known }
            let executor = EventLoopCompletions(eventLoop: eventLoop)
            table[key] = executor
            return executor
        }
    }
}
