DROP TABLE passport_dispatches;
DROP TABLE application_deliveries;
DELETE FROM tariff_prices WHERE item = 'postal_delivery';
ALTER TABLE offices DROP COLUMN delivers_by_post;
