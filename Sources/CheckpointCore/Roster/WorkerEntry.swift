/// One worker on an enterprise site's staff list (issue 19, point 4): a line of `checkpointctl site workers import`.
public struct WorkerEntry: Sendable, Hashable {
    public var document: PersonID?
    public var phone: PersonID?
    public var name: String
    /// The department or team; empty when not given.
    public var department: String

    public init(document: PersonID?, phone: PersonID?, name: String, department: String = "") {
        self.document = document
        self.phone = phone
        self.name = name
        self.department = department
    }

    /// The person the list keys this worker by: the document when there is one, else the phone.
    public var person: PersonID { document ?? phone ?? .other("unknown") }

    public static let columns = ["id", "phone", "name", "department"]

    /// Checks one line's fields, as ``RosterEntry/validated(_:)`` does.
    public static func validated(_ fields: [String: String]) -> Result<WorkerEntry, RosterFieldError> {
        var roster = fields
        roster["grid"] = "G"
        roster["category"] = "work"
        roster["home"] = nil
        roster["household"] = nil
        roster["checkpoint"] = nil
        let department = (fields["department"] ?? "").trimmingBlanksAndFullWidthSpaces
        if let problem = RosterEntry.checkText(
            department, column: "department", required: false, limit: RosterEntry.maximumTextLength)
        {
            return .failure(problem)
        }
        return RosterEntry.validated(roster).map {
            WorkerEntry(document: $0.document, phone: $0.phone, name: $0.name, department: department)
        }
    }
}
