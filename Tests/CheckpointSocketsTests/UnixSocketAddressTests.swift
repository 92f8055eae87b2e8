import CheckpointSockets
import CheckpointTestSupport
import Foundation
import Glibc
import Testing

@Suite struct UnixSocketAddressTests {
    @Test func init_whenThePathFitsExactly_keepsIt() throws {
        let path = "/" + String(repeating: "a", count: UnixSocketAddress.maximumPathLength - 1)
        let address = try #require(UnixSocketAddress(path: path))
        #expect(address.path == path)
        #expect(UnixSocketAddress.maximumPathLength == 107)
    }

    @Test func init_whenThePathIsOneByteTooLong_isNil() {
        let path = "/" + String(repeating: "a", count: UnixSocketAddress.maximumPathLength)
        #expect(UnixSocketAddress(path: path) == nil)
    }

    @Test func init_whenThePathHoldsANUL_isNil() {
        #expect(UnixSocketAddress(path: "/tmp/a\u{0}b") == nil)
    }

    @Test func bindAndConnect_onARealSocket_reachEachOther() throws {
        let directory = try TemporaryDirectory(prefix: "uds")
        let address = try #require(UnixSocketAddress(path: directory.file("s.sock")))

        let server = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(server) }
        #expect(address.bind(server) == 0)
        #expect(listen(server, 1) == 0)

        let client = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(client) }
        #expect(address.connect(client) == 0)

        let (storage, length) = address.storage
        #expect(Int32(storage.ss_family) == AF_UNIX)
        #expect(length == socklen_t(MemoryLayout<sockaddr_un>.size))
    }

    @Test func connect_whenNothingListens_failsWithENOENT() throws {
        let address = try #require(UnixSocketAddress(path: "/nonexistent-\(UUID())/s.sock"))
        let client = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(client) }
        #expect(address.connect(client) == -1)
        #expect(errno == ENOENT)
    }
}
