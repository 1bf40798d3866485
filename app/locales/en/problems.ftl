# The words of every problem the API answers with: titles by kind, the edge's own
# refusals, serde's reports of what does not parse, and the names of things. Each message
# here is also in ../id/problems.ftl (the default language), with the same variables.
# The problem's `type`, `status` and the field names in `errors` never change with the
# language: programs read those.

## Titles, by the last part of the problem's type URI.

problem-title-validation = Invalid request
problem-title-malformed-body = Malformed request body
problem-title-unauthorized = Not signed in
problem-title-forbidden = Not allowed
problem-title-not-found = Not found
problem-title-conflict = Conflict with the current state
problem-title-proof-required = Proof of work required
problem-title-precondition-failed = Changed since read
problem-title-precondition-required = If-Match required
problem-title-too-many-requests = Too many requests
problem-title-method-not-allowed = Method not allowed
problem-title-payload-too-large = Request body too large
problem-title-unsupported-media-type = Unsupported media type
problem-title-unprocessable = Request refused by a rule
problem-title-internal = Internal error
problem-title-unavailable = Service unavailable
problem-title-insufficient-storage = Insufficient storage
problem-title-http = HTTP error { $status }

## What a problem says when nothing more precise is known.

problem-detail-validation = A parameter or field of the request is invalid.
problem-detail-malformed-body = The request body is not of the expected shape.
problem-detail-unauthorized = Sign in, or send a valid access token.
problem-detail-forbidden = You may not do this.
problem-detail-not-found = There is nothing here.
problem-detail-conflict = The request conflicts with the current state of the resource.
problem-detail-proof-required = This request needs a proof of work.
problem-detail-precondition-failed = The resource changed since it was read: read it again.
problem-detail-precondition-required = This change needs an If-Match header.
problem-detail-too-many-requests = Too many requests: wait a moment and try again.
problem-detail-method-not-allowed = This method is not allowed here.
problem-detail-payload-too-large = The request body is larger than this operation accepts.
problem-detail-unsupported-media-type = The request body's media type is not accepted here.
problem-detail-unprocessable = A rule of the service refuses this request.
problem-detail-internal = the server failed to answer; it has been logged
problem-detail-unavailable = The service is unavailable right now; try again shortly.
problem-detail-insufficient-storage = The document store is full; try again later.

## Refusals of any operation.

problem-internal = the server failed to answer; it has been logged
problem-database-down = the service cannot reach its database right now; try again shortly
problem-not-found = no { $what } with this id exists
problem-field = `{ $field }` { $reason }
problem-no-route = no resource at { $path }
problem-method-not-allowed = { $method } is not allowed on { $path }; use { $allowed }
problem-body-too-slow = the request body did not arrive within { $seconds } seconds
problem-body-too-large = the request body is larger than { $limit } bytes
problem-json-not-object = the body must be a JSON object, as the operation's schema says
problem-json-content-type = the body must be JSON: send Content-Type: application/json
problem-json-unreadable = the body is not valid JSON: { $reason }
problem-json-shape = the body does not fit the operation's schema: { $reason }
problem-path-unreadable = a part of the path is not valid: { $reason }

## serde's reports, read into messages; what serde quotes is kept as it is.

parse-missing-field = the field `{ $field }` is missing
parse-unknown-variant = `{ $value }` is not one of the allowed values: { $allowed }
parse-unknown-field = `{ $field }` is not a field of this request (known: { $allowed })
parse-wrong-type = has the wrong type: { $found } where { $expected } is expected
parse-wrong-value = has a value not allowed: { $found } where { $expected } is expected
parse-wrong-length = has the wrong length: { $found } where { $expected } is expected
parse-not-a-number = is not a valid number
parse-json-syntax = it stops making sense at line { $line }, column { $column }

## The names of things, as "no … with this id exists" uses them.

thing-account = account
thing-applicant = applicant
thing-application = application
thing-booking = booking
thing-delivery = delivery
thing-device = device
thing-document = document
thing-holiday = holiday
thing-integrator_client = integrator client
thing-office = office
thing-passport = passport
thing-payment = payment
thing-screening = screening
thing-screening_policy_version = screening policy version
thing-session = session
thing-waitlist_entry = waitlist entry
thing-walk_in_only_day = walk-in-only day
thing-webhook_subscription = webhook subscription

