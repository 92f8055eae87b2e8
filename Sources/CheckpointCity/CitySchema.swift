/// The city database's schema (issue 17) as an ordered list of migrations, each a list of statements applied in
/// one transaction and recorded in `city.schema_migrations`. `checkpointctl city migrate`, run by the role that
/// owns the city database, applies them; a district's daemon only checks that the schema is the one it needs
/// (`CitySchema.requiredVersion`) and refuses an older one by name.
///
/// Everything lives in the schema `city`. Districts write through row-level security (a district's role writes
/// only its own district's rows, `city.my_district()`); people read personal data only through the functions that
/// take a reason and write `city.audit` (`city_reader` has no grant on the tables).
public enum CitySchema {
    public struct Migration: Sendable {
        public let version: Int
        public let summary: String
        public let statements: [String]
    }

    /// The version a daemon of this build needs.
    public static var requiredVersion: Int { migrations.last?.version ?? 0 }

    /// The statement that makes the bookkeeping table, run before any migration.
    static let bookkeeping = """
        CREATE TABLE IF NOT EXISTS city.schema_migrations (
            version integer PRIMARY KEY,
            summary text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """

    public static let migrations: [Migration] = [
        Migration(version: 1, summary: "districts, records by month, alerts, orders, gaps, audit", statements: tables),
        Migration(version: 2, summary: "roles, grants and row-level security", statements: access),
        Migration(version: 3, summary: "audited reads and city reports", statements: CityFunctions.statements),
        Migration(
            version: 4, summary: "row-level security looks up the caller's district once a statement",
            statements: districtOncePerStatement),
    ]

