DROP TABLE application_decisions;
DROP TABLE application_interviews;
DROP TABLE application_biometrics;
DROP TABLE application_document_checks;
