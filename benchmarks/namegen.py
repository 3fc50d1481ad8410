"""Synthetic people from many countries, with controlled spelling variants and hard negatives,
for the screening and linking benchmarks (and the engine's tests, at small sizes).

Honesty notes: the variant spellings below were written independently of the engine's tables
but by the same author, so part of them overlap; the rule-based perturbations (typos, doubled
letters, ou/u, kh/h...) are random and do not consult the engine."""

from __future__ import annotations

import random
from dataclasses import dataclass

# country -> (given names, family names, particles that may be written, family-name-first?)
_POOLS: dict[str, tuple[str, str, str, bool]] = {
    "SA": (
        "Muhammad Ahmad Abdullah Khalid Fahad Saud Faisal Turki Nasser Omar Ali Hamad Sultan "
        "Bandar Majed Yousef Ibrahim Abdulaziz Salman Mansour Waleed Tariq Zaid Hasan Husain "
        "Fatima Aisha Noura Maryam Sarah Reem Hessa Lama Dana Nouf",
        "Saud Rashid Qahtani Otaibi Ghamdi Zahrani Shehri Harbi Mutairi Dosari Anazi Shammari "
        "Subaie Juhani Malki Yami Balawi Hazmi Faifi Amri Sharif Hashimi Farsi Tamimi Khaldi",
        "al bin",
        False,
    ),
    "EG": (
        "Mohamed Ahmed Mahmoud Mostafa Hassan Hussein Ibrahim Youssef Omar Khaled Amr Tarek "
        "Sherif Karim Hany Gamal Adel Sameh Walid Ayman Fatma Aya Mona Heba Nour Yasmin Salma",
        "Abdelrahman Elsayed Mansour Fahmy Salem Farouk Ragab Shaker Fawzy Nasr Hegazy Zaki "
        "Badawi Ghoneim Soliman Helmy Kamel Attia Darwish Sabry Naguib Rizk Shalaby Morsi",
        "el abu",
        False,
    ),
    "YE": (
        "Abdullah Ali Saleh Nabil Mohammed Ahmed Hamid Abdulrahman Yahya Fuad Amin Adel "
        "Khaled Murad Qasim Jamal Ameen Fatima Amal Huda Samira",
        "Haddad Awlaki Ansi Hakimi Sharabi Hadrami Jabri Kindi Mikhlafi Zindani Qadhi Bakri",
        "al bin",
        False,
    ),
    "IR": (
        "Mohammad Ali Reza Hossein Mehdi Amir Hamid Saeed Majid Behnam Kourosh Dariush Arash "
        "Babak Farhad Omid Kaveh Navid Fatemeh Zahra Maryam Narges Shirin Leila Parisa Nasrin",
        "Hosseini Mohammadi Ahmadi Rezaei Karimi Moradi Jafari Rahimi Sadeghi Ghorbani Kazemi "
        "Hashemi Mousavi Ebrahimi Alavi Tehrani Shirazi Esfahani Najafi Zamani Amini Soltani",
        "",
        False,
    ),
    "AF": (
        "Ahmad Mohammad Abdul Gul Naveed Rahim Wali Zabihullah Hamid Habib Qadir Sayed Nasir "
        "Zarghuna Malalai Farida Shabana Khatera",
        "Karzai Popal Sultani Wardak Stanekzai Noori Amiri Hakimi Safi Niazi Barakzai Rahmani",
        "",
        False,
    ),
    "PK": (
        "Muhammad Ahmed Ali Imran Asif Bilal Usman Hamza Zain Faisal Tariq Kamran Shahid Iqbal "
        "Junaid Adnan Ayesha Sana Hira Sadia Nadia Saima Rabia Mehwish",
        "Khan Malik Chaudhry Qureshi Sheikh Butt Awan Raja Mirza Siddiqui Ansari Hashmi Rana "
        "Javed Akhtar Rehman Baig Abbasi Shah Gillani Bhatti Niazi",
        "bin",
        False,
    ),
    "BD": (
        "Mohammad Abdul Rahim Karim Shafiq Rafiq Jahangir Mizanur Habibur Anisur Rezaul Nasrin "
        "Shirin Taslima Rokeya Sultana Farhana",
        "Rahman Hossain Islam Uddin Ahmed Chowdhury Miah Sarkar Talukder Bhuiyan Sheikh Haque "
        "Mondal Akter Begum Khatun",
        "",
        False,
    ),
    "IN": (
        "Rahul Amit Sanjay Rajesh Suresh Anil Vijay Ravi Arjun Krishna Venkatesh Srinivas "
        "Prakash Deepak Manoj Priya Lakshmi Sunita Anjali Kavita Pooja Neha Divya Shreya",
        "Sharma Verma Gupta Singh Kumar Patel Reddy Nair Iyer Rao Mukherjee Banerjee Chatterjee "
        "Das Bose Pillai Menon Joshi Desai Mehta Shah Yadav Mishra Pandey Chaudhary Prasad",
        "",
        False,
    ),
    "CN": (
        "Wei Fang Min Jing Lei Jun Yan Hui Ling Qiang Xiaoming Xiaoli Jianguo Haiyan Zhiwei "
        "Yuqing Hong Bo Tao Yong Jie Na Li Ping Chao Xin Yu Hao",
        "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo "
        "Zheng Liang Xie Song Tang Han Feng Deng Cao Peng Xiao",
        "",
        True,
    ),
    "KR": (
        "Minjun Seojun Dohyun Jiho Jihoon Junseo Hyunwoo Sungmin Jiwon Seoyeon Jiyoung Minji "
        "Soyeon Hyejin Eunji Yuna Jisoo Sangwoo Youngho Dongwook",
        "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song Jeon "
        "Hong",
        "",
        True,
    ),
    "VN": (
        "An Binh Cuong Dung Duc Hai Hieu Hoa Hung Khanh Lan Linh Long Mai Minh Nam Ngoc Phuong "
        "Quang Thanh Thao Trang Tuan Van Yen",
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý",
        "",
        True,
    ),
    "RU": (
        "Aleksandr Sergei Dmitri Andrei Aleksei Mikhail Nikolai Ivan Yuri Vladimir Pyotr Igor "
        "Oleg Maksim Yevgeni Tatiana Natalia Olga Yelena Ekaterina Anna Maria Svetlana Irina",
        "Ivanov Smirnov Kuznetsov Popov Vasiliev Petrov Sokolov Mikhailov Novikov Fedorov "
        "Morozov Volkov Alekseev Lebedev Semenov Egorov Pavlov Kozlov Stepanov Nikolaev Orlov "
        "Zakharov Tchaikovsky Dostoevsky",
        "",
        False,
    ),
    "UA": (
        "Oleksandr Serhii Dmytro Andrii Oleksii Mykhailo Mykola Yurii Volodymyr Petro Taras "
        "Bohdan Yevhen Tetiana Nataliia Olha Olena Kateryna Iryna Yuliia",
        "Shevchenko Kovalenko Bondarenko Tkachenko Kravchenko Melnyk Boyko Kovalchuk Oliynyk "
        "Shevchuk Polishchuk Lysenko Marchenko Savchenko Rudenko Moroz",
        "",
        False,
    ),
    "NL": (
        "Jan Pieter Hendrik Willem Johannes Cornelis Maarten Sander Daan Thijs Anna Emma Sophie "
        "Lotte Femke Sanne Eva Julia",
        "Berg Dijk Vries Bakker Janssen Visser Smit Meijer Mulder Bos Vos Dekker Leeuwen Veen",
        "van de der den",
        False,
    ),
    "DE": (
        "Thomas Michael Andreas Stefan Christian Markus Jürgen Klaus Uwe Lukas Sabine Petra "
        "Claudia Andrea Katharina Monika Ursula",
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter "
        "Klein Wolf Schröder Neumann Braun",
        "von",
        False,
    ),
    "FR": (
        "Jean Pierre Michel Philippe Nicolas François Julien Antoine Camille Marie Nathalie "
        "Isabelle Sylvie Céline Hélène Élodie",
        "Martin Bernard Dubois Durand Leroy Moreau Lefèbvre Girard Bonnet Dupont Lambert Fontaine "
        "Rousseau Mercier Chevalier",
        "de la",
        False,
    ),
    "PH": (
        "José Juan Mark John Michael Jerome Rommel Arnel Maria Rosario Cristina Marites Jocelyn "
        "Analyn Lorna",
        "Santos Reyes Cruz Bautista Ocampo Garcia Mendoza Torres Villanueva Ramos Aquino Castillo "
        "Dela Cruz Flores Gonzales",
        "de la dela",
        False,
    ),
    "JP": (
        "Hiroshi Takashi Kenji Yuki Daisuke Shota Haruto Akira Yumi Keiko Naoko Sakura Aiko "
        "Yoko Megumi",
        "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida "
        "Yamada Sasaki Matsumoto Inoue",
        "",
        True,
    ),
    "NG": (
        "Chinedu Emeka Oluwaseun Adebayo Ibrahim Musa Abubakar Yusuf Tunde Ngozi Chioma "
        "Aisha Funmilayo Amaka Blessing",
        "Okafor Okonkwo Adeyemi Balogun Bello Abdullahi Ogunleye Eze Nwosu Danjuma Usman "
        "Mohammed Obi",
        "",
        False,
    ),
    "US": (
        "James John Robert Michael William David Richard Joseph Thomas Christopher Mary "
        "Patricia Jennifer Linda Elizabeth Barbara Susan Jessica",
        "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore "
        "Jackson White Harris Martin Thompson",
        "",
        False,
    ),
}
COUNTRIES = tuple(_POOLS)
_WEIGHTS = [6, 4, 2, 4, 2, 5, 4, 7, 10, 5, 4, 4, 2, 2, 2, 2, 3, 3, 2, 4]

