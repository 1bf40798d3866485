-- A database of two years of service (issue 23, "cost as the data grows"): at scale 1,
-- 1,000,000 applications (each its own person, a few per account), 1,000,000 bookings and
-- about 5,100,000 history rows, in the sessions of 40 offices (the 4 seeded ones and 36
-- more) from 670 days ago to 60 days ahead. Run by psql, inside PostgreSQL only
-- (INSERT ... SELECT generate_series), against a database the server has migrated and
-- seeded (it does both on start):
--
--   psql -X -v ON_ERROR_STOP=1 -v scale=1 -f bench/seed/million.sql postgres://.../db
--   (or bash bench/seed/million.sh URL [SCALE], which times it)
--
-- The rows satisfy every constraint and look like what the server writes:
-- - ids are UUID v7 in form, their time part the row's creation (unique by a counter);
-- - sessions follow each office's templates, their release instant computed from the
--   office's release rule as the server does (so the server materialises nothing more in
--   the range, and what it shows as bookable is what it would have made);
-- - a booking exists only for a session released at least a day ago; its application was
--   made between the release and the session; the paths through the states are real ones
--   (expired, cancelled, refused, collected; paid or in review where the session is near);
-- - live places per session and channel stay within the capacity up to scale 2 (checked at
--   the end);
-- - the office the benchmark books (Pangkalpinang) holds no live seeded place from today
--   on: its future sessions carry only bookings given back (lapsed holds), so that the
--   rush's exactness check still counts only its own places;
-- - NIKs start with 7 (the benchmark's own start with 3171), billing codes are 15 digits,
--   a bijection of the row number (the server draws at random and retries a clash).
-- Seeded accounts cannot sign in (their password hash is a placeholder). Not seeded:
-- payments, audit records, documents, idempotency keys, outbox messages.
\set ON_ERROR_STOP 1
\if :{?scale}
\else
\set scale 1
\endif
\timing on

SET synchronous_commit = off;
SET work_mem = '256MB';
SET maintenance_work_mem = '512MB';
SET client_min_messages = warning;
-- The rows are consistent by construction (checked at the end): no foreign-key trigger per row.
SET session_replication_role = replica;

-- Parameters, kept in a temporary table so that every statement reads the same "now".
CREATE TEMP TABLE seed_param AS
SELECT round(1000000 * :scale)::bigint AS applications,
       (now() AT TIME ZONE 'UTC')::timestamp AS now,
       current_date - 670 AS first_day,
       current_date + 60 AS last_day,
       '0193a000-0000-7000-8000-000000000001'::text AS bench_office;

-- A UUID v7 in form: 48 bits of milliseconds of `at`, then `kind` (which table) and `n`
-- (a counter unique within the kind), so ids are unique and ordered by time like the
-- server's. Inlined by the planner (a plain SQL expression).
CREATE FUNCTION pg_temp.v7(at timestamp, kind int, n bigint) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7' || lpad(to_hex(kind), 3, '0')
           || '-' || '8' || substr(md5(n::text), 1, 3) || '-' || lpad(to_hex(n), 12, '0')
    FROM (SELECT lpad(to_hex((extract(epoch FROM at) * 1000)::bigint), 12, '0') AS h) t
$$;

-- 1. Offices: 36 more, copied from a seeded one (every column valid), named for real
-- immigration offices; standard days at the big ones, small days at every third.
INSERT INTO offices (id, name, kind, office_class, address, city, province, latitude_e6,
    longitude_e6, time_zone, opens_minute, closes_minute, e_passport_available, release_rules,
    priority_child_under_age, priority_elderly_from_age,
    priority_pregnant, priority_breastfeeding, priority_disability, created_at, updated_at)
SELECT '0193a000-0000-7000-8001-' || lpad(c.n::text, 12, '0'),
       'Kantor Imigrasi Kelas I TPI ' || c.city, o.kind, 'I TPI',
       'Jl. Raya Imigrasi No. ' || c.n || ', ' || c.city, c.city, c.province,
       (c.lat * 1000000)::int, (c.lon * 1000000)::int, c.tz, 480, 960, c.n % 4 <> 0,
       '[{"kind":"weekly","param":5,"minute":960,"first_day":1,"last_day":31}]',
       o.priority_child_under_age, o.priority_elderly_from_age,
       o.priority_pregnant, o.priority_breastfeeding, o.priority_disability,
       p.now - interval '800 days', p.now - interval '800 days'
FROM offices o, seed_param p,
     (VALUES (1, 'Jakarta Selatan', 'DKI Jakarta', -6.2615, 106.8106, 'wib'),
             (2, 'Jakarta Pusat', 'DKI Jakarta', -6.1862, 106.8346, 'wib'),
             (3, 'Jakarta Timur', 'DKI Jakarta', -6.2250, 106.9004, 'wib'),
             (4, 'Jakarta Utara', 'DKI Jakarta', -6.1214, 106.8920, 'wib'),
             (5, 'Jakarta Barat', 'DKI Jakarta', -6.1683, 106.7588, 'wib'),
             (6, 'Tangerang', 'Banten', -6.1783, 106.6319, 'wib'),
             (7, 'Bogor', 'Jawa Barat', -6.5971, 106.8060, 'wib'),
             (8, 'Bekasi', 'Jawa Barat', -6.2383, 106.9756, 'wib'),
             (9, 'Bandung', 'Jawa Barat', -6.9175, 107.6191, 'wib'),
             (10, 'Cirebon', 'Jawa Barat', -6.7320, 108.5523, 'wib'),
             (11, 'Semarang', 'Jawa Tengah', -6.9667, 110.4167, 'wib'),
             (12, 'Surakarta', 'Jawa Tengah', -7.5755, 110.8243, 'wib'),
             (13, 'Yogyakarta', 'DI Yogyakarta', -7.7956, 110.3695, 'wib'),
             (14, 'Surabaya', 'Jawa Timur', -7.2575, 112.7521, 'wib'),
             (15, 'Malang', 'Jawa Timur', -7.9666, 112.6326, 'wib'),
             (16, 'Kediri', 'Jawa Timur', -7.8480, 112.0178, 'wib'),
             (17, 'Denpasar', 'Bali', -8.6705, 115.2126, 'wita'),
             (18, 'Mataram', 'Nusa Tenggara Barat', -8.5833, 116.1167, 'wita'),
             (19, 'Kupang', 'Nusa Tenggara Timur', -10.1772, 123.6070, 'wita'),
             (20, 'Medan', 'Sumatera Utara', 3.5952, 98.6722, 'wib'),
             (21, 'Banda Aceh', 'Aceh', 5.5483, 95.3238, 'wib'),
             (22, 'Padang', 'Sumatera Barat', -0.9471, 100.4172, 'wib'),
             (23, 'Pekanbaru', 'Riau', 0.5071, 101.4478, 'wib'),
             (24, 'Batam', 'Kepulauan Riau', 1.0456, 104.0305, 'wib'),
             (25, 'Jambi', 'Jambi', -1.6101, 103.6131, 'wib'),
             (26, 'Palembang', 'Sumatera Selatan', -2.9761, 104.7754, 'wib'),
             (27, 'Bandar Lampung', 'Lampung', -5.3971, 105.2668, 'wib'),
             (28, 'Bengkulu', 'Bengkulu', -3.7928, 102.2608, 'wib'),
             (29, 'Pontianak', 'Kalimantan Barat', -0.0263, 109.3425, 'wib'),
             (30, 'Palangka Raya', 'Kalimantan Tengah', -2.2136, 113.9108, 'wib'),
             (31, 'Banjarmasin', 'Kalimantan Selatan', -3.3186, 114.5944, 'wita'),
             (32, 'Balikpapan', 'Kalimantan Timur', -1.2379, 116.8529, 'wita'),
             (33, 'Samarinda', 'Kalimantan Timur', -0.5022, 117.1536, 'wita'),
             (34, 'Manado', 'Sulawesi Utara', 1.4748, 124.8421, 'wita'),
             (35, 'Kendari', 'Sulawesi Tenggara', -3.9985, 122.5130, 'wita'),
             (36, 'Ambon', 'Maluku', -3.6954, 128.1814, 'wit'))
         AS c (n, city, province, lat, lon, tz)
WHERE o.id = p.bench_office;

-- Their templates: copied from Makassar's standard day, or Jayapura's small one.
INSERT INTO session_templates (id, office_id, weekday, starts_minute, ends_minute,
    capacity_regular, capacity_same_day, capacity_priority)
SELECT pg_temp.v7(p.now - interval '800 days', 1, row_number() OVER ()),
       o.id, t.weekday, t.starts_minute, t.ends_minute, t.capacity_regular,
       t.capacity_same_day, t.capacity_priority
FROM offices o
JOIN session_templates t
  ON t.office_id = CASE WHEN right(o.id, 2)::int % 3 = 0
                        THEN '0193a000-0000-7000-8000-000000000004'
                        ELSE '0193a000-0000-7000-8000-000000000003' END
CROSS JOIN seed_param p
WHERE o.id LIKE '0193a000-0000-7000-8001-%';

-- 2. Sessions of every office over the two years, as the server materialises them: one per
-- template on its weekday, released by the office's rule for the date's day of the month
-- (in its local time). A date the server has already materialised keeps its sessions.
INSERT INTO office_sessions (id, office_id, session_date, starts_minute, ends_minute,
    capacity_regular, capacity_same_day, capacity_priority, release_at, created_at)
SELECT pg_temp.v7(s.release_at - interval '7 days', 2, row_number() OVER (ORDER BY s.release_at)),
       s.office_id, s.session_date, s.starts_minute, s.ends_minute, s.capacity_regular,
       s.capacity_same_day, s.capacity_priority, s.release_at, s.release_at - interval '7 days'
FROM (
    SELECT o.id AS office_id, d.day AS session_date, t.starts_minute, t.ends_minute,
           t.capacity_regular, t.capacity_same_day, t.capacity_priority,
           (CASE r.kind
                WHEN 'weekly' THEN d.day - (extract(isodow FROM d.day)::int + 7 - r.param)
                WHEN 'monthly' THEN make_date(
                    extract(year FROM date_trunc('month', d.day) - interval '1 day')::int,
                    extract(month FROM date_trunc('month', d.day) - interval '1 day')::int,
                    least(r.param,
                          extract(day FROM date_trunc('month', d.day) - interval '1 day')::int))
                WHEN 'last_day_of_month' THEN (date_trunc('month', d.day) - interval '1 day')::date
                ELSE d.day - r.param
            END)::timestamp
           + make_interval(mins => r.minute)
           - make_interval(hours => CASE o.time_zone WHEN 'wib' THEN 7 WHEN 'wita' THEN 8 ELSE 9 END)
               AS release_at
    FROM seed_param p
    CROSS JOIN LATERAL (SELECT g::date AS day
                        FROM generate_series(p.first_day, p.last_day, interval '1 day') g) d
    JOIN session_templates t ON t.weekday = extract(isodow FROM d.day)::int
    JOIN offices o ON o.id = t.office_id
    CROSS JOIN LATERAL (SELECT e ->> 'kind' AS kind, (e ->> 'param')::int AS param,
                               (e ->> 'minute')::int AS minute
                        FROM json_array_elements(o.release_rules::json) e
                        WHERE extract(day FROM d.day)::int
                              BETWEEN (e ->> 'first_day')::int AND (e ->> 'last_day')::int) r
) s
ON CONFLICT (office_id, session_date, starts_minute) DO NOTHING;

-- The sessions that take bookings: released at least a day ago, numbered by time. Each
-- gets a run of consecutive applications (about 13 at scale 1).
CREATE TEMP TABLE seed_sessions AS
SELECT (row_number() OVER (ORDER BY s.session_date, s.starts_minute, s.office_id) - 1) AS n,
       s.id, s.office_id, s.session_date, s.release_at,
       s.session_date + make_interval(mins => s.starts_minute)
           - make_interval(hours => CASE o.time_zone WHEN 'wib' THEN 7 WHEN 'wita' THEN 8 ELSE 9 END)
           AS starts_at
FROM office_sessions s
JOIN offices o ON o.id = s.office_id
CROSS JOIN seed_param p
WHERE s.release_at < p.now - interval '1 day' AND NOT s.closed;
CREATE UNIQUE INDEX ON seed_sessions (n);
ANALYZE seed_sessions;

-- 3. The applications as a plan: which session, when made, booked and paid, and how each
-- ended. Classes: expired (hold not paid), cancelled, refused, collected; a session in the
-- last 10 days is still in review, one to come is paid. Pangkalpinang's sessions to come
-- carry only lapsed holds.
CREATE TEMP TABLE seed_apps AS
WITH numbered AS (
    SELECT g.i, abs(hashint8(g.i)) % 100 AS h, abs(hashint8(g.i * 7 + 1)) AS r,
           (g.i * c.sessions / p.applications) AS n, p.applications, c.sessions, p.now,
           p.bench_office
    FROM seed_param p
    CROSS JOIN (SELECT count(*) AS sessions FROM seed_sessions) c
    CROSS JOIN LATERAL generate_series(0, p.applications - 1) g (i)
), placed AS (
    SELECT x.*, s.id AS session_id, s.office_id, s.session_date, s.starts_at, s.release_at,
           x.i - (x.n * x.applications + x.sessions - 1) / x.sessions AS j,
           -- Made between the release and the session (or three hours ago, whichever first).
           s.release_at + (least(s.starts_at, x.now - interval '3 hours') - s.release_at)
               * ((x.r % 1000) / 1000.0) * 0.9 AS created_at
    FROM numbered x
    JOIN seed_sessions s ON s.n = x.n
)
SELECT p.*,
       -- The account: in each run of 10 applications, families of 1, 2, 3 and 4.
       (p.i / 10) * 4 + CASE WHEN p.i % 10 = 0 THEN 0 WHEN p.i % 10 <= 2 THEN 1
                             WHEN p.i % 10 <= 5 THEN 2 ELSE 3 END AS account_n,
       CASE p.j % 10 WHEN 3 THEN 'priority' WHEN 7 THEN 'same_day' ELSE 'regular' END AS channel,
       p.created_at + interval '5 minutes' AS booked_at,
       CASE
           WHEN p.office_id = p.bench_office AND p.starts_at > p.now THEN 'expired'
           WHEN p.h < 45 THEN 'expired'
           WHEN p.h < 65 THEN 'cancelled'
           WHEN p.starts_at > p.now - interval '1 hour' THEN 'paid'
           WHEN p.starts_at > p.now - interval '10 days' THEN 'in_review'
           WHEN p.h < 70 THEN 'refused'
           ELSE 'collected'
       END AS class
FROM placed p;
CREATE TEMP TABLE seed_apps_ids AS
SELECT a.*,
       pg_temp.v7(a.created_at, 3, a.i) AS application_id,
       pg_temp.v7(a.created_at - interval '1 minute', 4, a.i) AS applicant_id,
       pg_temp.v7(a.booked_at, 5, a.i) AS booking_id,
       date '1950-01-01' + (a.r / 1000 % 25000)::int AS birth_date,
       CASE WHEN a.r / 7 % 2 = 0 THEN 'male' ELSE 'female' END AS sex,
       CASE a.class
           WHEN 'expired' THEN ARRAY['draft', 'awaiting_payment', 'expired']
           WHEN 'cancelled' THEN ARRAY['draft', 'awaiting_payment', 'paid', 'cancelled']
           WHEN 'paid' THEN ARRAY['draft', 'awaiting_payment', 'paid']
           WHEN 'in_review' THEN ARRAY['draft', 'awaiting_payment', 'paid', 'checked_in', 'in_review']
           WHEN 'refused' THEN ARRAY['draft', 'awaiting_payment', 'paid', 'checked_in', 'in_review', 'refused']
           ELSE ARRAY['draft', 'awaiting_payment', 'paid', 'checked_in', 'in_review', 'approved',
                      'issued', 'ready', 'collected']
       END AS path
FROM seed_apps a;
DROP TABLE seed_apps;
ANALYZE seed_apps_ids;

-- The secondary indexes of the big tables are dropped for the load and made again after it,
-- each exactly as the migrations defined it (pg_get_indexdef): building an index once is
-- far cheaper than keeping it up row by row. Primary keys and constraints stay.
CREATE TEMP TABLE seed_indexes AS
SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
FROM pg_index i
JOIN pg_class t ON t.oid = i.indrelid
WHERE t.relname IN ('users', 'applicants', 'applications', 'bookings', 'application_history')
  AND t.relnamespace = 'public'::regnamespace
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid);
DO $$
DECLARE ix record;
BEGIN
    FOR ix IN SELECT name FROM seed_indexes LOOP
        EXECUTE 'DROP INDEX ' || ix.name;
    END LOOP;
