/// The validated, effective configuration of one daemon run: file, flags and environment merged.
///
/// Each component takes only its own part (`store`, `stations`, …), never the whole value. All paths are absolute.
public struct DaemonConfiguration: Sendable, Equatable {
    /// The configuration file that was read, if any.
    public var configFile: String?
    public var stateDirectory: String
    public var runtimeDirectory: String
    /// An IANA zone name (`Asia/Shanghai`, `UTC`) for times shown to people; nil means the system's zone.
    public var displayTimezone: String?
    public var store: StoreConfiguration
    public var stations: StationListenerConfiguration
    public var control: ControlConfiguration
    public var rules: RuleConfiguration
    public var monitoring: MonitoringConfiguration
    public var logging: LoggingConfiguration
    /// TLS for stations and the plain TCP rule.
    public var tls: StationTLSConfiguration
    /// The program run for alerts (issue 16 point 3).
    public var alertCommand: AlertCommandConfiguration
    /// The city this district ships to (issue 17).
    public var city: CityConfiguration
    /// The dashboard and `/metrics` (issue 18).
    public var http: HTTPConfiguration

    public init(
        configFile: String?,
        stateDirectory: String,
        runtimeDirectory: String,
        displayTimezone: String?,
        store: StoreConfiguration,
        stations: StationListenerConfiguration,
        control: ControlConfiguration,
        rules: RuleConfiguration,
        monitoring: MonitoringConfiguration,
        logging: LoggingConfiguration,
        tls: StationTLSConfiguration = StationTLSConfiguration(),
        alertCommand: AlertCommandConfiguration = AlertCommandConfiguration(),
        city: CityConfiguration = CityConfiguration(),
        http: HTTPConfiguration = HTTPConfiguration()
    ) {
        self.configFile = configFile
        self.stateDirectory = stateDirectory
        self.runtimeDirectory = runtimeDirectory
        self.displayTimezone = displayTimezone
        self.store = store
        self.stations = stations
        self.control = control
        self.rules = rules
        self.monitoring = monitoring
        self.logging = logging
        self.tls = tls
        self.alertCommand = alertCommand
        self.city = city
        self.http = http
    }
}
