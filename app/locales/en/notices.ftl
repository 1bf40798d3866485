# What an application's holder is told as the application moves: an email (subject and
# body) and a push notice (a title and one line that a lock screen may show: never a
# billing code). Dates and times are in the office's zone with its label (WIB, WITA,
# WIT), already written out by the caller. Each message here is also in
# ../id/notices.ftl (the default language), with the same variables.

## A place was booked: pay before the deadline.
# $office: the office's name; $appointment: the session's date and start; $amount: the
# fee; $billing_code: the 15-digit code; $deadline: when the hold lapses.
notice-booked-subject = Your passport appointment is booked: pay within 2 hours
notice-booked-body =
    Your appointment at { $office } on { $appointment } is held for you.

    Pay { $amount } with billing code { $billing_code } before { $deadline }. Unpaid by then, the booking expires and the place goes to someone else.
notice-booked-push-title = Appointment booked
notice-booked-push-body = { $office }, { $appointment }: pay { $amount } within 2 hours to keep it.

## The payment arrived.
# $billing_code: the code paid.
notice-paid-subject = Payment received
notice-paid-body = We received the payment for billing code { $billing_code }. Your appointment is confirmed; the app shows the check-in code on the day.
notice-paid-push-title = Payment received
notice-paid-push-body = Your appointment is confirmed; show the check-in code at the office.

## The booking expired unpaid.
# $billing_code: the code that was not paid.
notice-expired-subject = Your booking expired
notice-expired-body = Billing code { $billing_code } was not paid within 2 hours, so the booking expired and its place returned to the pool. You can start a new application.
notice-expired-push-title = Booking expired
notice-expired-push-body = It was not paid within 2 hours and its place was released.

## A place freed and is offered from the waitlist.
# $office, $appointment as above; $until: when the offer lapses.
notice-offered-subject = A place is free for your passport appointment
notice-offered-body = A place freed at { $office } on { $appointment }. It is held for you until { $until }: book it in the app before then, or it passes to the next in line.
notice-offered-push-title = A place is free
notice-offered-push-body = { $office }, { $appointment }: book it in the app before { $until }.

## The applicant cancelled.
notice-cancelled-subject = Your passport application was cancelled
notice-cancelled-body = Your application was cancelled as you asked, and its appointment released. Fees already paid are not refunded.
notice-cancelled-push-title = Application cancelled
notice-cancelled-push-body = Your application was cancelled and its appointment released.

## The appointment was moved.
# $office: the office's name; $previous: the old date and start; $appointment: the new.
notice-rescheduled-subject = Your passport appointment was moved
notice-rescheduled-body =
    Your appointment at { $office } was moved from { $previous } to { $appointment }.

    Come at the new time with your documents; the app shows the check-in code on the day. An appointment can be moved only once.
notice-rescheduled-push-title = Appointment moved
notice-rescheduled-push-body = { $office }: now { $appointment }.