END $$;

-- 4. Accounts: one per family, made a day to a month before its first application.
CREATE TEMP TABLE seed_accounts AS
SELECT account_n, pg_temp.v7(created_at, 6, account_n) AS id, created_at
FROM (
    SELECT account_n, min(created_at) - interval '1 day' * (1 + account_n % 30) AS created_at
    FROM seed_apps_ids GROUP BY account_n
) f;
CREATE UNIQUE INDEX ON seed_accounts (account_n);
ANALYZE seed_accounts;

INSERT INTO users (id, email, phone, full_name, password_hash, role, office_id,
    email_verified_at, created_at, updated_at)
SELECT id, 'warga' || account_n || '@contoh.example.id',
       '+62812' || lpad((account_n * 7919 % 100000000)::text, 8, '0'),
       'Warga ' || account_n,
       '$argon2id$v=19$m=19456,t=2,p=1$c2VlZGVkLWFjY291bnQ$not-a-hash-seeded-accounts-cannot-sign-in',
       'applicant', NULL, created_at + interval '4 minutes', created_at, created_at
FROM seed_accounts
ORDER BY id;

-- 5. The people: one per application.
INSERT INTO applicants (id, account_id, nik, full_name, place_of_birth, birth_date, sex,
    address, father_name, mother_name, marital_status, dual_citizen_child,
    previous_passport_number, guardian_nik, created_at, updated_at)
