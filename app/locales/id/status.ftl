# Pelacakan permohonan tanpa masuk akun, status layanan, dan memulai kembali dari
# permohonan yang kedaluwarsa atau dibatalkan. Setiap pesan di sini juga ada di
# ../en/status.ftl, dengan variabel yang sama.

## Langkah berikutnya, menurut kode status permohonan.

tracking-next-draft = Lengkapi permohonan di aplikasi, pilih tanggal, lalu ambil jadwal kedatangan.
tracking-next-awaiting_payment = Bayar PNBP dengan kode billing sebelum batas waktu pembayaran yang tertera di aplikasi, agar kuota tidak dilepas.
tracking-next-paid = Datang ke kantor imigrasi sesuai jadwal kedatangan dengan membawa dokumen asli.
tracking-next-expired = Pembayaran tidak dilakukan tepat waktu. Mulai kembali permohonan di aplikasi untuk memilih jadwal baru.
tracking-next-cancelled = Permohonan telah dibatalkan. Mulai kembali di aplikasi bila Anda masih memerlukan paspor.
tracking-next-checked_in = Petugas sedang memeriksa dokumen Anda; ikuti arahan petugas.
tracking-next-awaiting_documents = Serahkan dokumen yang kurang ke kantor imigrasi dalam 30 hari.
tracking-next-in_review = Foto, sidik jari, dan wawancara Anda sedang diperiksa. Tunggu keputusan.
tracking-next-postponed = Permohonan ditunda. Hubungi kantor imigrasi untuk keterangan lebih lanjut.
tracking-next-refused = Permohonan ditolak. Hubungi kantor imigrasi untuk keterangan lebih lanjut.
tracking-next-approved = Permohonan disetujui. Paspor sedang dicetak.
tracking-next-issued = Paspor sudah dicetak. Tunggu hingga paspor siap diambil.
tracking-next-ready = Ambil paspor di kantor imigrasi dalam 30 hari dengan membawa tanda terima.
tracking-next-collected = Paspor sudah diambil. Tidak ada langkah lain.
tracking-next-uncollected_cancelled = Paspor tidak diambil dalam 30 hari. Hubungi kantor imigrasi.

## Penolakan.

tracking-not-found = tidak ada permohonan dengan nomor dan tanggal lahir ini
tracking-rate-address = terlalu banyak permintaan pelacakan dari alamat ini: coba lagi dalam { $seconds } detik
tracking-rate-number = terlalu banyak permintaan pelacakan untuk nomor permohonan ini: coba lagi dalam { $seconds } detik
status-message-too-long = paling banyak { $max } karakter
tracking-number-length = harus terdiri atas 1 sampai { $max } karakter
restart-not-ended = hanya permohonan yang kedaluwarsa atau dibatalkan yang dapat dimulai kembali; permohonan ini { $status }
restart-already = permohonan ini sudah dimulai kembali sebagai permohonan { $id }
restart-applicant-gone = pemohon pada permohonan ini tidak lagi terdaftar di akun ini: tambahkan kembali pemohon lalu buat permohonan baru

# Pengiriman lewat pos: $status adalah status permohonan; $office nama kantor.
delivery-not-now = pengiriman lewat pos dipilih sejak pemesanan sampai paspor diserahkan; permohonan ini { $status }
delivery-office-does-not = { $office } tidak mengirim paspor lewat pos: ambil paspor Anda di kantor
delivery-fee-paid = biaya pengiriman sudah dibayar bersama permohonan: paspor akan dikirim lewat pos
delivery-not-priced = tarif yang berlaku tidak memuat biaya pengiriman: pengiriman lewat pos belum dapat dipilih
dispatch-not-chosen = pemohon tidak memilih pengiriman lewat pos: serahkan paspor di loket
