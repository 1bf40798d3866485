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