SELECT a.applicant_id, u.id,
       '7' || lpad((a.i % 100000)::text, 5, '0')
           || lpad((extract(day FROM a.birth_date)::int + CASE a.sex WHEN 'female' THEN 40 ELSE 0 END)::text, 2, '0')
           || to_char(a.birth_date, 'MMYY') || lpad((a.i / 100000)::text, 4, '0'),
       (ARRAY['Budi', 'Siti', 'Agus', 'Dewi', 'Rudi', 'Sri', 'Andi', 'Nur', 'Joko', 'Ayu',
              'Hendra', 'Rina', 'Yusuf', 'Fitri', 'Bambang', 'Wati'])[1 + a.r % 16]
           || ' ' ||
       (ARRAY['Santoso', 'Wijaya', 'Hidayat', 'Saputra', 'Lestari', 'Kurniawan', 'Pratama',
              'Siregar', 'Nasution', 'Simanjuntak', 'Gunawan', 'Rahayu'])[1 + a.r / 16 % 12],
       (ARRAY['Jakarta', 'Surabaya', 'Bandung', 'Medan', 'Semarang', 'Makassar', 'Palembang',
              'Pangkalpinang', 'Denpasar', 'Jayapura'])[1 + a.r / 200 % 10],
       a.birth_date, a.sex,
       'Jl. Merdeka No. ' || (1 + a.r % 200) || ', RT ' || (1 + a.r % 12) || '/RW ' || (1 + a.r % 9),
       'Ayah ' || a.i, 'Ibu ' || a.i,
       CASE WHEN a.birth_date > (a.now - interval '25 years')::date THEN 'single'
            WHEN a.r % 10 < 7 THEN 'married' WHEN a.r % 10 < 9 THEN 'divorced' ELSE 'widowed' END,
       false,
       CASE WHEN a.r % 3 = 0 THEN chr(65 + (a.r % 26)::int) || lpad((a.r % 10000000)::text, 7, '0') END,
       NULL, a.created_at - interval '1 minute', a.created_at - interval '1 minute'
