# Why a field of a request is refused: the `message` of each entry of a problem's
# `errors`, read after the field's name. Each message here is also in ../id/fields.ftl
# (the default language), with the same variables.

## Any field.

field-empty = must not be empty
field-too-long = must be at most { $max } characters
field-too-short = must be at least { $min } characters
field-control-characters = must not contain control characters
field-parameter-control-characters = must not contain control characters (U+0000 to U+001F, U+007F to U+009F)
field-json-control-characters = must not contain control characters (U+0000 to U+001F, U+007F to U+009F) other than tab, line feed and carriage return
field-in-future = must not be in the future

## Email addresses, passwords, phone numbers and codes.

email-not-an-address = must be an email address like name@example.com
email-local-part-too-long = the part before the @ must be at most { $max } characters
email-local-part-character = the part before the @ may hold only unaccented letters, digits and punctuation, without spaces
email-local-part-dots = the part before the @ cannot start or end with a dot or have two dots in a row
email-domain = the part after the @ must be a domain name like example.com
password-common = is one of the most common passwords; choose another
password-wrong = is wrong
phone-character = may hold only digits, a leading +, and spaces, dashes, dots or parentheses between them
phone-foreign = must be an Indonesian number (+62); numbers of other countries are not accepted
phone-prefix = must start with 0 or +62, like 0812 3456 7890
phone-leading-digit = the number after the 0 or +62 must start with a digit from 2 to 9 (write +62 812..., not +62 0812...)
phone-length = must have 8 to 12 digits after the 0 or +62, this has { $found }
code-form = must be the 6 digits from the email
code-wrong = is wrong, expired or used up
code-resend-wait = a code was sent recently; ask again in { $seconds } seconds
refresh-token-form = must be 1 to { $max } characters

## NIK (Nomor Induk Kependudukan) and applicants.

nik-length = a NIK has exactly 16 digits, this has { $found } characters
nik-non-digit = a NIK holds only the digits 0-9 (no spaces, letters or punctuation)
nik-zero-region = the province, regency/city and district codes of a NIK (digits 1-6) cannot be 00
nik-zero-serial = the serial number of a NIK (its last 4 digits) cannot be 0000
nik-birth-date = digits 7-12 of a NIK must be a real birth date DDMMYY, the day plus 40 for women (01-31 or 41-71)
passport-number-form = must be 1 to { $max } upper-case letters and digits, as printed in the passport
guardian-required = is required for an applicant under 17: the NIK of a parent or guardian
guardian-not-self = must be another person's NIK than the applicant's

## Staff accounts.

office-id-unknown = names no office
staff-disable-self = a system admin cannot disable their own account
staff-office-for-system-admin = must be absent for system admins
staff-role = must be a staff role: officer, office_admin or system_admin
staff-office-required = is required for officers and office admins

## Applications, bookings and the waitlist.

kind-reason-required = a replacement application needs a reason
kind-reason-not-allowed = a new application takes no replacement reason (got { $reason })
country-code-form = a country code is two upper-case letters (ISO 3166-1 alpha-2, e.g. MY), not { $value }
field-range = must be from 1 to { $max }
replacement-at-office = lost and damaged are handled at the office
session-already-booked = is the session already booked
range-to-before-from = must not be before `from`
field-in-past = must not be in the past
range-too-long = must be at most { $max } days after `from`
session-unknown = names no session of that office on that date
session-started = has already started
applicant-id-unknown = names none of your applicants
office-no-e-passport = { $office } has no e-passport books at the moment: choose a non-electronic passport or another office
office-e-passport-only = { $office } issues electronic passports only: choose an electronic passport or another office

## Walk-ins.

walk-in-not-eligible = the person is not eligible for priority service

## Headers.

field-required = is required
header-once = must be sent once
header-visible-ascii = must be 1 to { $max } visible ASCII characters

## Places, ranges and pages.

