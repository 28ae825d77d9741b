-- The current definition of every rollup function and trigger. Applied after the migrations on every
-- migrate (db/functions.ts), so this file, not the sum of the migrations, is what the database runs:
-- change a function here, never in a new migration. Every statement is idempotent; statements are
-- separated by breakpoint markers so each driver can run them one at a time, in one transaction.

-- Serialises every writer of one company's rollups (full refresh, ingestion, browser activity, the
-- membership and user triggers) until the end of the transaction. The only spelling of the key.
CREATE OR REPLACE FUNCTION um_lock_company(p_company uuid) RETURNS void AS $$
  SELECT pg_advisory_xact_lock(hashtextextended('member_metrics:' || p_company::text, 0));
$$ LANGUAGE sql;
--> statement-breakpoint
-- The key of a company's refresh claim: the only spelling of it.
CREATE OR REPLACE FUNCTION um_refresh_key(p_company uuid) RETURNS bigint AS $$
  SELECT hashtextextended('refresh:' || p_company::text, 0);
$$ LANGUAGE sql IMMUTABLE;
--> statement-breakpoint
-- At most one full refresh of a company at a time: a second one is refused at once (false) rather
-- than wait behind the first with a connection held.
CREATE OR REPLACE FUNCTION um_try_lock_refresh(p_company uuid) RETURNS boolean AS $$
  SELECT pg_try_advisory_xact_lock(um_refresh_key(p_company));
$$ LANGUAGE sql;
--> statement-breakpoint
-- The same claim, waited for: a zone change runs after the refresh in progress, never beside it.
CREATE OR REPLACE FUNCTION um_lock_refresh(p_company uuid) RETURNS void AS $$
  SELECT pg_advisory_xact_lock(um_refresh_key(p_company));
$$ LANGUAGE sql;
--> statement-breakpoint
-- One notion of a day: a day is a calendar date in an IANA zone (the company's, or a request's).
-- The day an instant counts on there; the TypeScript side (zonedDay, lib/time/zones.ts) is held
-- equal to it by tests/integration/time-zones.test.ts.
CREATE OR REPLACE FUNCTION um_local_day(p_at timestamptz, p_zone text) RETURNS date AS $$
  SELECT (p_at AT TIME ZONE p_zone)::date;
$$ LANGUAGE sql IMMUTABLE;
--> statement-breakpoint
-- The first instant of a day in a zone: [um_day_start(d), um_day_start(d + 1)) holds exactly the
-- instants whose um_local_day is d, DST days of 23 or 25 hours included. Where a zone repeats its
-- midnight (a fall-back at 01:00 to 00:00) the day starts at the first one; where it skips it, at
-- the transition. Immutable, so a bound day folds to a constant and ranges use the indexes.
CREATE OR REPLACE FUNCTION um_day_start(p_day date, p_zone text) RETURNS timestamptz AS $$
  SELECT min(x.at) FROM (
    SELECT p_day::timestamp AT TIME ZONE p_zone + s.shift AS at
    FROM (VALUES (interval '0'), (interval '-30 minutes'), (interval '-1 hour'), (interval '-2 hours'),
                 (interval '30 minutes'), (interval '1 hour')) s(shift)
  ) x
  WHERE (x.at AT TIME ZONE p_zone)::date >= p_day;
$$ LANGUAGE sql IMMUTABLE;
--> statement-breakpoint
-- First day of the month of a moment in a zone: the month `member_metrics.month_sessions` counts.
DROP FUNCTION IF EXISTS um_month_start(timestamptz);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION um_month_start(p_at timestamptz, p_zone text) RETURNS date AS $$
  SELECT date_trunc('month', p_at AT TIME ZONE p_zone)::date;
$$ LANGUAGE sql IMMUTABLE;
--> statement-breakpoint
-- The zone a company's rollups count days in (companies.timezone). Every rollup writer reads it
-- under the company's lock, which a zone change holds while it recomputes them.
CREATE OR REPLACE FUNCTION um_company_zone(p_company uuid) RETURNS text AS $$
  SELECT coalesce((SELECT timezone FROM companies WHERE id = p_company), 'UTC');
$$ LANGUAGE sql STABLE;
--> statement-breakpoint
-- What `search` compares: lower case, accents removed (unaccent), the same on the stored text and
-- on each search term, in PostgreSQL and PGlite alike.
CREATE OR REPLACE FUNCTION um_fold(p_text text) RETURNS text AS $$
  SELECT lower(unaccent(p_text));
$$ LANGUAGE sql STABLE;
--> statement-breakpoint
-- One member's search text (member_search): first name, last name and email, folded. A term holds
-- no whitespace, so it never matches across two of the fields.
CREATE OR REPLACE FUNCTION um_search_text(p_first text, p_last text, p_email text) RETURNS text AS $$
  SELECT um_fold(p_first || ' ' || p_last || ' ' || p_email);
$$ LANGUAGE sql STABLE;
--> statement-breakpoint
-- Writes the search text of the given members from their user rows: the one writer of
-- member_search (refresh, new memberships, a membership moved to another company or user).
CREATE OR REPLACE FUNCTION um_put_member_search(p_company uuid, p_users uuid[]) RETURNS void AS $$
  INSERT INTO member_search AS t (company_id, user_id, search_text)
  SELECT p_company, u.id, um_search_text(u.first_name, u.last_name, u.email)
  FROM users u WHERE u.id = ANY (p_users)
  ON CONFLICT (company_id, user_id) DO UPDATE SET search_text = excluded.search_text
  WHERE t.search_text IS DISTINCT FROM excluded.search_text;