FROM seed_apps_ids a
JOIN seed_accounts u USING (account_n)
ORDER BY a.applicant_id;

-- 6. The applications, as they stand at the end of their path.
INSERT INTO applications (id, account_id, applicant_id, nik, status, active, passport_kind,
    application_kind, replacement_reason, service, travel_purpose, destination_country,
    planned_departure, address_abroad, length_of_stay_days, contact_name, contact_phone,
    has_return_ticket, accommodation, labour_recommendation_letter, version, created_at,
    updated_at, reschedules)
SELECT a.application_id, u.id, a.applicant_id, p.nik,
       a.path[array_length(a.path, 1)],
       a.class IN ('paid', 'in_review'),
       CASE WHEN a.r % 10 < 7 THEN 'electronic' ELSE 'non_electronic' END,
       CASE WHEN p.previous_passport_number IS NULL THEN 'new' ELSE 'replacement' END,
       CASE WHEN p.previous_passport_number IS NULL THEN NULL
            ELSE (ARRAY['expired', 'pages_full', 'lost', 'damaged', 'data_change'])[1 + a.r / 3 % 5] END,
       CASE a.channel WHEN 'same_day' THEN 'same_day' ELSE 'regular' END,
       (ARRAY['tourism', 'umrah', 'work', 'visit_family', 'study', 'business', 'hajj', 'medical'])[1 + a.r / 11 % 8],
       (ARRAY['SA', 'MY', 'SG', 'JP', 'KR', 'AU', 'NL', 'TW', 'HK', 'TR'])[1 + a.r / 13 % 10],
       a.session_date + 30 + (a.r % 60)::int,
       NULL, CASE WHEN a.r % 4 = 0 THEN 14 + (a.r % 30)::int END, NULL, NULL,
       CASE WHEN a.r % 4 = 0 THEN true END, NULL, false,
       array_length(a.path, 1),
       a.created_at,
       GREATEST(a.created_at, h.last_at),
       0
