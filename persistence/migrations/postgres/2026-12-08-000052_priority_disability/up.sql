-- People with disabilities join the default priority walk-in policy (the directorate and
-- the offices list them). Offices still on the old default as it was set (children under 5,
-- aged 60 or over, pregnant and breastfeeding women) move to the new one; an office that
-- set its own policy keeps it.
UPDATE offices SET priority_disability = TRUE
WHERE priority_child_under_age = 5 AND priority_elderly_from_age = 60
    AND priority_pregnant = TRUE AND priority_breastfeeding = TRUE
    AND priority_disability = FALSE;