$$ LANGUAGE sql;
--> statement-breakpoint
-- The quarter hour (0-95) of the UTC day an instant (from 1970 on, as sessions are) falls in:
-- every zone's midnights fall on one, so the activity log and the quarter rollup (keyed by UTC day
-- and quarter) answer any zone's days.
CREATE OR REPLACE FUNCTION um_utc_quarter(p_at timestamptz) RETURNS integer AS $$
  SELECT floor(date_part('epoch', p_at) / 900)::integer % 96;
$$ LANGUAGE sql IMMUTABLE;
--> statement-breakpoint
-- One entry of the activity log (company_member_days): the member's number, then first * 96 + last
-- (quarter hours of their first and last session start that UTC day), six bytes, big-endian. The
-- TypeScript codec (lib/user-metrics/member-days.ts) reads and writes the same bytes.
CREATE OR REPLACE FUNCTION um_member_day_entry(p_no integer, p_first integer, p_last integer) RETURNS bytea AS $$
  SELECT int4send(p_no) || int2send((p_first * 96 + p_last)::smallint);
$$ LANGUAGE sql IMMUTABLE;
--> statement-breakpoint
-- The numbers of the given users in the company's activity log, given to those without one (the
-- next after the company's highest: numbers are never reused, since rows are never deleted). The
-- caller holds the company's lock.
CREATE OR REPLACE FUNCTION um_number_members(p_company uuid, p_users uuid[])
RETURNS TABLE (user_id uuid, no integer) AS $$
#variable_conflict use_column
BEGIN
  INSERT INTO company_member_numbers (company_id, user_id, no)
  SELECT p_company, u.id,
         coalesce((SELECT max(n.no) FROM company_member_numbers n WHERE n.company_id = p_company), 0)
           + row_number() OVER (ORDER BY u.id)
  FROM (SELECT DISTINCT x AS id FROM unnest(p_users) x) u
  WHERE NOT EXISTS (SELECT 1 FROM company_member_numbers n WHERE n.company_id = p_company AND n.user_id = u.id);
  RETURN QUERY SELECT n.user_id, n.no FROM (SELECT DISTINCT x AS id FROM unnest(p_users) x) u
    JOIN company_member_numbers n ON n.company_id = p_company AND n.user_id = u.id;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Members with sessions the activity log has never numbered (a membership row that had moved away
-- when the company was last refreshed, and comes back): numbered, and their whole history logged.
CREATE OR REPLACE FUNCTION um_log_new_members(p_company uuid, p_users uuid[]) RETURNS void AS $$
  WITH fresh AS (
    SELECT DISTINCT u.id FROM unnest(p_users) u(id)
    WHERE NOT EXISTS (SELECT 1 FROM company_member_numbers x WHERE x.company_id = p_company AND x.user_id = u.id)
      AND EXISTS (SELECT 1 FROM activity_sessions a WHERE a.company_id = p_company AND a.user_id = u.id)
  ), numbered AS (
    INSERT INTO company_member_numbers (company_id, user_id, no)
    SELECT p_company, f.id,
           coalesce((SELECT max(x.no) FROM company_member_numbers x WHERE x.company_id = p_company), 0)
             + row_number() OVER (ORDER BY f.id)
    FROM fresh f
    RETURNING user_id, no
  )
  INSERT INTO company_member_days (company_id, day, entries)
  SELECT p_company, d.day, string_agg(um_member_day_entry(d.no, d.f, d.l), ''::bytea)
  FROM (
    SELECT nb.no, (a.started_at AT TIME ZONE 'UTC')::date AS day, min(um_utc_quarter(a.started_at)) AS f,
           max(um_utc_quarter(a.started_at)) AS l
    FROM numbered nb JOIN activity_sessions a ON a.company_id = p_company AND a.user_id = nb.user_id
    GROUP BY 1, 2
  ) d
  GROUP BY d.day;
$$ LANGUAGE sql;
--> statement-breakpoint
-- The entries of an activity-log chunk, as rows (the inverse of um_member_day_entry).
CREATE OR REPLACE FUNCTION um_member_day_entries(p_entries bytea)
RETURNS TABLE (no integer, first_quarter integer, last_quarter integer) AS $$
  SELECT (get_byte(p_entries, i) << 24) | (get_byte(p_entries, i + 1) << 16)
           | (get_byte(p_entries, i + 2) << 8) | get_byte(p_entries, i + 3),
         ((get_byte(p_entries, i + 4) << 8) | get_byte(p_entries, i + 5)) / 96,
         ((get_byte(p_entries, i + 4) << 8) | get_byte(p_entries, i + 5)) % 96
  FROM generate_series(0, length(p_entries) - 6, 6) i;
$$ LANGUAGE sql IMMUTABLE;
--> statement-breakpoint
-- A day's chunks of the activity log merged into one (first = min, last = max per member): what
-- keeps a day that many batches appended to one row for its readers.
CREATE OR REPLACE FUNCTION um_compact_member_days(p_company uuid, p_day date) RETURNS void AS $$
  WITH gone AS (
    DELETE FROM company_member_days WHERE company_id = p_company AND day = p_day RETURNING entries
  )
  INSERT INTO company_member_days (company_id, day, entries)
  SELECT p_company, p_day, string_agg(um_member_day_entry(x.no, x.f, x.l), ''::bytea)
  FROM (SELECT e.no, min(e.first_quarter) AS f, max(e.last_quarter) AS l
        FROM gone g, um_member_day_entries(g.entries) e GROUP BY e.no) x
  HAVING count(*) > 0;
