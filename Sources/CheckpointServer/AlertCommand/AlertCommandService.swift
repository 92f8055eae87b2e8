import ServiceLifecycle

/// Stops the alert command runner at the daemon's stop. First in the service group, so it stops last: the writer
/// has committed everything by then, so no alert comes after it (docs/operations.md, "Alerts that reach a person").
struct AlertCommandService: Service {
    let runner: AlertCommandRunner

    func run() async throws {
        try? await gracefulShutdown()
        await runner.stop()
    }
}
