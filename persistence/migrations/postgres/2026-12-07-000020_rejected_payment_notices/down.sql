DROP TABLE rejected_payment_notices;
