DROP TABLE application_history;
DROP TABLE applications;
DROP TABLE applicants;
