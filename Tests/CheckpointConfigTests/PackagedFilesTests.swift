import CheckpointConfig
import CheckpointTestSupport
import Glibc
import Testing

/// The files shipped beside the code: the Debian conffile must load, and it and the docs must cover every key.
struct PackagedFilesTests {
    /// The repository root, three levels above this file (`Tests/CheckpointConfigTests/<file>`).
    static let repositoryRoot: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    static let packagedConfig = repositoryRoot + "/packaging/checkpointd.conf"

    private static func read(_ path: String) throws -> String {
        guard let file = fopen(path, "r") else {
            throw TestSupportError("cannot open \(path): errno \(errno)")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        while case let character = fgetc(file), character != EOF {
            bytes.append(UInt8(character))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func packagedConfig_loadsWithTheDefaultsAndListensOnAllAddresses() throws {
        let environment = ["STATE_DIRECTORY": "/var/lib/checkpointd", "RUNTIME_DIRECTORY": "/run/checkpointd"]
        let packaged = try ConfigLoader.load(
            configPath: Self.packagedConfig,
            commandLine: [],
            environment: environment,
            workingDirectory: "/"
        )
        #expect(
            packaged.stations.listen == [
                .tcp(host: "0.0.0.0", port: 7117), .unix(path: "/run/checkpointd/station.sock"),
            ]
        )
        var builtIn = try ConfigLoader.load(
            configPath: nil,
            commandLine: [],
            environment: environment,
            workingDirectory: "/"
        )
        builtIn.configFile = Self.packagedConfig
        builtIn.stations.listen = packaged.stations.listen
        // Least privilege (docs/security.md): the package's admins are the group it creates.
        #expect(packaged.control.adminGroup == "checkpointd-admin")
        builtIn.control.adminGroup = packaged.control.adminGroup
        #expect(packaged == builtIn)
    }

    @Test func packagedConfig_showsEveryKeyWithItsDefault() throws {
        let lines = try Self.read(Self.packagedConfig).split(separator: "\n").map(String.init)
        // The keys the package sets on purpose: listen (all addresses), admin_group (the group it creates).
        #expect(lines.contains("admin_group = checkpointd-admin"))
        for key in ConfigLoader.keys where key.name != "listen" && key.name != "admin_group" {
            let derived =
                key.defaultText.hasPrefix("empty") || key.defaultText.contains("<") || key.defaultText.contains("$")
            let defaultText = derived ? "" : key.defaultText
            let expected = defaultText.isEmpty ? "#\(key.name) =" : "#\(key.name) = \(defaultText)"
            #expect(lines.contains { $0.hasPrefix(expected) }, "\(expected) missing")
        }
    }

    @Test func docs_describeEveryKeyAndFlag() throws {
        let docs = try Self.read(Self.repositoryRoot + "/docs/configuration.md")
        for key in ConfigLoader.keys {
            #expect(docs.contains("`\(key.name)`"), "\(key.name) missing from docs/configuration.md")
            #expect(docs.contains("`\(key.flag)"), "\(key.flag) missing from docs/configuration.md")
        }
    }
}