FROM seed_apps_ids a
JOIN seed_accounts u USING (account_n)
JOIN applicants p ON p.id = a.applicant_id
CROSS JOIN LATERAL (
    SELECT CASE a.class
               WHEN 'expired' THEN a.booked_at + interval '2 hours 3 minutes'
               WHEN 'cancelled' THEN a.booked_at + (least(a.starts_at, a.now) - a.booked_at) / 2
               WHEN 'paid' THEN a.booked_at + interval '40 minutes'
               WHEN 'in_review' THEN a.starts_at + interval '40 minutes'
               WHEN 'refused' THEN a.starts_at + interval '3 days'
               ELSE a.starts_at + interval '9 days'
           END AS last_at
) h
ORDER BY a.application_id;

-- 7. One booking per application: a lapsed hold given back when its deadline passed, a
-- paid place given back by a cancellation, or a paid place kept.
INSERT INTO bookings (id, session_id, channel, hold_deadline, released_at, created_at,
    application_id, billing_code, amount, offer)
SELECT a.booking_id, a.session_id, a.channel,
       CASE WHEN a.class = 'expired' THEN a.booked_at + interval '2 hours' END,
       CASE a.class
           WHEN 'expired' THEN a.booked_at + interval '2 hours 3 minutes'
           WHEN 'cancelled' THEN a.booked_at + (least(a.starts_at, a.now) - a.booked_at) / 2
       END,
       a.booked_at, a.application_id,
       lpad((a.i * 982451653 % 1000000000000000)::text, 15, '0'),
       CASE WHEN a.r % 10 < 7 THEN 650000 ELSE 350000 END
           + CASE a.channel WHEN 'same_day' THEN 1000000 ELSE 0 END,
       false
