# Hak subjek data: persetujuan, perbaikan data, salinan data.

thing-consent_purpose = tujuan persetujuan
thing-data_export = salinan data
consent-notice-version-not-current = bukan versi pemberitahuan privasi yang berlaku ({ $current }): tampilkan pemberitahuan yang berlaku kepada pemohon
consent-privacy-notice-while-open = persetujuan atas pemberitahuan privasi berlaku selama akun dibuka: untuk mengakhirinya, tutup akun
privacy-account-closed = akun sudah ditutup
export-not-ready = arsip salinan data belum dapat diunduh: salinan data { $state }
export-state-pending = menunggu dibuat
export-state-building = sedang dibuat
export-state-ready = siap
export-state-failed = gagal; mintalah salinan data baru
export-state-expired = kedaluwarsa; mintalah salinan data baru
correction-officer-only = { $fields } sudah diperiksa di kantor dengan dokumen asli: kini hanya petugas kantor tersebut yang dapat memperbaikinya
correction-no-office-application = tidak ada permohonan pemohon ini yang ditangani kantor Anda
correction-nothing = tidak menyebut satu pun data yang diperbaiki

## Petugas memperbaiki data pemohon.
# $name: nama lengkap pemohon saat ini; $fields: data yang diperbaiki; $reason: alasannya.
correction-made-subject = Data permohonan Anda diperbaiki oleh kantor imigrasi
correction-made-body =
    Petugas kantor imigrasi memperbaiki data { $name }: { $fields }.

    Alasan: { $reason }

    Daftar perbaikan dapat dilihat di aplikasi pada data pemohon. Jika ada yang keliru, hubungi kantor.
correction-made-push-title = Data diperbaiki oleh kantor
correction-made-push-body = Petugas memperbaiki data { $name }.
