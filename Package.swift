// swift-tools-version:6.2
import PackageDescription

/// Settings every target of ours shares: Swift 6 mode is the tools default; these add the
/// upcoming features the house style asks for and turn every warning into an error.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .treatAllWarnings(as: .error),
]

/// The daemon's hot path (codec, domain, store, server) is optimized in debug builds too: the tests time the daemon
/// (hostile clients, lossy links, ingest) and must see the product's speed, not the unspecialized generics of
/// -Onone, which cost a garbage line ~75 µs of event-loop time. Debug information and testability are kept.
/// Not in a sanitized build (`scripts/sanitize` sets CHECKPOINTD_SANITIZER): there -O specializes the concurrency
/// runtime's continuations into our instrumented code, whose synchronization ThreadSanitizer cannot see inside the
/// uninstrumented runtime (false races), and a sanitized run measures no speed anyway.
let optimizesHotPath = Context.environment["CHECKPOINTD_SANITIZER"] == nil
let hotPathSettings: [SwiftSetting] =
    strictSettings + (optimizesHotPath ? [.unsafeFlags(["-O"], .when(configuration: .debug))] : [])

let package = Package(
    name: "checkpointd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "checkpointd", targets: ["checkpointd"]),
        .executable(name: "checkpointctl", targets: ["checkpointctl"]),
        .executable(name: "checkpoint-station", targets: ["checkpoint-station"]),
        .executable(name: "checkpoint-bench", targets: ["checkpoint-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // System libraries. Only CheckpointStore imports CSQLite; only CheckpointSystemd imports CSystemd.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        // glibc's <malloc.h> (malloc_trim), for CheckpointServer's MemoryTrimmer.
        .systemLibrary(name: "CMalloc"),

        // Unix socket addresses: the one place a sockaddr_un is filled (daemon, ctl, terminal, bench, tests).
        .target(name: "CheckpointSockets", swiftSettings: strictSettings),
        // Domain: people, temperatures, times, verdict and alert rules. No I/O.
        .target(name: "CheckpointCore", swiftSettings: hotPathSettings),
        // Station line codec and control JSON Lines types. No I/O.
        .target(name: "CheckpointWire", dependencies: ["CheckpointCore"], swiftSettings: hotPathSettings),
        // Config file parser, flags, validation into DaemonConfiguration.
        .target(name: "CheckpointConfig", dependencies: ["CheckpointCore"], swiftSettings: strictSettings),
        // Every sqlite3_* call: schema, migrations, the single writer with group commit, readers.
        .target(
            name: "CheckpointStore",
            dependencies: ["CSQLite", "CheckpointCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: hotPathSettings
        ),
        // Every sd_* call: notify, watchdog, LISTEN_FDS, journald.
        .target(
            name: "CheckpointSystemd",
            dependencies: ["CSystemd", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        // NIO listeners, sessions, control handlers, the Service types.
        .target(
            name: "CheckpointServer",
            dependencies: [
                "CheckpointCore", "CheckpointWire", "CheckpointStore", "CheckpointConfig", "CheckpointSystemd",
                "CheckpointSockets", "CheckpointTLS", "CheckpointCity", "CheckpointAuth", "CMalloc",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: hotPathSettings
        ),
        // The dashboard's users (issue 18): scrypt password hashes and the users file; the daemon checks, checkpointctl
        // makes them.
        .target(
            name: "CheckpointAuth",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // TLS for the station listener and the terminal: contexts from PEM files, reload, station identity from a
        // client certificate, and the certificate tool behind `checkpointctl tls`.
        .target(
            name: "CheckpointTLS",
            dependencies: [
                "CheckpointCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // The city tier (issue 17): the city database's schema, the uplink of a district's committed rows to
        // PostgreSQL, the city-wide quarantine registry and the audited city queries. Every PostgresNIO call is here.
        .target(
            name: "CheckpointCity",
            dependencies: [
                "CheckpointCore", "CheckpointConfig", "CheckpointStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "checkpointd",
            dependencies: [
                "CheckpointCore", "CheckpointServer", "CheckpointConfig", "CheckpointSystemd",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "checkpointctl",
            dependencies: [
                "CheckpointCore", "CheckpointWire", "CheckpointConfig", "CheckpointTLS", "CheckpointSockets",
                "CheckpointCity", "CheckpointAuth", .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "checkpoint-station",
            dependencies: [
                "CheckpointCore", "CheckpointWire", "CheckpointSockets", "CheckpointTLS",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "checkpoint-bench",
            dependencies: [
                "CheckpointCore", "CheckpointWire", "CheckpointStore", "CheckpointSockets", "CheckpointTLS",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),

        // The station line parser as it was before the byte-level rewrite: an independent oracle for the
        // differential tests and the differential fuzz target. Not shipped.
        .target(
            name: "CheckpointWireOracle", dependencies: ["CheckpointCore", "CheckpointWire"],
            path: "Tests/CheckpointWireOracle", swiftSettings: strictSettings),
        // The fuzz targets' checks (scripts/fuzz runs them under libFuzzer; FuzzRegressionTests replays their
        // corpora and every input that ever failed).
        .target(
            name: "CheckpointFuzzTargets",
            dependencies: ["CheckpointCore", "CheckpointWire", "CheckpointConfig", "CheckpointWireOracle"],
            path: "Fuzz/CheckpointFuzzTargets", swiftSettings: strictSettings),
        // Test helpers: temporary directories, a line client, a real daemon process.
        .target(
            name: "CheckpointTestSupport", dependencies: ["CheckpointCore", "CheckpointWire", "CheckpointSockets"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CheckpointSocketsTests", dependencies: ["CheckpointSockets", "CheckpointTestSupport"],
            swiftSettings: strictSettings),
        .testTarget(name: "CheckpointCoreTests", dependencies: ["CheckpointCore"], swiftSettings: strictSettings),
        .testTarget(name: "CheckpointAuthTests", dependencies: ["CheckpointAuth"], swiftSettings: strictSettings),
        .testTarget(
            name: "CheckpointWireTests", dependencies: ["CheckpointCore", "CheckpointWire", "CheckpointWireOracle"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "CheckpointConfigTests",
            dependencies: ["CheckpointConfig", "CheckpointTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CheckpointStoreTests",
            dependencies: ["CheckpointCore", "CheckpointStore", "CheckpointTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CheckpointSystemdTests",
            dependencies: [
                "CheckpointSystemd", "CheckpointTestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CheckpointServerTests",
            dependencies: [
                "CheckpointServer", "CheckpointStore", "CheckpointWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CheckpointTLSTests",
            dependencies: [
                "CheckpointTLS", "checkpointctl", "CheckpointTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CheckpointctlTests",
            dependencies: ["CheckpointWire", "checkpointctl", "CheckpointTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SystemdIntegrationTests",
            dependencies: ["CheckpointTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RealSystemdTests",
            dependencies: ["CheckpointTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CheckpointStationTests",
            dependencies: ["CheckpointTestSupport", "checkpoint-station"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CommandCentreTests",
            dependencies: ["CheckpointTestSupport", "CheckpointWire"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "FuzzRegressionTests", dependencies: ["CheckpointFuzzTargets", "CheckpointWire"], swiftSettings: strictSettings),
        .testTarget(
            name: "PackageTests",
            dependencies: ["CheckpointTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["CheckpointTestSupport", "CheckpointWire"],
            swiftSettings: strictSettings
        ),
    ]
)

// The libFuzzer targets (scripts/fuzz), only when CHECKPOINTD_FUZZ=1: built with `-sanitize=fuzzer,address` in a
// scratch directory of their own. `checkpoint-fuzz` calls libFuzzer's `LLVMFuzzerRunDriver`, which exists only
// in a fuzzer build, so a normal build leaves the target out.
if Context.environment["CHECKPOINTD_FUZZ"] == "1" {
    package.targets += [
        .systemLibrary(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"),
        .executableTarget(
            name: "checkpoint-fuzz",
            dependencies: ["CLibFuzzer", "CheckpointFuzzTargets"],
            path: "Fuzz/checkpoint-fuzz", swiftSettings: strictSettings),
    ]
}