## Accounts, sign-in and credentials.

account-bad-credentials = the email or password is wrong
account-unverified = the email address of this account is not verified yet: enter the code we emailed (POST /v1/auth/verify-email) or ask for a new one (POST /v1/auth/resend-code)
account-sign-in-throttled = too many failed sign-ins from your address: try again after { $until }
account-checks-busy = too many sign-ins and password changes are being checked right now: try again in { $seconds } s
account-bad-code = `code` is wrong, expired or used up; ask for a new one
account-bad-refresh-token = the refresh token is not valid (expired, revoked or already used): sign in again
account-closed = this account is closed
account-closed-already = this account is closed already
account-password-changed-meanwhile = the password was changed meanwhile by another request: sign in again with the new one
account-application-in-progress = this account has an application in progress: delete its drafts and cancel its bookings first, or wait until the passport is collected
account-email-taken = an account with the email { $email } exists
auth-session-ended = this session has ended (signed out, or the account changed): sign in again
auth-token-needed = this needs an access token: send `Authorization: Bearer <token>`
auth-bearer-form = the Authorization header must be `Bearer <token>`
auth-token-expired = the access token has expired: refresh it
auth-token-invalid = the access token is not valid
auth-sign-in-rate = too many sign-in requests from your address; try again in { $seconds } s
auth-role-needed = this needs the role { $roles }; you are signed in as { $role }
auth-integrator-no-account = integrator clients have no account: this route is for signed-in accounts
auth-scope-needed = this needs the scope { $scope }; the token has { $scopes }
auth-integrator-scope-needed = this needs an integrator token with the scope { $scope }; you are signed in as { $role }
signature-malformed = the Paspor-Signature header is missing or malformed (expected t=<unix seconds>,v1=<hex>)
signature-stale = the signature's time is more than 5 minutes from now
signature-mismatch = the signature does not match the body

## Applicants.

applicant-limit = this account already has { $max } applicants, the most one account may apply for: remove one to add another
applicant-duplicate-nik = this account already has an applicant with this NIK
applicant-has-applications = this applicant has applications, so it cannot be removed
applicant-nik-in-use = this applicant has applications, which carry its NIK: the NIK cannot change
applicant-account-closed = this account is closed: nothing more can be added to it

## An application's status, as people read it.

status-draft = still a draft
status-awaiting_payment = awaiting payment
status-paid = paid
status-expired = expired
status-cancelled = cancelled
status-checked_in = checked in
status-awaiting_documents = awaiting documents
status-in_review = in review
status-postponed = postponed
status-refused = refused
status-approved = approved
status-issued = issued
status-ready = ready for collection
status-collected = collected
status-uncollected_cancelled = cancelled as uncollected

## Applications, bookings and the waitlist.

reschedule-not-paid = only a paid application can be rescheduled; this one is { $status }
reschedule-once = an application can be rescheduled only once
reschedule-too-late = an appointment can be rescheduled no later than the day before it (the appointment is on { $date })
cancel-not-cancellable = an application that is { $status } can no longer be cancelled
cancel-appointment-passed = an application can be cancelled only before its appointment (the appointment is on { $date })
limit-cooling-down = bookings of this person lapsed or were cancelled { $count } times within { $days } days: they may book again from { $until }
limit-holds = this account already holds { $limit } places awaiting payment: pay or cancel one first (the first lapses at { $until })
limit-release-allowance = this account made { $limit } bookings of this release already, the most one account may
application-person-has-active = this person already has an active application ({ $id }); one person may have one active application at a time: continue or cancel that one
application-person-has-active-elsewhere = this person already has an active application, made from another account; one person may have one active application at a time
application-needs-office = a lost or damaged passport is replaced only at an immigration office, after an examination (BAP): come to the office without an app booking
application-not-a-draft = the application is no longer a draft: it cannot be changed or deleted
session-kind-full = this session has no free place left for a { $kind } passport (the office limits each kind): choose another session or join the waitlist
session-full = this session has no free place left for this service: choose another session or join the waitlist
session-not-released = this session's quota is not released yet: it can be booked from { $at }
session-closed = this session is closed: the office declared the day a holiday
session-walk-in-only = the office serves walk-ins only on this day: it cannot be booked in the app; choose another day, or come to the office and register as a walk-in
booking-already-held = this application already holds a place: read it again
booking-offer-gone = the place offered from the waitlist lapsed a moment ago; book again
booking-not-held = the application no longer holds that booking: read it again
booking-only-draft = only a draft can be booked; this application is { $status }
booking-account-closed = this account is closed: it can book no more
draft-account-closed = this account is closed: it can make no more applications
draft-postponed-until = an earlier application of this person was postponed: a new application cannot be made until { $until }
reschedule-only-paid = only a paid application can be rescheduled; this one is { $status }
waitlist-only-draft = only a draft waits for a place; this application is { $status }
check-in-code-not-yet = a check-in code is shown only for a paid application with a booking; this application is { $status }