$$ LANGUAGE sql;
--> statement-breakpoint
-- The quarter rollup of the company from its raw sessions (part of a refresh): sessions and their
-- duration per UTC quarter hour and status, listed members only.
CREATE OR REPLACE FUNCTION um_build_quarter_metrics(p_company uuid) RETURNS void AS $$
  INSERT INTO company_quarter_metrics (company_id, day, quarter, status, sessions, duration_seconds)
  SELECT p_company, date '1970-01-01' + (q.g / 96), q.g % 96, q.status, q.sessions, q.duration
  FROM (
    SELECT floor(date_part('epoch', a.started_at) / 900)::integer AS g, mm.status, count(*) AS sessions,
           sum(round(extract(epoch FROM a.ended_at - a.started_at)))::bigint AS duration
    FROM activity_sessions a
    JOIN member_metrics mm ON mm.company_id = p_company AND mm.user_id = a.user_id AND mm.listed
    WHERE a.company_id = p_company
    GROUP BY 1, 2
  ) q;
$$ LANGUAGE sql;
--> statement-breakpoint
DROP FUNCTION IF EXISTS um_build_activity_log(uuid);
--> statement-breakpoint
-- Whether a company holds a large share of the sessions, so that a pass over all of them reads the
-- table in heap order and sorts rather than walk an index with a random heap read per session
-- (docs/performance.md has the figures): from the planner's estimate of its sessions (its
-- statistics: no scan). The refresh's rule, and the benchmark's floor's.
CREATE OR REPLACE FUNCTION um_reads_in_bulk(p_company uuid) RETURNS boolean AS $$
DECLARE
  v_plan json;
  v_estimate bigint;
BEGIN
  EXECUTE 'EXPLAIN (FORMAT JSON) SELECT 1 FROM activity_sessions WHERE company_id = $1' INTO v_plan USING p_company;
  v_estimate := (v_plan->0->'Plan'->>'Plan Rows')::bigint;
  RETURN v_estimate > 100000
    AND v_estimate > 0.05 * (SELECT greatest(reltuples, 1) FROM pg_class WHERE oid = 'activity_sessions'::regclass);
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Full refresh of one company's rollups from its raw sessions, in the caller's transaction, under the
-- company's advisory lock (the one ingestion takes): deletes the company's rows and rebuilds them
-- set-based. The per-member-day grouping is aggregated on the fly into (day, status, prev_day)
-- rows, never stored: that is what keeps a refresh of a large company within seconds.
CREATE OR REPLACE FUNCTION um_refresh_company(p_company uuid, p_now timestamptz,
  OUT members integer, OUT sessions bigint, OUT daily_rows integer) AS $$
DECLARE
  v_zone text;
  v_month date;
  v_month_from timestamptz;
  v_month_to timestamptz;
  v_bulk boolean;
  v_indexscan text := current_setting('enable_indexscan');
  v_bitmapscan text := current_setting('enable_bitmapscan');
