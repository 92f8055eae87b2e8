/// The text encoding of a roster or staff-list file (`checkpointctl … --encoding`).
public enum RosterFileEncoding: String, Sendable, CaseIterable {
    /// UTF-8, with or without a byte order mark (Excel's "CSV UTF-8"): the default.
    case utf8
    /// GBK, read as GB18030 (Excel's "CSV (逗号分隔)" on Chinese Windows).
    case gbk
}

/// One good line: its 1-based line number in the file, the checked entry, and its fields keyed by the canonical
/// English column names of `RosterEntry.columns`/`WorkerEntry.columns` (trimmed, as sent to the daemon). Every
/// column is present; one the file lacks is empty.
public struct RosterFileLine<Entry: Sendable & Hashable>: Sendable, Hashable {
    public var line: Int
    public var entry: Entry
    public var fields: [String: String]

    public init(line: Int, entry: Entry, fields: [String: String]) {
        self.line = line
        self.entry = entry
        self.fields = fields
    }
}

/// What is wrong with one line of a roster or staff-list file; line 0 is the file as a whole (its encoding, size or
/// lack of lines). The message never repeats a field's value (personal data) and says what to do instead.
public struct RosterFileProblem: Error, Sendable, Hashable {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
}

/// Every problem of a file, in line order: the failure of ``RosterFile/residents(_:encoding:)`` and
/// ``RosterFile/workers(_:encoding:)``. A `Result` needs an `Error` (an array is none), so this wraps the array and is
/// a collection of its problems: iterate it, count it or index it as the array.
public struct RosterFileProblems: Error, Sendable, Hashable, RandomAccessCollection {
    public var problems: [RosterFileProblem]

    public init(_ problems: [RosterFileProblem]) {
        self.problems = problems
    }

    public var startIndex: Int { problems.startIndex }
    public var endIndex: Int { problems.endIndex }
    public subscript(position: Int) -> RosterFileProblem { problems[position] }
}

/// Reads a grid's roster or a site's staff list from a CSV file (issue 19, points 1 and 4), all or nothing: either
/// every line is good, or every bad line is named by number.
///
/// The file is CSV as RFC 4180 has it (comma separated, `"` quotes a field and `""` is a quote inside one), lines end
/// in LF or CRLF, and a field may not hold a line break. Blank lines, lines of empty fields and lines starting with
/// `#` are skipped. The first other line is the header, naming the columns in English or Chinese, in any order.
public enum RosterFile {
    /// The most data lines of one file.
    public static let maximumLines = 200_000

    /// A grid's roster: one `RosterEntry` per line.
    public static func residents(
        _ bytes: [UInt8], encoding: RosterFileEncoding?
    ) -> Result<[RosterFileLine<RosterEntry>], RosterFileProblems> {
        read(bytes, encoding: encoding, as: RosterEntry.self)
    }

    /// A site's staff list: one `WorkerEntry` per line.
    public static func workers(
        _ bytes: [UInt8], encoding: RosterFileEncoding?
    ) -> Result<[RosterFileLine<WorkerEntry>], RosterFileProblems> {
        read(bytes, encoding: encoding, as: WorkerEntry.self)
    }

    /// The text of the file: UTF-8 with or without a BOM (EF BB BF) when `encoding` is nil or .utf8; GBK (decoded as
    /// GB18030, its superset, through glibc's iconv) when .gbk.
    public static func decode(_ bytes: [UInt8], encoding: RosterFileEncoding?) -> Result<String, RosterFileProblem> {
        switch encoding ?? .utf8 {
        case .utf8: TextEncodingConversion.utf8(bytes)
        case .gbk: TextEncodingConversion.gbk(bytes)
        }
    }

    /// The file's lines of `Row`s; `limit` is the most data lines (tests lower it).
    static func read<Row: RosterFileRow>(
        _ bytes: [UInt8], encoding: RosterFileEncoding?, as _: Row.Type, limit: Int = maximumLines
    ) -> Result<[RosterFileLine<Row>], RosterFileProblems> {
        let text: String
        switch decode(bytes, encoding: encoding) {
        case .success(let decoded): text = decoded
        case .failure(let problem): return .failure(RosterFileProblems([problem]))
        }
        var header: RosterFileHeader?
        var dataLines = 0
        var lines: [RosterFileLine<Row>] = []
        var problems: [RosterFileProblem] = []
        var firstLineOfPerson: [PersonID: Int] = [:]
        let utf8 = Array(text.utf8)
        for (index, physicalLine) in utf8.split(separator: CSVLine.lineFeed, omittingEmptySubsequences: false)
            .enumerated()
        {
            let number = index + 1
            let content = physicalLine.last == CSVLine.carriageReturn ? physicalLine.dropLast() : physicalLine
            if CSVLine.isBlankOrComment(content) { continue }
            let split = CSVLine.fields(content).map { $0.map(\.trimmingBlanksAndFullWidthSpaces) }
            if case .success(let values) = split, values.allSatisfy(\.isEmpty) { continue }
            guard let columns = header else {
                // Without its header no line can be read: its problems are the only ones.
                switch split.mapError({ RosterFileProblems([RosterFileProblem(line: number, message: $0.message)]) })
                    .flatMap({ RosterFileHeader.read($0, line: number, for: Row.self) })
                {
                case .success(let read): header = read
                case .failure(let headerProblems): return .failure(headerProblems)
                }
                continue
            }
            dataLines += 1
            guard dataLines <= limit else {
                return .failure(RosterFileProblems([tooManyLines(for: Row.self, limit: limit)]))
            }
            let checked = split.mapError { RosterFieldError(column: "", message: $0.message) }
                .flatMap { columns.fields(of: $0, for: Row.self) }
                .flatMap { fields in Row.validated(fields).map { (entry: $0, fields: fields) } }
            switch checked {
            case .failure(let error):
                problems.append(RosterFileProblem(line: number, message: error.message))
            case .success(let good):
                if let earlier = firstLineOfPerson[good.entry.person] {
                    problems.append(
                        RosterFileProblem(
                            line: number,
                            message: "the same person as line \(earlier): a person appears once in a "
                                + "\(Row.fileDescription); remove one of the two lines"))
                } else {
                    firstLineOfPerson[good.entry.person] = number
                    lines.append(RosterFileLine(line: number, entry: good.entry, fields: good.fields))
                }
            }
        }
        guard dataLines > 0 else {
            let advice =
                header == nil
                ? "it needs a header line (e.g. \(Row.columns.joined(separator: ","))) and a line per \(Row.lineNoun)"
                : "add a line per \(Row.lineNoun) under the header"
            let problem = RosterFileProblem(line: 0, message: "the file has no \(Row.lineNoun) lines: \(advice)")
            return .failure(RosterFileProblems([problem]))
        }
        return problems.isEmpty ? .success(lines) : .failure(RosterFileProblems(problems))
    }

