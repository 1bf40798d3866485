-- Delivery of the passport by post (PT Pos Indonesia) instead of collection at the office.
--
-- Offices that deliver say so; two of the seed offices do.
ALTER TABLE offices ADD COLUMN delivers_by_post BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE offices SET delivers_by_post = TRUE
WHERE id IN ('0193a000-0000-7000-8000-000000000001', '0193a000-0000-7000-8000-000000000003');

-- The fee is a tariff item of every schedule stored before it existed.
INSERT INTO tariff_prices (schedule_code, item, amount)
SELECT code, 'postal_delivery', 35000 FROM tariff_schedules
WHERE code NOT IN (SELECT schedule_code FROM tariff_prices WHERE item = 'postal_delivery');

-- The address an application's passport is to be delivered to, and how its fee is paid:
-- with the application's fee (chosen before payment) or to the courier on delivery.
CREATE TABLE application_deliveries (
    application_id TEXT PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    recipient_name TEXT NOT NULL,
    phone TEXT NOT NULL,
    address_line1 TEXT NOT NULL,
    address_line2 TEXT NULL,
    city TEXT NOT NULL,
    province TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    fee BIGINT NOT NULL CHECK (fee >= 0),
    fee_payment TEXT NOT NULL CHECK (fee_payment IN ('with_application_fee', 'on_delivery')),
    chosen_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- The hand-over of a ready passport to the courier: one per passport.
CREATE TABLE passport_dispatches (
    passport_id TEXT PRIMARY KEY REFERENCES passports (id),
    courier TEXT NOT NULL CHECK (courier IN ('pos_indonesia')),
    tracking_number TEXT NOT NULL,
    officer_id TEXT NOT NULL,
    dispatched_at TIMESTAMP NOT NULL
);
