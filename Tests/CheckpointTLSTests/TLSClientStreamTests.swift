import CheckpointTestSupport
import CheckpointTLS
import Glibc
import Testing

/// ``TLSClientStream`` over a plain socket, as the terminal's poll loop would drive it.
@Suite("TLS over a caller-owned socket", .serialized)
struct TLSClientStreamTests {
    /// A blocking TCP socket to 127.0.0.1:`port` with a 5 s receive timeout.
    private func connectSocket(_ port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw TestFailure("connect failed") }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    /// Sends what the stream has, reads once, feeds it; returns the plaintext. Throws the stream's error.
    private func pump(_ stream: TLSClientStream, _ fd: Int32) throws -> String {
        let outgoing = try stream.takeOutgoing()
        if !outgoing.isEmpty {
            _ = outgoing.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw TestFailure("the socket closed or timed out") }
        let plaintext = try stream.receive(Array(chunk[0..<count]))
        let reply = try stream.takeOutgoing()
        if !reply.isEmpty {
            _ = reply.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
        return String(decoding: plaintext, as: UTF8.self)
    }

    /// Runs a HELLO-like exchange: returns every plaintext line until `ping` came back, or the error.
    private func exchange(port: Int, _ settings: TLSClientSettings) throws -> Result<String, TLSError> {
        let fd = try connectSocket(port)
        defer { close(fd) }
        let stream = try TLSClientStream(
            settings: settings, context: settings.makeContext(), peerIP: "127.0.0.1", peerPort: port)
        do {
            try stream.start()
            try stream.write(Array("ping\n".utf8))
            var text = ""
            for _ in 0..<10 where !text.contains("ping\n") {
                text += try pump(stream, fd)
            }
            #expect(stream.isHandshakeComplete)
            stream.close()
            return .success(text)
        } catch let error as TLSError {
            return .failure(error)
        }
    }

    @Test func stream_whenTheServerIsTrusted_carriesLinesBothWays() async throws {
        let district = try District()
        let server = try await EchoServer(store: TLSContextStore(settings: district.mutualSettings))
        let byName = try exchange(port: server.port, district.clientSettings(station: "gate-1"))
        #expect(try byName.get() == "station=gate-1\nping\n")
        let byAddress = try exchange(port: server.port, district.clientSettings(host: "127.0.0.1", station: "gate-1"))
        #expect(try byAddress.get() == "station=gate-1\nping\n")
        await server.close()
    }

    @Test func stream_whenTheServerIsNotTrustedOrRefusesUs_saysWhy() async throws {
        let district = try District()
        // No IP address in this server certificate: NIOSSL accepts a certificate whose IP address matches the
        // address connected to, whatever name was asked for.
        let other = try District(hosts: ["localhost"])
        let server = try await EchoServer(store: TLSContextStore(settings: other.mutualSettings))
        guard case .failure(let untrusted) = try exchange(port: server.port, district.clientSettings()) else {
            Issue.record("a server of another CA was accepted")
            return
        }
        #expect(untrusted.code == .connection)
        #expect(untrusted.failure == .untrustedServer)
        guard case .failure(let refused) = try exchange(port: server.port, other.clientSettings()) else {
            Issue.record("the server took a client without a certificate")
            return
        }
        #expect(refused.failure == .clientCertificateRefused)
        let elsewhere = other.clientSettings(host: "gate.example", station: "gate-1")
        guard case .failure(let wrongHost) = try exchange(port: server.port, elsewhere) else {
            Issue.record("a certificate for another host was accepted")
            return
        }
        #expect(wrongHost.failure == .wrongHostName)
        await server.close()
    }
}
