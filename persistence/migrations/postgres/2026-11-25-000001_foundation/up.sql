-- Offices, their session templates and dated sessions, place-holding bookings, tariffs.
CREATE TABLE offices (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    office_class TEXT NOT NULL,
    address TEXT NOT NULL,
    city TEXT NOT NULL,
    province TEXT NOT NULL,
    latitude_e6 INTEGER NOT NULL CHECK (latitude_e6 BETWEEN -90000000 AND 90000000),
    longitude_e6 INTEGER NOT NULL CHECK (longitude_e6 BETWEEN -180000000 AND 180000000),
    time_zone TEXT NOT NULL CHECK (time_zone IN ('wib', 'wita', 'wit')),
    opens_minute INTEGER NOT NULL CHECK (opens_minute BETWEEN 0 AND 1439),
    closes_minute INTEGER NOT NULL CHECK (closes_minute BETWEEN 1 AND 1440),
    e_passport_available BOOLEAN NOT NULL,
    release_kind TEXT NOT NULL CHECK (release_kind IN ('weekly', 'monthly', 'days_ahead')),
    release_param INTEGER NOT NULL,
    release_minute INTEGER NOT NULL CHECK (release_minute BETWEEN 0 AND 1439),
    priority_child_under_age INTEGER NOT NULL,
    priority_elderly_from_age INTEGER NOT NULL,
    priority_pregnant BOOLEAN NOT NULL,
    priority_breastfeeding BOOLEAN NOT NULL,
    priority_disability BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX offices_name ON offices (name);

CREATE TABLE session_templates (
    id TEXT PRIMARY KEY,
    office_id TEXT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    starts_minute INTEGER NOT NULL CHECK (starts_minute BETWEEN 0 AND 1439),
    ends_minute INTEGER NOT NULL CHECK (ends_minute BETWEEN 1 AND 1440),
    capacity_regular INTEGER NOT NULL CHECK (capacity_regular >= 0),
    capacity_same_day INTEGER NOT NULL CHECK (capacity_same_day >= 0),
    capacity_priority INTEGER NOT NULL CHECK (capacity_priority >= 0),
    CHECK (ends_minute > starts_minute),
    UNIQUE (office_id, weekday, starts_minute)
);

CREATE TABLE office_sessions (
    id TEXT PRIMARY KEY,
    office_id TEXT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    session_date DATE NOT NULL,
    starts_minute INTEGER NOT NULL CHECK (starts_minute BETWEEN 0 AND 1439),
    ends_minute INTEGER NOT NULL CHECK (ends_minute BETWEEN 1 AND 1440),
    capacity_regular INTEGER NOT NULL CHECK (capacity_regular >= 0),
    capacity_same_day INTEGER NOT NULL CHECK (capacity_same_day >= 0),
    capacity_priority INTEGER NOT NULL CHECK (capacity_priority >= 0),
    release_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CHECK (ends_minute > starts_minute),
    UNIQUE (office_id, session_date, starts_minute)
);

-- A place held in a session. It counts against the capacity while it is not released and
-- its payment deadline (if any) lies in the future, so an unpaid hold stops counting the
-- moment its deadline passes even before any job has marked it.
CREATE TABLE bookings (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES office_sessions (id),
    channel TEXT NOT NULL CHECK (channel IN ('regular', 'same_day', 'priority')),
    hold_deadline TIMESTAMP,
    released_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX bookings_live_by_session ON bookings (session_id, channel) WHERE released_at IS NULL;

CREATE TABLE tariff_schedules (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    effective_from DATE NOT NULL,
    enabled BOOLEAN NOT NULL
);

CREATE TABLE tariff_prices (
    schedule_code TEXT NOT NULL REFERENCES tariff_schedules (code) ON DELETE CASCADE,
    item TEXT NOT NULL,
    amount BIGINT NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (schedule_code, item)
);
