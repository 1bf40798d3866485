-- Offices on the new default go back to the old one.
UPDATE offices SET priority_disability = FALSE
WHERE priority_child_under_age = 5 AND priority_elderly_from_age = 60
    AND priority_pregnant = TRUE AND priority_breastfeeding = TRUE
    AND priority_disability = TRUE;
