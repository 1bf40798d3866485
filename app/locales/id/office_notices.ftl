# Pemberitahuan kepada pemohon saat kantor imigrasi memproses permohonannya (check-in,
# pemeriksaan dokumen, keputusan) dan saat paspornya bergerak (diterbitkan, siap diambil,
# diserahkan, dibatalkan karena tidak diambil). Tanggal ditulis oleh pemanggil. Setiap
# pesan di sini ada juga di ../en/office_notices.ftl, dengan variabel yang sama.

# $office: nama kantor imigrasi.
office-checked-in-subject = Anda sudah check-in untuk jadwal kedatangan paspor
office-checked-in-body = Anda sudah check-in di { $office }. Petugas akan memeriksa dokumen Anda, mengambil foto dan sidik jari, lalu melakukan wawancara.
office-checked-in-push-title = Sudah check-in
office-checked-in-push-body = Anda sudah check-in di { $office }.

# $documents: nama dokumen yang kurang, dipisah koma; $deadline: tanggal batas.
office-documents-missing-subject = Ada dokumen permohonan paspor yang belum lengkap
office-documents-missing-body =
    Petugas mendapati dokumen berikut belum ada: { $documents }.

    Unggah dokumen tersebut melalui aplikasi paling lambat { $deadline } (dalam 30 hari). Jika sampai tanggal itu belum dilengkapi, permohonan ditolak.
office-documents-missing-push-title = Dokumen belum lengkap
office-documents-missing-push-body = Unggah dokumen yang kurang paling lambat { $deadline }.

office-documents-complete-subject = Dokumen Anda sudah lengkap
office-documents-complete-body = Petugas telah memeriksa dokumen Anda dan menyatakannya lengkap. Permohonan Anda kini diproses: foto, sidik jari, wawancara, dan keputusan.
office-documents-complete-push-title = Dokumen lengkap
office-documents-complete-push-body = Permohonan Anda sedang diproses.

# $deadline: tanggal batas dokumen.
office-documents-deadline-subject = Permohonan paspor Anda ditolak: dokumen tidak lengkap
office-documents-deadline-body = Dokumen yang diminta petugas tidak dilengkapi sampai { $deadline }, sehingga permohonan ditolak. Biaya tidak dapat dikembalikan; Anda dapat mengajukan permohonan kembali.
office-documents-deadline-push-title = Permohonan ditolak
office-documents-deadline-push-body = Dokumen yang kurang tidak dilengkapi tepat waktu.

office-approved-subject = Permohonan paspor Anda disetujui
office-approved-body = Permohonan paspor Anda telah disetujui. Kami akan memberi tahu Anda saat paspor siap diambil.
office-approved-push-title = Permohonan disetujui
office-approved-push-body = Paspor Anda akan diterbitkan.

# $reason: alasannya; $hold_until: hari pertama boleh mengajukan lagi.
office-postponed-subject = Permohonan paspor Anda ditunda
office-postponed-body = Permohonan paspor Anda ditunda karena { $reason }. Anda tidak dapat mengajukan permohonan lagi sampai { $hold_until }.
office-postponed-push-title = Permohonan ditunda
office-postponed-push-body = Anda dapat mengajukan lagi mulai { $hold_until }.

# $reason: alasannya.
office-refused-subject = Permohonan paspor Anda ditolak
office-refused-body = Permohonan paspor Anda ditolak: { $reason }. Biaya tidak dapat dikembalikan.
office-refused-push-title = Permohonan ditolak
office-refused-push-body = Alasannya ada di email Anda.

postponement-reason-suspected_non_procedural_migrant_work = dugaan bekerja di luar negeri secara nonprosedural
postponement-reason-suspected_trafficking = dugaan tindak pidana perdagangan orang (TPPO)
postponement-reason-false_statements = keterangan yang tidak dapat dipertanggungjawabkan saat wawancara
postponement-reason-incomplete_travel_documents = dokumen perjalanan yang tidak lengkap
refusal-reason-false_statements = keterangan palsu dalam permohonan atau saat wawancara
refusal-reason-forged_documents = dokumen palsu
refusal-reason-travel_ban = pencegahan ke luar negeri (pemohon tidak boleh meninggalkan Indonesia)
refusal-reason-not_a_citizen = pemohon bukan warga negara Indonesia

