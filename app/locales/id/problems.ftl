# Kata-kata setiap problem yang dijawab API: judul menurut jenisnya, penolakan di tepi
# layanan, laporan serde tentang isi yang tidak terbaca, dan nama-nama hal. Setiap pesan di
# sini juga ada di ../en/problems.ftl, dengan variabel yang sama. `type`, `status` dan nama
# kolom di `errors` tidak berubah menurut bahasa: program membacanya.

## Judul, menurut bagian akhir URI jenis problem.

problem-title-validation = Permintaan tidak valid
problem-title-malformed-body = Isi permintaan tidak sesuai format
problem-title-unauthorized = Belum masuk
problem-title-forbidden = Tidak diizinkan
problem-title-not-found = Tidak ditemukan
problem-title-conflict = Bertentangan dengan keadaan saat ini
problem-title-proof-required = Bukti kerja diperlukan
problem-title-precondition-failed = Sudah berubah sejak dibaca
problem-title-precondition-required = If-Match diperlukan
problem-title-too-many-requests = Terlalu banyak permintaan
problem-title-method-not-allowed = Metode tidak diizinkan
problem-title-payload-too-large = Isi permintaan terlalu besar
problem-title-unsupported-media-type = Jenis media tidak didukung
problem-title-unprocessable = Permintaan ditolak oleh ketentuan
problem-title-internal = Kesalahan internal
problem-title-unavailable = Layanan tidak tersedia
problem-title-insufficient-storage = Penyimpanan penuh
problem-title-http = Kesalahan HTTP { $status }

## Keterangan problem bila tidak ada yang lebih tepat.

problem-detail-validation = Ada parameter atau kolom permintaan yang tidak valid.
problem-detail-malformed-body = Isi permintaan tidak sesuai bentuk yang diharapkan.
problem-detail-unauthorized = Silakan masuk, atau kirim token akses yang valid.
problem-detail-forbidden = Anda tidak diizinkan melakukan ini.
problem-detail-not-found = Tidak ada apa pun di alamat ini.
problem-detail-conflict = Permintaan ini bertentangan dengan keadaan data saat ini.
problem-detail-proof-required = Permintaan ini memerlukan bukti kerja.
problem-detail-precondition-failed = Data sudah berubah sejak dibaca: silakan baca ulang.
problem-detail-precondition-required = Perubahan ini memerlukan header If-Match.
problem-detail-too-many-requests = Terlalu banyak permintaan: tunggu sebentar, lalu coba lagi.
problem-detail-method-not-allowed = Metode ini tidak diizinkan di alamat ini.
problem-detail-payload-too-large = Isi permintaan melebihi batas yang diterima operasi ini.
problem-detail-unsupported-media-type = Jenis media isi permintaan tidak diterima di sini.
problem-detail-unprocessable = Permintaan ini ditolak oleh ketentuan layanan.
problem-detail-internal = server gagal menjawab; kejadian ini sudah dicatat
problem-detail-unavailable = Layanan sedang tidak tersedia; coba lagi sebentar lagi.
problem-detail-insufficient-storage = Penyimpanan dokumen penuh; coba lagi nanti.

## Penolakan untuk operasi apa pun.

problem-internal = server gagal menjawab; kejadian ini sudah dicatat
problem-database-down = layanan sedang tidak dapat menghubungi basis datanya; coba lagi sebentar lagi
problem-not-found = { $what } dengan id ini tidak ditemukan
problem-field = `{ $field }` { $reason }
problem-no-route = tidak ada sumber daya di { $path }
problem-method-not-allowed = metode { $method } tidak diizinkan pada { $path }; gunakan { $allowed }
problem-body-too-slow = isi permintaan tidak diterima dalam { $seconds } detik
problem-body-too-large = isi permintaan melebihi { $limit } bita
problem-json-not-object = isi permintaan harus berupa objek JSON, sesuai skema operasi
problem-json-content-type = isi permintaan harus berupa JSON: kirim Content-Type: application/json
problem-json-unreadable = isi permintaan bukan JSON yang valid: { $reason }
problem-json-shape = isi permintaan tidak sesuai skema operasi: { $reason }
problem-path-unreadable = ada bagian alamat yang tidak valid: { $reason }

