import CheckpointCore
import CheckpointStore
import CheckpointWire

/// The gates a person passed, per day of the display zone: each checkpoint once a day, with how many records.
struct ClearanceDays {
    struct Gate {
        var code: String
        var name: String
        var grid: String
        var records: Int
    }

    var day: String
    var records: Int
    /// In the order they were first passed that day.
    var gates: [Gate]

    static func group(_ passages: [Passage], zone: any DisplayZone) -> [ClearanceDays] {
        var days: [ClearanceDays] = []
        for passage in passages {
            let day = passage.at.date(in: zone)
            if days.last?.day != day { days.append(ClearanceDays(day: day, records: 0, gates: [])) }
            days[days.count - 1].add(passage)
        }
        return days
    }

    private mutating func add(_ passage: Passage) {
        records += 1
        if let index = gates.firstIndex(where: { $0.code == passage.checkpointCode }) {
            gates[index].records += 1
        } else {
            gates.append(
                Gate(code: passage.checkpointCode, name: passage.checkpointName, grid: passage.grid, records: 1))
        }
    }

    var json: JSONObject {
        [
            "day": .string(day), "records": .int(Int64(records)),
            "checkpoints": .array(
                gates.map {
                    .object([
                        "checkpoint": .string($0.code), "name": .string($0.name), "grid": .string($0.grid),
                        "records": .int(Int64($0.records)),
                    ])
                }),
        ]
    }
}