## Passport kinds, as people read them.

passport-kind-electronic = electronic
passport-kind-non_electronic = non-electronic

## Walk-ins at the office.

walk-in-session-not-today = session { $id } is not a session of this office today ({ $date })
walk-in-session-over = session { $id } ({ $starts }-{ $ends }) is over
walk-in-no-place-today = no place left today in the { $channel } quota: the person can book in the app, or come another day
walk-in-session-full = no place left in this session's { $channel } quota: choose another session of today, or leave out session_id to take the first with a place
walk-in-person-has-active = this person (NIK) already has an active application; one person may have one active application at a time: it must be finished, cancelled or expire first

## Documents.

document-none-of-kind = this application has no document of the kind { $kind }
document-type = a document must be a JPEG, PNG or PDF file (recognised from its content, whatever the Content-Type says) of at most { $max } bytes
document-closed = documents are uploaded until the appointment (draft, awaiting payment or paid), or while the office awaits missing ones; this application is { $status }
document-store-full = the document store is full: no document was recorded or changed; try again later
document-store-down = the document store cannot be used right now: no document was recorded or changed; try again shortly
document-too-large = a document may be at most { $max } bytes (5 MiB)

## What an officer or the service does to an application, as "cannot … an application that is …" says it.

transition-refused = cannot { $action } an application that is { $status } (its status is `{ $code }`)
event-submit = submit
event-payment_received = record a payment for
event-payment_deadline_passed = expire for non-payment
event-reschedule = reschedule
event-cancel = cancel
event-check_in = check in
event-documents_missing = ask for missing documents for
event-documents_complete = complete the documents of
event-documents_deadline_passed = refuse for missing documents
event-approve = approve
event-postpone = postpone
event-refuse = refuse
event-issue = issue the passport of
event-mark_ready = mark ready for collection
event-hand_over = hand over the passport of
event-collection_deadline_passed = cancel as uncollected

## Office work: check-in and review.

office-application-not-found = no application with this id exists at your office
office-not-in-review = { $action } needs an application in review (documents complete); this one is { $status } (status { $code })
office-application-moved = the application changed while this request was answered: read it again
check-in-code-invalid = this is not a valid check-in code: it was not issued by this service, or it was altered
check-in-code-other-office = this check-in code is for an appointment at another office ({ $office }), not yours
check-in-code-other-day = this check-in code is for another day: it is valid on { $date } only

## Idempotency keys.

idempotency-key-missing = this request needs an Idempotency-Key header
idempotency-key-reused = this Idempotency-Key was used for a different request (method, path or body); use a new key for a new request
idempotency-key-in-flight = a request with this Idempotency-Key is still being processed; retry shortly

## Conditional changes and proofs of work.

if-match-required = send If-Match with the ETag of the version you read ({ $current } now), so that a change made meanwhile is not undone
if-match-stale = it has changed since you read it: the current version's ETag is { $current }; read it again and make your change on it
proof-missing = this booking needs a proof of work: solve a challenge from GET /v1/applications/{"{"}id{"}"}/booking-challenge and send `Paspor-Proof: <challenge>:<nonce>`
proof-bad-challenge = the proof's challenge is not one issued for this draft, or it expired: ask for a new one
proof-unsolved = the proof's nonce does not solve the challenge

## Lists, holders, validity, quotes and offers.

