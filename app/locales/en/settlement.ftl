# Payments the channel settled but whose notice came late or never (its settlement report):
# what the holder is told, and why an import of a report is refused. Each message here is
# also in ../id/settlement.ftl (the default language), with the same variables.

## Paid in time, its notice never came, and its place had been taken: moved.
# $billing_code: the code paid; $office: the office's name; $previous: the appointment it
# had; $appointment: the new one (dates and times in the office's zone).
notice-paid-moved-subject = Payment received: your appointment was moved
notice-paid-moved-body =
    We received the payment for billing code { $billing_code }, made before its deadline, but the payment channel reported it late and the place you booked at { $office } on { $previous } had gone to someone else.

    Your appointment is now on { $appointment }, the nearest free one. You may move it once in the app.
notice-paid-moved-push-title = Payment received, appointment moved
notice-paid-moved-push-body = { $office }: now { $appointment }.

## Paid in time, its notice never came, and no place near was free.
# $billing_code, $office as above.
notice-paid-without-place-subject = Payment received: choose a new appointment
notice-paid-without-place-body =
    We received the payment for billing code { $billing_code }, made before its deadline, but the payment channel reported it late and no place at { $office } was free near your booked day.

    Your application is paid: choose a new appointment in the app. You will not pay again.
notice-paid-without-place-push-title = Payment received: choose an appointment
notice-paid-without-place-push-body = Your application is paid; choose a new appointment in the app.

## An import of a settlement report refused.
# $line: the line number (1 is the header); $reason: what is wrong with it.
settlement-report-malformed = Line { $line } of the settlement report is malformed: { $reason }. Nothing was imported.
settlement-report-empty = The settlement report has no lines after its header. Nothing was imported.
settlement-report-not-utf8 = The settlement report is not UTF-8 text. Nothing was imported.
settlement-report-too-many-lines = The settlement report has more than { $max } lines. Nothing was imported.
# The reasons a line is malformed.
settlement-reason-header = the header must be exactly billing_code,amount,ntpn,paid_at (and optionally ,channel)
settlement-reason-columns = it must have { $count } comma-separated fields
settlement-reason-billing-code = billing_code must be 15 digits
settlement-reason-amount = amount must be a positive whole number of rupiah
settlement-reason-ntpn = ntpn must be 16 capital letters or digits
settlement-reason-paid-at = paid_at must be an RFC 3339 instant with its offset
settlement-reason-channel = channel must be printable text of at most 100 characters
settlement-reason-duplicate = the same billing code and NTPN are on an earlier line

## What an answer of 404 names.
thing-settlement_report = settlement report

## A settlement report sent as something else than CSV.
settlement-report-content-type = A settlement report is sent as CSV: Content-Type text/csv (or application/octet-stream).
