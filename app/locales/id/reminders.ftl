# Pengingat: batas waktu pembayaran sudah dekat, jadwal kedatangan besok, dan hari terakhir
# pengambilan paspor sudah dekat. Setiap pesan di sini ada juga di ../en/reminders.ftl,
# dengan variabel yang sama.

## Batas waktu pembayaran sudah dekat. Kode billing hanya ada di email.
# $office; $appointment: tanggal dan jam mulai sesi; $amount: biaya;
# $billing_code: kode billing; $deadline: batas waktu pembayaran.
reminder-payment-subject = Pengingat: bayar jadwal kedatangan paspor Anda sebelum { $deadline }
reminder-payment-body =
    Pemesanan jadwal kedatangan Anda di { $office } pada { $appointment } belum dibayar.

    Silakan bayar { $amount } dengan kode billing { $billing_code } sebelum { $deadline }. Jika belum dibayar sampai batas waktu tersebut, pemesanan batal dan kuotanya diberikan kepada pemohon lain.
reminder-payment-push-title = Segera lakukan pembayaran
reminder-payment-push-body = Bayar sebelum { $deadline } agar jadwal kedatangan Anda di { $office } tidak batal.

## Jadwal kedatangan sudah dekat (sehari sebelumnya).
# $office, $address: tempatnya; $appointment: tanggal dan jam mulai sesi; $start: jam
# mulainya saja; $documents: dokumen yang dibawa, satu dokumen per baris.
reminder-appointment-subject = Jadwal kedatangan paspor Anda: { $appointment }
reminder-appointment-body =
    Jadwal kedatangan paspor Anda di { $office }, { $address }, pada { $appointment }.

    Bawa dokumen asli berikut:
    { $documents }

    Check-in: datanglah sebelum sesi Anda dimulai pukul { $start }. Di loket, buka permohonan Anda di aplikasi dan tunjukkan kode check-in (kode QR) kepada petugas untuk dipindai. Setelah itu petugas memeriksa dokumen Anda, mengambil foto dan sidik jari, lalu melakukan wawancara.
reminder-appointment-push-title = Jadwal kedatangan Anda besok
reminder-appointment-push-body = { $office }, { $appointment }. Bawa dokumen asli dan tunjukkan kode check-in.
# $name: nama dokumen.
reminder-appointment-document = - { $name }
# $name: nama dokumen.
reminder-appointment-document-optional = - { $name } (jika diminta petugas)

## Hari terakhir pengambilan paspor sudah dekat.
# $number: nomor paspor; $collect_by: hari terakhir pengambilan.
reminder-collection-subject = Ambil paspor Anda paling lambat { $collect_by }
reminder-collection-body = Paspor Anda nomor { $number } menunggu di kantor imigrasi. Ambil paling lambat { $collect_by }, sendiri dengan membawa KTP, atau diwakilkan kepada anggota keluarga dalam kartu keluarga yang sama atau orang dengan surat kuasa. Jika tidak diambil sampai tanggal itu, paspor dibatalkan dan Anda harus mengajukan permohonan baru.
reminder-collection-push-title = Ambil paspor Anda
reminder-collection-push-body = Paspor Anda dibatalkan jika tidak diambil sampai { $collect_by }.
