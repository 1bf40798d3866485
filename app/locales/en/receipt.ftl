# The payment receipt of a passport application (JSON and PDF): its title, the label of
# each line, and the name of each item paid for.
# Every message here is also in ../id/receipt.ftl.

receipt-title = Passport Application Payment Receipt
receipt-applicant = Applicant
receipt-application = Application number
receipt-payment = Payment
receipt-billing-code = Billing code
receipt-ntpn = NTPN
receipt-channel = Bank or payment channel
receipt-paid-at = Paid at
receipt-not-given = (not given)
receipt-items = Items paid for
receipt-total = Total paid
receipt-appointment = Appointment
receipt-office = Immigration office
receipt-address = Address
receipt-time = Time
receipt-no-appointment = This application no longer holds an appointment.
receipt-check-in = Check-in code
receipt-check-in-hint = Show this QR code to the officer when you arrive at the immigration office on the day of your appointment. It is valid on that day only.
receipt-no-check-in = The check-in QR code is shown while the application is paid and awaits its appointment.
receipt-footer = Fees paid are not refunded. Keep this receipt.

## Items paid for (by `code`).

receipt-item-passport_electronic = Electronic passport, 48 pages
receipt-item-passport_non_electronic = Non-electronic passport, 48 pages
receipt-item-passport_electronic_5y = Electronic passport, 48 pages, 5-year validity
receipt-item-passport_electronic_10y = Electronic passport, 48 pages, 10-year validity
receipt-item-passport_non_electronic_5y = Non-electronic passport, 48 pages, 5-year validity
receipt-item-passport_non_electronic_10y = Non-electronic passport, 48 pages, 10-year validity
receipt-item-same_day = Same-day service (percepatan)
receipt-item-lost_penalty = Replacement of a lost passport
receipt-item-damaged_penalty = Replacement of a damaged passport
receipt-item-postal_delivery = Delivery of the passport by post (PT Pos Indonesia)
receipt-item-fee = Passport application fee
