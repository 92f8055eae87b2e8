import CheckpointCore

/// The input of `checkpoint-station send`: CSV with the columns `kind,person,temp,ts,origin` (SPEC §8) and,
/// optionally, `id` (issue 15).
///
/// * The header is optional. When the first line starts with `kind` or has only column names, it names the columns,
///   which may then come in another order or leave optional ones out (`person,kind,temp`).
/// * `kind` is `TEMP`, `ENTRY` or `EXIT` (any case); `temp` is required for `TEMP`; `ts` is RFC 3339 or Unix
///   milliseconds, empty for "now" (the time the file is read); `origin` is empty, `local` or `outside` (ENTRY only);
///   `id` is empty, or the resident ID or `other:` id scanned together with the phone in `person` (sent as `id=`: it
///   links them, and the record is the ID's person's even when the phone is shared).
/// * Fields may be quoted (`"+86 138-0013-8000"`, `""` for a quote). Missing trailing fields are empty.
/// * Blank lines and lines starting with `#` are skipped. Lines end in LF or CRLF.
enum CSVInput {
    struct Problem: Equatable {
        var line: Int
        var message: String
    }

    struct Parsed {
        var drafts: [(line: Int, draft: RecordDraft)] = []
        var problems: [Problem] = []
    }

    static let columns = ["kind", "person", "temp", "ts", "origin", "id"]

    static func parse(_ bytes: [UInt8], now: Timestamp) -> Parsed {
        var parsed = Parsed()
        var order = columns
        var sawFirstLine = false
        // Split on LF bytes: as Characters, CR LF would be one grapheme and never equal "\n".
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            let number = index + 1
            let trimmed = rawLine.last == UInt8(ascii: "\r") ? rawLine.dropLast() : rawLine
            let line = Substring(String(decoding: trimmed, as: UTF8.self))
            if line.trimmingBlanks.isEmpty || line.trimmingBlanks.hasPrefix("#") { continue }
            let fields: [String]
            switch split(line) {
            case .success(let values): fields = values
            case .failure(let problem):
                parsed.problems.append(Problem(line: number, message: problem.message))
                sawFirstLine = true
                continue
            }
            if !sawFirstLine {
                sawFirstLine = true
                if fields.first?.lowercased() == "kind" || fields.allSatisfy({ columns.contains($0.lowercased()) }) {
                    switch header(fields) {
                    case .success(let names): order = names
                    case .failure(let problem): parsed.problems.append(Problem(line: number, message: problem.message))
                    }
                    continue
                }
            }
            switch draft(fields, order: order, now: now) {
            case .success(let draft): parsed.drafts.append((number, draft))
            case .failure(let problem): parsed.problems.append(Problem(line: number, message: problem.message))
            }
        }
        return parsed
    }

    struct Failure: Error {
        var message: String
    }

    private static func header(_ fields: [String]) -> Result<[String], Failure> {
        let names = fields.map { $0.lowercased() }
        for name in names where !columns.contains(name) {
            let known = columns.joined(separator: ",")
            return .failure(Failure(message: "unknown column \"\(name)\" in the header; use \(known)"))
        }
        guard Set(names).count == names.count else { return .failure(Failure(message: "a column is named twice")) }
        guard names.contains("kind"), names.contains("person") else {
            return .failure(Failure(message: "the header needs at least the columns kind and person"))
        }
        return .success(names)
    }

    private static func draft(_ fields: [String], order: [String], now: Timestamp) -> Result<RecordDraft, Failure> {
        guard fields.count <= order.count else {
            let expected = "expected at most \(order.count): \(order.joined(separator: ","))"
            return .failure(Failure(message: "\(fields.count) fields; \(expected)"))
        }
        var value: [String: String] = [:]
        for (name, field) in zip(order, fields) { value[name] = field }
        let kindText = (value["kind"] ?? "").uppercased()
        guard let kind = RecordKind(rawValue: kindText) else {
            return .failure(Failure(message: "kind must be TEMP, ENTRY or EXIT"))
        }
        do throws(ValidationError) {
            let person = try PersonID(parsing: value["person"] ?? "")
            var temperature: Temperature?
            if let text = value["temp"], !text.isEmpty {
                temperature = try Temperature(parsing: text)
            } else if kind == .temp {
                return .failure(Failure(message: "a TEMP line needs a temperature, like 36.6"))
            }
            var timestamp = now
            if let text = value["ts"], !text.isEmpty {
                timestamp = try Timestamp(wire: text)
            }
            var origin: Origin?
            if let text = value["origin"]?.lowercased(), !text.isEmpty {
                guard let parsed = Origin(rawValue: text) else {
                    return .failure(Failure(message: "origin must be empty, local or outside"))
                }
                guard kind == .entry else {
                    return .failure(Failure(message: "origin is only for ENTRY lines"))
                }
                origin = parsed
            }
            var document: PersonID?
            if let text = value["id"], !text.isEmpty {
                let parsed: PersonID
                do throws(ValidationError) {
                    parsed = try PersonID(parsing: text)
                } catch {
                    return .failure(Failure(message: "id: " + error.message))
                }
                guard !parsed.isPhone else {
                    return .failure(
                        Failure(message: "id is the resident ID or other:ID scanned with the phone, not a phone"))
                }
                guard person.isPhone else {
                    return .failure(Failure(message: "id goes with a phone number in person; leave it empty otherwise"))
                }
                document = parsed
            }
            return .success(RecordDraft(
                kind: kind, person: person, document: document, temperature: temperature, timestamp: timestamp,
                origin: origin))
        } catch {
            return .failure(Failure(message: error.message))
        }
    }

    /// Splits one line on commas, honouring double quotes (`""` inside quotes is a quote). Unquoted fields are
    /// trimmed of blanks.
    static func split(_ line: Substring) -> Result<[String], Failure> {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var wasQuoted = false
        var characters = line.makeIterator()
        while let character = characters.next() {
            if quoted {
                if character == "\"" {
                    var lookahead = characters
                    if lookahead.next() == "\"" {
                        current.append("\"")
                        characters = lookahead
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "," {
                fields.append(wasQuoted ? current : current.trimmingBlanks)
                current = ""
                wasQuoted = false
            } else if character == "\"" && current.trimmingBlanks.isEmpty && !wasQuoted {
                quoted = true
                wasQuoted = true
                current = ""
            } else if wasQuoted && character != " " && character != "\t" {
                return .failure(Failure(message: "text after a closing quote; quote the whole field"))
            } else if !wasQuoted {
                current.append(character)
            }
        }
        guard !quoted else { return .failure(Failure(message: "a quoted field has no closing quote")) }
        fields.append(wasQuoted ? current : current.trimmingBlanks)
        return .success(fields)
    }
}

extension Substring {
    var trimmingBlanks: String { String(self).trimmingBlanks }
}
