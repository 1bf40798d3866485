DROP TABLE pending_file_deletions;
DROP TABLE retention_holds;