## Laporan serde, diubah menjadi pesan; yang dikutip serde dibiarkan apa adanya.

parse-missing-field = kolom `{ $field }` belum diisi
parse-unknown-variant = `{ $value }` bukan salah satu nilai yang diizinkan: { $allowed }
parse-unknown-field = `{ $field }` bukan kolom permintaan ini (yang dikenal: { $allowed })
parse-wrong-type = jenis nilainya salah: { $found }, padahal seharusnya { $expected }
parse-wrong-value = nilainya tidak diizinkan: { $found }, padahal seharusnya { $expected }
parse-wrong-length = panjangnya salah: { $found }, padahal seharusnya { $expected }
parse-not-a-number = bukan angka yang valid
parse-json-syntax = tidak terbaca mulai baris { $line }, kolom { $column }

## Nama hal-hal, seperti dipakai dalam "… dengan id ini tidak ditemukan".

thing-account = Akun
thing-applicant = Pemohon
thing-application = Permohonan
thing-booking = Jadwal kedatangan
thing-delivery = Pengiriman
thing-device = Perangkat
thing-document = Dokumen
thing-holiday = Hari libur
thing-integrator_client = Klien integrator
thing-office = Kantor imigrasi
thing-passport = Paspor
thing-payment = Pembayaran
thing-screening = Pemeriksaan
thing-screening_policy_version = Versi kebijakan pemeriksaan
thing-session = Sesi
thing-waitlist_entry = Daftar tunggu
thing-walk_in_only_day = Hari layanan walk-in saja
thing-webhook_subscription = Langganan webhook

## Akun, masuk dan kredensial.

account-bad-credentials = email atau kata sandi salah
account-unverified = alamat email akun ini belum diverifikasi: masukkan kode yang kami kirim lewat email (POST /v1/auth/verify-email) atau minta kode baru (POST /v1/auth/resend-code)
account-sign-in-throttled = terlalu banyak percobaan masuk yang gagal dari alamat Anda: coba lagi setelah { $until }
account-checks-busy = saat ini terlalu banyak proses masuk dan penggantian kata sandi yang sedang diperiksa: coba lagi dalam { $seconds } detik
account-bad-code = `code` salah, kedaluwarsa atau sudah terpakai; minta kode baru
account-bad-refresh-token = refresh token tidak valid (kedaluwarsa, dicabut atau sudah terpakai): silakan masuk kembali
account-closed = akun ini sudah ditutup
account-closed-already = akun ini memang sudah ditutup
account-password-changed-meanwhile = kata sandi baru saja diganti oleh permintaan lain: silakan masuk kembali dengan kata sandi yang baru
account-application-in-progress = akun ini masih memiliki permohonan yang sedang berjalan: hapus drafnya dan batalkan jadwal kedatangannya terlebih dahulu, atau tunggu sampai paspor diambil
account-email-taken = akun dengan email { $email } sudah ada
auth-session-ended = sesi ini sudah berakhir (sudah keluar, atau akun berubah): silakan masuk kembali
auth-token-needed = permintaan ini memerlukan token akses: kirim `Authorization: Bearer <token>`
auth-bearer-form = header Authorization harus berbentuk `Bearer <token>`
auth-token-expired = token akses sudah kedaluwarsa: perbarui token Anda
auth-token-invalid = token akses tidak valid
auth-sign-in-rate = terlalu banyak permintaan masuk dari alamat Anda; coba lagi dalam { $seconds } detik
auth-role-needed = ini memerlukan peran { $roles }; Anda masuk sebagai { $role }
auth-integrator-no-account = klien integrator tidak memiliki akun: rute ini untuk akun yang sudah masuk
auth-scope-needed = ini memerlukan cakupan { $scope }; token ini memiliki { $scopes }
auth-integrator-scope-needed = ini memerlukan token integrator dengan cakupan { $scope }; Anda masuk sebagai { $role }
signature-malformed = header Paspor-Signature tidak ada atau formatnya salah (seharusnya t=<detik unix>,v1=<hex>)
signature-stale = waktu tanda tangan berselisih lebih dari 5 menit dari sekarang
signature-mismatch = tanda tangan tidak cocok dengan isi permintaan

