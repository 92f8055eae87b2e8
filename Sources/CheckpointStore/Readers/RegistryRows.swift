public import CheckpointCore

/// A checkpoint as the control socket shows it.
public struct CheckpointRow: Sendable, Hashable {
    public var code: String
    public var name: String
    public var grid: String
    /// `24h` or `HH:MM-HH:MM`.
    public var staffed: String
    /// What the checkpoint is for: it decides what is a violation there.
    public var kind: CheckpointKind
    public var createdAt: Timestamp
    public var removedAt: Timestamp?
    /// Stations registered to it and not revoked.
    public var activeStations: Int
    /// Issue 19: the enterprise site a workplace checkpoint belongs to.
    public var site: String? = nil
}

/// A station as the control socket shows it (the server adds whether it is connected).
public struct StationRow: Sendable, Hashable {
    public var code: String
    public var checkpointCode: String
    public var createdAt: Timestamp
    public var rotatedAt: Timestamp?
    public var revokedAt: Timestamp?
    public var firstSeq: Int64?
    public var lastSeq: Int64?
    public var lastSeen: Timestamp?
    /// Seq ranges missing between the first and the last received (SPEC §9 upload gaps), at most 100.
    public var missing: [ClosedRange<Int64>] = []
    /// How many seq numbers are missing in all.
    public var missingCount: Int64 = 0
}

/// A new or rotated station token, as the writer stores it: never the token itself.
public struct TokenDigest: Sendable, Hashable {
    public var salt: [UInt8]
    public var hash: [UInt8]

    public init(salt: [UInt8], hash: [UInt8]) {
        self.salt = salt
        self.hash = hash
    }
}

/// What `checkpoint.set` changes of a checkpoint: each field given replaces the stored one, nil leaves it.
public struct CheckpointChange: Sendable, Hashable {
    public var name: String?
    public var grid: String?
    /// `24h` or `HH:MM-HH:MM`.
    public var staffed: String?
    public var kind: CheckpointKind?
    /// Issue 19: a site's id, or `-` to detach the checkpoint from its site.
    public var site: String?

    public init(
        name: String? = nil, grid: String? = nil, staffed: String? = nil, kind: CheckpointKind? = nil,
        site: String? = nil
    ) {
        self.site = site
        self.name = name
        self.grid = grid
        self.staffed = staffed
        self.kind = kind
    }

    /// Nothing to change.
    public var isEmpty: Bool { name == nil && grid == nil && staffed == nil && kind == nil && site == nil }
}
