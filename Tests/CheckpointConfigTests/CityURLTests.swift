import CheckpointConfig
import Testing

/// Issue 17 point 1: `city_url` in the libpq spelling operators know, checked when the configuration is loaded,
/// with an error that says what to write instead.
struct CityURLTests {
    @Test func parse_ofATCPURL_takesRoleHostPortDatabaseAndTLS() throws {
        let url = try CityURL(
            parsing: "postgresql://district_a@city-db.example:5433/city?sslmode=verify-ca&sslrootcert=/etc/ca.pem")
        #expect(url.role == "district_a")
        #expect(url.host == "city-db.example")
        #expect(url.port == 5433)
        #expect(url.database == "city")
        #expect(url.tls == .verifyCA)
        #expect(url.rootCertificate == "/etc/ca.pem")
        #expect(url.socketPath == nil)
    }

    @Test func parse_ofASocketDirectory_usesTheSocketWithoutTLS() throws {
        let url = try CityURL(parsing: "postgres://district_b@/city?host=%2Frun%2Fpostgresql&port=5434")
        #expect(url.host == nil)
        #expect(url.socketPath == "/run/postgresql/.s.PGSQL.5434")
        #expect(url.tls == .disable)
        #expect(url.redacted == "postgresql://district_b@/run/postgresql (Unix socket, port 5434)/city")
    }

    @Test func parse_overTCPWithoutSSLMode_checksTheServerAndNeedsItsCA() throws {
        let error = #expect(throws: ConfigError.self) { try CityURL(parsing: "postgresql://a@db.example/city") }
        #expect(error?.message.contains("sslmode=verify-full needs sslrootcert") == true, "\(String(describing: error))")
        let url = try CityURL(parsing: "postgresql://a@db.example/city?sslrootcert=/etc/ca.pem")
        #expect(url.tls == .verifyFull && url.port == 5432)
    }

    @Test(arguments: [
        ("mysql://a@db/city", "expected a URL like postgresql://"),
        ("postgresql://db.example/city", "names no role"),
        ("postgresql://a:secret@db.example/city?sslmode=require", "carries a password"),
        ("postgresql://a@db.example:99999/city?sslmode=require", "port must be 1-65535"),
        ("postgresql://a@db.example/city?sslmode=prefer", "allow and prefer are not accepted"),
        ("postgresql://a@db.example/city?sslmode=require&application=x", "unknown URL parameter 'application'"),
        ("postgresql://a@/city?host=run/postgresql", "must be absolute"),
        ("postgresql://a@db.example/city?host=/run/postgresql", "not both"),
        ("postgresql://a@/city", "names no host"),
        ("postgresql://a@db.example/city?sslmode=require&sslcert=/c.pem", "sslcert and sslkey go together"),
    ])
    func parse_ofAWrongURL_saysWhatToWrite(text: String, message: String) {
        let error = #expect(throws: ConfigError.self) { try CityURL(parsing: text) }
        #expect(error?.message.contains(message) == true, "\(text): \(String(describing: error))")
    }

    @Test func load_ofACityURLWithoutADistrict_isRefusedNamingDistrict() throws {
        let fixture = try LoadFixture()
        let error = #expect(throws: ConfigError.self) {
            try fixture.load(commandLine: ["--city-url", "postgresql://a@/city?host=/run/postgresql"])
        }
        #expect(error?.message.contains("city_url needs district") == true, "\(String(describing: error))")
    }

    @Test func load_ofABadDistrictName_isRefused() throws {
        let fixture = try LoadFixture()
        let error = #expect(throws: ConfigError.self) { try fixture.load(commandLine: ["--district", "a b/c"]) }
        #expect(error?.message.contains("expected a district name") == true, "\(String(describing: error))")
    }

    @Test func load_withoutACity_leavesTheCityOff() throws {
        let configuration = try LoadFixture().load(commandLine: [])
        #expect(!configuration.city.isConfigured)
        #expect(configuration.render().contains("\ncity_url = \"\"\n"))
    }
}