## Pemohon.

applicant-limit = akun ini sudah memiliki { $max } pemohon, jumlah terbanyak untuk satu akun: hapus salah satu untuk menambah yang lain
applicant-duplicate-nik = akun ini sudah memiliki pemohon dengan NIK ini
applicant-has-applications = pemohon ini sudah memiliki permohonan, sehingga tidak dapat dihapus
applicant-nik-in-use = pemohon ini sudah memiliki permohonan yang memuat NIK-nya: NIK tidak dapat diubah
applicant-account-closed = akun ini sudah ditutup: tidak ada lagi yang dapat ditambahkan

## Status permohonan, sebagaimana dibaca orang.

status-draft = masih berupa draf
status-awaiting_payment = menunggu pembayaran
status-paid = sudah dibayar
status-expired = kedaluwarsa
status-cancelled = dibatalkan
status-checked_in = sudah check-in
status-awaiting_documents = menunggu kelengkapan dokumen
status-in_review = sedang diperiksa
status-postponed = ditunda
status-refused = ditolak
status-approved = disetujui
status-issued = sudah diterbitkan
status-ready = siap diambil
status-collected = sudah diambil
status-uncollected_cancelled = dibatalkan karena tidak diambil

## Permohonan, jadwal kedatangan dan daftar tunggu.

reschedule-not-paid = hanya permohonan yang sudah dibayar yang dapat dijadwalkan ulang; permohonan ini { $status }
reschedule-once = jadwal kedatangan sebuah permohonan hanya dapat diubah satu kali
reschedule-too-late = jadwal kedatangan dapat diubah paling lambat sehari sebelumnya (jadwal kedatangan pada { $date })
cancel-not-cancellable = permohonan yang { $status } tidak dapat dibatalkan lagi
cancel-appointment-passed = permohonan hanya dapat dibatalkan sebelum jadwal kedatangannya (jadwal kedatangan pada { $date })
limit-cooling-down = jadwal kedatangan orang ini sudah { $count } kali hangus atau dibatalkan dalam { $days } hari: ia dapat memesan lagi mulai { $until }
limit-holds = akun ini sudah memegang { $limit } kuota yang menunggu pembayaran: bayar atau batalkan salah satunya dulu (yang pertama hangus pada { $until })
limit-release-allowance = akun ini sudah memesan { $limit } kali dari kuota yang dibuka ini, batas terbanyak untuk satu akun
application-person-has-active = orang ini sudah memiliki permohonan aktif ({ $id }); satu orang hanya boleh memiliki satu permohonan aktif: lanjutkan atau batalkan permohonan tersebut
application-person-has-active-elsewhere = orang ini sudah memiliki permohonan aktif yang dibuat dari akun lain; satu orang hanya boleh memiliki satu permohonan aktif
application-needs-office = paspor yang hilang atau rusak hanya dapat diganti di kantor imigrasi setelah pemeriksaan (BAP): datanglah ke kantor imigrasi tanpa memesan jadwal kedatangan di aplikasi
application-not-a-draft = permohonan ini bukan draf lagi: tidak dapat diubah atau dihapus
session-kind-full = kuota { $kind } pada sesi ini sudah penuh (kantor membatasi setiap jenis paspor): pilih sesi lain atau masuk daftar tunggu
session-full = kuota pada sesi ini sudah penuh: pilih sesi lain atau masuk daftar tunggu
session-not-released = kuota sesi ini belum dibuka: dapat dipesan mulai { $at }
session-closed = sesi ini ditutup: kantor menetapkan hari itu sebagai hari libur
session-walk-in-only = pada hari ini kantor hanya melayani pemohon langsung (walk-in): sesi tidak dapat dipesan lewat aplikasi; pilih hari lain, atau datang ke kantor dan daftar sebagai walk-in
booking-already-held = permohonan ini sudah memegang kuota: muat ulang permohonan
booking-offer-gone = kuota yang ditawarkan dari daftar tunggu baru saja hangus; silakan pesan lagi
booking-not-held = permohonan ini tidak lagi memegang jadwal kedatangan tersebut: muat ulang permohonan
booking-only-draft = hanya draf yang dapat dipesankan jadwal kedatangan; permohonan ini berstatus { $status }
booking-account-closed = akun ini sudah ditutup: tidak dapat memesan jadwal kedatangan lagi
draft-account-closed = akun ini sudah ditutup: tidak dapat membuat permohonan lagi
draft-postponed-until = permohonan sebelumnya dari orang ini ditunda: permohonan baru belum dapat dibuat sampai { $until }
reschedule-only-paid = hanya permohonan yang sudah dibayar yang dapat dijadwalkan ulang; permohonan ini berstatus { $status }
waitlist-only-draft = hanya draf yang dapat masuk daftar tunggu; permohonan ini berstatus { $status }
check-in-code-not-yet = kode check-in hanya ditampilkan untuk permohonan yang sudah dibayar dan memiliki jadwal kedatangan; permohonan ini berstatus { $status }

