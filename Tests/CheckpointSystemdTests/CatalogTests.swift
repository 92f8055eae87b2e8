import CheckpointSystemd
import CheckpointTestSupport
import Foundation
import Testing

/// `systemd/checkpointd.catalog`, found from this file's place in the repository.
private func catalogPath() -> String {
    URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("systemd/checkpointd.catalog").path
}

@Suite struct CatalogTests {
    @Test func messageIDs_areDistinct128BitLowercaseHex() {
        let ids = MessageID.all.map(\.id)
        #expect(ids.count == 19)
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.utf8.count == 32 && id.allSatisfy { $0.isHexDigit && !$0.isUppercase }, "\(id)")
        }
    }

    @Test func catalog_hasOneWellFormedEntryPerMessageID() throws {
        let text = try String(contentsOfFile: catalogPath(), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let headers = lines.indices.filter { lines[$0].hasPrefix("-- ") }
        let ids = headers.map { String(lines[$0].dropFirst(3)) }
        #expect(ids.sorted() == MessageID.all.map(\.id).sorted())

        for (position, start) in headers.enumerated() {
            let end = position + 1 < headers.count ? headers[position + 1] : lines.count
            let entry = Array(lines[(start + 1)..<end])
            let blank = try #require(entry.firstIndex(of: ""), "entry \(ids[position]) has no body")
            let header = entry[..<blank]
            let body = entry[(blank + 1)...].filter { !$0.isEmpty }
            #expect(header.contains { $0.hasPrefix("Subject: ") && $0.count > 12 }, "\(ids[position])")
            #expect(header.contains("Defined-By: checkpointd"), "\(ids[position])")
            #expect(header.contains { $0.hasPrefix("Support: ") }, "\(ids[position])")
            #expect(body.count >= 2, "entry \(ids[position]) needs a paragraph")
        }
    }
}

extension ProcessGlobalTests {
    @Suite struct CatalogImportTests {
        /// `journalctl --root` reads `<root>/usr/lib/systemd/catalog/*.catalog` and writes
        /// `<root>/var/lib/systemd/catalog/database`, leaving the machine's catalog alone.
        @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/journalctl")))
        func catalog_whenImportedByJournalctl_listsEveryMessageID() throws {
            let root = try TemporaryDirectory(prefix: "cpsd")
            let catalogDirectory = root.file("usr/lib/systemd/catalog")
            try FileManager.default.createDirectory(atPath: catalogDirectory, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: catalogPath(), toPath: catalogDirectory + "/checkpointd.catalog")

            let update = try ChildProcess.run("/usr/bin/journalctl", ["--root=\(root.path)", "--update-catalog"])
            #expect(update.status == .exited(0), "\(update.standardError)")
            #expect(update.standardError.isEmpty, "journalctl complained: \(update.standardError)")

            let list = try ChildProcess.run("/usr/bin/journalctl", ["--root=\(root.path)", "--list-catalog"])
            #expect(list.status == .exited(0), "\(list.standardError)")
            let listed = list.standardOutput.split(separator: "\n").map { String($0.prefix(32)) }
            #expect(listed.sorted() == MessageID.all.map(\.id).sorted())
            let subjects = list.standardOutput.split(separator: "\n").map { $0.dropFirst(33) }
            #expect(subjects.allSatisfy { $0.hasPrefix("checkpointd: ") })

            let dump = try ChildProcess.run(
                "/usr/bin/journalctl",
                ["--root=\(root.path)", "--dump-catalog", MessageID.fever]
            )
            #expect(dump.standardOutput.contains("Subject: Fever at checkpoint @CHECKPOINT_ID@"))
        }
    }
}
