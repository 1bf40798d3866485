# Bukti pembayaran permohonan paspor (JSON dan PDF): judul, label setiap baris, dan nama
# setiap rincian biaya. Istilah mengikuti Direktorat Jenderal Imigrasi.
# Setiap pesan di sini ada juga di ../en/receipt.ftl.

receipt-title = Bukti Pembayaran Permohonan Paspor
receipt-applicant = Nama pemohon
receipt-application = Nomor permohonan
receipt-payment = Pembayaran
receipt-billing-code = Kode billing
receipt-ntpn = NTPN
receipt-channel = Bank/kanal pembayaran
receipt-paid-at = Waktu pembayaran
receipt-not-given = (tidak tercantum)
receipt-items = Rincian biaya
receipt-total = Jumlah dibayar
receipt-appointment = Jadwal kedatangan
receipt-office = Kantor imigrasi
receipt-address = Alamat
receipt-time = Waktu
receipt-no-appointment = Permohonan ini tidak lagi memiliki jadwal kedatangan.
receipt-check-in = Kode check-in
receipt-check-in-hint = Tunjukkan kode QR ini kepada petugas saat Anda tiba di kantor imigrasi pada tanggal jadwal kedatangan. Kode hanya berlaku pada tanggal tersebut.
receipt-no-check-in = Kode QR check-in tersedia selama permohonan sudah dibayar dan menunggu jadwal kedatangan.
receipt-footer = Biaya yang sudah dibayarkan tidak dapat dikembalikan. Simpan bukti pembayaran ini.

## Rincian biaya (kode `code`).

receipt-item-passport_electronic = Paspor elektronik 48 halaman
receipt-item-passport_non_electronic = Paspor biasa (non-elektronik) 48 halaman
receipt-item-passport_electronic_5y = Paspor elektronik 48 halaman, masa berlaku 5 tahun
receipt-item-passport_electronic_10y = Paspor elektronik 48 halaman, masa berlaku 10 tahun
receipt-item-passport_non_electronic_5y = Paspor biasa (non-elektronik) 48 halaman, masa berlaku 5 tahun
receipt-item-passport_non_electronic_10y = Paspor biasa (non-elektronik) 48 halaman, masa berlaku 10 tahun
receipt-item-same_day = Layanan percepatan paspor (selesai pada hari yang sama)
receipt-item-lost_penalty = Penggantian paspor hilang
receipt-item-damaged_penalty = Penggantian paspor rusak
receipt-item-postal_delivery = Pengiriman paspor lewat pos (PT Pos Indonesia)
receipt-item-fee = Biaya permohonan paspor