geo-not-finite = latitude and longitude must be finite numbers
geo-latitude = latitude must be between -90 and 90 degrees, not { $value }
geo-longitude = longitude must be between -180 and 180 degrees, not { $value }
geo-lng-with-lat = is required with `lat`
geo-lat-with-lng = is required with `lng`
range-days-too-many = is { $days } days from `from`: at most { $max } days are answered at once
field-out-of-range = is out of range

## Integrator clients and webhook subscriptions.

field-length = must be 1 to { $max } characters
scopes-empty = must name at least one scope
events-empty = must name at least one event type
url-not-absolute = is not an absolute URL ({ $reason })
url-https-here = must be https:// on this server
url-https = must be an https:// URL
url-credentials = must not hold a user name or password
url-fragment = must not hold a fragment (#...)
url-host = must name a host

## Handing over passports.

sixteen-digits = must be 16 digits
recipient-required = is required when `recipient` is `{ $kind }`
recipient-not-applicable = does not apply when `recipient` is `{ $kind }`
family-card-length = a family card number has exactly 16 digits, this has { $found } characters
family-card-non-digit = a family card number holds only the digits 0-9
family-card-zero-region = the region codes of a family card number (digits 1-6) cannot be 00

## Recipients.

recipient-not-holder = is not the holder's NIK: hand it over to a family member or a proxy
recipient-is-holder = is the holder's own NIK: hand it over to the holder

## Office settings.

field-between = must be from { $min } to { $max }
field-between-not = must be from 0 to { $max }, not { $value }
field-too-long-or-control = must be at most { $max } characters, without control characters
destinations-too-many = may hold at most { $max } codes, one a country
country-code-letters = must be two upper-case letters (ISO 3166-1 alpha-2, e.g. MY)

## Sessions, templates, release rules and payments settled by hand.

time-form = must be a local time HH:MM (00:00 to 23:59)
weekday-form = must be an ISO weekday number: 1 (Monday) to 7 (Sunday)
field-at-most = must be at most { $max }
release-rules-both = give `release_rule` (one rule) or `release_rules`, not both
day-of-month = must be a day of the month, 1 to { $max }
day-before-first = must not be before the first day ({ $first })
payment-application-required = is required to apply a payment
payment-refund-no-application = must be absent for a refund
application-id-unknown-here = names no application
rules-unknown = no validity rule set has the code { $code }

## Officers' decisions and walk-ins.

decision-reason-required = a { $outcome } decision needs a reason code, one of: { $codes }
decision-reason-unknown = { $code } is not a reason for a { $outcome } decision; one of: { $codes }
decision-reason-not-allowed = an approval takes no reason code
decision-hold-required = a postponement needs `hold_until`, the date its hold ends
decision-hold-not-allowed = only a postponement has a hold date; a { $outcome } decision takes none
decision-hold-not-after-today = a postponement's hold must end after today ({ $today })
decision-hold-too-long = a postponement holds at most { $years } years: the hold may end on { $latest } at the latest
approval-needs-both = an approval needs the biometrics (photo and fingerprints) captured and an interview recorded
approval-needs-biometrics = an approval needs the biometrics (photo and fingerprints) captured
approval-needs-interview = an approval needs an interview recorded
walk-in-replacement-required = a replacement after an examination needs the reason: lost or damaged
walk-in-replacement-not-expected = only a replacement_examination walk-in replaces a lost or damaged passport
walk-in-grounds-not-expected = priority grounds belong to a priority walk-in only

code-form-whatsapp = must be the 6 digits from the WhatsApp message

# Delivery by post and the courier's hand-over.
delivery-phone-form = must be a phone number: 8 to 15 digits, with an optional leading + and spaces or dashes
delivery-province-unknown = must be one of Indonesia's 38 provinces, written as in the list (e.g. DKI Jakarta, Jawa Barat)
delivery-postal-code-form = must be a postal code of 5 digits
tracking-number-form = must be a tracking number of 6 to 40 letters, digits or dashes
