# Tracking an application without signing in, the service's status, and starting again
# from an expired or cancelled application. Each message here is also in ../id/status.ftl,
# with the same variables.

## What comes next, by the application's status code.

tracking-next-draft = Finish the application in the app, choose a date and book it.
tracking-next-awaiting_payment = Pay the fee with the billing code before the payment deadline shown in the app, or the place is released.
tracking-next-paid = Come to the immigration office on your appointment date with the original documents.
tracking-next-expired = The fee was not paid in time. Start the application again in the app to book a new date.
tracking-next-cancelled = The application was cancelled. Start it again in the app if you still need a passport.
tracking-next-checked_in = The office is checking your documents; follow the officer's instructions.
tracking-next-awaiting_documents = Bring the missing documents to the office within 30 days.
tracking-next-in_review = Your photo, fingerprints and interview are being reviewed. Wait for the decision.
tracking-next-postponed = The application has been postponed. Contact the immigration office for details.
tracking-next-refused = The application was refused. Contact the immigration office for details.
tracking-next-approved = The application was approved. The passport is being printed.
tracking-next-issued = The passport has been printed. Wait until it is ready for collection.
tracking-next-ready = Collect the passport at the office within 30 days, with your receipt.
tracking-next-collected = The passport has been collected. Nothing more to do.
tracking-next-uncollected_cancelled = The passport was not collected within 30 days. Contact the immigration office.

## Refusals.

tracking-not-found = no application has this number and date of birth
tracking-rate-address = too many tracking requests from this address: try again in { $seconds } seconds
tracking-rate-number = too many tracking requests for this application number: try again in { $seconds } seconds
status-message-too-long = must be at most { $max } characters
tracking-number-length = must have 1 to { $max } characters
restart-not-ended = only an expired or cancelled application can be started again; this one is { $status }
restart-already = this application was already started again, as application { $id }
restart-applicant-gone = the person of this application is no longer one of the account's applicants: add them again and make a new application

# Delivery by post: $status is the application's status; $office the office's name.
delivery-not-now = delivery by post is chosen from the booking until the passport is handed over; this application is { $status }
delivery-office-does-not = { $office } does not deliver passports by post: collect yours at the office
delivery-fee-paid = the delivery fee was paid with the application: the passport will be delivered by post
delivery-not-priced = the tariff schedule in force has no delivery fee: delivery by post cannot be chosen now
dispatch-not-chosen = the applicant did not choose delivery by post: hand the passport over at the counter
