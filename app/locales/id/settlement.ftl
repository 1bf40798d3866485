# Pembayaran yang sudah dilunasi kanal pembayaran tetapi pemberitahuannya terlambat atau tidak
# pernah datang (laporan settlement-nya): apa yang disampaikan kepada pemohon, dan mengapa
# impor laporan ditolak. Setiap pesan di sini juga ada di ../en/settlement.ftl, dengan
# variabel yang sama.

## Dibayar tepat waktu, pemberitahuannya tidak datang, dan kuotanya sudah diambil: dipindah.
# $billing_code: kode yang dibayar; $office: nama kantor; $previous: jadwal semula;
# $appointment: jadwal baru (tanggal dan jam menurut zona waktu kantor).
notice-paid-moved-subject = Pembayaran diterima: jadwal kedatangan Anda dipindah
notice-paid-moved-body =
    Pembayaran untuk kode billing { $billing_code } sudah kami terima dan dilakukan sebelum batas waktunya, tetapi kanal pembayaran melaporkannya terlambat dan kuota yang Anda pesan di { $office } pada { $previous } sudah diberikan kepada orang lain.

    Jadwal kedatangan Anda sekarang { $appointment }, jadwal kosong terdekat. Anda dapat memindahkannya satu kali melalui aplikasi.
notice-paid-moved-push-title = Pembayaran diterima, jadwal dipindah
notice-paid-moved-push-body = { $office }: sekarang { $appointment }.

## Dibayar tepat waktu, pemberitahuannya tidak datang, dan tidak ada kuota kosong terdekat.
# $billing_code, $office seperti di atas.
notice-paid-without-place-subject = Pembayaran diterima: pilih jadwal kedatangan baru
notice-paid-without-place-body =
    Pembayaran untuk kode billing { $billing_code } sudah kami terima dan dilakukan sebelum batas waktunya, tetapi kanal pembayaran melaporkannya terlambat dan tidak ada kuota kosong di { $office } di sekitar tanggal pesanan Anda.

    Permohonan Anda sudah lunas: pilih jadwal kedatangan baru melalui aplikasi. Anda tidak perlu membayar lagi.
notice-paid-without-place-push-title = Pembayaran diterima: pilih jadwal
notice-paid-without-place-push-body = Permohonan Anda sudah lunas; pilih jadwal kedatangan baru di aplikasi.

## Impor laporan settlement ditolak.
# $line: nomor baris (1 adalah header); $reason: apa yang salah.
settlement-report-malformed = Baris { $line } laporan settlement tidak sah: { $reason }. Tidak ada yang diimpor.
settlement-report-empty = Laporan settlement tidak berisi baris setelah header. Tidak ada yang diimpor.
settlement-report-not-utf8 = Laporan settlement bukan teks UTF-8. Tidak ada yang diimpor.
settlement-report-too-many-lines = Laporan settlement berisi lebih dari { $max } baris. Tidak ada yang diimpor.
# Alasan sebuah baris tidak sah.
settlement-reason-header = header harus persis billing_code,amount,ntpn,paid_at (boleh ditambah ,channel)
settlement-reason-columns = baris harus berisi { $count } kolom yang dipisahkan koma
settlement-reason-billing-code = billing_code harus 15 angka
settlement-reason-amount = amount harus bilangan bulat rupiah yang positif
settlement-reason-ntpn = ntpn harus 16 huruf kapital atau angka
settlement-reason-paid-at = paid_at harus waktu RFC 3339 beserta offset-nya
settlement-reason-channel = channel harus teks yang dapat dicetak, paling banyak 100 karakter
settlement-reason-duplicate = kode billing dan NTPN yang sama ada di baris sebelumnya

## Yang disebut jawaban 404.
thing-settlement_report = Laporan settlement

## Laporan settlement yang dikirim bukan sebagai CSV.
settlement-report-content-type = Laporan settlement dikirim sebagai CSV: Content-Type text/csv (atau application/octet-stream).