    private static func tooManyLines<Row: RosterFileRow>(for _: Row.Type, limit: Int) -> RosterFileProblem {
        RosterFileProblem(
            line: 0, message: "the file has more than \(limit) \(Row.lineNoun) lines: \(Row.tooManyLinesAdvice)")
    }
}

/// An entry one line of a roster or staff-list file holds.
protocol RosterFileRow: Sendable, Hashable {
    /// The canonical columns, in the order of the file and of the control request's row objects.
    static var columns: [String] { get }
    /// The columns the header must name, besides at least one of `id` and `phone`.
    static var requiredColumns: [String] { get }
    /// What the file is, for messages: `roster`.
    static var fileDescription: String { get }
    /// What a line is, for messages: `resident`.
    static var lineNoun: String { get }
    /// What to do with a file of more than `RosterFile.maximumLines` lines.
    static var tooManyLinesAdvice: String { get }
    static func validated(_ fields: [String: String]) -> Result<Self, RosterFieldError>
    /// The key a file may hold once.
    var person: PersonID { get }
}

extension RosterEntry: RosterFileRow {
    static var requiredColumns: [String] { ["name", "grid", "category"] }
    static var fileDescription: String { "roster" }
    static var lineNoun: String { "resident" }
    static var tooManyLinesAdvice: String { "split it by grid and import each part" }
}

extension WorkerEntry: RosterFileRow {
    static var requiredColumns: [String] { ["name"] }
    static var fileDescription: String { "staff list" }
    static var lineNoun: String { "worker" }
    /// Each import replaces the site's whole list, so splitting the file would not help.
    static var tooManyLinesAdvice: String { "a site's staff list holds at most \(RosterFile.maximumLines) workers" }
}

/// One line of a CSV file (RFC 4180) split into fields. A quoted field must close on its line: the rows of a roster
/// hold no line breaks, and an unclosed quote is far more often a typo that would swallow the lines after it.
enum CSVLine {
    struct Failure: Error, Sendable, Hashable {
        var message: String
    }

    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let tab = UInt8(ascii: "\t")

    /// Whether the line holds only blanks, or starts (after blanks) with `#`.
    static func isBlankOrComment(_ line: ArraySlice<UInt8>) -> Bool {
        guard let first = line.first(where: { $0 != ASCII.space && $0 != CSVLine.tab }) else { return true }
        return first == UInt8(ascii: "#")
    }

    /// The fields of `line` (without its line ending), unquoted; a missing last field is empty.
    static func fields(_ line: ArraySlice<UInt8>) -> Result<[String], Failure> {
        let quote = UInt8(ascii: "\"")
        var fields: [String] = []
        var index = line.startIndex
        while true {
            // Blanks before an opening quote are allowed (` "a,b"`); elsewhere they are part of the field.
            var start = index
            while start < line.endIndex, line[start] == ASCII.space || line[start] == CSVLine.tab { start += 1 }
            if start < line.endIndex, line[start] == quote {
                var value: [UInt8] = []
                index = start + 1
                while true {
                    guard index < line.endIndex else {
                        return .failure(
                            Failure(
                                message: "field \(fields.count + 1) opens a quote that does not close on its line: "
                                    + "a field may not hold a line break, and a quote inside a quoted field is "
                                    + "written twice (\"\")"))
                    }
                    if line[index] == quote {
                        if index + 1 < line.endIndex, line[index + 1] == quote {
                            value.append(quote)
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    value.append(line[index])
                    index += 1
                }
                fields.append(String(decoding: value, as: UTF8.self))
                while index < line.endIndex, line[index] == ASCII.space || line[index] == CSVLine.tab { index += 1 }
                guard index < line.endIndex else { return .success(fields) }
                guard line[index] == ASCII.comma else {
                    return .failure(
                        Failure(
                            message: "field \(fields.count) has text after its closing quote: a quote inside a "
                                + "quoted field is written twice (\"\")"))
                }
                index += 1
            } else {
                let end = line[index...].firstIndex(of: ASCII.comma) ?? line.endIndex
                fields.append(String(decoding: line[index..<end], as: UTF8.self))
                guard end < line.endIndex else { return .success(fields) }
                index = end + 1
            }
        }
    }
}
