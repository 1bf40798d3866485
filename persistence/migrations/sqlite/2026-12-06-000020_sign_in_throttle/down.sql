DROP TABLE rate_limits;
DROP TABLE sign_in_addresses;
DROP TABLE sign_in_failures;