## Jenis paspor, sebagaimana dibaca orang.

passport-kind-electronic = paspor elektronik
passport-kind-non_electronic = paspor biasa

## Pemohon yang datang langsung (walk-in) ke kantor.

walk-in-session-not-today = sesi { $id } bukan sesi kantor ini pada hari ini ({ $date })
walk-in-session-over = sesi { $id } ({ $starts }-{ $ends }) sudah berakhir
walk-in-no-place-today = kuota { $channel } hari ini sudah habis: pemohon dapat memesan jadwal kedatangan di aplikasi, atau datang di hari lain
walk-in-session-full = kuota { $channel } pada sesi ini sudah penuh: pilih sesi lain hari ini, atau kosongkan session_id untuk mengambil sesi pertama yang masih ada tempat
walk-in-person-has-active = orang ini (NIK) sudah memiliki permohonan aktif; satu orang hanya boleh memiliki satu permohonan aktif: permohonan itu harus selesai, dibatalkan, atau kedaluwarsa lebih dulu

## Dokumen.

document-none-of-kind = permohonan ini belum memiliki dokumen { $kind }
document-type = dokumen harus berupa berkas JPEG, PNG atau PDF (dikenali dari isinya, apa pun Content-Type-nya) dengan ukuran paling besar { $max } bita
document-closed = dokumen dapat diunggah sampai jadwal kedatangan (draf, menunggu pembayaran atau sudah dibayar), atau selama kantor imigrasi menunggu dokumen yang kurang; permohonan ini { $status }
document-store-full = penyimpanan dokumen penuh: tidak ada dokumen yang dicatat atau diubah; coba lagi nanti
document-store-down = penyimpanan dokumen sedang tidak dapat digunakan: tidak ada dokumen yang dicatat atau diubah; coba lagi sebentar lagi
document-too-large = ukuran dokumen paling besar { $max } bita (5 MiB)

## Tindakan petugas atau layanan terhadap permohonan, seperti dalam "tidak dapat … permohonan yang …".

transition-refused = tidak dapat { $action } permohonan yang { $status } (statusnya `{ $code }`)
event-submit = mengajukan
event-payment_received = mencatat pembayaran untuk
event-payment_deadline_passed = menghanguskan karena tidak dibayar
event-reschedule = menjadwalkan ulang
event-cancel = membatalkan
event-check_in = melakukan check-in
event-documents_missing = meminta dokumen yang kurang untuk
event-documents_complete = menyatakan lengkap dokumen
event-documents_deadline_passed = menolak karena dokumen tidak lengkap
event-approve = menyetujui
event-postpone = menunda
event-refuse = menolak
event-issue = menerbitkan paspor untuk
event-mark_ready = menandai siap diambil
event-hand_over = menyerahkan paspor untuk
event-collection_deadline_passed = membatalkan karena tidak diambil

## Pekerjaan kantor: check-in dan pemeriksaan.

