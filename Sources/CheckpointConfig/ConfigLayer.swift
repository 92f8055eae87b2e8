/// Where one value came from: a file line or a command-line flag, and the directory its relative paths are
/// relative to.
struct ValueOrigin: Equatable, Sendable {
    /// The file path, or `"command line"`.
    var source: String
    /// The file line; nil on the command line.
    var line: Int?
    /// The key as written (`idle_timeout`) or the flag (`--idle-timeout`).
    var label: String
    var baseDirectory: String

    static let commandLine = "command line"

    /// Where an earlier value was set, for "given twice" messages.
    var placeText: String {
        line.map { "on line \($0)" } ?? "earlier on the command line"
    }
}

/// The values one source (the file, or the command line) sets, already parsed. Enforces the "once only" rule of
/// non-list keys within that source.
struct ConfigLayer: Sendable {
    private(set) var values: [Setting: SettingValue] = [:]
    /// The `listen` entries in order; nil when the source gave none (so the next source's, or the defaults, apply).
    private(set) var listen: [ListenAddress]?
    /// The first origin of each setting this source gave.
    private(set) var origins: [Setting: ValueOrigin] = [:]
    private var listenOrigins: [ListenAddress: ValueOrigin] = [:]

    mutating func set(_ setting: Setting, to value: SettingValue, at origin: ValueOrigin) throws(ConfigError) {
        if case .address(let address) = value {
            if let earlier = listenOrigins[address] {
                throw ConfigError.badValue("\(address) is already listed \(earlier.placeText); list it once")
                    .located(at: origin)
            }
            listenOrigins[address] = origin
            listen = (listen ?? []) + [address]
        } else {
            if let earlier = origins[setting] {
                throw ConfigError(
                    code: .duplicateKey,
                    message: "already set \(earlier.placeText); only listen may be given more than once",
                    source: origin.source,
                    line: origin.line,
                    key: origin.label
                )
            }
            values[setting] = value
        }
        origins[setting] = origins[setting] ?? origin
    }
}
