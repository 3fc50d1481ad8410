"""The red flags the job-offer checker ships with (issue 14; facts from DOMAIN.md §6).

Loaded by migration 0002 and by `manage.py load_red_flags`; afterwards they are data that pusat
edits (/literasi/cek-lowongan/tanda-bahaya/), so a change of rules needs no deploy. Patterns are
Python regular expressions, one per line, matched without regard to case; `also` must match too
when given. Weights run from 1 (weak alone) to 4 (enough alone for "tinggi")."""

# Words that, just before a phrase, negate it ("bukan visa turis", "tanpa potongan gaji").
_NOT = r"(?<!bukan )(?<!tidak )(?<!tdk )(?<!jangan )(?<!jgn )(?<!tanpa )(?<!bebas )(?<!no )"

FLAGS = [
    {
        "code": "visa-bukan-kerja",
        "title": "Berangkat kerja dengan visa turis, kunjungan atau umroh",
        "explanation": (
            "Bekerja di luar negeri wajib memakai visa kerja. Visa turis, visa kunjungan atau "
            "visa umroh tidak boleh dipakai untuk bekerja. Pekerja yang berangkat seperti ini "
            "tidak terlindungi dan mudah menjadi korban perdagangan orang (TPPO)."
        ),
        "patterns": "\n".join(
            [
                _NOT + r"visa\s*(turis|wisata|kunjungan|pelancong|liburan|umro?h|umrah|ziarah"
                r"|on arrival|voa|bebas visa|free)",
                _NOT + r"\b(jalur|lewat|via)\s*(umro?h|umrah|turis|wisata|kunjungan)\b",
                _NOT + r"\b(pakai|pake|dgn|dengan|modal)\s*(paspor|visa)?\s*(turis|wisata"
                r"|kunjungan|umro?h|umrah)\b",
                r"\b(sebagai|sbg|jadi|nyamar|menyamar|pura[- ]pura)\s*(jadi\s*)?(turis|wisatawan"
                r"|pelancong|jamaah umro?h|jemaah umro?h)\b",
            ]
        ),
        "also": "",
        "weight": 4,
    },
    {
        "code": "sembunyikan-tujuan",
        "title": "Disuruh menyembunyikan tujuan kerja dari petugas",
        "explanation": (
            "Perekrut yang menyuruh Anda berbohong kepada petugas imigrasi (misalnya mengaku "
            "mau liburan atau umroh) sedang menghindari pemeriksaan resmi. Jujurlah saat "
            "wawancara paspor: petugas ada untuk melindungi Anda."
        ),
        "patterns": "\n".join(
            [
                r"\b(bilang|ngaku|mengaku|katakan|jawab|bilangnya|blg)\s*(aja|saja)?\s*(ke|kepada"
                r"|sama|sm)?\s*(petugas|imigrasi|bandara|orang kantor)?\s*"
                r"(mau|untuk|utk|cuma|hanya)?"
                r"\s*(liburan|wisata|jalan[- ]jalan|umro?h|umrah|jenguk|berkunjung|kunjungan"
                r"|ziarah|nengok)",
                r"\b(jangan|jgn|tidak usah|tdk usah|gak usah|ga usah|gk usah|nggak usah)\s*"
                r"(bilang|ngomong|cerita|kasih tau|kasih tahu|blg)\s*(\w+\s*){0,3}(kerja|bekerja)",
                r"\b(rahasiakan|sembunyikan|tutupi)\s*(tujuan|rencana|niat)",
                r"\b(jangan|jgn)\s*(bilang|ngomong|blg)\s*(\w+\s*){0,2}(petugas|imigrasi)",
            ]
        ),
        "also": "",
        "weight": 4,
    },
    {
        "code": "biaya-potongan",
        "title": "Diminta membayar biaya atau gaji dipotong untuk penempatan",
        "explanation": (
            "Untuk banyak jabatan (antara lain pekerja rumah tangga, pengasuh, perawat lansia, "
            "sopir keluarga, tukang kebun, pekerja kebun, ABK perikanan) pekerja tidak boleh "
            "dibebani biaya penempatan: tiket, visa, pelatihan, paspor, cek kesehatan dan "
            "lainnya (Peraturan BP2MI 9/2020). Jangan bayar apa pun sebelum bertanya ke "
            "Disnaker atau BP3MI."
        ),
        "patterns": "\n".join(
            [
                _NOT + r"(?<!tidak ada )(?<!gak ada )(potong(an)?\s*gaji|gaji\s*(di)?potong)",
                _NOT + r"(?<!gratis )(?<!tidak ada )(?<!tidak dipungut )(?<!rp 0 )(biaya|uang"
                r"|ongkos|bayar)\s*(admin(istrasi)?|pendaftaran|daftar|proses|pemberangkatan"
                r"|keberangkatan|berkas|pengurusan|jaminan|tiket dan visa|visa|medical"
                r"|fit|sponsor)\b",
                r"\b(dp|uang muka|down ?payment)\b\s*\d",
                r"\b(transfer|tf|bayar)\s*(dulu|di ?muka|duluan|ke rek(ening)?)\b",
                r"\b\d+([.,]\d+)?\s*(jt|juta|rb|ribu)\s*(aja|saja)?\s*(untuk|buat|utk|bwt)\s*"
                r"(proses|visa|tiket|berkas|admin|medical|pendaftaran)",
            ]
        ),
        "also": "",
        "weight": 2,
    },
    {
        "code": "dokumen-ditahan",
        "title": "Paspor atau dokumen dipegang perekrut",
        "explanation": (
            "Paspor adalah milik Anda dan harus Anda pegang sendiri. Perekrut atau majikan yang "
            "menahan paspor, KTP atau ijazah bisa membuat Anda tidak bisa pulang: ini salah "
            "satu cara perdagangan orang."
        ),
        "patterns": "\n".join(
            [
                r"\b(paspor|passport|pasport|pspr|dokumen|ktp|ijazah|kk)\s*(asli\s*)?(akan\s*|nanti"
                r"\s*|harus\s*)?(di\s*)?(tahan|ditahan|disimpan|dipegang|dititip|dititipkan"
                r"|diserahkan|diamankan)\s*(oleh|sama|sm|ke|di|pihak)?\s*(agen|agency|sponsor|bos"
                r"|boss|pt|kantor|majikan|perusahaan|kami|calo|perekrut|tekong|mess|bos)",
                r"\b(serahkan|serahin|kumpulkan|kumpulin|titipkan|titip|tinggal)\s*(paspor|passport"
                r"|pasport|ktp|ijazah|kk)\s*(asli)?\s*(ke|kepada|sama|sm|di)?\s*(agen|sponsor|kami"
                r"|bos|kantor|pt|perusahaan|mess)",
                r"\b(paspor|passport|pasport)\s*(asli\s*)?(kami|bos|sponsor|agen)\s*(pegang|simpan"
                r"|tahan)",
            ]
        ),
        "also": "",
        "weight": 3,
    },
    {
        "code": "tanpa-kontrak",
        "title": "Tidak ada kontrak kerja, atau kontrak baru diberikan di luar negeri",
        "explanation": (
            "Perjanjian kerja wajib ditandatangani sebelum berangkat, dibaca dan dipahami: gaji, "
            "jam kerja, libur, tempat kerja, lama kontrak. Tanpa kontrak Anda tidak punya "
            "pegangan bila gaji tidak dibayar atau pekerjaan berbeda."
        ),
        "patterns": "\n".join(
            [
                r"\b(tanpa|tdk ada|tidak ada|gak ada|ga ada|gk ada|nggak ada|tak perlu|tidak perlu"
                r"|gak perlu|ga perlu|gk perlu|ngga perlu|nggak perlu)\s*(kontrak|perjanjian kerja"
                r"|surat kontrak|pk)\b",
                r"\b(kontrak|perjanjian kerja|surat kontrak)\s*(nya\s*)?(kerja\s*)?(nanti\s*)?"
                r"(di ?kasih|dikasi|diberikan|dikasih|ditandatangani|ttd|tanda ?tangan|dibuat"
                r"|diurus|dibikin|menyusul)\s*(nanti\s*)?(di|setelah|stlh|sesudah|pas|kalau|klo)\s*"
                r"(sana|sampai|sampe|tiba|negara tujuan|luar negeri|ln|lokasi|berangkat)",
                r"\bkontrak\s*(nya\s*)?(menyusul|nyusul|belakangan|di ?sana|disana)\b",
            ]
        ),
        "also": "",
        "weight": 3,
    },
    {
        "code": "lokasi-penipuan-online",
        "title": "Pekerjaan dan tempat yang dikenal sebagai sarang penipuan online",
        "explanation": (
            "Banyak warga Indonesia ditawari kerja sebagai admin, customer service, "
            '"marketing online" atau operator di Kamboja, kota perbatasan Myanmar (misalnya '
            "Myawaddy), Laos atau Filipina (POGO), lalu dipaksa menipu atau mengurus judi "
            "online dan tidak boleh pulang. Kementerian Luar Negeri menangani ribuan kasus ini."
        ),
        "patterns": (
            r"\b(admin|customer service|cs|marketing online|marketing|operator|telemarketing"
            r"|typing|typist|input data|data entry|crypto|kripto|trader|game|online|chatting"
            r"|host live)\b"
        ),
        "also": (
            r"\b(kamboja|cambodia|kamboja|phnom ?penh|sihanoukville|sihanouk|poipet|bavet"
            r"|myanmar|myawaddy|myawadi|shwe kokko|mae sot|laos|golden triangle|segitiga emas"
            r"|pogo|filipina|philippines|manila)\b"
        ),
        "weight": 4,
    },
    {
        "code": "jenis-kerja-penipuan",
        "title": "Pekerjaan berupa judi online atau penipuan",
        "explanation": (
            'Pekerjaan judi online, "scam" atau penipuan lewat internet di luar negeri '
            "adalah kejahatan; pekerjanya sering dipaksa, disekap dan diperjualbelikan."
        ),
        "patterns": (
            r"\b(judi online|judol|casino|kasino|slot online|scammer|scam|love scam"
            r"|pig butchering|tipu[- ]tipu)\b"
        ),
        "also": "",
        "weight": 3,
    },
    {
        "code": "gaji-tidak-wajar",
        "title": "Gaji sangat tinggi untuk pekerjaan tanpa pengalaman atau keahlian",
        "explanation": (
            "Gaji belasan juta rupiah untuk orang tanpa pengalaman, tanpa keahlian, cukup "
            '"bisa main HP", adalah umpan. Lowongan resmi menyebut syarat keahlian dan '
            "gaji sesuai pasaran negara tujuan."
        ),
        "patterns": "\n".join(
            [
                r"\b(gaji|gj|salary|penghasilan|income|pendapatan)\D{0,20}(1[0-9]|[2-9][0-9]"
                r"|[1-9][0-9]{2})\s*(jt|juta|jtan|an juta)",
                r"\b(gaji|gj|salary|penghasilan|income|pendapatan)\D{0,20}(1[0-9]|[2-9][0-9])"
                r"[.,]000[.,]000",
                r"\b(gaji|gj|salary|penghasilan|income)\D{0,20}(\$|usd)\s*[1-9][.,]?[0-9]{3}",
                r"\b(gaji|gj|salary|penghasilan|income)\D{0,20}[1-9][.,]?[0-9]{3}\s*(usd|\$"
                r"|dollar|dolar)",
            ]
        ),
        "also": "\n".join(
            [
                r"\b(tanpa|tdk perlu|tidak perlu|gak perlu|ga perlu|gk perlu|tidak butuh|no"
                r"|tdk butuh|nggak perlu|ngga perlu)\s*(pengalaman|skill|keahlian|ijazah|exp"
                r"|experience|pendidikan|bahasa inggris)",
                r"\b(lulusan|tamatan|min(imal)?\.?)\s*(sd|smp)\b",
                r"\b(pemula|fresh ?graduate|fresgraduate)\s*(boleh|bisa|welcome|ok|dipersilakan)",
                r"\basal\s*(bisa|mau|jujur|niat|rajin)",
                r"\b(bisa|cukup)\s*(main|pegang|pakai|pake)\s*(hp|handphone|android|komputer)",
            ]
        ),
        "weight": 2,
    },
    {
        "code": "berangkat-cepat",
        "title": "Berangkat dalam beberapa hari",
        "explanation": (
            "Proses resmi bekerja ke luar negeri butuh waktu: pemeriksaan kesehatan, pelatihan, "
            'visa kerja, kontrak, orientasi pra pemberangkatan. Tawaran "langsung berangkat" '
            "dalam hitungan hari biasanya melewati semua perlindungan itu."
        ),
        "patterns": "\n".join(
            [
                r"\b(berangkat|terbang|flight|keberangkatan|brgkt|brangkat)\D{0,15}\b([1-9]|1[0-4])"
                r"\s*(hari|hr)\b",
                r"\b(langsung|cepat|segera|bisa langsung|siap)\s*"
                r"(berangkat|terbang|brgkt|brangkat)",
                r"\b(berangkat|terbang|brgkt|brangkat)\s*(minggu ini|besok|lusa|secepatnya|cepat"
                r"|kilat|langsung)",
                r"\bproses\s*(cepat|kilat|express|ekspres|singkat)",
            ]
        ),
        "also": "",
        "weight": 2,
    },
    {
        "code": "moratorium-prt",
        "title": "Pekerjaan rumah tangga di negara Timur Tengah (moratorium)",
        "explanation": (
            "Penempatan pekerja rumah tangga (PRT, pengasuh, sopir keluarga) pada pengguna "
            "perseorangan di negara-negara Timur Tengah dihentikan sejak 2015 (Kepmenaker "
            "260/2015); penempatan seperti itu diperlakukan sebagai perdagangan orang. Bila "
            "ada skema resmi pemerintah, tanyakan dulu ke BP3MI."
        ),
        "patterns": (
            r"\b(prt|asisten rumah tangga|pembantu|pembantu rumah tangga|babysitter|baby ?sitter"
            r"|pengasuh|perawat lansia|sopir keluarga|supir keluarga|supir pribadi|sopir pribadi"
            r"|housemaid|house ?maid|maid|khadimat|plrt|tkw|art)\b"
        ),
        "also": (
            r"\b(arab saudi|saudi|ksa|riyadh|jeddah|jedah|mekkah|makkah|madinah|uea"
            r"|uni emirat arab|emirat|dubai|abu ?dhabi|qatar|doha|kuwait|oman|muscat|bahrain"
            r"|yordania|jordan|amman|timur tengah|timteng|middle east|lebanon|libanon|mesir"
            r"|irak|suriah|yaman)\b"
        ),
        "weight": 4,
    },
    {
        "code": "agensi-tidak-terdaftar",
        "kind": "agency_register",
        "title": "Nama perusahaan tidak ada di daftar P3MI berizin",
        "explanation": (
            "Perekrutan pekerja migran hanya boleh lewat perusahaan penempatan (P3MI) yang "
            "izinnya masih berlaku, atau lewat program pemerintah. Nama yang Anda tulis tidak "
            "ditemukan dengan izin berlaku di daftar kami: tanyakan ke Disnaker atau BP3MI."
        ),
        "patterns": "",
        "also": "",
        "weight": 3,
    },
    {
        "code": "kontak-pribadi",
        "title": "Perekrutan hanya lewat WhatsApp pribadi atau media sosial",
        "explanation": (
            "Perusahaan resmi punya kantor, alamat dan nomor izin yang bisa dicek. Lowongan "
            'yang hanya minta Anda chat ke nomor pribadi, "DM" atau klik tautan di bio sulit '
            "dilacak bila terjadi masalah."
        ),
        "patterns": "\n".join(
            [
                r"\bwa\.me/\S+",
                r"\b(hub|hubungi|chat|kontak|info|minat|japri|pm|dm|inbox|call|cp)\W{0,6}(wa|whatsapp"
                r"|whatsap|watsap)?\W{0,3}(\+?62|0)8\d{2}[\d\s-]{6,}",
                r"\b(japri|dm aja|dm saja|inbox aja|inbox saja|pm aja|langsung dm|cek dm|klik link"
                r"|link di bio|link bio)\b",
                r"\b(bit\.ly|t\.me|s\.id)/\S+",
            ]
        ),
        "also": "",
        "weight": 1,
    },
    {
        "code": "di-bawah-umur",
        "title": "Menerima anak di bawah 18 tahun",
        "explanation": (
            "Pekerja migran paling muda berumur 18 tahun (UU 18/2017). Perekrut yang menerima "
            'anak, atau menawarkan "menuakan" umur di dokumen, melakukan kejahatan.'
        ),
        "patterns": "\n".join(
            [
                r"\b(usia|umur|u)\s*:?\s*(min(imal|\.)?\s*)?(1[3-7])\s*(th|thn|tahun)?\s*(-|s/?d"
                r"|sampai|\+|ke ?atas)",
                r"\b(1[3-7])\s*(th|thn|tahun)\s*(juga\s*)?(boleh|bisa|sudah bisa|udah bisa|ok)",
                r"\b(belum|blm)\s*(18|cukup umur|punya ktp|ada ktp)\s*(juga\s*)?(boleh|bisa|ok"
                r"|gapapa|ga papa|tidak apa)",
                r"\b(umur|usia|data|ktp|tahun lahir)\s*(bisa\s*)?(dituakan|dipalsu|diubah|diatur"
                r"|dinaikkan)",
                r"\b(lulusan|tamatan|lulus)\s*smp\s*(juga\s*)?(boleh|bisa|ok)",
            ]
        ),
        "also": "",
        "weight": 4,
    },
]