office-application-not-found = permohonan dengan id ini tidak ada di kantor Anda
office-not-in-review = { $action } memerlukan permohonan yang sedang diperiksa (dokumen lengkap); permohonan ini { $status } (status { $code })
office-application-moved = permohonan berubah saat permintaan ini diproses: muat ulang permohonan
check-in-code-invalid = kode check-in ini tidak valid: bukan diterbitkan oleh layanan ini, atau sudah diubah
check-in-code-other-office = kode check-in ini untuk jadwal kedatangan di kantor imigrasi lain ({ $office }), bukan kantor Anda
check-in-code-other-day = kode check-in ini untuk hari lain: hanya berlaku pada { $date }

## Idempotency-Key.

idempotency-key-missing = permintaan ini memerlukan header Idempotency-Key
idempotency-key-reused = Idempotency-Key ini sudah dipakai untuk permintaan lain (metode, alamat atau isi berbeda); gunakan kunci baru untuk permintaan baru
idempotency-key-in-flight = permintaan dengan Idempotency-Key ini masih diproses; coba lagi sebentar lagi

## Perubahan bersyarat dan bukti kerja.

if-match-required = kirim If-Match berisi ETag versi yang Anda baca (saat ini { $current }), agar perubahan yang dibuat sementara itu tidak tertimpa
if-match-stale = data sudah berubah sejak Anda membacanya: ETag versi saat ini { $current }; baca ulang lalu lakukan perubahan pada versi tersebut
proof-missing = pemesanan jadwal kedatangan ini memerlukan bukti kerja: selesaikan tantangan dari GET /v1/applications/{"{"}id{"}"}/booking-challenge lalu kirim `Paspor-Proof: <challenge>:<nonce>`
proof-bad-challenge = tantangan pada bukti ini bukan yang diterbitkan untuk draf ini, atau sudah kedaluwarsa: minta tantangan baru
proof-unsolved = nonce pada bukti ini tidak menyelesaikan tantangan

## Daftar, pemegang paspor, masa berlaku, rincian biaya dan penawaran.

list-or = { $rest } atau { $last }
list-none = tidak ada
holder-adult = orang dewasa
holder-married = pemohon yang sudah menikah
holder-minor = anak di bawah umur
holder-dual_citizen_child = anak berkewarganegaraan ganda
validity-term-not-allowed = masa berlaku paspor untuk { $holder } adalah { $allowed } tahun, bukan { $years }
validity-issue-before-birth = tanggal terbit { $issue } lebih awal dari tanggal lahir { $birth }
validity-dual-citizen-over = anak berkewarganegaraan ganda harus sudah memilih kewarganegaraan paling lambat pada ulang tahun tanggal { $birthday }; tanggal terbit { $issue } jatuh pada atau setelah tanggal itu
validity-no-rules = tidak ada ketentuan masa berlaku yang berlaku pada { $on }
quote-validity-required = tarif ini menetapkan harga paspor menurut masa berlaku: sebutkan masa berlaku dalam tahun
quote-unsupported-validity = tarif ini menetapkan harga paspor dengan masa berlaku 5 atau 10 tahun, bukan { $years }
quote-missing-price = tarif ini tidak memuat harga untuk { $item }
quote-overflow = jumlah total tidak muat dalam nilai rupiah
offer-kind-not-offered = kantor imigrasi ini tidak melayani { $kind }
offer-term-not-a-choice = masa berlaku tidak dapat dipilih menurut tarif yang berlaku (tarif tidak membedakan harga menurut masa berlaku): paspor berlaku { $terms } tahun
offer-no-schedule = tidak ada tarif yang berlaku pada { $on }
offer-quote = tarif { $schedule }: { $reason }
quote-needs-birth-date = wajib diisi untuk menghitung biaya anak berkewarganegaraan ganda atau anak di bawah umur yang sudah menikah
application-cannot-be-priced = biaya permohonan ini tidak dapat dihitung: { $reason }

## Klien integrator dan langganan webhook.

