import CheckpointCore

/// The writer's copy of the resident roster (issue 19): who is on which grid's roster, in which category and
/// household. Loaded at start and after each import or erasure commits; read once per record, so a district with
/// no roster pays one `isEmpty` test.
struct RosterMemory {
    struct Resident: Hashable {
        var person: Int64
        var phone: Int64?
        var grid: String
        /// `grid` and the household text: the outing quota's unit.
        var household: HouseholdKey
        var category: ResidentCategory
    }

    struct HouseholdKey: Hashable {
        var grid: String
        var household: String
    }

    /// Each resident under their key and under their phone's (a household's shared phone lists several).
    private(set) var byKey: [Int64: [Resident]] = [:]
    /// The keys (documents and phones) of each household's `home` members.
    private(set) var households: [HouseholdKey: [Int64]] = [:]
    /// The grids with at least one resident: their compound gates judge visitors.
    private(set) var grids: Set<String> = []

    var isEmpty: Bool { byKey.isEmpty }

    init() {}

    init(_ residents: [Resident]) {
        for resident in residents {
            byKey[resident.person, default: []].append(resident)
            var keys = [resident.person]
            if let phone = resident.phone, phone != resident.person {
                byKey[phone, default: []].append(resident)
                keys.append(phone)
            }
            // The quota is the `home` residents': a working member going to work uses none of it.
            if resident.category == .home { households[resident.household, default: []].append(contentsOf: keys) }
            grids.insert(resident.grid)
        }
    }

    /// The residents `key` stands for.
    func residents(of key: Int64) -> [Resident] { byKey.isEmpty ? [] : byKey[key] ?? [] }

    func memberKeys(of household: HouseholdKey) -> [Int64] { households[household] ?? [] }

    /// Reads the roster table.
    static func load(_ db: SQLiteConnection) throws(StoreError) -> RosterMemory {
        let query = try db.prepare(
            "SELECT person, phone, grid, household, category FROM residents", persistent: false)
        var residents: [Resident] = []
        while try query.step() {
            guard let grid = query.string(2), let household = query.string(3),
                let category = query.string(4).flatMap(ResidentCategory.init(rawValue:))
            else { continue }
            residents.append(
                Resident(
                    person: query.int64(0), phone: query.optionalInt64(1), grid: grid,
                    household: HouseholdKey(grid: grid, household: household), category: category))
        }
        return RosterMemory(residents)
    }
}

/// What the writer knows about checkpoints beyond their kind (issue 19): each one's grid, and the site a
/// workplace gate belongs to with that site's tag.
struct CheckpointFacts {
    var grids: [Int64: String] = [:]
    var sites: [Int64: Int64] = [:]
    /// The sites tagged red, with their codes (an alert's detail names the site).
    var redSites: [Int64: String] = [:]

    static func load(_ db: SQLiteConnection) throws(StoreError) -> CheckpointFacts {
        var facts = CheckpointFacts()
        let checkpoints = try db.prepare("SELECT id, grid, site_id FROM checkpoints", persistent: false)
        while try checkpoints.step() {
            let id = checkpoints.int64(0)
            if let grid = checkpoints.string(1) { facts.grids[id] = grid }
            if let site = checkpoints.optionalInt64(2) { facts.sites[id] = site }
        }
        let red = try db.prepare("SELECT id, code FROM sites WHERE tag = 'red'", persistent: false)
        while try red.step() {
            if let code = red.string(1) { facts.redSites[red.int64(0)] = code }
        }
        return facts
    }
}