FROM seed_apps_ids a
ORDER BY a.booking_id;

-- 8. The history: one row per state the application passed through, at its time.
INSERT INTO application_history (id, application_id, status, note, at)
SELECT pg_temp.v7(t.at, 7, a.i * 16 + t.k), a.application_id, t.status, NULL, t.at
FROM seed_apps_ids a
CROSS JOIN LATERAL (
    SELECT s.k, s.status,
           CASE s.status
               WHEN 'draft' THEN a.created_at
               WHEN 'awaiting_payment' THEN a.booked_at
               WHEN 'expired' THEN a.booked_at + interval '2 hours 3 minutes'
               WHEN 'paid' THEN a.booked_at + interval '40 minutes'
               WHEN 'cancelled' THEN a.booked_at + (least(a.starts_at, a.now) - a.booked_at) / 2
               WHEN 'checked_in' THEN a.starts_at + interval '5 minutes'
               WHEN 'in_review' THEN a.starts_at + interval '40 minutes'
               WHEN 'refused' THEN a.starts_at + interval '3 days'
               WHEN 'approved' THEN a.starts_at + interval '1 day'
               WHEN 'issued' THEN a.starts_at + interval '3 days'
               WHEN 'ready' THEN a.starts_at + interval '5 days'
               ELSE a.starts_at + interval '9 days'
           END AS at
    FROM unnest(a.path) WITH ORDINALITY AS s (status, k)
) t
ORDER BY 1;