# Spellings the generator may swap in for a token (lower case; first is the pool spelling).
_ALTERNATIVES = [
    "muhammad mohammed mohamed mohammad mohamad muhammed mohd",
    "ahmad ahmed achmad",
    "abdullah abdallah abdulla",
    "abdulrahman abdurrahman abdelrahman",
    "husain hussein hussain hossein",
    "hossein husain hussein",
    "hasan hassan",
    "yousef yusuf youssef yousuf",
    "youssef yusuf yousef",
    "omar umar",
    "usman osman uthman",
    "khalid khaled",
    "mostafa mustafa moustafa",
    "fatima fatimah fatma fatemeh",
    "fatemeh fatima fatemah",
    "aisha ayesha aysha",
    "ayesha aisha",
    "ibrahim ebrahim",
    "mahmoud mahmud mahmood",
    "hosseini husseini hosaini",
    "chaudhry chaudhary chowdhury choudhury",
    "chowdhury chaudhary choudhury",
    "chaudhary chaudhry choudhary",
    "qureshi kureshi qurashi",
    "aleksandr alexander alexandr",
    "oleksandr aleksandr alexander",
    "sergei sergey",
    "serhii serhiy sergiy",
    "dmitri dmitry dmitriy",
    "dmytro dmitri dmitry",
    "andrei andrey",
    "andrii andriy",
    "aleksei alexey alexei",
    "yuri yury yuriy",
    "yurii yuriy",
    "yevgeni evgeny evgeniy",
    "yevhen yevgeniy",
    "tatiana tatyana",
    "tetiana tatiana",
    "natalia natalya",
    "nataliia natalia natalya",
    "olha olga",
    "olena elena yelena",
    "yelena elena",
    "ekaterina yekaterina katerina",
    "kateryna ekaterina",
    "mykhailo mikhail",
    "pyotr petr",
    "tchaikovsky chaikovsky chaikovskiy",
    "dostoevsky dostoyevsky dostoevskiy",
    "zhang chang",
    "zhou chou",
    "xu hsu",
    "xie hsieh",
    "zheng cheng",
    "zhao chao",
    "guo kuo",
    "lee yi rhee",
    "park pak bak",
    "choi choe",
    "jung jeong chung",
    "yoon yun",
    "kang gang",
    "kwon gwon",
    "lakshmi laxmi",
    "mukherjee mukherji",
    "banerjee banerji",
    "chatterjee chatterji",
    "srinivas shrinivas sreenivas",
    "venkatesh venkatesan",
    "jurgen juergen",
    "muller mueller",
    "schroder schroeder",
]
_ALT: dict[str, list[str]] = {}
for _line in _ALTERNATIVES:
    _words = _line.split()
    _ALT.setdefault(_words[0], _words[1:])

