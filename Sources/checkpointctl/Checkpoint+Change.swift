import ArgumentParser
import CheckpointWire

extension Checkpoint {
    /// `checkpointctl checkpoint set ID --kind|--name|--grid|--staffed|--site`: changes a checkpoint in service.
    struct Change: RequestCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Change a checkpoint's kind, name, grid, staffed hours or site.",
            discussion: """
                Give at least one of --kind, --name, --grid, --staffed and --site; the others stay as they are. \
                --site - detaches a gate from its enterprise site. A new \
                kind applies to every record stored after the change. The checkpoint's terminals are \
                disconnected once and reconnect at once (nothing is lost: their records wait in their spool), so \
                that each learns the new kind: at a workplace gate a violation reads "in quarantine: may not start \
                work".

                Example:
                  checkpointctl checkpoint set plant-1 --kind workplace
                  checkpointctl checkpoint set gate-3 --staffed 07:00-19:00 --name "North gate"
                  checkpointctl checkpoint set plant-1 --site F1
                  checkpointctl checkpoint set plant-1 --site -
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The checkpoint's id.")
        var id: String

        @Option(help: CheckpointKindOption.help)
        var kind: CheckpointKindOption?

        @Option(help: ArgumentHelp("A name for people, e.g. \"North gate\".", valueName: "name"))
        var name: String?

        @Option(help: ArgumentHelp("The grid the checkpoint belongs to.", valueName: "grid"))
        var grid: String?

        @Option(help: ArgumentHelp("When it is staffed: 24h, or a daily window HH:MM-HH:MM.", valueName: "hours"))
        var staffed: String?

        @Option(help: CheckpointSite.setHelp)
        var site: String?

        func validate() throws {
            try Self.validateIdentifier(id, "checkpoint")
            if let grid {
                try Self.validateIdentifier(grid, "grid")
            }
            if let site, site != "-" {
                try Self.validateIdentifier(site, "site")
            }
            guard kind != nil || name != nil || grid != nil || staffed != nil || site != nil else {
                throw ValidationError(L("nothing to change: give --kind, --name, --grid, --staffed or --site"))
            }
        }

        var request: ControlRequest {
            ControlRequest(.checkpointSet) { arguments in
                arguments[.id] = .string(id)
                arguments.setIfPresent(.kind, kind?.rawValue)
                arguments.setIfPresent(.name, name)
                arguments.setIfPresent(.grid, grid)
                arguments.setIfPresent(.staffed, staffed)
                arguments.setIfPresent(.site, site)
            }
        }

        /// `checkpoint plant-1 in grid G7, staffed 24h, kind workplace changed`, and the terminals sent to
        /// reconnect.
        func render(_ result: JSONObject, style: TerminalStyle) -> String {
            var text = L("checkpoint {1} changed", Checkpoint.summary(result)) + "\n"
            let stations = (result["reconnected"]?.arrayValue ?? []).map(\.displayText)
            if !stations.isEmpty {
                text += L("reconnecting to learn the new kind: {1}", stations.joined(separator: ", ")) + "\n"
            }
            return text
        }
    }
}
