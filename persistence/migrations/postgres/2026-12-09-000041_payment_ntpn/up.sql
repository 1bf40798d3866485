-- What the state's payment system (SIMPONI) issues on payment, as the notice carries it:
-- the NTPN (Nomor Transaksi Penerimaan Negara, 16 characters) and the bank or channel paid
-- through. Null for notices received before these were taken, or sent without them.
ALTER TABLE payments ADD COLUMN ntpn TEXT NULL;
ALTER TABLE payments ADD COLUMN channel TEXT NULL;
