/// One resident on a grid's roster (issue 19): a line of `checkpointctl person import`, checked here the same way on
/// both sides of the control socket.
public struct RosterEntry: Sendable, Hashable {
    /// The resident ID (or `other:` document); nil when the line gives only a phone.
    public var document: PersonID?
    /// The mobile number; nil when the line gives only a document.
    public var phone: PersonID?
    public var name: String
    /// The grid whose compound gates know this person (a gate of another grid sees a visitor).
    public var grid: String
    /// The gate the resident usually uses; empty when not given.
    public var checkpoint: String
    /// The home, such as `3栋2单元501`; empty when not given.
    public var home: String
    /// The household the outing quota counts; `home` when the line leaves it empty, the person alone when both are.
    public var household: String
    public var category: ResidentCategory

    public init(
        document: PersonID?, phone: PersonID?, name: String, grid: String, checkpoint: String = "", home: String = "",
        household: String = "", category: ResidentCategory
    ) {
        self.document = document
        self.phone = phone
        self.name = name
        self.grid = grid
        self.checkpoint = checkpoint
        self.home = home
        self.household = household
        self.category = category
    }

    /// The person the roster keys this resident by: the document when there is one, else the phone.
    public var person: PersonID {
        // `validated` refuses a line with neither.
        document ?? phone ?? .other("unknown")
    }

    /// The roster's columns, in the order of the file and of the control request's row objects.
    public static let columns = ["id", "phone", "name", "grid", "checkpoint", "home", "household", "category"]

    /// The most characters of `home` and `household`.
    public static let maximumTextLength = 64

    /// Checks one line's fields (keyed by `columns`; a missing key is an empty field) and says, in a sentence
    /// that names the column, what is wrong with the first bad one.
    public static func validated(_ fields: [String: String]) -> Result<RosterEntry, RosterFieldError> {
        func field(_ name: String) -> String { (fields[name] ?? "").trimmingBlanksAndFullWidthSpaces }
        let documentText = field("id")
        let phoneText = field("phone")
        guard !documentText.isEmpty || !phoneText.isEmpty else {
            return .failure(RosterFieldError(column: "id", message: "id and phone are both empty: give at least one"))
        }
        var document: PersonID?
        if !documentText.isEmpty {
            do throws(ValidationError) {
                let parsed = try PersonID(parsing: documentText)
                guard !parsed.isPhone else {
                    return .failure(
                        RosterFieldError(
                            column: "id", message: "id holds a mobile number: put it in the phone column"))
                }
                document = parsed
            } catch {
                return .failure(RosterFieldError(column: "id", message: "id: \(error.message)"))
            }
        }
        var phone: PersonID?
        if !phoneText.isEmpty {
            do throws(ValidationError) {
                let parsed = try PersonID(parsing: phoneText)
                guard parsed.isPhone else {
                    return .failure(
                        RosterFieldError(
                            column: "phone", message: "phone holds a document number: put it in the id column"))
                }
                phone = parsed
            } catch {
                return .failure(RosterFieldError(column: "phone", message: "phone: \(error.message)"))
            }
        }
        let name = field("name")
        if let problem = checkText(name, column: "name", required: true, limit: PersonName.maximumLength) {
            return .failure(problem)
        }
        let grid = field("grid")
        guard Identifier.isValid(grid) else {
            return .failure(
                RosterFieldError(
                    column: "grid",
                    message: grid.isEmpty
                        ? "grid is empty: name the grid the resident lives in, e.g. G1"
                        : "grid must be 1-32 of A-Z a-z 0-9 _ . - starting with a letter or digit, "
                            + "like the grid of checkpoint add"))
        }
        let checkpoint = field("checkpoint")
        guard checkpoint.isEmpty || Identifier.isValid(checkpoint) else {
            return .failure(
                RosterFieldError(
                    column: "checkpoint",
                    message: "checkpoint must be a checkpoint id (1-32 of A-Z a-z 0-9 _ . -) or empty"))
        }
        let home = field("home")
        if let problem = checkText(home, column: "home", required: false, limit: maximumTextLength) {
            return .failure(problem)
        }
        let household = field("household")
        if let problem = checkText(household, column: "household", required: false, limit: maximumTextLength) {
            return .failure(problem)
        }
        let categoryText = field("category")
        guard let category = ResidentCategory(spelled: categoryText) else {
            return .failure(
                RosterFieldError(
                    column: "category",
                    message: categoryText.isEmpty
                        ? "category is empty: use home, work or new (居家, 上班 or 新来)"
                        : "category must be home, work or new (居家, 上班 or 新来)"))
        }
        return .success(
            RosterEntry(
                document: document, phone: phone, name: name, grid: grid, checkpoint: checkpoint, home: home,
                household: household, category: category))
    }

    /// `nil` when `text` may be stored in `column`.
    static func checkText(_ text: String, column: String, required: Bool, limit: Int) -> RosterFieldError? {
        if required && text.isEmpty { return RosterFieldError(column: column, message: "\(column) is empty") }
        if text.count > limit {
            return RosterFieldError(column: column, message: "\(column) is longer than \(limit) characters")
        }
        if let character = InertText.firstControlCharacter(in: text) {
            return RosterFieldError(column: column, message: InertText.refusal(field: column, character: character))
        }
        return nil
    }
}

/// What is wrong with one field of a roster or staff list line. The message never repeats the value (it is
/// personal data): it names the column and says what to write instead.
public struct RosterFieldError: Error, Sendable, Hashable {
    public var column: String
    public var message: String

    public init(column: String, message: String) {
        self.column = column
        self.message = message
    }
}

extension ResidentCategory {
    /// A category as a roster spells it: `home`, `work`, `new` (any case) or `居家`, `上班`, `新来`.
    public init?(spelled text: String) {
        switch text.lowercased() {
        case "home", "居家": self = .home
        case "work", "上班": self = .work
        case "new", "新来": self = .new
        default: return nil
        }
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and ideographic spaces (U+3000, which Chinese input methods type).
    var trimmingBlanksAndFullWidthSpaces: String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }
        guard let start = firstIndex(where: { !blank($0) }), let end = lastIndex(where: { !blank($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
