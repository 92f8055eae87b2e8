import CheckpointTestSupport
import CheckpointWire
import Testing

/// The daemon keeps to the control command table (Wire's `ControlCommandTable`).
@Suite struct CommandTableTests {
    @Test func table_listsTheCommandsOfSPEC() {
        #expect(ControlCommandTable.names == RequestFormTests.commands.sorted())
    }

    @Test func command_withoutItsFirstRequiredArgument_isRefusedNamingIt() throws {
        let centre = try Centre()
        for spec in ControlCommandTable.all {
            guard let first = spec.arguments.first(where: \.isRequired) else { continue }
            let reply = try centre.control.ask(spec.name)
            #expect(reply.errorCode == "E_ARG", "\(spec.name): \(reply.line)")
            #expect(reply.errorMessage.contains("needs \(first.name.text)"), "\(spec.name): \(reply.line)")
        }
    }

    @Test func command_withAnArgumentTheTableDoesNotList_isRefusedListingTheTables() throws {
        let centre = try Centre()
        for spec in ControlCommandTable.all where !spec.arguments.isEmpty {
            let reply = try centre.control.ask(spec.name, ["colour": "red"])
            #expect(reply.errorCode == "E_ARG", "\(spec.name): \(reply.line)")
            let listed = spec.argumentNames.sorted().joined(separator: ", ")
            #expect(reply.errorMessage == "\(spec.name) has no argument \"colour\": it takes \(listed)")
        }
    }
}
