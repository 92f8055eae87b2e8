import ArgumentParser
import CheckpointCore
import CheckpointWire

/// `--grid G` of the lists a grid worker reads (issue 16): alerts, quarantine orders, watch, records, export.
struct GridOption: ParsableArguments {
    @Option(help: ArgumentHelp("Only this grid (its checkpoints, alerts and quarantine orders).", valueName: "grid"))
    var grid: String?

    func validate() throws {
        if let grid { try Self.validateIdentifier(grid, "--grid") }
    }

    func add(to arguments: inout ControlArguments) {
        arguments.setIfPresent(.grid, grid)
    }

    /// ` in grid G7` for "nothing found" lines, or empty.
    var phrase: String { grid.map { L(" in grid {1}", $0) } ?? "" }
}
