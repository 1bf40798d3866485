DROP TABLE screenings;
DROP TABLE screening_policies;
DROP FUNCTION screening_append_only();