_RULE_SWAPS = [
    ("ou", "u"),
    ("u", "ou"),
    ("ee", "i"),
    ("i", "ee"),
    ("kh", "h"),
    ("ph", "f"),
    ("f", "ph"),
    ("y", "i"),
    ("i", "y"),
    ("sh", "sch"),
    ("w", "v"),
    ("v", "w"),
    ("c", "k"),
    ("k", "c"),
    ("ie", "i"),
    ("j", "dj"),
    ("ss", "s"),
    ("s", "ss"),
    ("mm", "m"),
    ("m", "mm"),
    ("ll", "l"),
    ("l", "ll"),
    ("tt", "t"),
    ("dh", "d"),
]

# Given names built from syllables (as they are): far more distinct names than a fixed list.
_SYLLABLES = {
    "CN": [
        "Wei",
        "Fang",
        "Min",
        "Jing",
        "Lei",
        "Jun",
        "Yan",
        "Hui",
        "Ling",
        "Qiang",
        "Xiao",
        "Ming",
        "Li",
        "Jian",
        "Guo",
        "Hai",
        "Zhi",
        "Yu",
        "Qing",
        "Hong",
        "Bo",
        "Tao",
        "Yong",
        "Jie",
        "Na",
        "Ping",
        "Chao",
        "Xin",
        "Hao",
        "Lan",
        "Mei",
        "Yun",
        "Feng",
        "Hua",
        "Kai",
        "Long",
        "Rui",
        "Shan",
        "Ting",
        "Xue",
    ],
    "KR": [
        "Min",
        "Jun",
        "Seo",
        "Ji",
        "Ho",
        "Hyun",
        "Woo",
        "Sung",
        "Young",
        "Eun",
        "Hye",
        "Soo",
        "Dong",
        "Sang",
        "Jae",
        "Hoon",
        "Yeon",
        "Kyung",
        "Jin",
        "Hee",
        "Su",
        "Na",
        "Ra",
        "Yun",
        "Won",
        "Chul",
        "Tae",
        "Il",
        "Gyu",
        "Bin",
    ],
    "JP": [
        "Hiro",
        "Taka",
        "Ken",
        "Yu",
        "Dai",
        "Sho",
        "Haru",
        "Aki",
        "Masa",
        "Nobu",
        "Kazu",
        "Tomo",
        "Naka",
        "Yoshi",
        "Mi",
        "Sa",
        "Ko",
        "Na",
    ],
}

