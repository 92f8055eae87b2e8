/// The city's reads (issue 17 point 4), as database functions so that PostgreSQL's own roles decide who may run
/// them. The ones that return personal data (`trace`, `clearance`) require a reason and write `city.audit` under the
/// caller's role (`session_user`) in the same statement: `city_reader` has no grant on the tables, so there is no
/// way to read a person around the audit. Counts (`stats`, `report_daily`) name no one and write no audit row.
enum CityFunctions {
    static let statements: [String] = [
        "ALTER TABLE city.alerts ADD COLUMN recheck text",
        """
        CREATE FUNCTION city.require_reason(p_reason text) RETURNS text
        LANGUAGE plpgsql IMMUTABLE AS $$
        BEGIN
            IF p_reason IS NULL OR length(btrim(p_reason)) < 3 THEN
                RAISE EXCEPTION 'a reason of at least 3 characters is required to read a person''s records'
                    USING ERRCODE = '22023', HINT = 'give the case or request number, e.g. --reason "case 2026-114"';
            END IF;
            RETURN btrim(p_reason);
        END $$
        """,
        """
        CREATE FUNCTION city.verdict_text(p_bits integer) RETURNS text
        LANGUAGE sql IMMUTABLE AS $$
            SELECT COALESCE(NULLIF(concat_ws(',',
                CASE WHEN p_bits & 1 <> 0 THEN 'fever' END,
                CASE WHEN p_bits & 2 <> 0 THEN 'violation' END,
                CASE WHEN p_bits & 4 <> 0 THEN 'quarantine' END,
                CASE WHEN p_bits & 8 <> 0 THEN 'check-id' END), ''), 'pass')
        $$
        """,
        // A person's records in every district, in time order.
        """
        CREATE FUNCTION city.trace(
            p_person text, p_reason text,
            p_since timestamptz DEFAULT now() - interval '15 days', p_until timestamptz DEFAULT now())
        RETURNS TABLE (
            ts timestamptz, district text, checkpoint text, grid text, station text, kind text,
            temp numeric, verdict text)
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, city AS $$
        BEGIN
            INSERT INTO city.audit(role, what, person, reason)
                VALUES (session_user, 'trace', p_person, city.require_reason(p_reason));
            RETURN QUERY
                SELECT r.ts, r.district, r.checkpoint, r.grid, r.station, r.kind,
                       (r.temp_tenths / 10.0)::numeric(4, 1), city.verdict_text(r.verdict)
                FROM city.records r
                WHERE r.person = p_person AND r.ts >= p_since AND r.ts < p_until
                ORDER BY r.ts, r.district, r.local_id;
        END $$
        """,
        // The return-to-work check over the whole city: an order in force in any district keeps the person off
        // work until its end; else a fever of the last `p_days` days not cleared on re-check does. Same rules as a
        // district's `clearance` (docs/city.md).
        """
        CREATE FUNCTION city.clearance(p_person text, p_reason text, p_days integer DEFAULT 15)
        RETURNS TABLE (
            clear boolean, reason text, quarantine_until timestamptz, ordered_by text, fever_at timestamptz,
            fever_district text, districts_seen text[])
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, city AS $$
        DECLARE
            o record;
            f record;
        BEGIN
            INSERT INTO city.audit(role, what, person, reason)
                VALUES (session_user, 'clearance', p_person, city.require_reason(p_reason));
            SELECT q.end_at, q.district INTO o FROM city.quarantines q
                WHERE q.person = p_person AND q.released_at IS NULL AND q.start_at <= now() AND now() < q.end_at
                ORDER BY q.end_at DESC LIMIT 1;
            SELECT a.at, a.district INTO f FROM city.alerts a
                WHERE a.person = p_person AND a.type = 'FEVER' AND a.at > now() - make_interval(days => p_days)
                  AND a.recheck IS DISTINCT FROM 'cleared-on-recheck'
                ORDER BY a.at DESC LIMIT 1;
            RETURN QUERY SELECT
                o.end_at IS NULL AND f.at IS NULL,
                CASE WHEN o.end_at IS NOT NULL THEN 'quarantine' WHEN f.at IS NOT NULL THEN 'fever' ELSE 'clear' END,
                o.end_at, o.district, f.at, f.district,
                ARRAY(SELECT DISTINCT r.district FROM city.records r
                      WHERE r.person = p_person AND r.ts > now() - make_interval(days => p_days)
                      ORDER BY 1);
        END $$
        """,
        // Counts per district or per district and grid over a span.
        """
        CREATE FUNCTION city.stats(p_since timestamptz, p_until timestamptz, p_by text DEFAULT 'district')
        RETURNS TABLE (
            district text, grid text, temps bigint, entries bigint, exits bigint, fevers bigint, violations bigint)
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, city AS $$
        BEGIN
            IF p_by NOT IN ('district', 'grid') THEN
                RAISE EXCEPTION 'stats are by district or by grid, not %', p_by USING ERRCODE = '22023';
            END IF;
            RETURN QUERY
                SELECT r.district, CASE WHEN p_by = 'grid' THEN r.grid END,
                       count(*) FILTER (WHERE r.kind = 'TEMP'),
                       count(*) FILTER (WHERE r.kind = 'ENTRY'),
                       count(*) FILTER (WHERE r.kind = 'EXIT'),
                       count(*) FILTER (WHERE r.verdict & 1 <> 0),
                       count(*) FILTER (WHERE r.verdict & 2 <> 0)
                FROM city.records r
                WHERE r.ts >= p_since AND r.ts < p_until
                GROUP BY 1, 2
                ORDER BY 1, 2;
        END $$
        """,
        // One local day of the city, per district and grid: what the gates counted, how many people they saw,
        // the orders opened and released, the alerts raised and those still open.
        """
        CREATE FUNCTION city.report_daily(p_date date, p_zone text DEFAULT 'Asia/Shanghai')
        RETURNS TABLE (
            district text, grid text, temps bigint, entries bigint, exits bigint, fevers bigint, violations bigint,
            people bigint, orders_opened bigint, orders_released bigint, alerts_raised bigint, alerts_open bigint)
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, city AS $$
        DECLARE
            day_start timestamptz := p_date::timestamp AT TIME ZONE p_zone;
            day_end timestamptz := (p_date + 1)::timestamp AT TIME ZONE p_zone;
        BEGIN
            RETURN QUERY
            WITH counts AS (
                SELECT r.district, r.grid,
                       count(*) FILTER (WHERE r.kind = 'TEMP') AS temps,
                       count(*) FILTER (WHERE r.kind = 'ENTRY') AS entries,
                       count(*) FILTER (WHERE r.kind = 'EXIT') AS exits,
                       count(*) FILTER (WHERE r.verdict & 1 <> 0) AS fevers,
                       count(*) FILTER (WHERE r.verdict & 2 <> 0) AS violations,
                       count(DISTINCT r.person) AS people
                FROM city.records r WHERE r.ts >= day_start AND r.ts < day_end GROUP BY 1, 2),
            opened AS (
                SELECT q.district, COALESCE(q.grid, '') AS grid, count(*) AS n FROM city.quarantines q
                WHERE q.start_at >= day_start AND q.start_at < day_end GROUP BY 1, 2),
            released AS (
                SELECT q.district, COALESCE(q.grid, '') AS grid, count(*) AS n FROM city.quarantines q
                WHERE q.released_at >= day_start AND q.released_at < day_end GROUP BY 1, 2),
            raised AS (
                SELECT a.district, COALESCE(a.grid, '') AS grid, count(*) AS n,
                       count(*) FILTER (WHERE a.state = 'open') AS still_open
                FROM city.alerts a WHERE a.at >= day_start AND a.at < day_end GROUP BY 1, 2),
            keys AS (
                SELECT c.district, c.grid FROM counts c
                UNION SELECT o.district, o.grid FROM opened o
                UNION SELECT r.district, r.grid FROM released r
                UNION SELECT a.district, a.grid FROM raised a)
            SELECT k.district, k.grid,
                   COALESCE(c.temps, 0), COALESCE(c.entries, 0), COALESCE(c.exits, 0), COALESCE(c.fevers, 0),
                   COALESCE(c.violations, 0), COALESCE(c.people, 0), COALESCE(o.n, 0), COALESCE(rl.n, 0),
                   COALESCE(a.n, 0), COALESCE(a.still_open, 0)
            FROM keys k
            LEFT JOIN counts c ON c.district = k.district AND c.grid = k.grid
            LEFT JOIN opened o ON o.district = k.district AND o.grid = k.grid
            LEFT JOIN released rl ON rl.district = k.district AND rl.grid = k.grid
            LEFT JOIN raised a ON a.district = k.district AND a.grid = k.grid
            ORDER BY 1, 2;
        END $$
        """,
        "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA city FROM PUBLIC",
        "GRANT EXECUTE ON FUNCTION city.my_district(), city.ensure_month(date), city.ms(bigint) TO city_district",
        """
        GRANT EXECUTE ON FUNCTION
            city.trace(text, text, timestamptz, timestamptz), city.clearance(text, text, integer),
            city.stats(timestamptz, timestamptz, text), city.report_daily(date, text),
            city.require_reason(text), city.verdict_text(integer)
        TO city_reader
        """,
    ]
}
