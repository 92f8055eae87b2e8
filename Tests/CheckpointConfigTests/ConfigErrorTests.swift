import CheckpointConfig
import Testing

struct ConfigErrorTests {
    @Test(arguments: [
        (
            ConfigError(
                code: .badValue,
                message: "bad",
                source: "/etc/checkpointd/checkpointd.conf",
                line: 12,
                key: "x"
            ),
            "/etc/checkpointd/checkpointd.conf:12: x: bad"
        ),
        (ConfigError(code: .syntax, message: "bad", source: "/etc/c.conf", line: 3), "/etc/c.conf:3: bad"),
        (ConfigError(code: .badValue, message: "bad", source: "command line", key: "--x"), "command line: --x: bad"),
        (ConfigError(code: .unreadableFile, message: "gone", source: "/etc/c.conf"), "/etc/c.conf: gone"),
        (ConfigError(code: .badValue, message: "bare"), "bare"),
    ])
    func description_joinsPlaceKeyAndMessage(error: ConfigError, expected: String) {
        #expect(error.description == expected)
    }

    @Test func codes_areDistinctAndNamed() {
        let codes: [ConfigError.Code] = [.syntax, .unknownKey, .badValue, .duplicateKey, .unreadableFile]
        #expect(Set(codes).count == 5)
        #expect(codes.map(\.description) == ["syntax", "unknownKey", "badValue", "duplicateKey", "unreadableFile"])
    }
}
