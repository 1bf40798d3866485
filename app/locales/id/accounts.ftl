# Email tentang akun itu sendiri: kode verifikasi alamat email dan kode atur ulang kata
# sandi, percobaan mendaftar dengan alamat yang sudah punya akun, banyaknya kegagalan masuk,
# dan kata sandi yang diubah. Setiap pesan di sini ada juga di ../en/accounts.ftl, dengan
# variabel yang sama.

# $name: nama yang diisi saat pendaftaran; $code: kode sekali pakai.
account-verification-subject = Kode verifikasi akun Paspor Anda
account-verification-body =
    Halo { $name },

    Kode verifikasi Anda adalah { $code }. Kode ini berlaku selama 10 menit. Jangan berikan kode ini kepada siapa pun.

    Jika Anda tidak merasa mendaftar, abaikan email ini.

account-already-registered-subject = Ada yang mencoba mendaftar dengan alamat email Anda
account-already-registered-body =
    Seseorang mencoba membuat akun Paspor dengan alamat email ini, padahal alamat ini sudah terdaftar. Jika itu Anda, silakan masuk, atau atur ulang kata sandi jika Anda lupa. Jika bukan Anda, tidak perlu melakukan apa pun: akun Anda tidak berubah.

# $code: kode sekali pakai.
account-reset-subject = Kode atur ulang kata sandi Paspor Anda
account-reset-body =
    Kode atur ulang kata sandi Anda adalah { $code }. Kode ini berlaku selama 10 menit.

    Jika Anda tidak meminta atur ulang kata sandi, abaikan email ini: kata sandi Anda tidak berubah.

account-failed-sign-ins-subject = Banyak percobaan masuk yang gagal ke akun Paspor Anda
account-failed-sign-ins-body =
    Dalam satu jam terakhir ada banyak percobaan masuk ke akun Anda yang gagal. Anda tetap dapat masuk dari ponsel atau komputer yang pernah Anda gunakan; alamat lain harus menunggu beberapa saat di antara percobaan. Jika percobaan itu bukan dari Anda, sebaiknya ganti kata sandi Anda.

account-password-changed-subject = Kata sandi Paspor Anda telah diubah
account-password-changed-body =
    Kata sandi akun Paspor Anda baru saja diubah, dan sesi lain telah dikeluarkan. Jika ini bukan Anda, segera atur ulang kata sandi Anda.
