import CheckpointCore

extension WriterEngine {
    /// Deletes the `people_other` rows (passport and other document numbers) that no record, alert, quarantine
    /// order or link (issue 15: a link stays until unlinked or erased) refers to any more (issue 13, point 9):
    /// retention purged what named them. Returns the rows deleted.
    ///
    /// `other:` people have negative keys, which come first in each day of the `(day, person, ts)` index: the
    /// records' side is one short range per day, not a scan. Alerts have no person index; their table is small
    /// (one row per fever or violation) and this runs once per purge round that deleted something.
    func purgeUnreferencedPeople() throws(StoreError) -> Int {
        var referenced = Set<Int64>()
        let first = try db.integer("SELECT ts / 86400000 FROM records ORDER BY ts / 86400000 LIMIT 1")
        let last = try db.integer("SELECT ts / 86400000 FROM records ORDER BY ts / 86400000 DESC LIMIT 1")
        if let first, let last, last - first > 4000 {
            let keys = try db.prepare("SELECT DISTINCT person FROM records WHERE person < 0", persistent: false)
            while try keys.step() { referenced.insert(keys.int64(0)) }
        } else if let first, let last {
            let perDay = try db.prepare(
                "SELECT DISTINCT person FROM records WHERE ts / 86400000 = ? AND person < 0", persistent: false)
            for day in first...last {
                perDay.bind(1, day)
                while try perDay.step() { referenced.insert(perDay.int64(0)) }
                perDay.reset()
            }
        }
        for (table, column) in [
            ("alerts", "person"), ("quarantines", "person"), ("person_links", "document"), ("residents", "person"),
            ("site_workers", "person"),
        ] {
            let keys = try db.prepare(
                "SELECT DISTINCT \(column) FROM \(table) WHERE \(column) < 0", persistent: false)
            while try keys.step() { referenced.insert(keys.int64(0)) }
        }
        let people = try db.prepare("SELECT id, ident FROM people_other", persistent: false)
        var unreferenced: [(id: Int64, ident: String)] = []
        while try people.step() {
            let id = people.int64(0)
            if !referenced.contains(-id) { unreferenced.append((id, people.string(1) ?? "")) }
        }
        let delete = try db.prepare("DELETE FROM people_other WHERE id = ?", persistent: false)
        for person in unreferenced {
            try delete.run { $0.bind(1, person.id) }
            delta.otherPeople[person.ident] = nil
            delta.forgottenPeople.append(person.ident)
        }
        return unreferenced.count
    }
}
