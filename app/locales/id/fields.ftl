# Alasan sebuah kolom permintaan ditolak: `message` setiap entri `errors` sebuah problem,
# dibaca setelah nama kolomnya. Setiap pesan di sini juga ada di ../en/fields.ftl, dengan
# variabel yang sama.

## Kolom apa pun.

field-empty = wajib diisi
field-too-long = paling banyak { $max } karakter
field-too-short = paling sedikit { $min } karakter
field-control-characters = tidak boleh berisi karakter kontrol
field-parameter-control-characters = tidak boleh berisi karakter kontrol (U+0000 sampai U+001F, U+007F sampai U+009F)
field-json-control-characters = tidak boleh berisi karakter kontrol (U+0000 sampai U+001F, U+007F sampai U+009F) selain tab, ganti baris dan carriage return
field-in-future = tidak boleh tanggal yang akan datang

## Alamat email, kata sandi, nomor telepon dan kode.

email-not-an-address = harus berupa alamat email seperti nama@contoh.com
email-local-part-too-long = bagian sebelum @ paling banyak { $max } karakter
email-local-part-character = bagian sebelum @ hanya boleh berisi huruf tanpa aksen, angka dan tanda baca, tanpa spasi
email-local-part-dots = bagian sebelum @ tidak boleh diawali atau diakhiri titik, atau memuat dua titik berturut-turut
email-domain = bagian setelah @ harus berupa nama domain seperti contoh.com
password-common = termasuk kata sandi yang paling umum dipakai; pilih yang lain
password-wrong = salah
phone-character = hanya boleh berisi angka, tanda + di depan, serta spasi, tanda hubung, titik atau tanda kurung di antaranya
phone-foreign = harus nomor Indonesia (+62); nomor negara lain tidak diterima
phone-prefix = harus diawali 0 atau +62, misalnya 0812 3456 7890
phone-leading-digit = angka setelah 0 atau +62 harus diawali angka 2 sampai 9 (tulis +62 812..., bukan +62 0812...)
phone-length = harus 8 sampai 12 digit setelah 0 atau +62, yang dikirim { $found } digit
code-form = harus berupa 6 digit kode dari email
code-wrong = salah, kedaluwarsa atau sudah terpakai
code-resend-wait = kode baru saja dikirim; minta lagi dalam { $seconds } detik
refresh-token-form = harus 1 sampai { $max } karakter

## NIK (Nomor Induk Kependudukan) dan pemohon.

nik-length = NIK harus 16 digit angka, yang dikirim { $found } karakter
nik-non-digit = NIK hanya boleh berisi angka 0-9 (tanpa spasi, huruf atau tanda baca)
nik-zero-region = kode provinsi, kabupaten/kota dan kecamatan pada NIK (digit 1-6) tidak boleh 00
nik-zero-serial = nomor urut NIK (4 digit terakhir) tidak boleh 0000
nik-birth-date = digit 7-12 NIK harus tanggal lahir yang benar (DDMMYY), tanggal ditambah 40 untuk perempuan (01-31 atau 41-71)
passport-number-form = harus 1 sampai { $max } huruf kapital dan angka, sesuai yang tercetak di paspor
guardian-required = wajib diisi untuk pemohon di bawah 17 tahun: NIK orang tua atau wali
guardian-not-self = harus NIK orang lain, bukan NIK pemohon sendiri

## Akun petugas.

office-id-unknown = tidak merujuk ke kantor imigrasi mana pun
staff-disable-self = admin sistem tidak dapat menonaktifkan akunnya sendiri
staff-office-for-system-admin = tidak boleh diisi untuk admin sistem
staff-role = harus peran petugas: officer, office_admin atau system_admin
staff-office-required = wajib diisi untuk petugas dan admin kantor

## Permohonan, jadwal kedatangan dan daftar tunggu.

kind-reason-required = permohonan penggantian memerlukan alasan
kind-reason-not-allowed = permohonan baru tidak memerlukan alasan penggantian (yang dikirim: { $reason })
country-code-form = kode negara terdiri dari dua huruf kapital (ISO 3166-1 alpha-2, misalnya MY), bukan { $value }
field-range = harus antara 1 sampai { $max }
replacement-at-office = paspor hilang dan rusak diurus langsung di kantor imigrasi
session-already-booked = adalah sesi yang sudah dipesan
range-to-before-from = tidak boleh sebelum `from`
field-in-past = tidak boleh tanggal yang sudah lewat
range-too-long = paling lama { $max } hari setelah `from`
session-unknown = tidak merujuk ke sesi mana pun di kantor itu pada tanggal tersebut
session-started = sudah dimulai
applicant-id-unknown = tidak merujuk ke pemohon mana pun milik Anda
office-no-e-passport = { $office } sedang tidak memiliki blangko paspor elektronik: pilih paspor biasa atau kantor imigrasi lain
office-e-passport-only = { $office } hanya menerbitkan paspor elektronik: pilih paspor elektronik atau kantor imigrasi lain

## Walk-in.

walk-in-not-eligible = pemohon tidak memenuhi syarat layanan prioritas

## Header.

field-required = wajib diisi
header-once = hanya boleh dikirim satu kali
header-visible-ascii = harus 1 sampai { $max } karakter ASCII yang terlihat