list-or = { $rest } or { $last }
list-none = no
holder-adult = an adult
holder-married = a married applicant
holder-minor = a minor
holder-dual_citizen_child = a dual-citizen child
validity-term-not-allowed = { $holder } may have a passport of { $allowed } years, not { $years }
validity-issue-before-birth = the issue date { $issue } is before the birth date { $birth }
validity-dual-citizen-over = a dual-citizen child must have chosen a citizenship by the birthday of { $birthday }; the issue date { $issue } is on or after it
validity-no-rules = no validity rules are in force on { $on }
quote-validity-required = this tariff schedule prices passports by validity: give the validity in years
quote-unsupported-validity = this tariff schedule prices passports of 5 or 10 years, not { $years }
quote-missing-price = this tariff schedule has no price for { $item }
quote-overflow = the total does not fit in a rupiah amount
offer-kind-not-offered = this office does not offer { $kind } passports
offer-term-not-a-choice = the validity is not a choice under the tariff schedule in force (it does not price passports by validity): a passport is valid for { $terms } years
offer-no-schedule = no tariff schedule is in force on { $on }
offer-quote = schedule { $schedule }: { $reason }
quote-needs-birth-date = is needed to quote a dual-citizen child or a married minor
application-cannot-be-priced = this application cannot be priced: { $reason }

## Integrator clients and webhook subscriptions.

integrator-name-taken = an active integrator client is named { $name }
integrator-revoked-meanwhile = this client was revoked meanwhile
webhook-url-subscribed = this client already has subscription { $id } to this URL: delete it first to subscribe it again
webhook-too-many = a client holds at most { $max } subscriptions: delete one first
webhook-url-subscribed-meanwhile = this client already has a subscription to this URL
webhook-delivery-in-flight = this delivery is being sent right now; replay it once the attempt is logged

## Issuing and handing over passports.

issuance-ready-date = the ready date cannot be counted: { $reason }; check the office's holidays
issuance-no-rules = no validity rules are in force on { $on }: a system admin switches a rule set on
issuance-no-e-passport-books = { $office } has no e-passport books at the moment: the electronic passport cannot be printed until it has
issuance-changed-meanwhile = the application changed while its passport was being issued; try again

## JSON nested too deep.

parse-json-too-deep = it nests deeper than the recursion limit of 128 levels

## Office settings, sessions, holidays, payments settled by hand, tariffs and rule sets.

holiday-places-booked = { $places } place(s) are booked on { $date } (paid, awaiting payment or offered from the waitlist): those appointments must be moved or cancelled before the day can be a holiday
walk-in-only-holiday = { $date } is a holiday of the office ({ $name }): it is closed, not walk-in only
holiday-already = { $date } is already a holiday of the office{ $name }
office-hours-exclude-sessions = some of the office's weekly sessions lie outside these opening hours: the office admin replaces the templates first
payment-not-unmatched = only an unmatched payment is settled by hand; this one is { $status }
payment-settled-meanwhile = the payment was settled by another request meanwhile
payment-hold-lapsed = the application's 2-hour hold has lapsed and its place is released: refund the payment instead (the applicant books again)
session-holiday = the session is closed: { $date } is a holiday of the office (remove the holiday first)
session-capacity-below-held = { $reason }; bookings are never dropped by a capacity change, so { $held } is the least it can be now
session-kind-limit-below-held = the limit on { $kind } passports cannot go down to { $limit }: the session already holds { $held } app bookings of them, and bookings are never dropped by a change of limit
tariff-unknown = no tariff schedule has the code { $code }
tariff-none-named = name at least one tariff schedule to switch on: without one nothing can be priced
tariff-none-in-force = none of { $codes } is in force today ({ $today }): switch on one that is, or quotes and bookings would fail
rules-code-taken = a validity rule set with the code { $code } exists: rule sets are not changed, add one with another code
rules-none-named = name at least one validity rule set to switch on: without one no passport can be given a term
rules-none-in-force = none of { $codes } is in force today ({ $today }): switch on one that is, or no passport could be given a term

account-no-phone = this account has no phone number: set one first (PATCH /v1/me)
account-phone-verified-already = this phone number is verified already
receipt-unpaid = this application is { $status }: a receipt is given once its payment is received
