-- Validity rules are dated data, like tariff schedules: a regulation that changes how long
-- passports are valid is a new row an operator switches on. Of the rows switched on, the
-- latest effective on a passport's issue date gives its term.
CREATE TABLE validity_rule_sets (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    effective_from DATE NOT NULL,
    enabled BOOLEAN NOT NULL,
    adult_age INTEGER NOT NULL CHECK (adult_age BETWEEN 1 AND 21),
    married_as_adult BOOLEAN NOT NULL,
    -- The terms an adult may have, in years, ascending and comma-separated (`5,10`).
    adult_years TEXT NOT NULL,
    minor_years INTEGER NOT NULL CHECK (minor_years BETWEEN 1 AND 10),
    dual_citizen_child_years INTEGER NOT NULL CHECK (dual_citizen_child_years BETWEEN 1 AND 10),
    dual_citizen_choice_age INTEGER NOT NULL CHECK (dual_citizen_choice_age BETWEEN 18 AND 30),
    created_at TIMESTAMP NOT NULL
);

-- The rule sets of today's regulations, both switched on (domain/src/validity/rules.rs
-- holds the same; a persistence test keeps them in step): Permenkumham 18/2022, applied
-- from 12 October 2022, and PP 45/2024, from 17 December 2024.
INSERT INTO validity_rule_sets (code, name, effective_from, enabled, adult_age,
    married_as_adult, adult_years, minor_years, dual_citizen_child_years,
    dual_citizen_choice_age, created_at)
VALUES
    ('ten_year_2022', 'Ten years for adults (Permenkumham 18/2022)', '2022-10-12', TRUE, 17,
        TRUE, '10', 5, 5, 21, '2026-12-08 00:00:00'),
    ('choice_2024', 'Five or ten years, as the adult chooses (PP 45/2024)', '2024-12-17', TRUE,
        17, TRUE, '5,10', 5, 5, 21, '2026-12-08 00:00:00');