integrator-name-taken = sudah ada klien integrator aktif bernama { $name }
integrator-revoked-meanwhile = klien ini baru saja dicabut
webhook-url-subscribed = klien ini sudah memiliki langganan { $id } ke URL ini: hapus dulu untuk berlangganan lagi
webhook-too-many = satu klien paling banyak memiliki { $max } langganan: hapus salah satunya dulu
webhook-url-subscribed-meanwhile = klien ini sudah memiliki langganan ke URL ini
webhook-delivery-in-flight = pengiriman ini sedang berlangsung; kirim ulang setelah percobaannya tercatat

## Penerbitan dan penyerahan paspor.

issuance-ready-date = tanggal siap diambil tidak dapat dihitung: { $reason }; periksa daftar hari libur kantor
issuance-no-rules = tidak ada ketentuan masa berlaku yang berlaku pada { $on }: admin sistem perlu mengaktifkan salah satunya
issuance-no-e-passport-books = { $office } sedang tidak memiliki blangko paspor elektronik: paspor elektronik belum dapat dicetak sampai blangko tersedia
issuance-changed-meanwhile = permohonan berubah saat paspornya sedang diterbitkan; coba lagi

## JSON yang bersarang terlalu dalam.

parse-json-too-deep = kedalaman susunannya melewati batas rekursi 128 tingkat

## Pengaturan kantor, sesi, hari libur, pembayaran yang diselesaikan manual, tarif dan ketentuan masa berlaku.

holiday-places-booked = { $places } kuota sudah dipesan pada { $date } (sudah dibayar, menunggu pembayaran atau ditawarkan dari daftar tunggu): jadwal kedatangan tersebut harus dipindahkan atau dibatalkan sebelum hari itu dapat dijadikan hari libur
walk-in-only-holiday = { $date } adalah hari libur kantor ({ $name }): kantor tutup, bukan hanya melayani walk-in
holiday-already = { $date } sudah menjadi hari libur kantor{ $name }
office-hours-exclude-sessions = sebagian sesi mingguan kantor berada di luar jam layanan ini: admin kantor perlu mengganti templat sesinya terlebih dahulu
payment-not-unmatched = hanya pembayaran yang belum cocok yang dapat diselesaikan secara manual; pembayaran ini berstatus { $status }
payment-settled-meanwhile = pembayaran ini baru saja diselesaikan oleh permintaan lain
payment-hold-lapsed = batas waktu 2 jam permohonan ini sudah lewat dan kuotanya sudah dilepas: kembalikan pembayarannya (pemohon memesan ulang)
session-holiday = sesi ini ditutup: { $date } adalah hari libur kantor (hapus hari libur itu terlebih dahulu)
session-capacity-below-held = { $reason }; jadwal kedatangan yang sudah dipesan tidak pernah dihapus karena perubahan kapasitas, sehingga kapasitas paling kecil saat ini { $held }
session-kind-limit-below-held = batas { $kind } tidak dapat diturunkan menjadi { $limit }: sesi ini sudah memegang { $held } pemesanan dari aplikasi, dan pemesanan tidak pernah dihapus karena perubahan batas
tariff-unknown = tidak ada tarif dengan kode { $code }
tariff-none-named = sebutkan paling sedikit satu tarif untuk diaktifkan: tanpa tarif, biaya tidak dapat dihitung
tariff-none-in-force = tidak ada satu pun dari { $codes } yang berlaku hari ini ({ $today }): aktifkan tarif yang berlaku, atau penghitungan biaya dan pemesanan akan gagal
rules-code-taken = ketentuan masa berlaku dengan kode { $code } sudah ada: ketentuan tidak diubah, tambahkan ketentuan dengan kode lain
rules-none-named = sebutkan paling sedikit satu ketentuan masa berlaku untuk diaktifkan: tanpa ketentuan, masa berlaku paspor tidak dapat ditentukan
rules-none-in-force = tidak ada satu pun dari { $codes } yang berlaku hari ini ({ $today }): aktifkan ketentuan yang berlaku, atau masa berlaku paspor tidak dapat ditentukan

account-no-phone = akun ini belum memiliki nomor telepon: isi terlebih dahulu (PATCH /v1/me)
account-phone-verified-already = nomor telepon ini sudah diverifikasi
receipt-unpaid = permohonan ini berstatus { $status }: bukti pembayaran diberikan setelah pembayarannya diterima