# $number: nomor paspor; $office: kantor; $ready: hari pertama dapat diambil.
office-issued-subject = Paspor Anda telah diterbitkan
office-issued-body = Paspor Anda nomor { $number } telah diterbitkan di { $office }. Paspor dapat diambil mulai { $ready }; bawa KTP Anda.
office-issued-push-title = Paspor diterbitkan
office-issued-push-body = Dapat diambil mulai { $ready }

# $number: nomor paspor; $collect_by: hari terakhir pengambilan.
office-ready-subject = Paspor Anda siap diambil
office-ready-body = Paspor Anda nomor { $number } sudah siap diambil. Ambil paling lambat { $collect_by }, sendiri dengan membawa KTP, atau diwakilkan kepada anggota keluarga dalam kartu keluarga yang sama atau orang dengan surat kuasa. Jika tidak diambil sampai tanggal itu, paspor dibatalkan.
office-ready-push-title = Paspor siap diambil
office-ready-push-body = Ambil paling lambat { $collect_by }

# $number: nomor paspor; $kind: siapa yang mengambil (holder, family_member, proxy);
# $recipient: namanya.
office-collected-subject = Paspor Anda telah diambil
office-collected-body =
    Paspor Anda nomor { $number } telah diserahkan kepada { $kind ->
        [holder] Anda sendiri ({ $recipient })
        [family_member] { $recipient }, anggota keluarga dalam kartu keluarga Anda
       *[proxy] { $recipient }, dengan surat kuasa Anda
    }. Jika Anda tidak mengetahui hal ini, segera hubungi kantor imigrasi.
office-collected-push-title = Paspor telah diambil
office-collected-push-body =
    { $kind ->
        [holder] Diserahkan kepada Anda
        [family_member] Diserahkan kepada anggota keluarga
       *[proxy] Diserahkan kepada penerima kuasa Anda
    }

# $number: nomor paspor; $collect_by: hari terakhir pengambilan.
office-uncollected-subject = Paspor Anda dibatalkan karena tidak diambil
office-uncollected-body = Paspor Anda nomor { $number } tidak diambil sampai { $collect_by }, sehingga dibatalkan. Untuk memperoleh paspor, ajukan permohonan baru.
office-uncollected-push-title = Paspor dibatalkan
office-uncollected-push-body = Tidak diambil dalam 30 hari

# $office: nama kantor; $date: harinya; $time dan $zone: jam mulai sesi yang dipesan menurut
# jam kantor; $reason: alasannya, seperti ditulis kantor.
walk-in-only-day-subject = { $office } hanya melayani walk-in pada { $date }
walk-in-only-day-body = { $office } tidak dapat melayani pemesanan lewat aplikasi pada { $date }: { $reason } Pemesanan Anda untuk pukul { $time } { $zone } tetap berlaku. Datanglah pada jam itu dengan kode check-in Anda: Anda dilayani sebagai walk-in tanpa antre ulang. Jika Anda memilih hari lain, jadwalkan ulang pemesanan Anda di aplikasi.
walk-in-only-day-push-title = Hanya walk-in pada { $date }
walk-in-only-day-push-body = Pemesanan pukul { $time } { $zone } tetap berlaku, atau jadwalkan ulang

# $number: nomor paspor; $tracking: nomor resi PT Pos Indonesia; $city: kota tujuan;
# $date: hari paspor diserahkan ke kurir.
office-dispatched-subject = Paspor Anda sedang dikirim lewat pos
office-dispatched-body = Paspor Anda { $number } telah diserahkan ke PT Pos Indonesia pada { $date } untuk dikirim ke alamat Anda di { $city }. Lacak dengan nomor resi { $tracking } di situs atau aplikasi Pos Indonesia. Kurir menyerahkannya kepada penerima yang tercantum dalam permohonan Anda.
office-dispatched-push-title = Paspor dikirim lewat pos
office-dispatched-push-body = Nomor resi { $tracking }
