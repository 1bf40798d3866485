DROP TABLE application_restarts;
