DROP TABLE refresh_tokens;
DROP TABLE one_time_codes;
DROP TABLE users;
