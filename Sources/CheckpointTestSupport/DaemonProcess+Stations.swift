/// Station sessions on a running daemon.
extension DaemonProcess {
    /// Registers `station` (and its checkpoint) and returns a TCP session that has said HELLO.
    public func openSession(station: String = "st-1", checkpoint: String = "gate-1") throws -> LineClient {
        let token = try registerStation(checkpoint: checkpoint, station: station)
        return try session(station: station, token: token)
    }

    /// Connects over TCP and says HELLO with `token`; throws unless the daemon answers `OK HELLO`.
    public func session(station: String, token: String) throws -> LineClient {
        let client = try stationTCP()
        let reply = try client.request("HELLO station=\(station) token=\(token)")
        guard reply.hasPrefix("OK HELLO ") else {
            throw TestSupportError("HELLO station=\(station) was refused: \(reply)")
        }
        return client
    }

    /// Connects over the Unix socket and says HELLO without a token.
    public func unixSession(station: String) throws -> LineClient {
        let client = try stationUnix()
        let reply = try client.request("HELLO station=\(station)")
        guard reply.hasPrefix("OK HELLO ") else {
            throw TestSupportError("HELLO station=\(station) over the Unix socket was refused: \(reply)")
        }
        return client
    }

    /// The stored rows of `records` per station code: code → set of seq.
    public func storedSeqs() throws -> [String: Set<Int>] {
        var stored: [String: Set<Int>] = [:]
        let rows = try SQLiteShell.query(
            databasePath,
            "SELECT s.code, r.seq FROM records r JOIN stations s ON s.id = r.station_id"
        )
        for row in rows where row.count == 2 {
            guard let seq = Int(row[1]) else { continue }
            stored[row[0], default: []].insert(seq)
        }
        return stored
    }
}

/// A TEMP line with a temperature that passes, for load tests.
public func passingTemp(seq: Int, person: Int) -> String {
    "TEMP seq=\(seq) person=\(TestPerson.phone(person)) temp=36.5"
}
