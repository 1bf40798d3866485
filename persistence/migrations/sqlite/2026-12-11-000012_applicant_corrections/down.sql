DROP TABLE applicant_corrections;
