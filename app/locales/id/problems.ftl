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
