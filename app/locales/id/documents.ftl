# Dokumen yang dibawa pemohon paspor: nama setiap jenis dokumen, alasan setiap dokumen
# diminta, dan ringkasan daftar periksa. Istilah mengikuti Direktorat Jenderal Imigrasi.
# Setiap pesan di sini ada juga di ../en/documents.ftl, dengan variabel yang sama.

## Nama jenis dokumen (kode `kind`), seperti tertulis di dokumennya.

kind-identity_card = KTP
kind-family_card = Kartu Keluarga
kind-birth_certificate = Akta Kelahiran
kind-diploma = Ijazah
kind-marriage_book = Buku Nikah
kind-old_passport = Paspor lama
kind-parent_identity_card = KTP orang tua
kind-guardian_consent_letter = Surat Izin dari orang tua/wali
kind-labour_recommendation_letter = Surat Rekomendasi dari Dinas Tenaga Kerja
kind-court_decree = Surat Penetapan Pengadilan atau Surat Keterangan Pejabat Berwenang
kind-police_report = Surat Keterangan Hilang dari Kepolisian

## Mengapa dokumen diminta (kode `purpose`).

purpose-identity = KTP elektronik pemohon yang masih berlaku.
purpose-family_record = Kartu Keluarga yang memuat nama pemohon.
purpose-birth_record = Dokumen yang memuat nama, tempat dan tanggal lahir, serta nama orang tua pemohon.
purpose-marriage = Buku Nikah pemohon: pemohon di bawah 17 tahun yang sudah menikah dilayani sebagai orang dewasa.
purpose-parent_identity = KTP elektronik ayah atau ibu (atau wali) yang masih berlaku.
purpose-child_birth_certificate = Akta Kelahiran anak yang dimohonkan paspor.
purpose-parents_marriage = Buku Nikah atau akta perkawinan orang tua; bila orang tua bercerai, akta perceraian dan penetapan hak asuh dari pengadilan.
purpose-parental_consent = Surat pernyataan bermeterai dari kedua orang tua atau wali yang mengizinkan anak memperoleh paspor.
purpose-previous_passport = Paspor yang akan diganti, termasuk paspor yang rusak.
purpose-loss_report = Surat keterangan hilang paspor dari kepolisian tempat kehilangan dilaporkan.
purpose-change_of_data = Penetapan pengadilan atau surat keterangan pejabat berwenang yang menjadi dasar perubahan nama atau data.
purpose-work_recommendation = Surat rekomendasi paspor dari Dinas Tenaga Kerja setempat, bagi calon Pekerja Migran Indonesia.

## Tambahan pada petunjuk, dan ringkasan daftar periksa.

# $documents: nama dokumen pengganti, dipisah koma.
checklist-alternatives = Dapat diganti dengan: { $documents }.
checklist-optional = Tidak wajib, tetapi petugas dapat memintanya.
# $missing: jumlah dokumen wajib yang belum diunggah.
checklist-summary =
    { $missing ->
        [0] Semua dokumen wajib sudah diunggah.
       *[other] { $missing } dokumen wajib belum diunggah.
    }
