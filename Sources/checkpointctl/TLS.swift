import ArgumentParser
import CheckpointTLS

/// `checkpointctl tls init-ca|server|station`: the district's certificates, made here without openssl
/// (docs/tls.md). Works on files only; it never talks to the daemon.
struct TLS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tls",
        abstract: "Make the district CA, the daemon's certificate and station certificates (no daemon needed).",
        discussion: """
            All keys are P-256. Keys are written 0600, certificates 0644; an existing file is never overwritten \
            (move it away to replace it). See docs/tls.md for where each file goes and for rotation.

            Example:
              checkpointctl tls init-ca --dir /etc/checkpointd/tls --name "District 4 checkpoints"
              checkpointctl tls server --dir /etc/checkpointd/tls --host checkpointd.district4.example 10.20.0.5
              checkpointctl tls station gate-3-a --dir /etc/checkpointd/tls
            """,
        subcommands: [InitCA.self, Server.self, Station.self]
    )
}

extension TLS {
    struct InitCA: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init-ca",
            abstract: "Make the district CA: DIR/ca.pem and DIR/ca.key.",
            discussion: """
                The CA signs the daemon's certificate and every station's; keep ca.key offline. checkpointd and \
                checkpoint-station do not read these files yet: their TLS side is still to come (docs/tls.md).

                Example:
                  checkpointctl tls init-ca --dir /etc/checkpointd/tls --days 3650
                """
        )

        @Option(help: ArgumentHelp("The directory for the files (created if missing).", valueName: "dir"))
        var dir: String

        @Option(help: ArgumentHelp("The CA's name, shown in its certificate.", valueName: "name"))
        var name = "checkpointd district CA"

        @Option(help: ArgumentHelp("How many days the CA is valid.", valueName: "days"))
        var days = 3650

        func run() throws {
            let validity = try TLSCommand.validity(days)
            let files = try TLSCommand.run { () throws(TLSError) in
                try CertificateDirectory(path: dir).createAuthority(name: name, validity: validity)
            }
            try TLSCommand.report(
                files, english: "district CA made, valid \(days) days",
                chinese: "已创建区级 CA，有效期 \(days) 天",
                next: "next: checkpointctl tls server --dir \(dir) --host HOST / 下一步：签发服务器证书"
            )
        }
    }

    struct Server: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue the daemon's certificate: DIR/server.pem and DIR/server.key.",
            discussion: """
                Give every name and address the terminals connect to (the HOST of their --server tls:HOST:PORT); \
                a terminal will refuse a certificate that does not name its HOST. checkpointd does not read the \
                files yet (docs/tls.md).

                Example:
                  checkpointctl tls server --dir /etc/checkpointd/tls --host checkpointd.district4.example 10.20.0.5
                """
        )

        @Option(help: ArgumentHelp("The directory holding ca.pem and ca.key.", valueName: "dir"))
        var dir: String

        @Option(
            parsing: .upToNextOption,
            help: ArgumentHelp("The daemon's DNS names and IP addresses (one or more).", valueName: "host")
        )
        var host: [String] = []

        @Option(help: ArgumentHelp("How many days the certificate is valid.", valueName: "days"))
        var days = 825

        func validate() throws {
            guard !host.isEmpty else {
                throw ValidationError("give --host with the daemon's host name or IP address")
            }
        }

        func run() throws {
            let validity = try TLSCommand.validity(days)
            let files = try TLSCommand.run { () throws(TLSError) in
                try CertificateDirectory(path: dir).issueServer(hosts: host, validity: validity)
            }
            try TLSCommand.report(
                files, english: "server certificate issued for \(host.joined(separator: ", ")), valid \(days) days",
                chinese: "已签发服务器证书，有效期 \(days) 天",
                next: "keep them for the daemon's TLS listener (not yet in checkpointd; docs/tls.md) / "
                    + "请妥善保存，供守护进程的 TLS 监听使用（尚未提供，见 docs/tls.md）"
            )
        }
    }

    struct Station: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a station's certificate: DIR/station-ID.pem and DIR/station-ID.key.",
            discussion: """
                The certificate's common name is the station id, so that it can name one station only. \
                checkpoint-station does not read the files yet (docs/tls.md).

                Example:
                  checkpointctl tls station gate-3-a --dir /etc/checkpointd/tls
                """
        )

        @Argument(help: ArgumentHelp("The station id, as registered with `checkpointctl station add`.",
            valueName: "id"))
        var id: String

        @Option(help: ArgumentHelp("The directory holding ca.pem and ca.key.", valueName: "dir"))
        var dir: String

        @Option(help: ArgumentHelp("How many days the certificate is valid.", valueName: "days"))
        var days = 825

        func validate() throws {
            try Self.validateIdentifier(id, "station")
        }

        func run() throws {
            let validity = try TLSCommand.validity(days)
            let files = try TLSCommand.run { () throws(TLSError) in
                try CertificateDirectory(path: dir).issueStation(id, validity: validity)
            }
            try TLSCommand.report(
                files, english: "certificate for station \(id) issued, valid \(days) days",
                chinese: "已为站点 \(id) 签发证书，有效期 \(days) 天",
                next: "keep both files for the terminal's TLS (not yet in checkpoint-station; docs/tls.md) / "
                    + "请妥善保存，供终端的 TLS 使用（尚未提供，见 docs/tls.md）"
            )
        }
    }
}
