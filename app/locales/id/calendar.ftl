# Nama hari dan bulan, dan cara menulis tanggal dan jam di pesan untuk pemohon.
# Jam ditulis dengan titik (08.00), seperti lazimnya dalam bahasa Indonesia.
# Setiap pesan di sini ada juga di ../en/calendar.ftl, dengan variabel yang sama.

weekday-1 = Senin
weekday-2 = Selasa
weekday-3 = Rabu
weekday-4 = Kamis
weekday-5 = Jumat
weekday-6 = Sabtu
weekday-7 = Minggu

month-1 = Januari
month-2 = Februari
month-3 = Maret
month-4 = April
month-5 = Mei
month-6 = Juni
month-7 = Juli
month-8 = Agustus
month-9 = September
month-10 = Oktober
month-11 = November
month-12 = Desember

# "Senin, 7 Desember 2026"
date-long = { $weekday }, { $day } { $month } { $year }
# "08.00"
time-of-day = { $hour }.{ $minute }
# "Senin, 7 Desember 2026 pukul 08.00 WIB"
date-time-long = { $date } pukul { $time } { $zone }
