"""The three quizzes shipped with the literacy pillar (issue 14), written from DOMAIN.md.

Each question: (text, [choices], index of the right choice, explanation shown after answering).
Loaded by migration 0002 and by `manage.py load_quizzes` (idempotent: a quiz already present by
slug is left as pusat may have changed it, unless --update)."""

QUIZZES = [
    {
        "slug": "paspor-dan-visa",
        "title": "Paspor dan visa",
        "summary": "Delapan pertanyaan singkat tentang paspor, visa, umroh dan haji.",
        "topic": "paspor",
        "order": 1,
        "questions": [
            (
                "Paspor biasa untuk orang dewasa (umur 17 tahun ke atas atau sudah menikah) "
                "yang terbit sejak Oktober 2022 berlaku berapa lama?",
                ["5 tahun", "10 tahun", "Seumur hidup"],
                1,
                "Sejak 12 Oktober 2022 paspor biasa untuk yang berumur 17 tahun ke atas atau "
                "sudah menikah berlaku 10 tahun. Untuk anak, 5 tahun.",
            ),
            (
                "Saat wawancara paspor, petugas bertanya tujuan Anda ke luar negeri. Apa yang "
                "sebaiknya Anda jawab?",
                [
                    "Tujuan yang sebenarnya",
                    "Liburan saja, supaya cepat",
                    "Apa pun yang disarankan calo",
                ],
                0,
                "Jawablah jujur. Petugas bisa menunda atau menolak paspor bila ada dugaan Anda "
                "akan bekerja tanpa prosedur resmi. Wawancara itu melindungi Anda dari "
                "perekrut nakal.",
            ),
            (
                "Bolehkah bekerja di luar negeri dengan visa turis atau visa kunjungan?",
                ["Boleh, asal ada yang menjamin", "Tidak boleh", "Boleh untuk 3 bulan pertama"],
                1,
                "Bekerja di luar negeri wajib memakai visa kerja. Pekerja dengan visa turis "
                "tidak terlindungi hukum dan mudah menjadi korban perdagangan orang.",
            ),
            (
                "Ibadah umroh sebaiknya berangkat lewat siapa?",
                [
                    "Penyelenggara umroh (PPIU) yang berizin",
                    "Siapa saja yang paling murah",
                    "Kenalan di media sosial",
                ],
                0,
                "Umroh harus lewat Penyelenggara Perjalanan Ibadah Umrah (PPIU) berizin (UU "
                "8/2019), dan jamaah pulang sebelum visanya habis. Visa umroh tidak boleh "
                "dipakai untuk bekerja.",
            ),
            (
                "Apa akibatnya pergi haji tanpa visa haji (misalnya dengan visa kerja atau "
                "visa kunjungan)?",
                [
                    "Tidak ada akibatnya",
                    "Hanya ditegur",
                    "Bisa didenda 10.000 riyal, dideportasi dan dilarang masuk Arab Saudi 10 tahun",
                ],
                2,
                "Haji hanya dengan visa haji: reguler, khusus lewat PIHK, atau mujamalah. "
                "Dengan visa lain Anda berisiko denda SAR 10.000, deportasi dan larangan masuk "
                "10 tahun.",
            ),
            (
                "Seorang warga asing tinggal di desa dengan visa kunjungan. Bolehkah ia "
                "bekerja di sini?",
                ["Boleh", "Tidak boleh", "Boleh kalau dibayar tunai"],
                1,
                "Visa kunjungan dan izin tinggal kunjungan (ITK) bukan untuk bekerja. Orang "
                "asing yang bekerja harus punya visa dan izin tinggal kerja (ITAS kerja).",
            ),
            (
                "Orang asing yang izin tinggalnya sudah lewat (overstay) kurang dari 60 hari "
                "dikenai apa?",
                [
                    "Biaya beban Rp1.000.000 per hari",
                    "Tidak ada sanksi",
                    "Cukup minta maaf di kantor desa",
                ],
                0,
                "Menurut UU 6/2011 Pasal 78 dan PP 28/2019, lewat kurang dari 60 hari dikenai "
                "biaya beban Rp1 juta per hari. Bila tidak dibayar, atau lewat lebih dari 60 "
                "hari: dideportasi dan ditangkal masuk.",
            ),
            (
                "Anda menampung orang asing di rumah. Petugas imigrasi meminta data orang "
                "asing itu. Apa kewajiban Anda?",
                [
                    "Tidak perlu memberi apa-apa",
                    "Memberikan data orang asing itu",
                    "Menyuruh orang asing itu pergi",
                ],
                1,
                "UU 6/2011 Pasal 72: petugas imigrasi boleh meminta data orang asing kepada "
                "orang yang memberinya tempat menginap, dan data itu wajib diberikan.",
            ),
        ],
    },
    {
        "slug": "bekerja-ke-luar-negeri-dengan-aman",
        "title": "Bekerja ke luar negeri dengan aman",
        "summary": "Syarat dan langkah resmi menjadi Pekerja Migran Indonesia (PMI).",
        "topic": "pmi",
        "order": 2,
        "questions": [
            (
                "Berapa umur paling muda untuk menjadi Pekerja Migran Indonesia (PMI)?",
                ["15 tahun", "17 tahun", "18 tahun"],
                2,
                "UU 18/2017: calon PMI paling muda berumur 18 tahun. Perekrut yang menerima "
                "anak atau menuakan umur di dokumen melakukan kejahatan.",
            ),
            (
                "Visa apa yang dipakai untuk bekerja di luar negeri?",
                ["Visa kerja", "Visa turis", "Visa umroh"],
                0,
                "Hanya visa kerja. Berangkat dengan visa turis atau umroh untuk bekerja adalah "
                "tanda perekrutan ilegal.",
            ),
            (
                "Lewat siapa perekrutan PMI yang resmi?",
                [
                    "Siapa saja yang punya kenalan di luar negeri",
                    "Perusahaan penempatan (P3MI) yang berizin, atau program pemerintah",
                    "Akun media sosial yang banyak pengikutnya",
                ],
                1,
                "Perekrutan hanya lewat P3MI berizin atau skema pemerintah. Cek nama "
                "perusahaan di halaman P3MI berizin atau tanyakan ke Disnaker/BP3MI.",
            ),
            (
                "Izin suami/istri atau orang tua untuk calon PMI diketahui oleh siapa?",
                ["Kepala desa atau lurah", "Calo", "Tidak perlu diketahui siapa pun"],
                0,
                "Surat izin keluarga diketahui kepala desa/lurah. Karena itu desa tahu setiap "
                "warganya yang berangkat bekerja secara resmi.",
            ),
            (
                "Kapan perjanjian kerja (kontrak) harus Anda tanda tangani?",
                [
                    "Setelah sampai di negara tujuan",
                    "Sebelum berangkat, setelah dibaca dan dipahami",
                    "Tidak perlu kontrak",
                ],
                1,
                "Perjanjian kerja ditandatangani sebelum berangkat. Baca gaji, jam kerja, "
                'libur, tempat kerja dan lama kontrak. Kontrak yang "menyusul di sana" adalah '
                "tanda bahaya.",
            ),
            (
                "Untuk pekerja rumah tangga, pengasuh, sopir keluarga atau ABK perikanan, siapa "
                "yang menanggung biaya penempatan?",
                [
                    "Pekerja, dipotong dari gaji",
                    "Pekerja, dibayar di muka",
                    "Bukan pekerja: pekerja tidak boleh dibebani biaya penempatan",
                ],
                2,
                "Peraturan BP2MI 9/2020 membebaskan pekerja di sepuluh jabatan itu dari biaya "
                "tiket, visa, pelatihan, paspor, cek kesehatan, biaya agen dan lainnya.",
            ),
            (
                'Perekrut minta paspor Anda dia simpan "supaya aman". Apa yang Anda lakukan?',
                [
                    "Menyerahkan saja",
                    "Menolak: paspor dipegang sendiri, lalu tanyakan ke Disnaker atau BP3MI",
                    "Menyerahkan KTP sebagai gantinya",
                ],
                1,
                "Paspor milik Anda. Perekrut yang menahan paspor bisa membuat Anda tidak bisa "
                "pulang: ini salah satu cara perdagangan orang.",
            ),
            (
                "Sebelum berangkat, calon PMI mengikuti apa?",
                [
                    "Orientasi Pra Pemberangkatan (OPP)",
                    "Tidak ada, langsung terbang",
                    "Pelatihan dari akun media sosial",
                ],
                0,
                "Orientasi Pra Pemberangkatan (OPP) didaftarkan lewat SISKOP2MI. Di sana Anda "
                "belajar hak, kewajiban dan ke mana minta tolong.",
            ),
            (
                "Jaminan sosial apa yang wajib dimiliki PMI?",
                ["BPJS Ketenagakerjaan", "Tidak ada", "Asuransi dari calo"],
                0,
                "PMI wajib ikut BPJS Ketenagakerjaan, yang melindungi bila terjadi kecelakaan "
                "kerja atau meninggal dunia.",
            ),
        ],
    },
    {
        "slug": "kenali-tppo-dan-tppm",
        "title": "Kenali TPPO dan TPPM",
        "summary": "Mengenali perdagangan orang (TPPO) dan penyelundupan manusia (TPPM).",
        "topic": "tppo",
        "order": 3,
        "questions": [
            (
                "Apa arti TPPO?",
                [
                    "Tindak Pidana Perdagangan Orang",
                    "Tenaga Pelaksana Penempatan Orang",
                    "Tim Pengawas Paspor Orang",
                ],
                0,
                "TPPO adalah Tindak Pidana Perdagangan Orang (UU 21/2007): merekrut, membawa "
                "atau menampung orang dengan cara menipu, memaksa atau menjerat utang, untuk "
                "dieksploitasi.",
            ),
            (
                'Lowongan: "Admin di Kamboja, gaji 15 juta, tanpa pengalaman, langsung '
                'berangkat". Ini apa?',
                [
                    "Peluang bagus yang harus segera diambil",
                    "Lowongan biasa",
                    "Tanda bahaya penipuan online dan perdagangan orang",
                ],
                2,
                "Gaji tinggi tanpa pengalaman, pekerjaan admin di Kamboja dan berangkat cepat "
                "adalah pola yang sering berakhir dengan pekerja dipaksa menipu lewat internet.",
            ),
            (
                'Perekrut berpesan: "Nanti di bandara bilang saja mau liburan." Apa artinya?',
                [
                    "Itu tanda bahaya: perekrut menghindari pemeriksaan resmi",
                    "Itu biasa, supaya cepat",
                    "Itu aturan imigrasi",
                ],
                0,
                "Disuruh berbohong kepada petugas adalah tanda perekrutan ilegal. Jujurlah: "
                "petugas ada untuk melindungi Anda.",
            ),
            (
                "Apa arti TPPM?",
                [
                    "Tindak Pidana Penyelundupan Manusia",
                    "Tim Pelindungan Pekerja Migran",
                    "Tanda Pengenal Pekerja Migran",
                ],
                0,
                "TPPM adalah penyelundupan manusia: membawa orang masuk atau keluar Indonesia "
                "secara tidak sah untuk mencari keuntungan (UU 6/2011 Pasal 120).",
            ),
            (
                "Berapa ancaman hukuman penjara bagi pelaku TPPO menurut UU 21/2007 Pasal 2?",
                ["1 sampai 3 bulan", "3 sampai 15 tahun", "Tidak ada hukuman penjara"],
                1,
                "Pelaku TPPO diancam penjara 3 sampai 15 tahun. Pelaku penyelundupan manusia "
                "(TPPM) diancam 5 sampai 15 tahun dan denda paling sedikit Rp500 juta.",
            ),
            (
                "Tetangga Anda ditawari kerja ke luar negeri yang mencurigakan. Apa yang "
                "sebaiknya dilakukan?",
                [
                    "Diam saja, bukan urusan kita",
                    "Sarankan jangan membayar apa pun, lalu laporkan ke PIMPASA, Disnaker atau "
                    "lewat menu Lapor",
                    "Ikut mendaftar juga",
                ],
                1,
                "Laporan bisa dikirim tanpa menyebut nama Anda. PIMPASA (petugas imigrasi "
                "pembina desa) akan memeriksanya bersama instansi lain.",
            ),
            (
                "Bolehkah menempatkan pekerja rumah tangga pada majikan perseorangan di negara "
                "Timur Tengah?",
                [
                    "Boleh, asal gajinya besar",
                    "Boleh kalau lewat kenalan",
                    "Tidak: penempatan itu dihentikan (moratorium) dan dianggap perdagangan orang",
                ],
                2,
                "Kepmenaker 260/2015 menghentikan penempatan PRT pada pengguna perseorangan di "
                "negara Timur Tengah. Bila ada skema resmi pemerintah, tanyakan dulu ke BP3MI.",
            ),
            (
                "Mana yang termasuk cara pelaku TPPO menjerat korbannya?",
                [
                    "Memberi kontrak yang jelas sebelum berangkat",
                    "Membuat korban berutang lalu menyuruhnya bekerja untuk melunasi",
                    "Mengantar ke kantor Disnaker",
                ],
                1,
                "Jeratan utang adalah salah satu cara TPPO, bersama penipuan, ancaman, "
                "penyekapan dan pemalsuan dokumen.",
            ),
        ],
    },
]
