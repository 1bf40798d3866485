# Names of days and months, and how dates and times are written in messages to applicants.
# Every message here is also in ../id/calendar.ftl, with the same variables.

weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

# "Monday, 7 December 2026"
date-long = { $weekday }, { $day } { $month } { $year }
# "08:00"
time-of-day = { $hour }:{ $minute }
# "Monday, 7 December 2026 at 08:00 WIB"
date-time-long = { $date } at { $time } { $zone }