-- The indexes again (a unique one refuses to build if the rows broke it).
DO $$
DECLARE ix record;
BEGIN
    FOR ix IN SELECT definition FROM seed_indexes LOOP
        EXECUTE ix.definition;
    END LOOP;
END $$;

-- 9. Statistics for the planner, then what was made, and the capacity check: no session
-- holds more live places of a channel than its capacity (prints 0).
ANALYZE;
SELECT (SELECT count(*) FROM offices) AS offices,
       (SELECT count(*) FROM office_sessions) AS sessions,
       (SELECT count(*) FROM users) AS users,
       (SELECT count(*) FROM applicants) AS applicants,
       (SELECT count(*) FROM applications) AS applications,
       (SELECT count(*) FROM bookings) AS bookings,
       (SELECT count(*) FROM application_history) AS history;
SELECT count(*) AS sessions_over_capacity
FROM (
    SELECT b.session_id, b.channel, count(*) AS live,
           max(CASE b.channel WHEN 'regular' THEN s.capacity_regular
                              WHEN 'same_day' THEN s.capacity_same_day
                              ELSE s.capacity_priority END) AS capacity
    FROM bookings b
    JOIN office_sessions s ON s.id = b.session_id
    CROSS JOIN seed_param p
    WHERE b.released_at IS NULL AND (b.hold_deadline IS NULL OR b.hold_deadline > p.now)
    GROUP BY b.session_id, b.channel
) c
WHERE live > capacity;
-- The references the foreign keys would have checked row by row, checked once (prints 0).
SELECT (SELECT count(*) FROM bookings b WHERE NOT EXISTS (SELECT 1 FROM office_sessions s WHERE s.id = b.session_id))
     + (SELECT count(*) FROM bookings b WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = b.application_id))
     + (SELECT count(*) FROM application_history h WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = h.application_id))
     + (SELECT count(*) FROM applications a WHERE NOT EXISTS (SELECT 1 FROM applicants p WHERE p.id = a.applicant_id))
     + (SELECT count(*) FROM applicants p WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = p.account_id))
       AS broken_references;
DROP TABLE seed_apps_ids, seed_accounts, seed_sessions, seed_indexes, seed_param;
SELECT pg_size_pretty(pg_database_size(current_database())) AS database_size;