    static let tables: [String] = [
        // The districts that ship to the city, the PostgreSQL role each logs in as, and how far each has shipped
        // (the same positions the district keeps in its SQLite, moved in the same transaction as the rows).
        // `database_id` is the district database that ships (its positions mean nothing for another one).
        """
        CREATE TABLE city.districts (
            district text PRIMARY KEY CHECK (district ~ '^[A-Za-z0-9_.-]{1,32}$'),
            role name UNIQUE,
            shipped_records bigint NOT NULL DEFAULT 0,
            shipped_changes bigint NOT NULL DEFAULT 0,
            database_id text,
            last_shipped_at timestamptz,
            joined_at timestamptz NOT NULL DEFAULT now()
        )
        """,
        // A record as its district stored it. `(district, local_id)` is the district's row id: the uplink's
        // idempotent key (with `ts`, which a partitioned table's keys must include; a record's ts never changes).
        // `person` is the normalised identifier, the column to distribute by past one primary (docs/city.md).
        // `verdict` keeps the district's bits (1 fever, 2 violation, 4 quarantine, 8 check-id, 16 visitor, 32 notice).
        """
        CREATE TABLE city.records (
            district text NOT NULL,
            local_id bigint NOT NULL,
            person text NOT NULL,
            ts timestamptz NOT NULL,
            kind text NOT NULL,
            temp_tenths smallint,
            origin text,
            verdict smallint NOT NULL,
            checkpoint text NOT NULL,
            grid text NOT NULL,
            station text NOT NULL,
            seq bigint NOT NULL,
            PRIMARY KEY (district, local_id, ts)
        ) PARTITION BY RANGE (ts)
        """,
        // A person's trace; and the counts of a span by time: rows arrive in about time order, so a block-range
        // index finds a day's blocks at almost no cost to the uplink's inserts.
        "CREATE INDEX records_person_ts ON city.records (person, ts)",
        "CREATE INDEX records_ts ON city.records USING brin (ts)",
        // Alerts with their state; an alert is shipped again each time its state changes.
        """
        CREATE TABLE city.alerts (
            district text NOT NULL,
            local_id bigint NOT NULL,
            type text NOT NULL,
            at timestamptz NOT NULL,
            person text,
            checkpoint text,
            grid text,
            state text NOT NULL,
            count integer NOT NULL DEFAULT 1,
            last_at timestamptz,
            escalated_at timestamptz,
            acked_at timestamptz,
            acked_by text,
            detail text,
            ordered_by text,
            PRIMARY KEY (district, local_id)
        )
        """,
        "CREATE INDEX alerts_person_at ON city.alerts (person, at) WHERE person IS NOT NULL",
        "CREATE INDEX alerts_at ON city.alerts (at)",
        // Quarantine orders: the city-wide registry. Every insert and update takes the next `change_seq` and
        // notifies `city_orders`, so districts follow the registry by LISTEN/NOTIFY and by polling `change_seq`.
        // A district's time (Unix milliseconds) as a timestamp, exactly.
        """
        CREATE FUNCTION city.ms(p_milliseconds bigint) RETURNS timestamptz
        LANGUAGE sql IMMUTABLE AS $$ SELECT timestamptz 'epoch' + p_milliseconds * interval '1 millisecond' $$
        """,
        "CREATE SEQUENCE city.order_changes",
        """
        CREATE TABLE city.quarantines (
            district text NOT NULL,
            local_id bigint NOT NULL,
            person text NOT NULL,
            start_at timestamptz NOT NULL,
            end_at timestamptz NOT NULL,
            reason text,
            grid text,
            released_at timestamptz,
            change_seq bigint NOT NULL,
            PRIMARY KEY (district, local_id)
        )
        """,
        "CREATE INDEX quarantines_person ON city.quarantines (person, end_at)",
        "CREATE UNIQUE INDEX quarantines_change_seq ON city.quarantines (change_seq)",
        """
        CREATE FUNCTION city.order_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND NEW IS NOT DISTINCT FROM OLD THEN RETURN NEW; END IF;
            -- Writers of orders take turns until they commit, so `change_seq` order is commit order and a district
            -- that read up to N never misses a smaller number committed later. Orders are few: the wait is short.
            PERFORM pg_advisory_xact_lock(1718629);
            NEW.change_seq := nextval('city.order_changes');
            PERFORM pg_notify('city_orders', NEW.district || ' ' || NEW.change_seq);
            RETURN NEW;
        END $$
        """,
        """
        CREATE TRIGGER quarantines_changed BEFORE INSERT OR UPDATE ON city.quarantines
            FOR EACH ROW EXECUTE FUNCTION city.order_changed()
        """,
        """
        CREATE TABLE city.station_gaps (
            district text NOT NULL,
            station text NOT NULL,
            first_missing bigint NOT NULL,
            last_missing bigint NOT NULL,
            PRIMARY KEY (district, station, first_missing)
        )
        """,
        // Every read of personal data: who (the session's role), when, what, whom and why.
        """
        CREATE TABLE city.audit (
            id bigserial PRIMARY KEY,
            at timestamptz NOT NULL DEFAULT now(),
            role name NOT NULL DEFAULT session_user,
            what text NOT NULL,
            person text,
            reason text NOT NULL
        )
        """,
        // A month's partition of the records, made when the first record of that month is shipped.
        """
        CREATE FUNCTION city.ensure_month(p_month date) RETURNS text
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, city AS $$
        DECLARE
            first date := date_trunc('month', p_month)::date;
            name text := format('records_%s', to_char(first, 'YYYY_MM'));
        BEGIN
            IF to_regclass('city.' || name) IS NULL THEN
                EXECUTE format(
                    'CREATE TABLE IF NOT EXISTS city.%I PARTITION OF city.records FOR VALUES FROM (%L) TO (%L)',
                    name, to_char(first, 'YYYY-MM-DD') || ' 00:00:00+00',
                    to_char(first + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+00');
            END IF;
            RETURN name;
        END $$
        """,
        // Retention: whole months older than the given date are dropped (no row-by-row delete).
        """
        CREATE FUNCTION city.drop_months_before(p_before date) RETURNS SETOF text
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, city AS $$
        DECLARE
            part record;
        BEGIN
            FOR part IN
                SELECT c.relname FROM pg_inherits i
                JOIN pg_class c ON c.oid = i.inhrelid
                JOIN pg_class p ON p.oid = i.inhparent
                JOIN pg_namespace n ON n.oid = p.relnamespace
                WHERE n.nspname = 'city' AND p.relname = 'records' AND c.relname ~ '^records_[0-9]{4}_[0-9]{2}$'
                  AND to_date(substr(c.relname, 9), 'YYYY_MM') + interval '1 month' <= p_before
                ORDER BY c.relname
            LOOP
                EXECUTE format('DROP TABLE city.%I', part.relname);
                RETURN NEXT part.relname;
            END LOOP;
        END $$
        """,
    ]

