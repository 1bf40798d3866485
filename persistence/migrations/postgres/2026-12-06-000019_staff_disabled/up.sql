-- A staff account a system admin disables cannot sign in, and its sessions end.
ALTER TABLE users ADD COLUMN disabled_at TIMESTAMP NULL;
