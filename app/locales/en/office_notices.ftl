# What the holder is told as the office moves the application on (check-in, the document
# check, the decision) and as the passport moves (issued, ready, collected, cancelled
# uncollected). Dates are written out by the caller. Each message here is also in
# ../id/office_notices.ftl (the default language), with the same variables.

# $office: the office's name.
office-checked-in-subject = You are checked in for your passport appointment
office-checked-in-body = You were checked in at { $office }. The officers will now check your documents, take your photo and fingerprints, and interview you.
office-checked-in-push-title = Checked in
office-checked-in-push-body = You are checked in at { $office }.

# $documents: the names of the missing documents, comma-separated; $deadline: the date.
office-documents-missing-subject = Documents missing from your passport application
office-documents-missing-body =
    The office found these documents missing: { $documents }.

    Upload them in the app by { $deadline } (within 30 days). If they have not been supplied by then, the application is refused.
office-documents-missing-push-title = Documents missing
office-documents-missing-push-body = Upload the missing documents by { $deadline }.

office-documents-complete-subject = Your documents are complete
office-documents-complete-body = The office checked your documents and found them complete. Your application is now in review: photo, fingerprints, interview and decision.
office-documents-complete-push-title = Documents complete
office-documents-complete-push-body = Your application is in review.

# $deadline: the date the documents were due.
office-documents-deadline-subject = Your passport application was refused: documents missing
office-documents-deadline-body = The documents the office asked for were not supplied by { $deadline }, so the application was refused. Fees are not refunded; you may apply again.
office-documents-deadline-push-title = Application refused
office-documents-deadline-push-body = Missing documents were not supplied in time.

office-approved-subject = Your passport application is approved
office-approved-body = Your passport application was approved. We will tell you when the passport is ready for collection.
office-approved-push-title = Application approved
office-approved-push-body = Your passport will be issued.

# $reason: why, in words; $hold_until: the first day one may apply again.
office-postponed-subject = Your passport application is postponed
office-postponed-body = Your passport application was postponed for { $reason }. You cannot apply again until { $hold_until }.
office-postponed-push-title = Application postponed
office-postponed-push-body = You may apply again from { $hold_until }.

# $reason: why, in words.
office-refused-subject = Your passport application is refused
office-refused-body = Your passport application was refused: { $reason }. Fees are not refunded.
office-refused-push-title = Application refused
office-refused-push-body = See your email for the reason.

postponement-reason-suspected_non_procedural_migrant_work = suspected migrant work outside the legal (procedural) route
postponement-reason-suspected_trafficking = suspected human trafficking (TPPO)
postponement-reason-false_statements = statements that did not hold up at the interview
postponement-reason-incomplete_travel_documents = incomplete travel documents
refusal-reason-false_statements = false statements in the application or at the interview
refusal-reason-forged_documents = forged documents
refusal-reason-travel_ban = a travel ban (the person may not leave Indonesia)
refusal-reason-not_a_citizen = the applicant is not an Indonesian citizen

# $number: the passport's number; $office: the office; $ready: the first collection day.
office-issued-subject = Your passport has been issued
office-issued-body = Your passport { $number } has been issued at { $office }. It will be ready for collection from { $ready }; bring your identity card.
office-issued-push-title = Passport issued
office-issued-push-body = Ready for collection from { $ready }

# $number: the passport's number; $collect_by: the last collection day.
office-ready-subject = Your passport is ready for collection
office-ready-body = Your passport { $number } is ready for collection. Collect it by { $collect_by }, in person with your identity card, or send a family member on the same family card or someone with your power of attorney. Not collected by then, it is cancelled.
office-ready-push-title = Passport ready for collection
office-ready-push-body = Collect by { $collect_by }

# $number: the passport's number; $kind: who took it (holder, family_member, proxy);
# $recipient: their name.
office-collected-subject = Your passport has been collected
office-collected-body =
    Your passport { $number } was handed over to { $kind ->
        [holder] you ({ $recipient })
        [family_member] { $recipient }, a family member on your family card
       *[proxy] { $recipient }, with your power of attorney
    }. If you did not expect this, contact the office at once.
office-collected-push-title = Passport collected
office-collected-push-body =
    { $kind ->
        [holder] Handed over to you
        [family_member] Handed over to a family member
       *[proxy] Handed over to your proxy
    }

# $number: the passport's number; $collect_by: the last collection day.
office-uncollected-subject = Your passport was cancelled: not collected
office-uncollected-body = Your passport { $number } was not collected by { $collect_by }, so it has been cancelled. To get a passport, apply again.
office-uncollected-push-title = Passport cancelled
office-uncollected-push-body = Not collected within 30 days

# $office: the office's name; $date: the day; $time and $zone: the booked session's start in
# the office's clock; $reason: why, as the office wrote it.
walk-in-only-day-subject = { $office } serves walk-ins only on { $date }
walk-in-only-day-body = { $office } cannot take app bookings on { $date }: { $reason } Your booking for { $time } { $zone } stays valid. Come at that time with your check-in code: you are served as a walk-in without queueing anew. If you prefer another day, reschedule your booking in the app.
walk-in-only-day-push-title = Walk-ins only on { $date }
walk-in-only-day-push-body = Your booking at { $time } { $zone } stays valid, or reschedule

# $number: the passport's number; $tracking: PT Pos Indonesia's tracking number; $city: where
# it goes; $date: the day it was handed to the courier.
office-dispatched-subject = Your passport is on its way by post
office-dispatched-body = Your passport { $number } was handed to PT Pos Indonesia on { $date } for delivery to your address in { $city }. Follow it with the tracking number { $tracking } on the Pos Indonesia website or app. The courier hands it to the recipient named in your application.
office-dispatched-push-title = Passport sent by post
office-dispatched-push-body = Tracking number { $tracking }
