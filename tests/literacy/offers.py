"""Labelled job offers for the checker (issue 14): 32 high-risk, 32 legitimate, written in the
informal Indonesian of real WhatsApp/Facebook/TikTok posts. Companies, numbers and licences are
invented ("PT Contoh …"), like the sample agency list.

Legitimate adverts name a company, a position, a licence number, a contract and official
channels, and often a foreign country and a salary; a few also name a high salary, a fast
schedule or a WhatsApp number, so that no single word decides."""

HIGH = [
    "LOWONGAN KERJA ADMIN 🔥🔥 Lokasi Kamboja, gaji 15jt/bln, tanpa pengalaman, mess + makan "
    "ditanggung. Berangkat minggu ini!! Minat hub wa.me/6281234567001",
    "Dibutuhkan CS online utk perusahaan di Phnom Penh. Gaji $1000 + bonus. Syarat: bisa main "
    "HP, lulusan SMP boleh. Tiket PP ditanggung bos. DM aja kak 🙏",
    "Loker marketing online Myawaddy, gaji 20 juta, tdk perlu pengalaman. Paspor nanti dipegang "
    "kantor biar aman. Brgkt 3 hari lagi. Japri 0812-3456-7002",
    "Yg mau kerja ke Malaysia jalur cepat 🇲🇾 pake visa turis aja, nanti sampe sana baru diurus "
    "permit. Biaya proses 5jt aja. Wa 0813 4567 8003",
    "Lowongan PRT Arab Saudi gaji 7 jt, berangkat cepat, gratis semua. Umur 17 thn boleh asal "
    "sehat. Info lanjut inbox",
    "kerja di Dubai jadi housemaid, gaji 8jt bersih. Berangkat pakai visa kunjungan dulu ya "
    "bund. Kontrak dikasih di sana. hub wa.me/6285700000004",
    "OPEN RECRUITMENT operator game online di Laos 🇱🇦 salary 1.500 USD. Tanpa skill, asal mau "
    "belajar. Berangkat via Bangkok, bilang aja ke petugas mau liburan. Cp 0821 9999 0005",
    "Lowongan kerja Jepang tanpa LPK, tanpa bahasa, gaji 30jt!! DP 3jt untuk visa, sisanya "
    "potong gaji. Kuota terbatas, chat 0856-1111-0006",
    "Dicari 10 org cewek u/ kerja restoran di Malaysia. Usia 16-25 th. Berangkat lewat jalur "
    "umroh biar gampang. Paspor dibuatin. hub 0877 2222 0007",
    "Kerja di Kamboja bagian typing, gaji 12jt, tanpa pengalaman. Jangan bilang mau kerja ya "
    "pas di imigrasi 🤫 pm aja",
    "Kerja kapal ikan Taiwan, gaji 6jt, TANPA KONTRAK dulu, nanti diurus di pelabuhan. Biaya "
    "pengurusan 7jt, bisa potong gaji 5 bulan. Hubungi 0812 3333 0008",
    "Lowongan kerja ke Qatar jadi ART/baby sitter, langsung berangkat, semua dibiayai sponsor, "
    "KTP & paspor diserahkan ke sponsor. Minat? DM",
    "💰💰 Kerja santai di Filipina, admin crypto, gaji 25jt. Tdk perlu ijazah. Tiket gratis. "
    "Chat wa.me/628111110009 sekarang juga!",
    "Cari TKW ke Riyadh, gaji 6 jt, usia 18-40, berangkat 1 minggu, tidak perlu kontrak, "
    "pokoknya aman. WA 0815 0000 0010",
    "Loker Kamboja: customer service judi online, gaji 18 juta, mess + makan. Umur bisa "
    "diatur. Brangkat besok lusa. Japri",
    "Ada lowongan di Myanmar buat operator, gaji 2000 USD. Paspor kami pegang selama kontrak. "
    "Proses kilat 5 hari. wa.me/6289900000011",
    "KERJA DI KOREA TANPA UJIAN!! visa wisata dulu, nanti kerja di pabrik. Biaya berangkat 35jt "
    "dp 10jt. Chat 0822 5555 0012",
    "Kerja jadi pengasuh anak di Kuwait, gaji 7jt. Berangkat dgn visa ziarah. Syarat mudah, "
    "lulusan SD boleh. Inbox aja",
    "Info loker: admin medsos di Sihanoukville gaji 14jt + bonus, no experience, bisa langsung "
    "berangkat. Tiket ditanggung, potongan gaji 3 bln. Hub 0813 6666 0013",
    "kerja ke Turki jadi terapis, gaji 20jt, berangkat sebagai turis aja, nanti sponsor yg "
    "urus. Umur 17 th juga bisa. DM",
    "Butuh cepat!! kerja online di Manila, gaji 16 juta, asal bisa komputer. Berangkat 4 hari "
    "lagi. Transfer dulu 2 juta untuk tiket. wa.me/6281200000014",
    "Lowongan kerja pabrik di Malaysia, masuk pakai paspor wisata. Rahasiakan tujuan kerja "
    "waktu di bandara ya. Biaya 4jt. Hub 0819 7777 0015",
    "Mau gaji 15jt? Kerja marketing online di Kamboja, tanpa pengalaman, mess gratis! Klik link "
    "di bio 👆",
    "Kerja di Arab Saudi sebagai sopir pribadi keluarga, gaji 9jt, proses cepat, berangkat 7 "
    "hari. Paspor dititipkan ke agen. Hub 0852 8888 0016",
    "Lowongan scammer?? bukan kok, cuma chatting sama klien di Laos, gaji 17jt tanpa skill. "
    "Brgkt minggu ini, japri",
    "LOKER ke Jepang jalur magang, tanpa kontrak, biaya pendaftaran 8jt dibayar di muka. "
    "Berangkat cepat. WA 0823 1212 0017",
    "Lowongan babysitter di Oman, gaji 6,5jt. Belum 18 boleh, data bisa dituakan. Hubungi "
    "wa.me/6287700000018",
    "Dibutuhkan operator live host di Myawaddy, gaji 1.200$ tanpa pengalaman, kontrak "
    "menyusul. Tiket dari bos. DM aja",
    "kerja Hongkong, gaji 9jt, berangkat cepat bisa pake visa turis dulu, sampai sana baru "
    "ganti. Uang proses 3 juta buat visa. Hubungi 0857 3434 0019",
    "DIBUTUHKAN TKW ke Abu Dhabi jadi pembantu, gaji 7jt, proses 10 hari langsung terbang. "
    "Biaya medical 1,5jt. Inbox",
    "Lowongan kerja di perbatasan Myanmar, admin game, gaji 22jt, lulusan SMP bisa. Jangan "
    "bilang ke keluarga atau petugas soal kerja. Chat 0896 0000 0020",
    "Kerja di Kamboja jadi CS, tanpa ijazah, gaji 13jt, tiket gratis, paspor disimpan bos biar "
    "tidak hilang. Hub wa.me/6281300000021",
]

