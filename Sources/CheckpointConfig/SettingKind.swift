import CheckpointCore

/// The type of a setting's value, with the accepted range.
enum SettingKind: Sendable {
    /// `tcp:HOST:PORT` or `unix:PATH`; the key may repeat.
    case listen
    /// A file system path; relative paths are resolved against the file's directory or the working directory.
    case path
    /// A program to run: an absolute path to an executable regular file, or empty for "none".
    case command
    /// An IANA zone name, `UTC`, or empty for the system's zone.
    case zone
    /// A one-decimal number stored in tenths, e.g. a temperature.
    case tenths(ClosedRange<Int>, expected: String)
    case integer(ClosedRange<Int>)
    case duration(allowsZero: Bool)
    /// One of a fixed set of words.
    case choice([String])
    /// A group name, or empty for "not set".
    case group
    /// Times of day, `HH:MM,HH:MM` (`FollowupTimes`).
    case timesOfDay
    /// `N/Dd` (`OutingQuota`) or `off` (issue 19).
    case outingQuota
    /// A duration greater than zero, or `off`.
    case durationOrOff
    /// A district's name, or empty for "not set".
    case district
    /// A `postgresql://` URL (`CityURL`), or empty for "not set".
    case databaseURL
    /// One listener as `listen` (a `unix:` path resolved), or `off`; the key does not repeat.
    case httpListen
}

/// A parsed value. Paths are absolute; an empty `text` means "not set" for the zone and the groups.
enum SettingValue: Equatable, Sendable {
    case address(ListenAddress)
    case text(String)
    case integer(Int)
    /// A one-decimal number in tenths: 373 is written `37.3`.
    case tenths(Int)
    case duration(Duration)

    /// The value in config file syntax.
    var fileText: String {
        switch self {
        case .address(let address): ValueSyntax.quotedIfNeeded(address.description)
        case .text(let text): ValueSyntax.quotedIfNeeded(text)
        case .integer(let number): String(number)
        case .tenths(let tenths): ValueSyntax.tenthsText(tenths)
        case .duration(let duration): ValueSyntax.durationText(duration)
        }
    }
}

/// Turns the text of one key's value into a `SettingValue`, applying the kind's rules.
struct SettingParser: Sendable {
    /// Where zone names are looked up; tests point it at a directory of their own.
    var zoneinfoDirectory = "/usr/share/zoneinfo"

    /// Parses `text` for `setting`. Errors are placed at `origin`.
    func parse(_ text: String, for setting: Setting, at origin: ValueOrigin) throws(ConfigError) -> SettingValue {
        do throws(ConfigError) {
            return try parseUnplaced(text, for: setting, baseDirectory: origin.baseDirectory)
        } catch {
            throw error.located(at: origin)
        }
    }