VARIANT_KINDS = (
    "exact",
    "order",
    "case_accents",
    "spelling",
    "particle",
    "missing_middle",
    "typo",
    "combined",
)


@dataclass(slots=True)
class Synth:
    person: int
    name: str
    dob: str | None
    nationality: str
    passport: str | None
    kind: str = "exact"


class Generator:
    def __init__(self, seed: int = 18):
        self.rng = random.Random(seed)
        self.pools = {
            c: (g.split(), f.split(), p.split(), first) for c, (g, f, p, first) in _POOLS.items()
        }
        self._next_person = 0

    def person(self, country: str | None = None) -> Synth:
        rng = self.rng
        country = country or rng.choices(COUNTRIES, _WEIGHTS)[0]
        given, family, particles, family_first = self.pools[country]
        parts = [rng.choice(given)]
        if country in ("SA", "EG", "YE", "RU", "UA", "PK", "BD", "AF", "IR") and rng.random() < 0.6:
            middle = rng.choice(given)
            if country in ("RU", "UA"):
                middle = middle.rstrip("aiy") + ("ovich" if rng.random() < 0.5 else "ovna")
            parts.append(middle)
        elif country in ("US", "PH", "IN", "FR", "DE", "NL") and rng.random() < 0.4:
            parts.append(rng.choice(given))
        elif country == "VN":
            parts.append(
                rng.choice(["Văn", "Thị", "Đức", "Minh", "Hữu", "Ngọc", "Quốc", "Thanh", "Xuân"])
            )
        elif country in _SYLLABLES:
            syl = _SYLLABLES[country]
            parts[0] = rng.choice(syl) + (rng.choice(syl).lower() if rng.random() < 0.75 else "")
        surname = rng.choice(family)
        if particles and country in ("SA", "YE", "NL", "DE", "FR") and rng.random() < 0.4:
            surname = (
                f"{particles[0]}-{surname}"
                if country in ("SA", "YE")
                else f"{particles[0]} {surname}"
            )
        name = " ".join([surname, *parts]) if family_first else " ".join([*parts, surname])
        year = rng.randint(1945, 2006)
        dob = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        passport = f"{country[0]}{rng.randint(10_000_000, 99_999_999)}"
        self._next_person += 1
        return Synth(self._next_person, name, dob, country, passport)

    # -- variants --------------------------------------------------------------------------
    def variant(self, s: Synth, kind: str | None = None, *, dob_kept: float = 0.80) -> Synth:
        rng = self.rng
        kind = kind or rng.choice(VARIANT_KINDS)
        tokens = s.name.split()
        if kind == "order":
            tokens = tokens[1:] + tokens[:1] if len(tokens) > 1 else tokens
        elif kind == "case_accents":
            tokens = [
                _strip_accents(t).upper() if rng.random() < 0.5 else t.lower() for t in tokens
            ]
        elif kind == "spelling":
            tokens = self._respell(tokens, force=True)
        elif kind == "particle":
            tokens = self._particle(tokens, s.nationality)
        elif kind == "missing_middle":
            if len(tokens) >= 3:
                del tokens[1]
            else:
                tokens = self._respell(tokens, force=True)
        elif kind == "typo":
            i = rng.randrange(len(tokens))
            tokens[i] = self._typo(tokens[i])
        elif kind == "combined":
            tokens = self._respell(tokens, force=True)
            if len(tokens) > 1:
                rng.shuffle(tokens)
            if rng.random() < 0.5:
                tokens = self._particle(tokens, s.nationality)
        name = " ".join(tokens)
        return Synth(
            s.person, name, self._near_dob(s.dob, dob_kept), s.nationality, s.passport, kind
        )

    def _respell(self, tokens, *, force=False):
        rng = self.rng
        out = list(tokens)
        options = [i for i, t in enumerate(out) if _strip_accents(t).lower() in _ALT]
        if options:
            i = rng.choice(options)
            out[i] = rng.choice(_ALT[_strip_accents(out[i]).lower()]).capitalize()
            return out
        # no table spelling: a rule-based romanisation change on one token
        order = list(range(len(out)))
        rng.shuffle(order)
        for i in order:
            low = out[i].lower()
            swaps = [(a, b) for a, b in _RULE_SWAPS if a in low[1:]]
            if swaps:
                a, b = rng.choice(swaps)
                at = low.index(a, 1)
                out[i] = (low[:at] + b + low[at + len(a) :]).capitalize()
                return out
        if force:
            i = rng.randrange(len(out))
            out[i] = _strip_accents(out[i])
        return out

    def _particle(self, tokens, country):
        rng = self.rng
        low = [t.lower() for t in tokens]
        for p in ("al", "el", "van", "von", "de", "bin"):
            for i, t in enumerate(low):
                if t == p or t.startswith(p + "-"):
                    out = list(tokens)
                    out[i] = tokens[i][len(p) + 1 :] if t != p else ""
                    return [t for t in out if t]
        particle = {
            "SA": "Al-",
            "YE": "Al-",
            "EG": "El-",
            "NL": "van ",
            "DE": "von ",
            "FR": "de ",
            "MY": "bin ",
        }.get(country, rng.choice(["Al-", "bin ", "van ", "de "]))
        out = list(tokens)
        out[-1] = particle + out[-1]
        return " ".join(out).split()

    def _typo(self, token: str) -> str:
        rng = self.rng
        if len(token) < 4:
            return token + token[-1]
        i = rng.randrange(1, len(token) - 1)
        op = rng.choice(("swap", "drop", "double", "replace"))
        if op == "swap":
            return token[:i] + token[i + 1] + token[i] + token[i + 2 :]
        if op == "drop":
            return token[:i] + token[i + 1 :]
        if op == "double":
            return token[:i] + token[i] + token[i:]
        return token[:i] + rng.choice("aeioulnrstkmh") + token[i + 1 :]

    def _near_dob(self, dob, kept):
        """The date kept (share `kept`), else near (a quarter of the rest) or not given."""
        rng = self.rng
        r = rng.random()
        if r < kept or not dob:
            return dob
        if r < kept + (1 - kept) / 4:
            y, m, d = dob.split("-")
            if int(d) <= 12 and d != m:
                return f"{y}-{d}-{m}"  # day and month swapped
            return f"{y}-{m}-{int(d) % 28 + 1:02d}" if rng.random() < 0.5 else dob
        return None  # not given

    def hard_negative(self, s: Synth) -> Synth:
        """Another person with (a variant of) the same name: another birth year and passport."""
        v = self.variant(s, self.rng.choice(("exact", "order", "spelling", "case_accents")))
        y, m, d = s.dob.split("-")
        # 3 to 25 years apart, and never born in the future or before 1920 (such a date would
        # be an impossible person, not a hard one)
        shift = self.rng.choice((-1, 1)) * self.rng.randint(3, 25)
        year = int(y) + shift if 1920 <= int(y) + shift <= 2008 else int(y) - shift
        self._next_person += 1
        return Synth(
            -self._next_person,
            v.name,
            f"{year}-{m}-{d}",
            s.nationality,
            f"{s.nationality[0]}{self.rng.randint(10_000_000, 99_999_999)}",
            "hard_negative",
        )

    def stays(self, n_stays: int, n_persons: int) -> list[Synth]:
        """n_stays records of n_persons people: every person at least once; repeat stays are
        variants (spelling, order, typo, missing middle name; DOB mostly kept; the passport
        kept 85 % of the time, renewed or missing otherwise)."""
        people = [self.person() for _ in range(n_persons)]
        out = list(people)
        rng = self.rng
        # People who come back: a fifth to a half of them (as many as needed), each a few times.
        extra = n_stays - n_persons
        returning = people[: max(1, min(n_persons, extra * 2 // 3))]
        for _ in range(extra):
            p = returning[int(rng.random() ** 1.5 * len(returning))]
            v = self.variant(p, dob_kept=0.94)
            r = rng.random()
            if r < 0.10:
                v.passport = None
            elif r < 0.15:
                v.passport = f"{p.nationality[0]}{rng.randint(10_000_000, 99_999_999)}"
            out.append(v)
        for s in out:
            if rng.random() < 0.2:
                s.passport = None
        rng.shuffle(out)
        return out


def _strip_accents(text: str) -> str:
    import unicodedata

    return (
        "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
        .replace("đ", "d")
        .replace("Đ", "D")
    )