LEGIT = [
    "PT Contoh Sejahtera Abadi (P3MI, SIP3MI No. 0001/CONTOH/2024) membuka lowongan Caregiver "
    "untuk Taiwan. Gaji NT$ 20.008/bln sesuai kontrak kerja yang ditandatangani sebelum "
    "berangkat. Daftar di kantor kami Jl. Merdeka 10 atau Disnaker setempat. Tanpa biaya "
    "penempatan.",
    "Dibutuhkan Welder 3G untuk Jepang (program SSW). Pengalaman min. 2 tahun, lulus JFT-A2. "
    "Gaji ±25 juta/bulan. Perjanjian kerja dijelaskan saat orientasi. PT Contoh Karya Mandiri, "
    "SIP3MI 0002/CONTOH/2023. Info: www.contohkarya.co.id",
    "Lowongan G to G Korea (EPS-TOPIK) dibuka! Pendaftaran resmi hanya lewat website "
    "Kementerian P2MI, tidak dipungut biaya. Gaji mengikuti upah minimum Korea. Waspada calo!",
    "PT Contoh Bahari Nusantara (SIP3MI 0003/CONTOH/2024) merekrut ABK kapal niaga ke Singapura. "
    "Syarat: BST, buku pelaut, usia 21-40. Kontrak 12 bulan ditandatangani di Disnaker sebelum "
    "berangkat. Bebas biaya penempatan.",
    "Info resmi BP3MI: job order Perawat ke Jerman, syarat STR & B1 Jerman, gaji €2.500. "
    "Pendaftaran di SISKOP2MI, tidak ada biaya. Hati-hati penipuan atas nama BP3MI.",
    "Lowongan Operator Produksi Malaysia (pabrik elektronik). PT Contoh Jaya Makmur, izin "
    "SIP3MI 0004/CONTOH/2025. Gaji RM 1.700, kontrak 2 thn, visa kerja diurus perusahaan, "
    "paspor dipegang sendiri oleh pekerja. Daftar di kantor cabang Surabaya.",
    "Kami PT Contoh Insan Mulia (P3MI resmi, SIP3MI 0005/CONTOH/2022) membuka lowongan "
    "Housekeeping hotel di Brunei. Gaji BND 600, kontrak kerja 2 tahun, pelatihan di BLK. "
    "Pendaftaran di kantor atau Disnaker kabupaten.",
    "Dicari Pekerja Perkebunan Sawit untuk Malaysia (Sabah). Zero cost sesuai Peraturan BP2MI "
    "9/2020. Gaji RM 1.500. PT Contoh Agro Lestari SIP3MI 0006/CONTOH/2024. Proses 2-3 bulan, "
    "ikut OPP sebelum berangkat.",
    "LOWONGAN RESMI ✅ Caregiver Jepang (Kaigo), PT Contoh Sakura Indonesia, SIP3MI "
    "0007/CONTOH/2023. Syarat: N4, usia 19-30. Gaji ±18 juta. Kontrak ditandatangani di "
    "Indonesia. Info kantor: (021) 555-0101.",
    "PT Contoh Mitra Global (SIP3MI 0008/CONTOH/2024) membutuhkan Cook (juru masak) untuk "
    "kapal pesiar. Pengalaman min 3 thn di hotel bintang 4. Gaji USD 1.200. Wawancara di "
    "kantor Jakarta, kontrak 8 bulan.",
    "Lowongan PMI Hongkong: Domestic Helper, gaji HK$ 4.990 sesuai standar pemerintah HK. "
    "Tanpa potongan gaji, biaya ditanggung majikan. PT Contoh Harapan Bunda, SIP3MI "
    "0009/CONTOH/2024. Daftar ke kantor atau Disnaker.",
    "Pengumuman Disnaker Kab. Contoh: job fair penempatan PMI resmi tgl 12 Maret di Gedung "
    "Serbaguna. Hadir 12 P3MI berizin. Bawa KTP, KK, ijazah. Gratis.",
    "Lowongan Factory Worker Taiwan. Usia 20-35 thn, tinggi min 160 cm. Gaji NT$ 27.470. "
    "Kontrak 3 tahun. PT Contoh Formosa Jaya, SIP3MI 0010/CONTOH/2025. Alamat: Jl. Pahlawan 5, "
    "Semarang. Website: contohformosa.co.id",
    "Dibutuhkan Tukang Las & Fitter untuk proyek di Arab Saudi (perusahaan konstruksi). "
    "Pengalaman min 5 thn, sertifikat BNSP. Gaji SAR 2.500. PT Contoh Teknik Utama SIP3MI "
    "0011/CONTOH/2023. Visa kerja & kontrak sebelum berangkat.",
    "Program magang Jepang resmi lewat Disnaker & LPK terdaftar. Seleksi di kantor Disnaker "
    "provinsi. Tidak ada pungutan di luar ketentuan. Kontrak dan visa diurus sesuai aturan.",
    "PT Contoh Samudra Biru, SIP3MI 0012/CONTOH/2024: lowongan Hotel Staff Maladewa (waiter, "
    "room attendant). Pengalaman 1 thn, bhs Inggris aktif. Gaji USD 700 + service charge. "
    "Kontrak 1 thn.",
    "Lowongan kerja Malaysia sektor konstruksi via P3MI resmi PT Contoh Bangun Persada (SIP3MI "
    "0013/CONTOH/2025). Gaji RM 1.800, BPJS Ketenagakerjaan, kontrak 2 tahun ditandatangani di "
    "Indonesia. Pendaftaran di kantor Medan.",
    "[INFO RESMI] PT Contoh Nusa Care (SIP3MI 0014/CONTOH/2023) merekrut perawat lansia untuk "
    "Taiwan. Zero cost, paspor & dokumen dipegang pekerja, kontrak 3 thn. Daftar: kantor "
    "Jl. Melati 3 Malang atau (0341) 555-0202.",
    "Loker Singapura: Production Operator, PT Contoh Lion Karya SIP3MI 0015/CONTOH/2024. Gaji "
    "SGD 1.400, pengalaman pabrik 1 thn. Kontrak 2 thn, visa kerja (Work Permit). Wawancara di "
    "kantor Batam.",
    "Recruitment Nurse ke Belanda (program resmi). Syarat: Ners + STR, IELTS 6. Gaji €2.800. "
    "Difasilitasi PT Contoh Eropa Medika SIP3MI 0016/CONTOH/2025. Tidak dipungut biaya.",
    "Disnaker mengingatkan: daftar kerja luar negeri hanya lewat P3MI berizin. Lowongan Korea "
    "resmi G to G diumumkan di situs Kementerian P2MI. Jangan transfer uang ke siapa pun.",
    "PT Contoh Rajawali Jaya (SIP3MI 0017/CONTOH/2024) membuka lowongan Driver truk untuk "
    "Qatar (perusahaan logistik). SIM B2 umum, pengalaman 3 thn. Gaji QAR 2.200. Kontrak kerja "
    "2 tahun.",
    "Lowongan Barista ke Australia (Working Holiday Visa resmi) — info dari Kantor Imigrasi: "
    "ajukan visa sendiri lewat situs resmi, syarat bahasa Inggris & surat rekomendasi. Tidak "
    "ada agen.",
    "Dibutuhkan Pekerja Peternakan Selandia Baru, pengalaman min 2 thn, gaji NZD 23/jam. "
    "Melalui PT Contoh Kiwi Mandiri SIP3MI 0018/CONTOH/2024. Kontrak ditandatangani sebelum "
    "keberangkatan.",
    "PT Contoh Tenaga Prima (SIP3MI 0019/CONTOH/2023) – Lowongan Fish Processing Jepang. Usia "
    "18-30, lulus JFT. Gaji ± 20 juta. Pelatihan 3 bln di BLK. Kontak resmi: (022) 555-0303, "
    "Jl. Asia Afrika 8 Bandung.",
    "Lowongan kerja Hongkong caregiver lansia, gaji HK$ 5.100, kontrak 2 thn dari Labour "
    "Department HK. Tanpa biaya penempatan. PT Contoh Kasih Ibu, izin SIP3MI 0020/CONTOH/2024.",
    "Resmi dari BP3MI: rekrutmen Perawat ke Jepang (IJEPA). Daftar online di situs resmi, "
    "seleksi di kantor BP3MI, gratis. Gaji setara 20-25 juta. Kontrak dengan rumah sakit.",
    "Lowongan ABK kapal penumpang Eropa, pengalaman min 2 thn, BST, gaji USD 1.500. PT Contoh "
    "Ocean Karir (SIP3MI 0021/CONTOH/2024). Kontrak 9 bulan ditandatangani di Jakarta.",
    "PT Contoh Garuda Mandiri SIP3MI 0022/CONTOH/2025 mencari Mekanik Alat Berat untuk "
    "Australia (visa kerja 482). Pengalaman 4 thn. Gaji AUD 35/jam. Wawancara di kantor "
    "Balikpapan.",
    "Lowongan Tukang Bangunan Malaysia lewat P3MI PT Contoh Sinar Harapan (SIP3MI "
    "0023/CONTOH/2024). Gaji RM 1.600, kontrak 2 thn, BPJS, paspor dipegang sendiri. Info: "
    "WA kantor 0811-555-0404 atau datang ke kantor.",
    "Job order Cleaner untuk Taiwan (pabrik), PT Contoh Bintang Timur SIP3MI 0024/CONTOH/2023. "
    "Gaji NT$ 27.470, lembur dibayar. Bebas biaya penempatan. Kontrak dan visa kerja sebelum "
    "berangkat.",
    "Lowongan Staf Hotel Dubai (resepsionis), bhs Inggris aktif, pengalaman hotel 2 thn. Gaji "
    "AED 3.000. PT Contoh Pesona Timur SIP3MI 0025/CONTOH/2024. Visa kerja, kontrak 2 thn "
    "ditandatangani di Indonesia.",
]
