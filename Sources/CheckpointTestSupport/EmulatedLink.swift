/// An impairable link for kernels without `sch_netem`: two TUN devices, one on the host and one moved into the
/// namespace, with point-to-point addresses of their own (`10.214.SUBNET.1 peer .2` on the host, the reverse in the
/// namespace), MTU 1500, and `LinkEmulator` relaying the packets between them. Each peer address is routed through
/// its TUN device, so strict reverse-path filtering accepts what arrives there.
final class EmulatedLink: ImpairableLink {
    let hostAddress: String
    let namespaceAddress: String
    private let hostDevice: TunDevice
    private let namespaceDevice: TunDevice
    private let emulator: LinkEmulator
    private let report = Locked<String?>(nil)

    var description: String {
        "the userspace link emulator (seed \(emulator.seed)) on the TUN pair \(hostDevice.name) <-> "
            + "\(namespaceDevice.name)"
    }

    /// Makes the pair in `namespace` and starts relaying, unimpaired.
    init(in namespace: NetworkNamespace, seed: UInt64) throws {
        let subnet = "10.214.\(namespace.subnet.third)."
        hostAddress = subnet + "\(namespace.subnet.base + 1)"
        namespaceAddress = subnet + "\(namespace.subnet.base + 2)"
        // Opened here, in the host's namespace, then moved: the descriptor stays bound to the interface.
        hostDevice = try TunDevice(name: "cpth\(namespace.tag)")
        namespaceDevice = try TunDevice(name: "cptn\(namespace.tag)")
        let inside = ["netns", "exec", namespace.name, "ip"]
        let steps: [[String]] = [
            ["link", "set", namespaceDevice.name, "netns", namespace.name],
            ["addr", "add", hostAddress, "peer", namespaceAddress, "dev", hostDevice.name],
            ["link", "set", hostDevice.name, "mtu", "1500", "up"],
            inside + ["addr", "add", namespaceAddress, "peer", hostAddress, "dev", namespaceDevice.name],
            inside + ["link", "set", namespaceDevice.name, "mtu", "1500", "up"],
        ]
        for step in steps {
            let result = try NetworkNamespace.ip(step)
            guard result.code == 0 else {
                throw TestSupportError("ip \(step.joined(separator: " ")) failed: \(result.standardError)")
            }
        }
        emulator = LinkEmulator(host: hostDevice, namespace: namespaceDevice, seed: seed)
    }

    func impair(_ impairment: LinkImpairment) throws {
        emulator.impair(impairment)
    }

    /// Stops the emulator (once; later calls repeat the report): the interfaces go when the link does.
    func finish() throws -> String {
        if let done = report.current { return done }
        let text = try emulator.stop().description
        report.withLock { $0 = text }
        return text
    }
}
