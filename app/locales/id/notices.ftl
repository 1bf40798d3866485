# Pemberitahuan kepada pemohon setiap kali permohonannya bergerak: email (subjek dan isi)
# dan notifikasi push (judul dan satu baris yang bisa tampil di layar kunci: tidak pernah
# memuat kode billing). Tanggal dan jam sudah ditulis oleh pemanggil dalam zona waktu
# kantor imigrasi dengan labelnya (WIB, WITA, WIT). Setiap pesan di sini ada juga di
# ../en/notices.ftl, dengan variabel yang sama.

## Jadwal kedatangan dipesan: bayar sebelum batas waktu.
# $office: nama kantor; $appointment: tanggal dan jam mulai sesi; $amount: biaya;
# $billing_code: kode billing 15 digit; $deadline: batas waktu pembayaran.
notice-booked-subject = Jadwal kedatangan Anda sudah dipesan: bayar dalam 2 jam
notice-booked-body =
    Jadwal kedatangan Anda di { $office } pada { $appointment } sudah kami pesankan.

    Silakan bayar { $amount } dengan kode billing { $billing_code } sebelum { $deadline }. Jika belum dibayar sampai batas waktu tersebut, pemesanan batal dan kuotanya diberikan kepada pemohon lain.
notice-booked-push-title = Jadwal kedatangan dipesan
notice-booked-push-body = { $office }, { $appointment }: bayar { $amount } dalam 2 jam agar jadwal tidak batal.

## Pembayaran diterima.
# $billing_code: kode billing yang dibayar.
notice-paid-subject = Pembayaran diterima
notice-paid-body = Pembayaran untuk kode billing { $billing_code } sudah kami terima. Jadwal kedatangan Anda terkonfirmasi; kode check-in tampil di aplikasi pada hari kedatangan.
notice-paid-push-title = Pembayaran diterima
notice-paid-push-body = Jadwal kedatangan Anda terkonfirmasi; tunjukkan kode check-in di kantor imigrasi.

## Pemesanan kedaluwarsa karena belum dibayar.
# $billing_code: kode billing yang tidak dibayar.
notice-expired-subject = Pemesanan Anda kedaluwarsa
notice-expired-body = Kode billing { $billing_code } tidak dibayar dalam 2 jam, sehingga pemesanan kedaluwarsa dan kuotanya dikembalikan. Anda dapat mengajukan permohonan baru.
notice-expired-push-title = Pemesanan kedaluwarsa
notice-expired-push-body = Pemesanan tidak dibayar dalam 2 jam dan kuotanya dilepas.

## Ada kuota kosong yang ditawarkan dari daftar tunggu.
# $office, $appointment seperti di atas; $until: batas waktu tawaran.
notice-offered-subject = Ada kuota kosong untuk jadwal kedatangan Anda
notice-offered-body = Ada kuota kosong di { $office } pada { $appointment }. Kuota ini kami tahan untuk Anda sampai { $until }: pesan melalui aplikasi sebelum itu, atau kuota diberikan kepada antrean berikutnya.
notice-offered-push-title = Ada kuota kosong
notice-offered-push-body = { $office }, { $appointment }: pesan di aplikasi sebelum { $until }.

## Pemohon membatalkan permohonan.
notice-cancelled-subject = Permohonan paspor Anda dibatalkan
notice-cancelled-body = Permohonan Anda telah dibatalkan sesuai permintaan Anda, dan jadwal kedatangannya dilepas. Biaya yang sudah dibayar tidak dapat dikembalikan.
notice-cancelled-push-title = Permohonan dibatalkan
notice-cancelled-push-body = Permohonan Anda dibatalkan dan jadwal kedatangannya dilepas.

## Jadwal kedatangan dipindahkan.
# $office: nama kantor; $previous: jadwal lama; $appointment: jadwal baru.
notice-rescheduled-subject = Jadwal kedatangan Anda telah diubah
notice-rescheduled-body =
    Jadwal kedatangan Anda di { $office } telah diubah dari { $previous } menjadi { $appointment }.

    Datanglah pada jadwal yang baru dengan membawa dokumen persyaratan; kode check-in tampil di aplikasi pada hari kedatangan. Jadwal kedatangan hanya dapat diubah satu kali.
notice-rescheduled-push-title = Jadwal kedatangan diubah
notice-rescheduled-push-body = { $office }: kini { $appointment }.