    static let access: [String] = [
        // Group roles: a district's login role is a member of `city_district`, a person who queries the city of
        // `city_reader`. Roles are the cluster's: made here only when missing.
        """
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'city_district') THEN
                CREATE ROLE city_district NOLOGIN;
            END IF;
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'city_reader') THEN
                CREATE ROLE city_reader NOLOGIN;
            END IF;
        END $$
        """,
        """
        CREATE FUNCTION city.my_district() RETURNS text
        LANGUAGE sql STABLE AS $$
            SELECT d.district FROM city.districts d WHERE d.role = current_user
        $$
        """,
        "REVOKE ALL ON SCHEMA city FROM PUBLIC",
        "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA city FROM PUBLIC",
        "GRANT USAGE ON SCHEMA city TO city_district, city_reader",
        "GRANT SELECT ON city.schema_migrations TO city_district, city_reader",
        "GRANT EXECUTE ON FUNCTION city.my_district(), city.ensure_month(date), city.ms(bigint) TO city_district",
        "GRANT SELECT, UPDATE ON city.districts TO city_district",
        "GRANT INSERT ON city.records TO city_district",
        "GRANT SELECT, INSERT, UPDATE ON city.alerts TO city_district",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON city.station_gaps TO city_district",
        "GRANT SELECT, INSERT, UPDATE ON city.quarantines TO city_district",
        "GRANT USAGE ON SEQUENCE city.order_changes TO city_district",
        "ALTER TABLE city.districts ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE city.records ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE city.alerts ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE city.quarantines ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE city.station_gaps ENABLE ROW LEVEL SECURITY",
        "CREATE POLICY own_district ON city.districts TO city_district USING (role = current_user)",
        "CREATE POLICY own_district ON city.records TO city_district USING (district = city.my_district())",
        "CREATE POLICY own_district ON city.alerts TO city_district USING (district = city.my_district())",
        "CREATE POLICY own_district ON city.station_gaps TO city_district USING (district = city.my_district())",
        // Every district reads every order (the registry) and writes only its own.
        "CREATE POLICY read_all ON city.quarantines FOR SELECT TO city_district USING (true)",
        """
        CREATE POLICY write_own ON city.quarantines FOR INSERT TO city_district
            WITH CHECK (district = city.my_district())
        """,
        """
        CREATE POLICY change_own ON city.quarantines FOR UPDATE TO city_district
            USING (district = city.my_district()) WITH CHECK (district = city.my_district())
        """,
        // A district joins: its role gets the group and the district row. Run by the city's owner.
        """
        CREATE FUNCTION city.add_district(p_district text, p_role name) RETURNS void
        LANGUAGE plpgsql SET search_path = pg_catalog, city AS $$
        BEGIN
            INSERT INTO city.districts(district, role) VALUES (p_district, p_role);
            EXECUTE format('GRANT city_district TO %I', p_role);
        END $$
        """,
    ]

    /// `city.my_district()` is a query: called bare in a policy it runs once a row (a SQL function with a FROM is
    /// not inlined), which doubled the cost of a district's insert (2.06 s against 1.13 s for 100,000 rows, measured
    /// on PostgreSQL 15). As a scalar subquery it is an init plan: looked up once a statement, checked the same.
    static let districtOncePerStatement: [String] = [
        "ALTER POLICY own_district ON city.records USING (district = (SELECT city.my_district()))",
        "ALTER POLICY own_district ON city.alerts USING (district = (SELECT city.my_district()))",
        "ALTER POLICY own_district ON city.station_gaps USING (district = (SELECT city.my_district()))",
        "ALTER POLICY write_own ON city.quarantines WITH CHECK (district = (SELECT city.my_district()))",
        """
        ALTER POLICY change_own ON city.quarantines
            USING (district = (SELECT city.my_district())) WITH CHECK (district = (SELECT city.my_district()))
        """,
    ]
}