## Lokasi, rentang dan halaman.

geo-not-finite = lintang dan bujur harus berupa angka terhingga
geo-latitude = lintang harus antara -90 dan 90 derajat, bukan { $value }
geo-longitude = bujur harus antara -180 dan 180 derajat, bukan { $value }
geo-lng-with-lat = wajib diisi bersama `lat`
geo-lat-with-lng = wajib diisi bersama `lng`
range-days-too-many = berjarak { $days } hari dari `from`: paling banyak { $max } hari dijawab sekaligus
field-out-of-range = di luar rentang yang diizinkan

## Klien integrator dan langganan webhook.

field-length = harus 1 sampai { $max } karakter
scopes-empty = harus menyebut paling sedikit satu cakupan
events-empty = harus menyebut paling sedikit satu jenis peristiwa
url-not-absolute = bukan URL absolut ({ $reason })
url-https-here = harus https:// di server ini
url-https = harus berupa URL https://
url-credentials = tidak boleh memuat nama pengguna atau kata sandi
url-fragment = tidak boleh memuat fragmen (#...)
url-host = harus menyebut nama host

## Penyerahan paspor.

sixteen-digits = harus 16 digit
recipient-required = wajib diisi bila `recipient` adalah `{ $kind }`
recipient-not-applicable = tidak berlaku bila `recipient` adalah `{ $kind }`
family-card-length = nomor Kartu Keluarga harus 16 digit angka, yang dikirim { $found } karakter
family-card-non-digit = nomor Kartu Keluarga hanya boleh berisi angka 0-9
family-card-zero-region = kode wilayah nomor Kartu Keluarga (digit 1-6) tidak boleh 00

## Penerima paspor.

recipient-not-holder = bukan NIK pemilik paspor: serahkan kepada anggota keluarga atau kuasa
recipient-is-holder = adalah NIK pemilik paspor sendiri: serahkan kepada pemilik paspor

## Pengaturan kantor.

field-between = harus antara { $min } sampai { $max }
field-between-not = harus antara 0 sampai { $max }, bukan { $value }
field-too-long-or-control = paling banyak { $max } karakter, tanpa karakter kontrol
destinations-too-many = paling banyak { $max } kode, satu untuk setiap negara
country-code-letters = harus dua huruf kapital (ISO 3166-1 alpha-2, misalnya MY)

## Sesi, templat, aturan pembukaan kuota dan pembayaran yang diselesaikan manual.

time-form = harus jam setempat HH:MM (00:00 sampai 23:59)
weekday-form = harus nomor hari ISO: 1 (Senin) sampai 7 (Minggu)
field-at-most = paling banyak { $max }
release-rules-both = isi `release_rule` (satu aturan) atau `release_rules`, jangan keduanya
day-of-month = harus tanggal dalam bulan, 1 sampai { $max }
day-before-first = tidak boleh sebelum tanggal pertama ({ $first })
payment-application-required = wajib diisi untuk membukukan pembayaran
payment-refund-no-application = tidak boleh diisi untuk pengembalian dana
application-id-unknown-here = tidak merujuk ke permohonan mana pun
rules-unknown = tidak ada ketentuan masa berlaku dengan kode { $code }

## Keputusan petugas dan walk-in.

decision-reason-required = keputusan { $outcome } memerlukan kode alasan, salah satu dari: { $codes }
decision-reason-unknown = { $code } bukan alasan untuk keputusan { $outcome }; pilih salah satu dari: { $codes }
decision-reason-not-allowed = persetujuan tidak memerlukan kode alasan
decision-hold-required = penundaan memerlukan `hold_until`, tanggal berakhirnya penundaan
decision-hold-not-allowed = hanya penundaan yang memiliki tanggal penundaan; keputusan { $outcome } tidak memerlukannya
decision-hold-not-after-today = penundaan harus berakhir setelah hari ini ({ $today })
decision-hold-too-long = penundaan paling lama { $years } tahun: penundaan paling lambat berakhir pada { $latest }
approval-needs-both = persetujuan memerlukan biometrik (foto dan sidik jari) yang sudah diambil dan wawancara yang sudah dicatat
approval-needs-biometrics = persetujuan memerlukan biometrik (foto dan sidik jari) yang sudah diambil
approval-needs-interview = persetujuan memerlukan wawancara yang sudah dicatat
walk-in-replacement-required = penggantian setelah pemeriksaan memerlukan alasan: hilang atau rusak
walk-in-replacement-not-expected = hanya walk-in replacement_examination yang mengganti paspor hilang atau rusak
walk-in-grounds-not-expected = alasan prioritas hanya untuk walk-in prioritas

code-form-whatsapp = harus berupa 6 digit kode dari pesan WhatsApp

# Pengiriman lewat pos dan penyerahan ke kurir.
delivery-phone-form = harus nomor telepon: 8 sampai 15 digit, boleh diawali + dan memakai spasi atau tanda hubung
delivery-province-unknown = harus salah satu dari 38 provinsi Indonesia, ditulis seperti dalam daftar (mis. DKI Jakarta, Jawa Barat)
delivery-postal-code-form = harus kode pos 5 digit
tracking-number-form = harus nomor resi 6 sampai 40 huruf, angka atau tanda hubung