BEGIN
  PERFORM um_lock_company(p_company);
  v_zone := um_company_zone(p_company);
  v_month := um_month_start(p_now, v_zone);
  v_month_from := um_day_start(v_month, v_zone);
  v_month_to := um_day_start((v_month + interval '1 month')::date, v_zone);
  PERFORM set_config('work_mem', '256MB', true);
  -- Heap-order reads (um_reads_in_bulk) apply only around the passes over the sessions, which are
  -- planned afresh on every call (EXECUTE), so no cached plan outlives the choice.
  v_bulk := um_reads_in_bulk(p_company);
  DELETE FROM member_metrics WHERE company_id = p_company;
  DELETE FROM company_last_active_days WHERE company_id = p_company;
  DELETE FROM company_daily_metrics WHERE company_id = p_company;
  DELETE FROM company_activity_gaps WHERE company_id = p_company;
  DELETE FROM company_member_groups WHERE company_id = p_company;
  -- Search rows are kept where the text has not changed (um_put_member_search below writes only
  -- the changed ones): rewriting 100,000 rows and their trigram entries was 4.6 s of a refresh.
  DELETE FROM member_search s WHERE s.company_id = p_company
    AND NOT EXISTS (SELECT 1 FROM memberships m
                    WHERE m.company_id = p_company AND m.user_id = s.user_id AND m.deleted_at IS NULL);
  DELETE FROM company_member_days WHERE company_id = p_company;
  DELETE FROM company_quarter_metrics WHERE company_id = p_company;
  -- Every member, past ones included, has a number in the activity log before it is written (one
  -- whose membership row moved away has none: um_member_attach logs them if they come back).
  PERFORM um_number_members(p_company,
    ARRAY(SELECT m.user_id FROM memberships m WHERE m.company_id = p_company));
  IF (SELECT count(*) FROM company_member_numbers n WHERE n.company_id = p_company) > 10000 THEN
    ANALYZE company_member_numbers;
  END IF;

  IF v_bulk THEN
    PERFORM set_config('enable_indexscan', 'off', true);
    PERFORM set_config('enable_bitmapscan', 'off', true);
  END IF;
  EXECUTE $q$
  INSERT INTO member_metrics (company_id, user_id, status, listed, last_active, last_session_started_at,
    total_sessions, total_duration_seconds, avg_session_seconds, month_start, month_sessions, refreshed_at,
    role, department, log_no)
  SELECT m.company_id, m.user_id, m.status, u.deleted_at IS NULL, s.last_active, s.last_started,
         coalesce(s.total, 0), coalesce(s.duration, 0),
         coalesce(round(s.duration::numeric / nullif(s.total, 0)), 0), $2, coalesce(s.month_total, 0), $5,
         m.role, m.department, n.no
  FROM memberships m
  JOIN users u ON u.id = m.user_id
  LEFT JOIN company_member_numbers n ON n.company_id = m.company_id AND n.user_id = m.user_id
  LEFT JOIN (
    SELECT a.user_id, max(a.ended_at) AS last_active, max(a.started_at) AS last_started, count(*)::int AS total,
           sum(round(extract(epoch FROM a.ended_at - a.started_at)))::bigint AS duration,
           (count(*) FILTER (WHERE a.started_at >= $3 AND a.started_at < $4))::int AS month_total
    FROM activity_sessions a WHERE a.company_id = $1 GROUP BY a.user_id
  ) s ON s.user_id = m.user_id
  WHERE m.company_id = $1 AND m.deleted_at IS NULL
  $q$ USING p_company, v_month, v_month_from, v_month_to, p_now;
  GET DIAGNOSTICS members = ROW_COUNT;
  PERFORM set_config('enable_indexscan', v_indexscan, true);
  PERFORM set_config('enable_bitmapscan', v_bitmapscan, true);
  PERFORM um_put_member_search(p_company,
    ARRAY(SELECT m.user_id FROM memberships m WHERE m.company_id = p_company AND m.deleted_at IS NULL));
  SELECT coalesce(sum(mm.total_sessions), 0) INTO sessions FROM member_metrics mm WHERE mm.company_id = p_company;

  IF v_bulk THEN
    PERFORM set_config('enable_indexscan', 'off', true);
    PERFORM set_config('enable_bitmapscan', 'off', true);
  END IF;
  -- Sessions grouped once per member, day of the company's zone and UTC day (the same rows in a
  -- UTC company): the company's member-days sum them by local day, the activity log writes them by
  -- UTC day (a member split over two local days is two entries of one UTC day, which its readers merge).
  EXECUTE format($q$
  WITH d0 AS MATERIALIZED (
    SELECT a.user_id, um_local_day(a.started_at, $2) AS day,
           floor(date_part('epoch', a.started_at) / 86400)::integer AS utc_day, count(*)::int AS sessions,
           sum(round(extract(epoch FROM a.ended_at - a.started_at)))::bigint AS duration,
           min(floor(date_part('epoch', a.started_at) / 900)::integer) AS first_q,
           max(floor(date_part('epoch', a.started_at) / 900)::integer) AS last_q
    FROM activity_sessions a WHERE a.company_id = $1 GROUP BY 1, 2, 3
  ), d AS (
    %s
  ), grouped AS MATERIALIZED (
    SELECT l.day, l.status, l.prev_day, count(*)::int AS members, sum(l.sessions)::int AS sessions,
           sum(l.duration)::bigint AS duration
    FROM (
      SELECT d.day, d.sessions, d.duration, mm.status,
             lag(d.day, 1, '-infinity'::date) OVER (PARTITION BY d.user_id ORDER BY d.day) AS prev_day
      FROM d
      JOIN member_metrics mm ON mm.company_id = $1 AND mm.user_id = d.user_id AND mm.listed
    ) l
    GROUP BY 1, 2, 3
  ), daily AS (
    INSERT INTO company_daily_metrics (company_id, day, status, active_members, sessions, duration_seconds)
    SELECT $1, g.day, g.status, sum(g.members), sum(g.sessions), sum(g.duration)
    FROM grouped g GROUP BY g.day, g.status
    RETURNING 1
  ), gaps AS (
    INSERT INTO company_activity_gaps (company_id, day, status, prev_day, members)
    SELECT $1, g.day, g.status, g.prev_day, g.members FROM grouped g
  ), log AS (
    INSERT INTO company_member_days (company_id, day, entries)
    SELECT $1, date '1970-01-01' + d0.utc_day,
           string_agg(um_member_day_entry(n.no, d0.first_q - d0.utc_day * 96, d0.last_q - d0.utc_day * 96), ''::bytea)
    FROM d0 JOIN company_member_numbers n ON n.company_id = $1 AND n.user_id = d0.user_id
    GROUP BY d0.utc_day
  )
  SELECT count(*)::int FROM daily
  $q$, CASE WHEN v_zone = 'UTC' THEN 'SELECT d0.user_id, d0.day, d0.sessions, d0.duration FROM d0'
            ELSE 'SELECT d0.user_id, d0.day, sum(d0.sessions)::int AS sessions, sum(d0.duration)::bigint AS duration
                  FROM d0 GROUP BY 1, 2' END)
  INTO daily_rows USING p_company, v_zone;
  PERFORM um_build_quarter_metrics(p_company);
  PERFORM set_config('enable_indexscan', v_indexscan, true);
  PERFORM set_config('enable_bitmapscan', v_bitmapscan, true);

  INSERT INTO company_last_active_days (company_id, day, status, role, department, members)
  SELECT p_company, um_local_day(mm.last_active, v_zone), mm.status, mm.role, mm.department, count(*)
  FROM member_metrics mm
  WHERE mm.company_id = p_company AND mm.listed AND mm.last_active IS NOT NULL
  GROUP BY 2, 3, 4, 5;

  INSERT INTO company_member_groups (company_id, status, role, department, members)
  SELECT p_company, m.status, m.role, m.department, count(*)
  FROM memberships m JOIN users u ON u.id = m.user_id AND u.deleted_at IS NULL
  WHERE m.company_id = p_company AND m.deleted_at IS NULL
  GROUP BY 2, 3, 4;

  -- A company that is a large share of the members has just rewritten their rows: fresh statistics
  -- now (a sample, bounded whatever the table's size), or the list's plans would use the old ones
  -- until autovacuum's next pass.
  IF members > 10000
     AND members > 0.05 * (SELECT greatest(reltuples, 1) FROM pg_class WHERE oid = 'member_metrics'::regclass) THEN
    ANALYZE member_metrics;
    ANALYZE member_search;
  END IF;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Adds (p_sign = 1) or removes (-1) one member's last-active day under a status, by the role and
-- department their row holds now (um_sync_member calls it before it writes new ones when taking
-- a share out, after when adding one).
CREATE OR REPLACE FUNCTION um_last_active_add(p_company uuid, p_user uuid, p_status member_status, p_sign integer)
RETURNS void AS $$
  INSERT INTO company_last_active_days AS t (company_id, day, status, role, department, members)
  SELECT p_company, um_local_day(mm.last_active, um_company_zone(p_company)), p_status, mm.role, mm.department, p_sign
  FROM member_metrics mm
  WHERE mm.company_id = p_company AND mm.user_id = p_user AND mm.last_active IS NOT NULL
  ON CONFLICT ON CONSTRAINT company_last_active_days_uq DO UPDATE SET members = t.members + excluded.members;
$$ LANGUAGE sql;
--> statement-breakpoint
-- One member's row given their membership's and user's current status, listing, role and department.
CREATE OR REPLACE FUNCTION um_put_member_row(p_company uuid, p_user uuid, p_status member_status, p_listed boolean,
  p_role member_role, p_department text) RETURNS void AS $$
  UPDATE member_metrics SET status = p_status, listed = p_listed, role = p_role, department = p_department
  WHERE company_id = p_company AND user_id = p_user
    AND (status, listed, role, department) IS DISTINCT FROM (p_status, p_listed, p_role, p_department);
$$ LANGUAGE sql;
--> statement-breakpoint
-- Adds (p_sign = 1) or removes (-1) one member's share of the company-level rollups under a status,
-- computed from their raw sessions: the same figures a refresh gives them.
CREATE OR REPLACE FUNCTION um_member_contribution(p_company uuid, p_user uuid, p_status member_status, p_sign integer)
RETURNS void AS $$
DECLARE
  v_zone text := um_company_zone(p_company);
BEGIN
  WITH d AS (
    SELECT x.day, x.sessions, x.duration, lag(x.day, 1, '-infinity'::date) OVER (ORDER BY x.day) AS prev_day
    FROM (
      SELECT um_local_day(a.started_at, v_zone) AS day, count(*)::int AS sessions,
             sum(round(extract(epoch FROM a.ended_at - a.started_at)))::bigint AS duration
      FROM activity_sessions a WHERE a.company_id = p_company AND a.user_id = p_user GROUP BY 1
    ) x
  ), daily AS (
    INSERT INTO company_daily_metrics AS t (company_id, day, status, active_members, sessions, duration_seconds)
    SELECT p_company, d.day, p_status, p_sign, p_sign * d.sessions, p_sign * d.duration FROM d
    ON CONFLICT (company_id, day, status) DO UPDATE
      SET active_members = t.active_members + excluded.active_members,
          sessions = t.sessions + excluded.sessions,
          duration_seconds = t.duration_seconds + excluded.duration_seconds
  )
  INSERT INTO company_activity_gaps AS t (company_id, day, status, prev_day, members)
  SELECT p_company, d.day, p_status, d.prev_day, p_sign FROM d
  ON CONFLICT (company_id, day, status, prev_day) DO UPDATE SET members = t.members + excluded.members;

  PERFORM um_last_active_add(p_company, p_user, p_status, p_sign);

  INSERT INTO company_quarter_metrics AS t (company_id, day, quarter, status, sessions, duration_seconds)
  SELECT p_company, (a.started_at AT TIME ZONE 'UTC')::date, um_utc_quarter(a.started_at), p_status,
         p_sign * count(*), p_sign * sum(round(extract(epoch FROM a.ended_at - a.started_at)))::bigint
  FROM activity_sessions a WHERE a.company_id = p_company AND a.user_id = p_user
  GROUP BY 2, 3
  ON CONFLICT (company_id, day, quarter, status) DO UPDATE
    SET sessions = t.sessions + excluded.sessions, duration_seconds = t.duration_seconds + excluded.duration_seconds;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
-- One member recomputed from their raw sessions, for changes the additive path cannot express (a
-- browser session extended in place): um_member_detach before the change removes their share of the
-- company-level rollups, um_member_attach after it rewrites their row and adds the share back.
CREATE OR REPLACE FUNCTION um_member_detach(p_company uuid, p_user uuid) RETURNS void AS $$
DECLARE
  v_status member_status;
BEGIN
  PERFORM um_lock_company(p_company);
  SELECT mm.status INTO v_status FROM member_metrics mm
  WHERE mm.company_id = p_company AND mm.user_id = p_user AND mm.listed FOR UPDATE;
  IF FOUND THEN PERFORM um_member_contribution(p_company, p_user, v_status, -1); END IF;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION um_member_attach(p_company uuid, p_user uuid, p_now timestamptz) RETURNS void AS $$
DECLARE
  v_zone text;
  v_month date;
  v_month_from timestamptz;
  v_month_to timestamptz;
  v_status member_status;
  v_listed boolean;
BEGIN
  PERFORM um_lock_company(p_company);
  v_zone := um_company_zone(p_company);
  v_month := um_month_start(p_now, v_zone);
  v_month_from := um_day_start(v_month, v_zone);
  v_month_to := um_day_start((v_month + interval '1 month')::date, v_zone);
  IF NOT EXISTS (SELECT 1 FROM company_member_numbers n WHERE n.company_id = p_company AND n.user_id = p_user) THEN
    PERFORM um_log_new_members(p_company, ARRAY[p_user]);
  END IF;
  INSERT INTO member_metrics AS t (company_id, user_id, status, listed, last_active, last_session_started_at,
    total_sessions, total_duration_seconds, avg_session_seconds, month_start, month_sessions, refreshed_at,
    role, department, log_no)
  SELECT m.company_id, m.user_id, m.status, u.deleted_at IS NULL, s.last_active, s.last_started,
         coalesce(s.total, 0), coalesce(s.duration, 0),
         coalesce(round(s.duration::numeric / nullif(s.total, 0)), 0), v_month, coalesce(s.month_total, 0), p_now,
         m.role, m.department, n.no
  FROM memberships m
  JOIN users u ON u.id = m.user_id
  LEFT JOIN company_member_numbers n ON n.company_id = m.company_id AND n.user_id = m.user_id
  CROSS JOIN LATERAL (
    SELECT max(a.ended_at) AS last_active, max(a.started_at) AS last_started, count(*)::int AS total,
           sum(round(extract(epoch FROM a.ended_at - a.started_at)))::bigint AS duration,
           (count(*) FILTER (WHERE a.started_at >= v_month_from AND a.started_at < v_month_to))::int AS month_total
    FROM activity_sessions a WHERE a.company_id = p_company AND a.user_id = p_user
  ) s
  WHERE m.company_id = p_company AND m.user_id = p_user AND m.deleted_at IS NULL
  ON CONFLICT (company_id, user_id) DO UPDATE SET
    status = excluded.status, listed = excluded.listed, last_active = excluded.last_active,
    last_session_started_at = excluded.last_session_started_at, total_sessions = excluded.total_sessions,
    total_duration_seconds = excluded.total_duration_seconds, avg_session_seconds = excluded.avg_session_seconds,
    month_start = excluded.month_start, month_sessions = excluded.month_sessions, refreshed_at = excluded.refreshed_at,
    role = excluded.role, department = excluded.department, log_no = excluded.log_no
  RETURNING status, listed INTO v_status, v_listed;
  IF v_listed THEN PERFORM um_member_contribution(p_company, p_user, v_status, 1); END IF;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
-- A browser session extended in place (its end moves), which the additive path cannot express: the
-- member's share is taken out, the session written, and the member recomputed from raw sessions.
CREATE OR REPLACE FUNCTION um_extend_session(p_company uuid, p_user uuid, p_session uuid, p_at timestamptz)
RETURNS void AS $$
BEGIN
  PERFORM um_member_detach(p_company, p_user);
  INSERT INTO activity_sessions (company_id, id, user_id, started_at, ended_at)
  VALUES (p_company, p_session, p_user, p_at, p_at)
  ON CONFLICT (company_id, id) DO UPDATE SET ended_at = greatest(activity_sessions.ended_at, excluded.ended_at);
  PERFORM um_member_attach(p_company, p_user, p_at);
  -- The activity log: the start is the session's (a new one's is p_at, an extended one's is kept).
  INSERT INTO company_member_days (company_id, day, entries)
  SELECT p_company, (a.started_at AT TIME ZONE 'UTC')::date,
         um_member_day_entry(n.no, um_utc_quarter(a.started_at), um_utc_quarter(a.started_at))
  FROM activity_sessions a, um_number_members(p_company, ARRAY[p_user]) n
  WHERE a.company_id = p_company AND a.id = p_session;
  PERFORM um_compact_member_days(p_company, d.day)
  FROM (SELECT m.day FROM company_member_days m
        WHERE m.company_id = p_company AND m.day = (p_at AT TIME ZONE 'UTC')::date
        GROUP BY 1 HAVING count(*) > 64) d;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Brings one member's rollup row and their share of the company-level rollups in line with their
-- membership and user: a status change moves the share, a soft delete removes it, a restore adds it.
CREATE OR REPLACE FUNCTION um_sync_member(p_company uuid, p_user uuid) RETURNS void AS $$
DECLARE
  v_old_status member_status;
  v_old_listed boolean;
  v_old_role member_role;
  v_old_department text;
  v_status member_status;
  v_listed boolean;
  v_role member_role;
  v_department text;
BEGIN
  PERFORM um_lock_company(p_company);
  SELECT mm.status, mm.listed, mm.role, mm.department INTO v_old_status, v_old_listed, v_old_role, v_old_department
  FROM member_metrics mm WHERE mm.company_id = p_company AND mm.user_id = p_user FOR UPDATE;
  IF NOT FOUND THEN
    -- A new or restored membership: its row, computed as a refresh would.
    IF EXISTS (SELECT 1 FROM memberships WHERE company_id = p_company AND user_id = p_user AND deleted_at IS NULL) THEN
      PERFORM um_member_attach(p_company, p_user, now());
    END IF;
    RETURN;
  END IF;
  SELECT m.status, u.deleted_at IS NULL, m.role, m.department INTO v_status, v_listed, v_role, v_department
  FROM memberships m JOIN users u ON u.id = m.user_id
  WHERE m.company_id = p_company AND m.user_id = p_user AND m.deleted_at IS NULL;
  IF NOT FOUND THEN
    -- Membership removed: its share goes, and so does its row (a refresh keeps live memberships only).
    IF v_old_listed THEN PERFORM um_member_contribution(p_company, p_user, v_old_status, -1); END IF;
    DELETE FROM member_metrics WHERE company_id = p_company AND user_id = p_user;
    RETURN;
  END IF;
  IF v_status IS DISTINCT FROM v_old_status OR v_listed IS DISTINCT FROM v_old_listed THEN
    -- The share under the old status, role and department out; the row rewritten; the share under
    -- the new ones in.
    IF v_old_listed THEN PERFORM um_member_contribution(p_company, p_user, v_old_status, -1); END IF;
    PERFORM um_put_member_row(p_company, p_user, v_status, v_listed, v_role, v_department);
    IF v_listed THEN PERFORM um_member_contribution(p_company, p_user, v_status, 1); END IF;
  ELSIF v_listed AND (v_role, v_department) IS DISTINCT FROM (v_old_role, v_old_department) THEN
    -- Only the last-active days count members by role and department: the member moves group there.
    PERFORM um_last_active_add(p_company, p_user, v_status, -1);
    PERFORM um_put_member_row(p_company, p_user, v_status, v_listed, v_role, v_department);
    PERFORM um_last_active_add(p_company, p_user, v_status, 1);
  ELSE
    PERFORM um_put_member_row(p_company, p_user, v_status, v_listed, v_role, v_department);
  END IF;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION um_member_group_add(p_company uuid, p_status member_status, p_role member_role,
  p_department text, p_sign integer) RETURNS void AS $$
  INSERT INTO company_member_groups AS t (company_id, status, role, department, members)
  VALUES (p_company, p_status, p_role, p_department, p_sign)
  ON CONFLICT ON CONSTRAINT company_member_groups_uq DO UPDATE SET members = t.members + excluded.members;
$$ LANGUAGE sql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION um_memberships_changed() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.deleted_at IS NULL
     AND EXISTS (SELECT 1 FROM users WHERE id = OLD.user_id AND deleted_at IS NULL) THEN
    PERFORM um_member_group_add(OLD.company_id, OLD.status, OLD.role, OLD.department, -1);
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.deleted_at IS NULL
     AND EXISTS (SELECT 1 FROM users WHERE id = NEW.user_id AND deleted_at IS NULL) THEN
    PERFORM um_member_group_add(NEW.company_id, NEW.status, NEW.role, NEW.department, 1);
  END IF;
  PERFORM um_sync_member(OLD.company_id, OLD.user_id);
  IF TG_OP = 'UPDATE' AND (NEW.company_id, NEW.user_id) IS DISTINCT FROM (OLD.company_id, OLD.user_id) THEN
    PERFORM um_sync_member(NEW.company_id, NEW.user_id);
    PERFORM um_put_member_search(NEW.company_id, ARRAY[NEW.user_id]);
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
-- New memberships, set-based (onboarding 100,000 members is one statement, not 100,000 calls): the
-- group counts, a zero rollup row for members without sessions (as a refresh would write), and the
-- full per-member path only for the rare member who already has sessions (a restored membership).
CREATE OR REPLACE FUNCTION um_memberships_inserted() RETURNS trigger AS $$
BEGIN
  PERFORM um_lock_company(c.company_id)
  FROM (SELECT DISTINCT company_id FROM inserted_rows WHERE deleted_at IS NULL ORDER BY 1) c;
  INSERT INTO company_member_groups AS t (company_id, status, role, department, members)
  SELECT n.company_id, n.status, n.role, n.department, count(*)
  FROM inserted_rows n JOIN users u ON u.id = n.user_id AND u.deleted_at IS NULL
  WHERE n.deleted_at IS NULL
  GROUP BY 1, 2, 3, 4
  ON CONFLICT ON CONSTRAINT company_member_groups_uq DO UPDATE SET members = t.members + excluded.members;
  PERFORM um_put_member_search(n.company_id, array_agg(n.user_id))
  FROM inserted_rows n WHERE n.deleted_at IS NULL GROUP BY n.company_id;
  INSERT INTO member_metrics (company_id, user_id, status, listed, month_start, role, department, log_no)
  SELECT n.company_id, n.user_id, n.status, u.deleted_at IS NULL,
         um_month_start(now(), um_company_zone(n.company_id)), n.role, n.department, l.no
  FROM inserted_rows n JOIN users u ON u.id = n.user_id
  LEFT JOIN company_member_numbers l ON l.company_id = n.company_id AND l.user_id = n.user_id
  WHERE n.deleted_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM activity_sessions a WHERE a.company_id = n.company_id AND a.user_id = n.user_id)
  ON CONFLICT (company_id, user_id) DO NOTHING;
  -- Members arriving with sessions: recomputed one by one, or, past a thousand in one company, by
  -- one set-based refresh of it (each per-member recompute rewrites the same day's rollup rows, so
  -- thousands of them in one transaction cost quadratic time).
  CREATE TEMP TABLE IF NOT EXISTS um_arrived (company_id uuid, user_id uuid, many boolean) ON COMMIT DROP;
  TRUNCATE um_arrived;
  INSERT INTO um_arrived
  SELECT n.company_id, n.user_id, count(*) OVER (PARTITION BY n.company_id) > 1000
  FROM inserted_rows n
  WHERE n.deleted_at IS NULL
    AND EXISTS (SELECT 1 FROM activity_sessions a WHERE a.company_id = n.company_id AND a.user_id = n.user_id);
  IF EXISTS (SELECT 1 FROM um_arrived WHERE many) THEN
    -- The rows this transaction wrote are invisible to the statistics: a refresh planned on them
    -- would take the company for empty (a sample of each table, bounded whatever its size).
    ANALYZE memberships;
    ANALYZE users;
    ANALYZE activity_sessions;
    PERFORM um_refresh_company(c.company_id, now())
    FROM (SELECT DISTINCT company_id FROM um_arrived WHERE many ORDER BY 1) c;
  END IF;
  PERFORM um_log_new_members(a.company_id, array_agg(a.user_id)) FROM um_arrived a WHERE NOT a.many GROUP BY a.company_id;
  PERFORM um_sync_member(a.company_id, a.user_id) FROM um_arrived a WHERE NOT a.many;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION um_users_changed() RETURNS trigger AS $$
DECLARE
  m record;
BEGIN
  FOR m IN SELECT company_id, user_id, status, role, department FROM memberships
           WHERE user_id = NEW.id AND deleted_at IS NULL LOOP
    PERFORM um_member_group_add(m.company_id, m.status, m.role, m.department,
                                CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE -1 END);
    PERFORM um_sync_member(m.company_id, m.user_id);
  END LOOP;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
-- A renamed user (or a changed email) is found by the new text in every company they belong to.
CREATE OR REPLACE FUNCTION um_users_renamed() RETURNS trigger AS $$
BEGIN
  UPDATE member_search SET search_text = um_search_text(NEW.first_name, NEW.last_name, NEW.email)
  WHERE user_id = NEW.id;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Triggers last: they call the functions above.
DROP TRIGGER IF EXISTS memberships_rollups ON memberships;
--> statement-breakpoint
CREATE TRIGGER memberships_rollups AFTER UPDATE OR DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION um_memberships_changed();
--> statement-breakpoint
DROP TRIGGER IF EXISTS memberships_inserted ON memberships;
--> statement-breakpoint
CREATE TRIGGER memberships_inserted AFTER INSERT ON memberships
  REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION um_memberships_inserted();
--> statement-breakpoint
DROP TRIGGER IF EXISTS users_rollups ON users;
--> statement-breakpoint
CREATE TRIGGER users_rollups AFTER UPDATE OF deleted_at ON users
  FOR EACH ROW WHEN ((OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)) EXECUTE FUNCTION um_users_changed();

--> statement-breakpoint
DROP TRIGGER IF EXISTS users_search ON users;
--> statement-breakpoint
CREATE TRIGGER users_search AFTER UPDATE OF first_name, last_name, email ON users
  FOR EACH ROW WHEN ((OLD.first_name, OLD.last_name, OLD.email) IS DISTINCT FROM (NEW.first_name, NEW.last_name, NEW.email))
  EXECUTE FUNCTION um_users_renamed();
--> statement-breakpoint
-- Every instance remembers callers' access while the database says nothing changed
-- (db/access-cache.ts): any write that could change who may do what notifies at commit. A key's
-- last use (written once a minute) and a sign-in's time are not such writes.
CREATE OR REPLACE FUNCTION um_access_changed() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('um_access', '');
  RETURN NULL;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
DROP TRIGGER IF EXISTS users_access ON users;
--> statement-breakpoint
CREATE TRIGGER users_access AFTER INSERT OR UPDATE OF id, email, first_name, last_name, deleted_at OR DELETE OR TRUNCATE
  ON users FOR EACH STATEMENT EXECUTE FUNCTION um_access_changed();
--> statement-breakpoint
DROP TRIGGER IF EXISTS memberships_access ON memberships;
--> statement-breakpoint
CREATE TRIGGER memberships_access AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON memberships FOR EACH STATEMENT EXECUTE FUNCTION um_access_changed();
--> statement-breakpoint
DROP TRIGGER IF EXISTS companies_access ON companies;
--> statement-breakpoint
CREATE TRIGGER companies_access AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON companies FOR EACH STATEMENT EXECUTE FUNCTION um_access_changed();
--> statement-breakpoint
DROP TRIGGER IF EXISTS revoked_sessions_access ON revoked_sessions;
--> statement-breakpoint
CREATE TRIGGER revoked_sessions_access AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON revoked_sessions FOR EACH STATEMENT EXECUTE FUNCTION um_access_changed();
--> statement-breakpoint
DROP TRIGGER IF EXISTS api_keys_access ON api_keys;
--> statement-breakpoint
CREATE TRIGGER api_keys_access
  AFTER INSERT OR UPDATE OF id, company_id, created_by, secret_hash, scopes, expires_at, revoked_at OR DELETE OR TRUNCATE
  ON api_keys FOR EACH STATEMENT EXECUTE FUNCTION um_access_changed();
--> statement-breakpoint
-- Companies written before the activity log existed get it now, by a refresh (once: a refreshed
-- company has numbered members from then on).
SELECT um_refresh_company(c.id, now()) FROM companies c
WHERE EXISTS (SELECT 1 FROM activity_sessions a WHERE a.company_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM company_member_numbers n WHERE n.company_id = c.id);
