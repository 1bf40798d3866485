DROP TABLE screenings;
DROP TABLE screening_policies;
