/// A resident's category on the roster (issue 19): how the district manages them.
public enum ResidentCategory: String, Sendable, Hashable, CaseIterable {
    /// Stays home; goes out on the household's outing quota (`outing_quota`, `outing_max`).
    case home
    /// Goes out to work.
    case work
    /// A newcomer (arrived recently; watched more closely).
    case new

    /// `home, work or new`: the choices, as an error names them.
    public static let choices: String = {
        let names = allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }()
}

/// The category a record is counted under in `stats by=category` and the daily report: a roster category, or
/// `visitor` (not on the roster at a compound gate whose grid has one), or `unlisted` (anyone else: not on any
/// roster, at a gate without one).
public enum CountedCategory: String, Sendable, Hashable, CaseIterable {
    case home
    case work
    case new
    case visitor
    case unlisted

    public init(_ category: ResidentCategory) {
        switch category {
        case .home: self = .home
        case .work: self = .work
        case .new: self = .new
        }
    }
}