    /// Parses without placing errors; `baseDirectory` is what relative paths are relative to.
    func parseUnplaced(
        _ text: String,
        for setting: Setting,
        baseDirectory: String
    ) throws(ConfigError) -> SettingValue {
        switch setting.kind {
        case .listen:
            let address = try ListenAddress(parsing: text)
            guard case .unix(let path) = address else {
                return .address(address)
            }
            let absolute = try PathResolver.resolve(path, against: baseDirectory)
            try ListenAddress.checkUnixPath(absolute)
            return .address(.unix(path: absolute))
        case .path:
            if text.isEmpty && setting.mayBeEmpty {
                return .text("")
            }
            let absolute = try PathResolver.resolve(text, against: baseDirectory)
            if setting == .control {
                try ListenAddress.checkUnixPath(absolute)
            }
            return .text(absolute)
        case .command:
            try checkCommand(text)
            return .text(text)
        case .zone:
            try checkZone(text)
            return .text(text)
        case .tenths(let range, let expected):
            return .tenths(try ValueSyntax.tenths(text, in: range, expected: expected))
        case .integer(let range):
            return .integer(try ValueSyntax.integer(text, in: range))
        case .duration(let allowsZero):
            return .duration(try ValueSyntax.duration(text, allowsZero: allowsZero, example: setting.defaultText))
        case .choice(let names):
            guard names.contains(text) else {
                let list = names.count == 2 ? "\(names[0]) or \(names[1])" : "one of " + names.joined(separator: ", ")
                throw .badValue("expected \(list), got '\(text)'")
            }
            return .text(text)
        case .group:
            try checkGroupName(text)
            return .text(text)
        case .timesOfDay:
            guard let times = FollowupTimes(text) else {
                throw .badValue(
                    "expected times of day like 12:00,20:00 (1 to 24 of 00:00-23:59, none twice), got '\(text)'")
            }
            return .text(times.description)
        case .outingQuota:
            if text == "off" { return .text(text) }
            guard let quota = OutingQuota(text) else {
                throw .badValue(
                    "expected exits per household in a number of days like 1/2d (1-100 in 1-31 days) or off, "
                        + "got '\(text)'")
            }
            return .text(quota.description)
        case .durationOrOff:
            if text == "off" { return .text(text) }
            return .duration(try ValueSyntax.duration(text, allowsZero: false, example: "4h"))
        case .district:
            guard text.isEmpty || CityConfiguration.isDistrictName(Substring(text)) else {
                throw .badValue("expected a district name like A or xuhui-3 (1-32 of letters, digits, _ . -), got '\(text)'")
            }
            return .text(text)
        case .databaseURL:
            if !text.isEmpty { _ = try CityURL(parsing: text) }
            return .text(text)
        case .httpListen:
            if text == HTTPConfiguration.off { return .text(text) }
            let address: ListenAddress
            do throws(ConfigError) {
                address = try ListenAddress(parsing: text)
            } catch {
                throw .badValue("\(ListenAddress.expected) or off, got '\(text)'")
            }
            guard case .unix(let path) = address else { return .text(address.description) }
            let absolute = try PathResolver.resolve(path, against: baseDirectory)
            try ListenAddress.checkUnixPath(absolute)
            return .text(ListenAddress.unix(path: absolute).description)
        }
    }

    /// Accepts `UTC`, empty (the system's zone), or a file under `zoneinfoDirectory` that starts like a TZif file.
    private func checkZone(_ name: String) throws(ConfigError) {
        if name.isEmpty || name == "UTC" {
            return
        }
        let wellFormed =
            !name.hasPrefix("/")
            && name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { part in
                !part.isEmpty && part != "." && part != ".."
                    && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_+-".contains($0)) }
            }
        guard wellFormed, FileSystem.startsWith(zoneinfoDirectory + "/" + name, magic: Array("TZif".utf8)) else {
            throw .badValue(
                "unknown time zone '\(name)': use a name under \(zoneinfoDirectory) like Asia/Shanghai, or UTC, or "
                    + "leave it empty for the system's zone"
            )
        }
    }

    /// Empty (no command), or an absolute path to an executable regular file. Checked when the configuration is
    /// loaded (start, `--check-config`, reload), so a typo is refused then and not when the first alert fires.
    private func checkCommand(_ path: String) throws(ConfigError) {
        if path.isEmpty {
            return
        }
        guard path.hasPrefix("/"), !path.utf8.contains(0) else {
            throw .badValue(
                "expected an absolute path to a program, e.g. /usr/local/libexec/checkpointd-alert-sms, got "
                    + "'\(path)'; the daemon runs it with a clean environment, so a relative path is never right")
        }
        if let problem = FileSystem.executableProblem(path) {
            throw .badValue("\(path): \(problem)")
        }
    }

    /// Group names as `groupadd` accepts them: letters, digits, `_`, `.`, `-`, not starting with `-`, ≤ 32 bytes.
    private func checkGroupName(_ name: String) throws(ConfigError) {
        if name.isEmpty {
            return
        }
        let allowed =
            name.utf8.count <= 32 && name.first != "-"
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }
        guard allowed else {
            throw .badValue("expected a group name like checkpointd (letters, digits, _ . -), got '\(name)'")
        }
    }
}
