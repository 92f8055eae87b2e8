public import CheckpointCore
import Synchronization

extension IngestWriter {
    /// Erases everything stored about `person` in one transaction, with `audit` (its person masked) as its audit
    /// row; returns after the commit and the checkpoint of the WALs (issue 13, point 9).
    public func erase(person: PersonID, audit: AuditEntry) async throws(StoreError) -> ErasureResult {
        let box = ErasureBox()
        let result = try await perform { engine throws(StoreError) in
            try engine.erase(person: person, audit: audit, done: box)
        }
        return box.value.withLock { $0 } ?? result
    }
}

extension StoreReader {
    /// Checks the audit chain from its anchor to its head (issue 13, point 12).
    public func verifyAuditChain() throws(StoreError) -> AuditVerification {
        try read { db throws(StoreError) in try AuditChain.verify(db) }
    }
}
