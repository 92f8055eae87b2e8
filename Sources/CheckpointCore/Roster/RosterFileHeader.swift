/// The header line of a roster or staff-list file: which canonical column (`RosterEntry.columns`,
/// `WorkerEntry.columns`) each column of the file holds, whatever language and order the file names them in.
struct RosterFileHeader: Sendable, Hashable {
    /// The canonical column of each column of the file, in order; nil for a column whose name is empty (Excel writes
    /// an empty name for each column of its used range, even one that was emptied).
    var columns: [String?]

    /// The Chinese names a header may give each canonical column. The canonical English name is accepted too; both
    /// match after trimming, in any case.
    static let chineseNames: [String: [String]] = [
        "id": ["身份证号", "身份证号码", "身份证", "证件号码", "证件号"],
        "phone": ["手机号", "手机号码", "手机", "电话", "联系电话"],
        "name": ["姓名"],
        "grid": ["网格"],
        "checkpoint": ["卡点", "卡口", "门岗"],
        "home": ["住址", "房号", "门牌号"],
        "household": ["户号", "户"],
        "category": ["类别", "人员类别"],
        "department": ["部门", "班组"],
    ]

    /// The most characters of an unknown column name quoted back in a problem.
    static let quotedNameLimit = 24

    /// Reads a header line (its fields trimmed) for a file of `Row`s; every problem is on `line`.
    static func read<Row: RosterFileRow>(
        _ names: [String], line: Int, for _: Row.Type
    ) -> Result<RosterFileHeader, RosterFileProblems> {
        // A first line that holds a document or phone is data, not a header: say so without repeating it.
        if names.contains(where: { (try? PersonID(parsing: $0)) != nil }) {
            return .failure(
                RosterFileProblems([
                    RosterFileProblem(
                        line: line,
                        message: "the first line holds an id or phone number where the column names belong: add a "
                            + "header line first, e.g. \(Row.columns.joined(separator: ","))")
                ]))
        }
        var byName: [String: String] = [:]
        for column in Row.columns {
            byName[column] = column
            for name in chineseNames[column] ?? [] { byName[name] = column }
        }
        var problems: [RosterFileProblem] = []
        var columns: [String?] = []
        var firstPosition: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            guard !name.isEmpty else {
                columns.append(nil)
                continue
            }
            guard let column = byName[name.lowercased()] else {
                problems.append(RosterFileProblem(line: line, message: unknownName(name, index: index, for: Row.self)))
                columns.append(nil)
                continue
            }
            if let earlier = firstPosition[column] {
                problems.append(
                    RosterFileProblem(
                        line: line,
                        message: "columns \(earlier + 1) and \(index + 1) both hold \(spelled(column)): "
                            + "keep one of them"))
            } else {
                firstPosition[column] = index
            }
            columns.append(column)
        }
        for column in Row.requiredColumns where firstPosition[column] == nil {
            problems.append(
                RosterFileProblem(
                    line: line,
                    message: "the header has no \(spelled(column)) column: \(requirement(for: Row.self))"))
        }
        if firstPosition["id"] == nil && firstPosition["phone"] == nil {
            problems.append(
                RosterFileProblem(
                    line: line,
                    message: "the header has neither an \(spelled("id")) nor a \(spelled("phone")) column: "
                        + requirement(for: Row.self)))
        }
        guard problems.isEmpty else { return .failure(RosterFileProblems(problems)) }
        return .success(RosterFileHeader(columns: columns))
    }

    /// One data line's fields (trimmed) keyed by canonical column, every column of `Row` present (empty when the
    /// file lacks it or the line ends early); or, when the line does not fit the header, what is wrong with it.
    func fields<Row: RosterFileRow>(
        of values: [String], for _: Row.Type
    ) -> Result<[String: String], RosterFieldError> {
        var fields = Dictionary(uniqueKeysWithValues: Row.columns.map { ($0, "") })
        for (index, value) in values.enumerated() where !value.isEmpty {
            guard index < columns.count else {
                return .failure(
                    RosterFieldError(
                        column: "",
                        message: "field \(index + 1) has a value but the header names \(columns.count) columns: "
                            + "put a field that holds a comma in double quotes"))
            }
            guard let column = columns[index] else {
                return .failure(
                    RosterFieldError(
                        column: "",
                        message: "column \(index + 1) has no name in the header but has a value on this line: "
                            + "name the column in the header or empty it"))
            }
            fields[column] = value
        }
        return .success(fields)
    }

    /// `column` with its Chinese names, e.g. `grid (网格)`.
    static func spelled(_ column: String) -> String {
        guard let names = chineseNames[column], !names.isEmpty else { return column }
        return "\(column) (\(names.joined(separator: ", ")))"
    }

    /// What the header of a file of `Row`s must name.
    private static func requirement<Row: RosterFileRow>(for _: Row.Type) -> String {
        "a \(Row.fileDescription) needs \(Row.requiredColumns.joined(separator: ", ")) and at least one of id or phone"
    }

    /// The problem with a header name that is no column of `Row`: quotes it (inert and shortened) and lists the
    /// names accepted.
    private static func unknownName<Row: RosterFileRow>(_ name: String, index: Int, for _: Row.Type) -> String {
        let shortened = name.count > quotedNameLimit ? String(name.prefix(quotedNameLimit)) + "…" : name
        var message =
            "column \(index + 1), \"\(InertText.escaped(shortened))\", is not a \(Row.fileDescription) "
            + "column: use \(Row.columns.map(spelled).joined(separator: "; "))"
        if name.unicodeScalars.contains(where: { !$0.isASCII }) {
            message +=
                " (a garbled name means the wrong encoding: pass --encoding gbk for a file Excel saved on "
                + "Chinese Windows, none for UTF-8)"
        }
        return message
    }
}
