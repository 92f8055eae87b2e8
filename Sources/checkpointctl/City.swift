import ArgumentParser
import CheckpointCity
import CheckpointConfig
import CheckpointCore
import CheckpointWire
import Dispatch
import Foundation
import Logging
import PostgresNIO

/// `checkpointctl city …`: the city's PostgreSQL (issue 17). Unlike the other commands these talk to the city
/// database, not to a daemon: as the city's owner (`migrate`, `add-district`) or as a person whose role may read
/// the city (`trace`, `clearance`, `stats`, `report daily`). PostgreSQL's roles decide who may do what; the reads
/// of a person go through database functions that write the audit row under the caller's role.
struct City: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The city database: set it up, and query every district at once (trace, clearance, counts).",
        discussion: """
            The city's PostgreSQL is named by --url (or $CHECKPOINT_CITY_URL): postgresql://ROLE@HOST:PORT/DATABASE \
            with sslmode and sslrootcert in its query, or ?host=/run/postgresql for a Unix socket. The password, if \
            the role has one, is the first line of --password-file (or $CHECKPOINT_CITY_PASSWORD_FILE). \
            docs/city.md sets a city up step by step.

            Example:
              checkpointctl city migrate --url "postgresql://postgres@/city?host=/run/postgresql"
              checkpointctl city trace 13800138000 --reason "case 2026-114" --url "$CITY"
              checkpointctl city stats --by grid --since 2026-12-01 --url "$CITY"
            """,
        subcommands: [Migrate.self, AddDistrict.self, CityTrace.self, CityClearance.self, CityStats.self,
                      CityReport.self]
    )
}

extension City {
    /// `checkpointctl city migrate`: brings the city schema to this version (the city database's owner).
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or update the city schema (run as the owner of the city database).",
            discussion: """
                Applies the migrations this checkpointctl knows that the city database has not had, each in one \
                transaction; makes the group roles city_district and city_reader when missing. Safe to run again.

                Example:
                  checkpointctl city migrate --url "postgresql://postgres@/city?host=/run/postgresql"
                """)

        @OptionGroup var city: CityOptions

        func run() throws {
            let environment = ProcessEnvironment.current()
            let applied = try city.withConnection(environment: environment, doing: "migrate the city schema") {
                connection, logger in
                try await CitySchemaMigrator(logger: logger).migrate(connection)
            }
            let text =
                applied.isEmpty
                ? L("the city schema is up to date (version {1})", String(CitySchema.requiredVersion))
                : L("applied city schema versions {1}", applied.map(String.init).joined(separator: ", "))
            try StandardOutput().write(text + "\n")
        }
    }

    /// `checkpointctl city add-district NAME --role ROLE`: a district joins the city.
    struct AddDistrict: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-district",
            abstract: "Let a district ship to the city: register its name and the role its daemon logs in as.",
            discussion: """
                The role must exist (CREATE ROLE district_a LOGIN PASSWORD '…'); it is made a member of \
                city_district, and may then write only its own district's rows. Run as the city database's owner.

                Example:
                  checkpointctl city add-district A --role district_a --url "$CITY_ADMIN"
                """)

        @OptionGroup var city: CityOptions

        @Argument(help: "The district's name, as its daemon's `district` setting.")
        var district: String

        @Option(help: ArgumentHelp("The PostgreSQL role its daemon logs in as.", valueName: "role"))
        var role: String

        func validate() throws {
            guard CityConfiguration.isDistrictName(Substring(district)) else {
                throw ValidationError(L("a district's name is 1-32 of letters, digits, _ . -"))
            }
        }

        func run() throws {
            let environment = ProcessEnvironment.current()
            let district = self.district
            let role = self.role
            _ = try city.withConnection(environment: environment, doing: "add district \(district)") {
                connection, logger in
                try await connection.run("SELECT city.add_district(\(district), \(role))", logger: logger)
            }
            try StandardOutput().write(L("district {1} ships to the city as role {2}", district, role) + "\n")
        }
    }
}
