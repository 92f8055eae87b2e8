extension NetworkNamespace {
    /// Runs `body` over an impairable link to this namespace: the veth pair with `tc netem` where the kernel has
    /// `sch_netem`, else `LinkEmulator` on a TUN pair. Prints which as `label`, and afterwards what the link did.
    /// When neither can be had, prints why and calls `skip` with the reason; under `CHECKPOINTD_NETNS=require`
    /// that is a failure.
    public func withImpairableLink(
        _ label: String, seed: UInt64, skip: (String) throws -> Void, _ body: (any ImpairableLink) throws -> Void
    ) throws {
        let link: any ImpairableLink
        if let netemMissing = netemUnavailableReason() {
            if let tunMissing = TunDevice.unavailableReason() {
                let reason = "\(netemMissing); the emulator cannot stand in: \(tunMissing)"
                print("\(label): cannot run here: \(reason)")
                if Self.mode == "require" { throw TestSupportError("CHECKPOINTD_NETNS=require, but: \(reason)") }
                try skip(reason)
                return
            }
            link = try EmulatedLink(in: self, seed: seed)
            print("\(label): link: \(link) (no netem here: \(netemMissing))")
        } else {
            link = NetemLink(namespace: self)
            print("\(label): link: \(link)")
        }
        var finished = false
        defer { if !finished { _ = try? link.finish() } }
        try body(link)
        finished = true
        print("\(label): what the link did: \(try link.finish())")
    }
}
