import CheckpointCore
import CheckpointStore

/// What one control connection carries from request to request (issue 19): the lines of a file being imported,
/// staged until the request with `final=true`. It dies with the connection, so a client that goes away halfway
/// has stored nothing.
final class ControlSession: Sendable {
    /// The lines of one import, checked as they came.
    struct ImportStage: Sendable {
        /// `person.import`, or `site.workers.import` and its site.
        var command: String
        var site: String?
        var residents: [RosterEntry] = []
        var workers: [WorkerEntry] = []
        /// Lines already staged, to name the first one again when a person comes twice.
        var people: [PersonID: Int] = [:]
        var problems: [String] = []
        var count: Int { residents.count + workers.count }
    }

    /// The most lines one import may stage (a district's roster is imported grid by grid).
    static let maximumStagedLines = 200_000

    private let stage = VisibleMutex<ImportStage?>(nil)

    init() {}

    /// Runs `body` on the connection's import stage, started for `command` (and `site`) when there is none or it
    /// was of another command or site.
    func withStage<T>(command: String, site: String?, _ body: (inout ImportStage) -> T) -> T {
        stage.withLock { current in
            var working =
                current.flatMap { $0.command == command && $0.site == site ? $0 : nil }
                ?? ImportStage(command: command, site: site)
            let result = body(&working)
            current = working
            return result
        }
    }

    /// Takes the stage away (the final request, or a failed one).
    func takeStage() -> ImportStage? {
        stage.withLock { current in
            let taken = current
            current = nil
            return taken
        }
    }
}
