import CheckpointCore
import CheckpointStore
import Synchronization

/// What `health` and `stats` say of the city (issue 17 points 2 and 3), kept up to date by `CityService`.
final class CityStatus: Sendable {
    struct Snapshot: Sendable {
        var district: String
        var uplinkConnected = false
        var registryConnected = false
        /// The last failure of either connection, as told to the operator (no person in it).
        var lastError: String?
        /// Records committed here and not yet in the city (by id).
        var lagRecords: Int64 = 0
        /// Changed alerts, orders and gaps not yet in the city.
        var lagChanges: Int64 = 0
        /// When the oldest record not yet in the city was taken.
        var oldestUnshippedAt: Timestamp?
        var shippedRecords: Int64 = 0
        /// When the registry was last read (the orders of other districts are as of then).
        var registrySyncedAt: Timestamp?
        /// Orders of other districts taken in (new or changed) since the start.
        var ordersFromCity = 0
    }

    private let state: VisibleMutex<Snapshot>

    init(district: String) {
        state = VisibleMutex(Snapshot(district: district))
    }

    var snapshot: Snapshot { state.withLock { $0 } }

    func update(_ body: (inout Snapshot) -> Void) {
        state.withLock { body(&$0) }
    }

    /// Whether the district is cut off from the city (either way): `health` then says `degraded`.
    var isDegraded: Bool {
        let now = snapshot
        return !now.uplinkConnected || !now.registryConnected
    }
}
