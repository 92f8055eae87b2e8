import CheckpointWire
import Testing

@testable import CheckpointServer

/// The server answers exactly the commands of the Wire command table.
@Suite struct ControlCommandTableTests {
    @Test func handlers_coverEveryCommandOfTheTableOnce() {
        let handled = ControlCommands.handlers.map(\.spec.name)
        #expect(handled.sorted() == ControlCommandTable.names)
        #expect(Set(handled).count == handled.count)
        #expect(ControlCommands.table.count == ControlCommandTable.all.count)
    }

    @Test func table_namesEachArgumentOncePerCommand() {
        for spec in ControlCommandTable.all {
            #expect(spec.argumentNames.count == spec.arguments.count, "\(spec.name)")
            #expect(Set(spec.resultKeys).count == spec.resultKeys.count, "\(spec.name)")
        }
    }
}
