import NIOCore
import Testing

@testable import CheckpointServer

/// Issue 13: which peers count as loopback for `plaintext_tcp = loopback-only`.
struct HelloCheckTests {
    @Test(arguments: [
        ("127.0.0.1", true), ("127.45.6.7", true), ("::1", true), ("::ffff:127.0.0.1", true),
        ("10.0.0.5", false), ("192.168.1.20", false), ("128.0.0.1", false), ("::", false), ("::2", false),
        ("fe80::1", false), ("::ffff:10.0.0.5", false), ("0.0.0.0", false),
    ])
    func isLoopback_forAnAddress_isTrueOnlyForLoopback(address: String, expected: Bool) throws {
        let socketAddress = try SocketAddress(ipAddress: address, port: 7117)
        #expect(HelloCheck.isLoopback(socketAddress) == expected, "\(address)")
    }

    @Test func refusal_whenTheConnectionIsUnix_isNone() {
        #expect(HelloCheck(.unix).refusal(station: "st-1") == nil)
    }
}
