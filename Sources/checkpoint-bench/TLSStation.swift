import CheckpointTLS
import Glibc
import NIOSSL

/// TLS for the bench's station connections: a district made by CheckpointTLS in the run directory, the client
/// context made once, and the blocking handshake plus `HELLO` before anything is timed. After that the load's
/// poll loop moves ciphertext itself (`StationLoad`), as the terminal does.
struct BenchTLS {
    let settings: TLSClientSettings
    let context: NIOSSLContext
    /// `tls_cert` and `tls_key` for the daemon.
    let certificatePath: String
    let keyPath: String

    /// Makes a CA and a server certificate for 127.0.0.1 in `directory`.
    static func make(in directory: String) throws(BenchError) -> BenchTLS {
        let folder = CertificateDirectory(path: directory)
        do throws(TLSError) {
            _ = try folder.createAuthority(name: "Bench CA", validity: .days(2))
            _ = try folder.issueServer(hosts: ["127.0.0.1"], validity: .days(2))
            let settings = TLSClientSettings(trustedCAPath: folder.caCertificatePath, serverHostname: "127.0.0.1")
            return BenchTLS(
                settings: settings, context: try settings.makeContext(),
                certificatePath: folder.serverCertificatePath, keyPath: folder.serverKeyPath)
        } catch {
            throw BenchError("TLS certificates for the bench: \(error)")
        }
    }

    /// A new stream for a connection to 127.0.0.1:`port`.
    func stream(port: UInt16) throws(BenchError) -> TLSClientStream {
        do throws(TLSError) {
            return try TLSClientStream(settings: settings, context: context, peerIP: "127.0.0.1", peerPort: Int(port))
        } catch {
            throw BenchError("TLS: \(error)")
        }
    }

    /// On a blocking socket: the handshake, `line` sent, and the first reply line read back.
    static func exchange(_ fd: Int32, _ stream: TLSClientStream, line: String) throws(BenchError) -> String {
        var plaintext: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        do {
            try stream.start()
            try stream.write(Array(line.utf8))
            while !plaintext.contains(UInt8(ascii: "\n")) {
                try Sockets.writeAll(fd, try stream.takeOutgoing())
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { throw BenchError("the daemon closed a TLS connection during HELLO") }
                plaintext += try stream.receive(Array(buffer[0..<count]))
            }
            try Sockets.writeAll(fd, try stream.takeOutgoing())
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError("TLS handshake: \(error)")
        }
        return String(decoding: plaintext.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
    }
}
