-- The plans of the statements behind the hot reads and the booking (issue 23, "cost as
-- the data grows"), as the server sends them (captured with log_statement = all on
-- 2026-12-07), run with EXPLAIN (ANALYZE, BUFFERS) as generic plans (what a pooled
-- connection's prepared statement may settle on), each twice: the first may read from
-- disk, the second shows the warm cost. Only reads: nothing is written.
--
--   psql -X -f bench/seed/explain.sql postgres://postgres@127.0.0.1:5432/DB
--
-- Defaults (override with -v name=value): office = the benchmark's office; from/to = the
-- month the benchmark reads; session = that office's first session from `from`; account =
-- a seeded account with 4 applications, one of which lapsed in the last 30 days (its
-- history is what the booking's limits read); application and nik = that lapsed one.
\set ON_ERROR_STOP 1
\if :{?office} \else \set office 0193a000-0000-7000-8000-000000000001 \endif
SELECT to_char((now() AT TIME ZONE 'UTC') + interval '7 hours' + interval '1 day', 'YYYY-MM-DD') AS default_from,
       to_char((now() AT TIME ZONE 'UTC') + interval '7 hours' + interval '31 days', 'YYYY-MM-DD') AS default_to,
       (now() AT TIME ZONE 'UTC')::timestamp AS now,
       (now() AT TIME ZONE 'UTC')::timestamp - interval '30 days' AS since \gset
\if :{?from} \else \set from :default_from \endif
\if :{?to} \else \set to :default_to \endif
SELECT id AS default_session, release_at AS release FROM office_sessions
WHERE office_id = :'office' AND session_date >= :'from' AND NOT closed
ORDER BY session_date, starts_minute LIMIT 1 \gset
\if :{?session} \else \set session :default_session \endif
SELECT a.account_id AS default_account, a.id AS default_application, a.nik AS default_nik
FROM applications a
WHERE a.status IN ('expired', 'cancelled') AND a.updated_at > :'since'
  AND (SELECT count(*) FROM applications b WHERE b.account_id = a.account_id) = 4
LIMIT 1 \gset
\if :{?account} \else \set account :default_account \endif
\if :{?application} \else \set application :default_application \endif
\if :{?nik} \else \set nik :default_nik \endif
\echo office :office, :from to :to, session :session, account :account, application :application
SET plan_cache_mode = force_generic_plan;

\echo ==== GET /v1/applications/{id}: the application with its applicant
PREPARE read_one_application AS
SELECT "applications"."id", "applications"."account_id", "applications"."applicant_id", "applications"."nik", "applications"."status", "applications"."passport_kind", "applications"."application_kind", "applications"."replacement_reason", "applications"."service", "applications"."travel_purpose", "applications"."destination_country", "applications"."planned_departure", "applications"."address_abroad", "applications"."length_of_stay_days", "applications"."contact_name", "applications"."contact_phone", "applications"."has_return_ticket", "applications"."accommodation", "applications"."labour_recommendation_letter", "applications"."version", "applications"."reschedules", "applications"."created_at", "applications"."updated_at", "applicants"."nik", "applicants"."birth_date", "applicants"."dual_citizen_child", "applicants"."marital_status" FROM ("applications" LEFT OUTER JOIN "applicants" ON ("applications"."applicant_id" = "applicants"."id")) WHERE (("applications"."id" = $1) AND ("applications"."account_id" = $2)) LIMIT $3;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE read_one_application(:'application', :'account', '1');
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE read_one_application(:'application', :'account', '1');
\echo ==== GET /v1/applications/{id} and the list: the history (one application)
PREPARE history AS
SELECT "application_history"."application_id", "application_history"."status", "application_history"."note", "application_history"."at" FROM "application_history" WHERE ("application_history"."application_id" = $1) ORDER BY "application_history"."at" ASC, "application_history"."id" ASC;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE history(:'application');
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE history(:'application');
\echo ==== GET /v1/applications/{id} and the list: the live booking with its session
PREPARE booking_with_session AS
SELECT "bookings"."id", "bookings"."session_id", "bookings"."application_id", "bookings"."billing_code", "bookings"."amount", "bookings"."hold_deadline", "bookings"."released_at", "bookings"."created_at", "office_sessions"."id", "office_sessions"."office_id", "office_sessions"."session_date", "office_sessions"."starts_minute", "office_sessions"."ends_minute", "office_sessions"."capacity_regular", "office_sessions"."capacity_same_day", "office_sessions"."capacity_priority", "office_sessions"."release_at", "office_sessions"."created_at" FROM ("bookings" INNER JOIN "office_sessions" ON ("bookings"."session_id" = "office_sessions"."id")) WHERE ((("bookings"."released_at" IS NULL) AND ("bookings"."offer" = $1)) AND ("bookings"."application_id" = $2)) ORDER BY "bookings"."created_at" DESC;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE booking_with_session('f', :'application');
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE booking_with_session('f', :'application');
\echo ==== GET /v1/applications: how many
PREPARE list_count AS
SELECT COUNT(*) FROM "applications" WHERE ("applications"."account_id" = $1);
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE list_count(:'account');
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE list_count(:'account');
\echo ==== GET /v1/applications: the page with the applicants
PREPARE list_page AS
SELECT "applications"."id", "applications"."account_id", "applications"."applicant_id", "applications"."nik", "applications"."status", "applications"."passport_kind", "applications"."application_kind", "applications"."replacement_reason", "applications"."service", "applications"."travel_purpose", "applications"."destination_country", "applications"."planned_departure", "applications"."address_abroad", "applications"."length_of_stay_days", "applications"."contact_name", "applications"."contact_phone", "applications"."has_return_ticket", "applications"."accommodation", "applications"."labour_recommendation_letter", "applications"."version", "applications"."reschedules", "applications"."created_at", "applications"."updated_at", "applicants"."nik", "applicants"."birth_date", "applicants"."dual_citizen_child", "applicants"."marital_status" FROM ("applications" LEFT OUTER JOIN "applicants" ON ("applications"."applicant_id" = "applicants"."id")) WHERE ("applications"."account_id" = $1) ORDER BY "applications"."created_at" DESC, "applications"."id" DESC LIMIT $2 OFFSET $3;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE list_page(:'account', '20', '0');
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE list_page(:'account', '20', '0');
\echo ==== availability: the sessions of the month
PREPARE availability_sessions AS
SELECT "office_sessions"."id", "office_sessions"."office_id", "office_sessions"."session_date", "office_sessions"."starts_minute", "office_sessions"."ends_minute", "office_sessions"."capacity_regular", "office_sessions"."capacity_same_day", "office_sessions"."capacity_priority", "office_sessions"."release_at", "office_sessions"."created_at" FROM "office_sessions" WHERE ((("office_sessions"."office_id" = $1) AND ("office_sessions"."session_date" BETWEEN $2 AND $3)) AND ("office_sessions"."closed" = $4)) ORDER BY "office_sessions"."session_date" ASC, "office_sessions"."starts_minute" ASC;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE availability_sessions(:'office', :'from', :'to', 'f');
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE availability_sessions(:'office', :'from', :'to', 'f');
\echo ==== availability: the places held, per session and channel
PREPARE availability_held AS
SELECT "bookings"."session_id", "bookings"."channel", COUNT(*) FROM ("bookings" INNER JOIN "office_sessions" ON ("bookings"."session_id" = "office_sessions"."id")) WHERE ((("office_sessions"."office_id" = $1) AND ("office_sessions"."session_date" BETWEEN $2 AND $3)) AND (("bookings"."released_at" IS NULL) AND (("bookings"."hold_deadline" IS NULL) OR ("bookings"."hold_deadline" > $4)))) GROUP BY "bookings"."session_id", "bookings"."channel";
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE availability_held(:'office', :'from', :'to', :'now');
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE availability_held(:'office', :'from', :'to', :'now');
\echo ==== booking, the look: the session with the places of its channel held
PREPARE booking_session_with_held AS
SELECT "office_sessions"."id", "office_sessions"."office_id", "office_sessions"."session_date", "office_sessions"."starts_minute", "office_sessions"."ends_minute", "office_sessions"."capacity_regular", "office_sessions"."capacity_same_day", "office_sessions"."capacity_priority", "office_sessions"."release_at", "office_sessions"."created_at", (SELECT COUNT(*) FROM "bookings" WHERE ((("bookings"."session_id" = $1) AND ("bookings"."channel" = $2)) AND (("bookings"."released_at" IS NULL) AND (("bookings"."hold_deadline" IS NULL) OR ("bookings"."hold_deadline" > $3)))) LIMIT $4) FROM "office_sessions" WHERE ("office_sessions"."id" = $5) LIMIT $6;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE booking_session_with_held(:'session', 'regular', :'now', '1', :'session', '1');
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE booking_session_with_held(:'session', 'regular', :'now', '1', :'session', '1');
\echo ==== booking: where it stands (lapses, holds, bookings of the release, held, offer, waitlist)
PREPARE booking_standing AS
(((((SELECT $1, "application_history"."at", $2, $3 FROM "application_history" WHERE ((("application_history"."application_id" = ANY(SELECT "applications"."id" FROM "applications" WHERE (("applications"."nik" = $4) AND ("applications"."id" = ANY(SELECT "bookings"."application_id" FROM "bookings" WHERE ("bookings"."offer" = $5)))))) AND ("application_history"."status" = ANY($6))) AND ("application_history"."at" > $7))) UNION ALL (SELECT $8, "bookings"."hold_deadline", $9, $10 FROM "bookings" WHERE (((("bookings"."application_id" = ANY(SELECT "applications"."id" FROM "applications" WHERE ("applications"."account_id" = $11))) AND ("bookings"."offer" = $12)) AND ("bookings"."released_at" IS NULL)) AND ("bookings"."hold_deadline" > $13)))) UNION ALL (SELECT $14, "bookings"."hold_deadline", $15, $16 FROM "bookings" WHERE ((("bookings"."application_id" = ANY(SELECT "applications"."id" FROM "applications" WHERE ("applications"."account_id" = $17))) AND ("bookings"."offer" = $18)) AND ("bookings"."session_id" = ANY(SELECT "office_sessions"."id" FROM "office_sessions" WHERE ("office_sessions"."release_at" = $19)))))) UNION ALL (SELECT $20, "bookings"."hold_deadline", $21, $22 FROM "bookings" WHERE ((("bookings"."session_id" = $23) AND ("bookings"."channel" = $24)) AND (("bookings"."released_at" IS NULL) AND (("bookings"."hold_deadline" IS NULL) OR ("bookings"."hold_deadline" > $25)))))) UNION ALL (SELECT $26, "bookings"."hold_deadline", "bookings"."id", "bookings"."session_id" FROM "bookings" WHERE ((("bookings"."application_id" = $27) AND ("bookings"."offer" = $28)) AND (("bookings"."released_at" IS NULL) AND (("bookings"."hold_deadline" IS NULL) OR ("bookings"."hold_deadline" > $29)))))) UNION ALL (SELECT $30, $31, $32, $33 FROM "waitlist_entries" WHERE (("waitlist_entries"."application_id" = $34) AND ("waitlist_entries"."status" = ANY($35))));
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE booking_standing('lapse', NULL, NULL, :'nik', 'f', '{expired,cancelled}', :'since', 'hold', NULL, NULL, :'account', 'f', :'now', 'of_release', NULL, NULL, :'account', 'f', :'release', 'held', NULL, NULL, :'session', 'regular', :'now', 'offer', :'application', 't', :'now', 'in_line', NULL, NULL, NULL, :'application', '{waiting,offered}');
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE booking_standing('lapse', NULL, NULL, :'nik', 'f', '{expired,cancelled}', :'since', 'hold', NULL, NULL, :'account', 'f', :'now', 'of_release', NULL, NULL, :'account', 'f', :'release', 'held', NULL, NULL, :'session', 'regular', :'now', 'offer', :'application', 't', :'now', 'in_line', NULL, NULL, NULL, :'application', '{waiting,offered}');
\echo ==== booking, the confirmation: the live places of the channel, under the session lock
PREPARE booking_count_live AS
SELECT COUNT(*) FROM "bookings" WHERE ((("bookings"."session_id" = $1) AND ("bookings"."channel" = $2)) AND (("bookings"."released_at" IS NULL) AND (("bookings"."hold_deadline" IS NULL) OR ("bookings"."hold_deadline" > $3))));
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE booking_count_live(:'session', 'regular', :'now');
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE booking_count_live(:'session', 'regular', :'now');
\echo ==== the booking expiry job, every 10 s: unpaid holds past their deadline (bookings::lapsed_unpaid)
PREPARE lapsed_unpaid AS
SELECT "bookings"."id", "bookings"."application_id", "bookings"."hold_deadline" FROM "bookings" WHERE (((("bookings"."application_id" IS NOT NULL) AND ("bookings"."offer" = $1)) AND ("bookings"."released_at" IS NULL)) AND ("bookings"."hold_deadline" <= $2)) ORDER BY "bookings"."hold_deadline" ASC LIMIT $3;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE lapsed_unpaid('f', :'now', 100);
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE lapsed_unpaid('f', :'now', 100);
\echo ==== the same job: waitlist offers past their 15 minutes (bookings::lapsed_offers)
PREPARE lapsed_offers AS
SELECT "bookings"."id", "bookings"."application_id" FROM "bookings" WHERE ((("bookings"."offer" = $1) AND ("bookings"."released_at" IS NULL)) AND ("bookings"."hold_deadline" <= $2)) LIMIT $3;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE lapsed_offers('t', :'now', 100);
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE lapsed_offers('t', :'now', 100);

