import CheckpointCore

/// The counter columns of `hourly_counts` and `daily_counts`, in the one order the writer binds them and `stats`
/// reads them: a column per record kind, then one per counted verdict. A new `RecordKind` case makes
/// `column(of:)` fail to compile until its column is named (and a migration adds it to both tables).
enum CountColumns {
    static func column(of kind: RecordKind) -> String {
        switch kind {
        case .temp: "temps"
        case .entry: "entries"
        case .exit: "exits"
        }
    }

    /// `temps, entries, exits, fevers, violations, visitors, notices` (the last two: migration 9, issue 19).
    static let names: [String] = RecordKind.allCases.map(column(of:)) + ["fevers", "violations", "visitors", "notices"]

    /// `INSERT ... ON CONFLICT DO UPDATE` adding counts to a checkpoint's row of `table` for one `period` (an hour
    /// or a day): `(checkpoint_id, period, counts...)`.
    static func upsert(table: String, period: String) -> String {
        let columns = names.joined(separator: ", ")
        let placeholders = Array(repeating: "?", count: names.count + 2).joined(separator: ", ")
        let sums = names.map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", ")
        return """
            INSERT INTO \(table)(checkpoint_id, \(period), \(columns)) VALUES (\(placeholders))
            ON CONFLICT(checkpoint_id, \(period)) DO UPDATE SET \(sums)
            """
    }

    /// `SUM(h.temps), SUM(h.entries), ...` for a query whose counts table is aliased `alias`.
    static func sums(alias: String) -> String {
        names.map { "SUM(\(alias).\($0))" }.joined(separator: ", ")
    }

    /// Binds `counts` in the order of `names`, starting at parameter `first`.
    static func bind(_ counts: RecordCounts, to statement: SQLiteStatement, from first: Int32) {
        var index = first
        for kind in RecordKind.allCases {
            statement.bind(index, counts[kind])
            index += 1
        }
        statement.bind(index, counts.fevers)
        statement.bind(index + 1, counts.violations)
        statement.bind(index + 2, counts.visitors)
        statement.bind(index + 3, counts.notices)
    }

    /// Reads counts in the order of `names`, starting at result column `first`.
    static func read(_ statement: SQLiteStatement, from first: Int32) -> RecordCounts {
        var counts = RecordCounts()
        var column = first
        for kind in RecordKind.allCases {
            counts[kind] = statement.int(column)
            column += 1
        }
        counts.fevers = statement.int(column)
        counts.violations = statement.int(column + 1)
        counts.visitors = statement.int(column + 2)
        counts.notices = statement.int(column + 3)
        return counts
    }
}
