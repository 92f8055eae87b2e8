import Foundation

/// An impairable link made of the namespace's veth pair, shaped by the kernel's `tc qdisc … netem` on both ends.
struct NetemLink: ImpairableLink {
    let namespace: NetworkNamespace

    var hostAddress: String { namespace.hostAddress }
    var namespaceAddress: String { namespace.namespaceAddress }
    var description: String {
        "tc netem on the veth pair \(namespace.hostLink) <-> \(namespace.namespaceLink)"
    }

    func impair(_ impairment: LinkImpairment) throws {
        try namespace.shape(impairment.netemArguments)
    }

    /// The `Sent … (dropped …)` line of `tc -s qdisc show` for each end.
    func finish() throws -> String {
        let ends = [
            ("host → namespace", [String](), namespace.hostLink),
            ("namespace → host", ["netns", "exec", namespace.name, "tc"], namespace.namespaceLink),
        ]
        return try ends.map { label, prefix, link in
            let arguments = ["-s", "qdisc", "show", "dev", link]
            let result = prefix.isEmpty
                ? try ChildProcess.run(try NetworkNamespace.executable("tc"), arguments, seconds: 30)
                : try NetworkNamespace.ip(prefix + arguments)
            let sent = result.standardOutput.split(separator: "\n").first { $0.contains("Sent ") } ?? ""
            return "\(label): \(sent.trimmingCharacters(in: .whitespaces))"
        }.joined(separator: "; ")
    }
}
