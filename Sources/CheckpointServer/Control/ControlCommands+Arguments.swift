import CheckpointCore
import CheckpointWire

/// Arguments several commands share, read and checked the same way everywhere.
extension ControlCommands {
    func time(_ request: ControlRequest, _ name: ControlArgumentName, now: Timestamp) throws(WireError) -> Timestamp? {
        guard let text = try request.string(name) else { return nil }
        return try TimeArgument.parse(text, key: name.text, now: now, zone: zone)
    }

    func limit(_ request: ControlRequest, default value: Int) throws(WireError) -> Int {
        let limit = try request.int(.limit) ?? Int64(value)
        guard (1...100_000).contains(limit) else { throw WireError(.argument, "limit must be from 1 to 100000") }
        return Int(limit)
    }

    func person(_ request: ControlRequest) throws(WireError) -> PersonID {
        let text = try request.requiredString(.person)
        do throws(ValidationError) {
            return try PersonID(parsing: text)
        } catch {
            throw WireError(.argument, "person: \(error.message)")
        }
    }

    /// `grid=` of the lists and of `quarantine.add` (issue 16), nil when not given.
    func grid(_ request: ControlRequest) throws(WireError) -> String? {
        request.has(.grid) ? try identifier(request, .grid) : nil
    }

    func identifier(_ request: ControlRequest, _ name: ControlArgumentName) throws(WireError) -> String {
        let value = try request.requiredString(name)
        guard Identifier.isValid(value) else {
            throw WireError(.argument, "\(name) must be 1-32 of A-Z a-z 0-9 _ . - starting with a letter or digit")
        }
        return value
    }
}
