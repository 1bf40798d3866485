# Reminders: an unpaid booking's deadline is near, the appointment is tomorrow, and a ready
# passport's last collection day is near. Each message here is also in
# ../id/reminders.ftl (the default language), with the same variables.

## The payment deadline is near. The billing code is in the email only.
# $office; $appointment: the session's date and start; $amount: the fee;
# $billing_code: the code to pay; $deadline: when the hold lapses.
reminder-payment-subject = Reminder: pay for your passport appointment before { $deadline }
reminder-payment-body =
    Your booking at { $office } on { $appointment } is not paid yet.

    Pay { $amount } with billing code { $billing_code } before { $deadline }. Unpaid by then, the booking expires and the place goes to someone else.
reminder-payment-push-title = Payment due soon
reminder-payment-push-body = Pay before { $deadline } to keep your appointment at { $office }.

## The appointment is near (the day before).
# $office, $address: where; $appointment: the session's date and start; $start: its
# start alone; $documents: what to bring, one document a line.
reminder-appointment-subject = Your passport appointment: { $appointment }
reminder-appointment-body =
    Your passport appointment is at { $office }, { $address }, on { $appointment }.

    Bring the originals of these documents:
    { $documents }

    Check-in: arrive before your session starts at { $start }. At the counter, open the application in the app and show its check-in code (QR code) to the officer, who scans it. Then the officers check your documents, take your photo and fingerprints, and interview you.
reminder-appointment-push-title = Your appointment is tomorrow
reminder-appointment-push-body = { $office }, { $appointment }. Bring your original documents and show the check-in code.
# $name: a document's name.
reminder-appointment-document = - { $name }
# $name: a document's name.
reminder-appointment-document-optional = - { $name } (if the officer asks for it)

## A ready passport's last collection day is near.
# $number: the passport's number; $collect_by: the last collection day.
reminder-collection-subject = Collect your passport by { $collect_by }
reminder-collection-body = Your passport { $number } is waiting for you at the office. Collect it by { $collect_by }, in person with your identity card, or send a family member on the same family card or someone with your power of attorney. Not collected by then, it is cancelled and you must apply again.
reminder-collection-push-title = Collect your passport
reminder-collection-push-body = Your passport is cancelled if not collected by { $collect_by }.
