DROP TABLE tariff_prices;
DROP TABLE tariff_schedules;
DROP TABLE bookings;
DROP TABLE office_sessions;
DROP TABLE session_templates;
DROP TABLE offices;
