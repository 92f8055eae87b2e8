import ArgumentParser
import CheckpointCore
import CheckpointWire
import Glibc

/// The options of both forms (interactive and `send`), shared through `@OptionGroup`. They may be given before or
/// after `send`.
struct StationOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Where checkpointd listens: HOST:PORT, tcp:HOST:PORT, tls:HOST:PORT or unix:PATH (default "
                + "127.0.0.1:7117).",
            valueName: "address"))
    var server: String?

    @Option(help: ArgumentHelp("This station's id, as registered with `checkpointctl station add`.", valueName: "id"))
    var station: String?

    @Option(
        name: .customLong("token-file"),
        help: ArgumentHelp(
            "A file holding the station's token (chmod 600). Default: $CHECKPOINT_TOKEN. Not needed over unix:.",
            valueName: "file"))
    var tokenFile: String?

    @Option(
        help: ArgumentHelp(
            "Directory for records not yet sent (default $XDG_STATE_HOME/checkpoint-station/<station>, "
                + "else ~/.local/state/checkpoint-station/<station>).",
            valueName: "dir"))
    var spool: String?

    @Option(
        name: .customLong("backoff-max"),
        help: ArgumentHelp("The longest wait between attempts to reach the daemon, in seconds (default 30).",
                           valueName: "seconds"))
    var backoffMax: Double?

    @Option(
        name: .customLong("tls-ca"),
        help: ArgumentHelp(
            "With --server tls:HOST:PORT: the district CA (PEM), the only issuer trusted for the server's certificate.",
            valueName: "file"))
    var tlsCA: String?

    @Option(
        name: .customLong("tls-cert"),
        help: ArgumentHelp("This station's certificate (PEM), when the daemon asks for one.", valueName: "file"))
    var tlsCert: String?

    @Option(
        name: .customLong("tls-key"),
        help: ArgumentHelp("The private key (PEM) of --tls-cert.", valueName: "file"))
    var tlsKey: String?

    @Option(
        name: .customLong("retention-days"),
        help: ArgumentHelp(
            "Lines of the spool's rejected file older than this many days are deleted (default 30, like the "
                + "daemon's retention_days).",
            valueName: "days"))
    var retentionDays: Int?

    /// These options, with those not given here taken from `other` (the ones written before `send`).
    func filled(from other: StationOptions) -> StationOptions {
        var merged = self
        merged.server = server ?? other.server
        merged.station = station ?? other.station
        merged.tokenFile = tokenFile ?? other.tokenFile
        merged.spool = spool ?? other.spool
        merged.backoffMax = backoffMax ?? other.backoffMax
        merged.tlsCA = tlsCA ?? other.tlsCA
        merged.tlsCert = tlsCert ?? other.tlsCert
        merged.tlsKey = tlsKey ?? other.tlsKey
        merged.retentionDays = retentionDays ?? other.retentionDays
        return merged
    }
}

/// The options checked and turned into what the program runs with.
struct StationSetup {
    var address: ServerAddress
    var station: String
    var spoolDirectory: String
    var maximumBackoff: Double
    /// How long lines stay in the spool's `rejected` file (they hold full identifiers).
    var rejectedRetentionDays: Int
    var token: () throws(StationError) -> String?
    /// The TLS context of a `tls:` server, made once.
    var tls: StationTLS?

    static func resolve(_ options: StationOptions, environment: [String: String]) throws(StationError) -> StationSetup {
        guard let station = options.station, !station.isEmpty else {
            throw StationError(.usage, L(.errorNoStation))
        }
        guard Identifier.isValid(station) else {
            throw StationError(.usage, L(.errorBadStation, station))
        }
        let address = try ServerAddress(parsing: options.server ?? "127.0.0.1:\(ServerAddress.defaultPort)")
        let backoff = options.backoffMax ?? 30
        guard backoff >= 0.1, backoff <= 3600 else {
            throw StationError(.usage, L(.errorBadBackoff))
        }
        let tls = try StationTLS.resolve(options, address: address)
        let retentionDays = options.retentionDays ?? Defaults.retentionDays
        guard (1...3650).contains(retentionDays) else {
            throw StationError(.usage, L(.errorBadRetention))
        }
        let token = try tokenSource(options, environment: environment, address: address, station: station)
        _ = try token()
        var spool = options.spool ?? ""
        if spool.isEmpty {
            if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
                spool = state + "/checkpoint-station/" + station
            } else if let home = environment["HOME"], home.hasPrefix("/") {
                spool = home + "/.local/state/checkpoint-station/" + station
            } else {
                throw StationError(.usage, L(.errorNoSpool))
            }
        }
        return StationSetup(
            address: address, station: station, spoolDirectory: spool, maximumBackoff: backoff,
            rejectedRetentionDays: retentionDays, token: token, tls: tls)
    }

    /// `--token-file` (read again at every connection attempt), else `CHECKPOINT_TOKEN`, else none over a Unix
    /// socket. Never a command-line value: `ps` would show it to everyone on the machine.
    private static func tokenSource(
        _ options: StationOptions, environment: [String: String], address: ServerAddress, station: String
    ) throws(StationError) -> () throws(StationError) -> String? {
        if let path = options.tokenFile, !path.isEmpty {
            return { () throws(StationError) -> String? in
                guard let bytes = try FileIO.read(path, code: .noInput, hint: L(.hintTokenFile)) else {
                    throw StationError(.noInput, L(.errorTokenFileMissing, path))
                }
                let token = String(decoding: bytes, as: UTF8.self).trimmingBlanks
                guard !token.isEmpty, !token.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" }) else {
                    throw StationError(.noInput, L(.errorTokenFileEmpty, path))
                }
                return token
            }
        }
        if let token = environment["CHECKPOINT_TOKEN"]?.trimmingBlanks, !token.isEmpty {
            return { () throws(StationError) -> String? in token }
        }
        guard address.isUnix else {
            throw StationError(.usage, L(.errorNoToken, station))
        }
        return { () throws(StationError) -> String? in nil }
    }
}
