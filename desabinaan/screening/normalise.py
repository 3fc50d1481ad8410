"""Name normalisation: case, accents, punctuation, particles, and transliteration folding.

Three levels, each a pure function of a string (no Django here):

* ``ascii_tokens(name)`` — lower case, accents and punctuation removed, particles dropped: the
  tokens a person would still call "the same spelling".
* ``canon(token)`` — transliteration folding of one ascii token: a table of known spelling groups
  (Mohammed/Muhammad/Mohamad, Aleksandr/Alexander/Oleksandr, Lee/Yi/Rhee...) and then ordered
  rewrite rules for the usual romanisation differences (kh/h, ph/f, ou/u, ee/i, y/i, doubled
  letters, -skiy/-ski...). Two tokens with the same ``canon`` are "the same name, spelt
  differently".
* ``skeleton(token)`` — a coarse phonetic key of a canonical token (consonant classes, initial
  vowel kept as one symbol), used only to find candidates, never to decide.

The tables are reference data: extend them, they are not a claim that the list is complete.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .scripts import letter, romanise

# Particles and connectors that some sources write and others drop. Removing them on both sides
# makes "Abdullah bin Ahmad", "Abdullah Ahmad", "Ahmad al-Farsi" / "Ahmad Farsi" and
# "Ludwig van Beethoven" / "Ludwig Beethoven" compare equal.
PARTICLES = frozenset(
    [
        "al",
        "el",
        "ul",
        "ar",
        "ad",
        "as",
        "at",
        "az",
        "ash",
        "bin",
        "binti",
        "bint",
        "ibn",
        "ben",
        "bte",
        "bt",
        "b",
        "abu",
        "abou",
        "umm",
        "van",
        "von",
        "vander",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "dos",
        "das",
        "ter",
        "ten",
        "zu",
        "st",
        "s",
        "o",
        "d",
        "w",
    ]
)
# (s/o d/o w/o: "son of", "daughter of", "wife of" in South-Asian documents: the slash becomes a
# space, leaving one-letter particles.) Not here, because they are also surnames: an (Korean Ahn,
# Vietnamese An), do/du/le/lo (Vietnamese Đỗ, Lê; Chinese Du, Lo).

# Spelling groups: the first spelling is the canonical one. Matching never depends on which one
# is first; the canonical form is internal.
SPELLING_GROUPS: tuple[tuple[str, ...], ...] = (
    # Arabic / Persian / Turkic
    (
        "muhammad",
        "mohammed",
        "mohammad",
        "mohamed",
        "mohamad",
        "muhammed",
        "muhamad",
        "mohd",
        "muhd",
        "mehmet",
        "mehmed",
        "mouhamed",
        "mohammod",
        "muhamed",
        "mohamud",
        "mahomed",
    ),
    ("ahmad", "ahmed", "achmad", "ahmet", "akhmad", "ahamed"),
    ("mahmud", "mahmoud", "mahmood", "mehmood", "mahmut"),
    ("husain", "hussein", "hussain", "husein", "hosein", "hossein", "husayn", "huseyin", "hussen"),
    ("hasan", "hassan", "hasen", "hassen"),
    ("husaini", "hosseini", "husseini", "hussaini", "hosaini"),
    ("yusuf", "yousef", "youssef", "yusef", "yousuf", "jusuf", "yousif", "yussuf", "yusof"),
    ("abdullah", "abdallah", "abdulla", "abdollah", "abdalla", "abdellah"),
    ("abdulrahman", "abdurrahman", "abdelrahman", "abderrahmane", "abdulrahim", "abdolrahman"),
    ("abdulaziz", "abdelaziz", "abdolaziz", "abdulazeez"),
    ("umar", "omar", "omer", "umer", "oumar"),
    ("usman", "osman", "uthman", "othman", "usmon", "ousmane"),
    ("ibrahim", "ebrahim", "ibraheem", "ibrahima", "ibragim"),
    ("khalid", "khaled", "halid", "khaleed"),
    ("mustafa", "mostafa", "moustafa", "mustapha", "mostapha", "mustofa"),
    ("said", "saeed", "sayed", "saied", "sayid", "saiid", "syed", "sayyid", "seyed", "seyyed"),
    ("fatima", "fatimah", "fatma", "fatemeh", "fatoumata", "fatime"),
    ("aisha", "aysha", "ayesha", "aishah", "aicha", "aysa", "ayse"),
    ("hamid", "hameed", "hamed"),
    ("rashid", "rasheed", "rachid", "rashed", "reshid"),
    ("jamal", "gamal", "djamal", "jamaal", "cemal"),
    ("karim", "kareem", "kerim"),
    ("rahman", "rehman", "rahmaan", "rakhman"),
    ("reza", "riza", "rida", "ridha", "rezza"),
    ("mahdi", "mehdi", "mahady"),
    ("zainab", "zaynab", "zeinab", "zeynep", "zainap"),
    ("yakub", "yaqub", "yacoub", "yaqoob", "yakoub", "yakup", "jakub"),
    ("ismail", "ismael", "esmail", "ismayil", "ismoil"),
    ("sulaiman", "suleiman", "sulayman", "suleyman", "slimane", "soliman", "suleman"),
    ("nasir", "nasser", "nassir", "naser", "nasr"),
    ("jafar", "jaafar", "djafar", "cafer", "jafer"),
    ("abbas", "abas"),
    ("ali", "aly", "alee"),
    ("nur", "noor", "nour", "nuur"),
    ("tahir", "taher", "tahir"),
    ("qasim", "kasim", "qassim", "kassim", "gasim", "kassem", "qasem"),
    # Cyrillic (Russian / Ukrainian / Belarusian romanisations)
    (
        "aleksandr",
        "alexander",
        "alexandr",
        "oleksandr",
        "olexandr",
        "aleksander",
        "aliaksandr",
        "alexandre",
        "aleksandar",
    ),
    ("sergei", "sergey", "serhii", "serhiy", "sergiy", "serguei", "sergej", "siarhei"),
    ("dmitri", "dmitry", "dmitriy", "dmytro", "dimitri", "dmitrij"),
    ("yevgeni", "evgeny", "evgeniy", "yevgeniy", "yevhen", "evgenii", "jevgenij", "evgenij"),
    ("andrei", "andrey", "andriy", "andrii", "andrej"),
    ("aleksei", "alexey", "alexei", "aleksey", "oleksii", "oleksiy", "aleksej", "alexej"),
    ("mikhail", "michail", "mykhailo", "mihail", "mikhael"),
    ("nikolai", "nikolay", "mykola", "nicolai", "nikolaj"),
    ("yuri", "yury", "yuriy", "iurii", "yurii", "jurij", "juri"),
    ("vladimir", "volodymyr", "wladimir", "uladzimir"),
    ("pyotr", "petr", "petro", "piotr", "pyotor"),
    ("tatiana", "tatyana", "tetiana", "tatjana", "tatsiana"),
    ("natalia", "natalya", "nataliya", "natalja", "natallia"),
    ("olga", "olha", "volha"),
    ("yelena", "elena", "olena", "jelena", "alena"),
    ("ekaterina", "yekaterina", "kateryna", "katerina", "jekaterina"),
    ("yulia", "julia", "yuliya", "iuliia", "yuliia", "juliya"),
    ("anastasia", "anastasiya", "anastasiia", "nastassia"),
    ("grigori", "grigory", "hryhorii", "grigoriy"),
    ("ivan", "ivan", "iwan"),
    # Chinese (pinyin / Wade-Giles / Cantonese / Hokkien surnames)
    ("zhang", "chang", "cheung", "teo", "chong"),
    ("zhou", "chou", "chow", "jou"),
    ("li", "lee", "lei", "lie"),
    ("liu", "lau", "lew", "lao"),
    ("chen", "chan", "tan", "chin", "ch'en"),
    ("huang", "wong", "hwang", "ng", "oei"),
    ("zhao", "chao", "chiu", "chew"),
    ("xu", "hsu", "hui", "tsui", "koh"),
    ("xie", "hsieh", "tse", "cheah", "chia"),
    ("yang", "young", "yeung", "yong", "yeo"),
    ("zheng", "cheng", "tay", "chung"),
    ("lin", "lim", "lam", "ling"),
    ("he", "ho", "hoh"),
    ("guo", "kuo", "kwok", "kwek", "quek"),
    ("wu", "woo", "goh"),
    ("zhu", "chu", "choo", "gee"),
    # Korean (Revised / McCune-Reischauer / common passport spellings)
    ("lee", "yi", "rhee", "i", "ri", "rhie"),
    ("park", "pak", "bak", "pack", "bark"),
    ("kim", "gim", "kym"),
    ("choi", "choe", "chwe", "choy"),
    ("jeong", "jung", "chung", "cheong", "jeung"),
    ("kang", "gang", "kahng"),
    ("cho", "jo", "joh"),
    ("yoon", "yun", "youn"),
    ("jang", "chang", "zang"),
    ("im", "lim", "rim", "yim"),
    ("shin", "sin", "shinn"),
    ("oh", "o"),
    ("seo", "suh", "so", "seoh"),
    ("kwon", "gwon", "kweon"),
    ("jeon", "jun", "chun", "chon", "cheon"),
    ("ahn", "an"),
    ("minjun", "min jun", "minjoon"),
    # Vietnamese (accents removed already: Nguyễn → nguyen). Vũ/Võ, Phạm/Phan, Huỳnh/Hoàng and
    # Ngô are distinct family names in Vietnam, though they share Chinese roots: not grouped.
    ("nguyen", "nguyn", "ngyuen", "nguen", "nguyenn"),
    ("tran", "chan"),
    ("pham", "fam"),
    ("huynh", "huyn"),
    ("vu", "voo"),
    ("dang", "dhang"),
    # South Asian
    (
        "chaudhary",
        "choudhury",
        "chowdhury",
        "chaudhari",
        "chaudhry",
        "choudhary",
        "chowdhary",
        "chaudhuri",
    ),
    ("mukherjee", "mukherji", "mukerji", "mookerjee", "mukharji"),
    ("banerjee", "banerji", "bannerjee", "bandyopadhyay"),
    ("chatterjee", "chatterji", "chattopadhyay"),
    ("lakshmi", "laxmi", "lakshmy", "lakshmee"),
    ("srinivasan", "shrinivasan", "sreenivasan", "srinivas"),
    ("krishna", "krisna", "krishnaa", "krishan", "kishan"),
    ("prasad", "prashad", "parsad", "persad"),
    ("singh", "sing", "sinh"),
    ("begum", "begam", "bagum"),
    ("devi", "devee", "debi"),
    ("kumar", "kumaar", "coomar"),
    ("sharma", "sarma", "sharmah"),
    ("venkatesh", "venkatesan", "venkatesa"),
    ("reddy", "reddi", "redi"),
    ("iqbal", "ikbal", "eqbal"),
)

# Same-looking letters that NFKD does not decompose.
_SPECIAL = str.maketrans(
    {
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ŋ": "ng",
        "ħ": "h",
        "ŧ": "t",
        "ĸ": "k",
        "ſ": "s",
        # apostrophes and transliteration marks (ʿayn, hamza, Cyrillic soft sign written ') vanish
        "'": "",
        "’": "",
        "‘": "",
        "ʼ": "",
        "ʿ": "",
        "ʾ": "",
        "`": "",
        "´": "",
        "ʻ": "",
    }
)
_NON_LETTER = re.compile(r"[^a-z0-9]+")  # digits kept: "Orang4" is not "Orang5"


def ascii_fold(text: str) -> str:
    """Lower case, accents removed, letters of other scripts romanised (scripts.py); keeps
    spaces and punctuation (callers split)."""
    text = text.lower().translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text)
    out = []
    for ch in text:
        if ch < "\x80":
            out.append(ch)
        elif unicodedata.combining(ch):
            continue
        else:
            out.append(letter(ch))
    return "".join(out)


def word_tokens(word: str) -> tuple[tuple[str, bool], ...]:
    """The tokens of one whitespace-separated word, each with "is a particle". Hyphenated given
    names (Min-jun, Xiao-Ming) are written joined as often as not, so their parts are joined; a
    leading particle (al-Hassan) stays a token of its own, to be dropped by the caller."""
    parts = [p for p in _NON_LETTER.split(ascii_fold(romanise(word))) if p]
    out = []
    while len(parts) > 1 and parts[0] in PARTICLES:
        out.append((parts.pop(0), True))
    if len(parts) > 1 and "-" in word:
        parts = ["".join(parts)]
    out.extend((p, p in PARTICLES) for p in parts)
    return tuple(out)


_word_cache: dict[str, tuple[tuple[str, bool], ...]] = {}


def cached_word_tokens(word: str) -> tuple[tuple[str, bool], ...]:
    found = _word_cache.get(word)
    if found is None:
        if len(_word_cache) > 500_000:
            _word_cache.clear()
        found = _word_cache[word] = word_tokens(word)
    return found


def ascii_tokens(name: str, *, keep_particles: bool = False) -> list[str]:
    """The name's tokens, lower-case ascii, particles removed (unless that would leave nothing).

    "al-Hassan" and "Al Hassan" give ["hassan"]; a particle glued to the name is left alone (we
    cannot tell "Alhassan" from "Alina")."""
    raw = [t for word in name.split() for t in cached_word_tokens(word)]
    if keep_particles:
        return [t for t, _ in raw]
    kept = [t for t, particle in raw if not particle]
    return kept or [t for t, _ in raw]


_GROUP_OF: dict[str, str] = {}
for _group in SPELLING_GROUPS:
    for _spelling in _group:
        # A spelling in two groups (Korean "chang" is also Chinese "zhang") keeps its first group.
        _GROUP_OF.setdefault(_spelling.replace(" ", ""), _group[0])

_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"ph", "f"),
        (r"shch|sch|tsch", "sh"),
        (r"tch", "ch"),
        (r"^x", "s"),  # pinyin Xu / Wade-Giles Hsu
        (r"^hs", "s"),
        (r"x", "ks"),
        (r"ck|q", "k"),
        (r"c(?=[eiy])", "s"),
        (r"c(?!h)", "k"),
        (r"dzh|dj", "j"),
        (r"zh", "j"),
        (r"kh", "h"),
        (r"gh", "g"),
        (r"([bdgjkpt])h", r"\1"),  # aspirates and th/dh: Bh, Dh, Th -> B, D, T
        (r"sh", "s"),
        (r"w", "v"),
        (r"y", "i"),
        (r"ou|oo|uu", "u"),
        (r"ee|ie$", "i"),
        (r"eo", "o"),
        (r"ae", "e"),
        (r"(.)\1+", r"\1"),  # doubled letters
        (r"(?<=[aeiou])h$", ""),  # final h after a vowel: Fatimah / Fatima, Shah / Sha
        (r"skii$|skiy$|skyi$|sky$", "ski"),
        (r"(?<=.)ii$|iy$", "i"),
    )
)


def _rewrite(token: str) -> str:
    for pattern, repl in _RULES:
        token = pattern.sub(repl, token)
    return token


# The rules applied to every spelling of a group lead to the group too: "Junn" (a doubled
# letter, then "jun") folds like "Jun", and "Lym" (y -> i, "lim") like "Lim", although neither
# spelling is in the table.
_GROUP_OF_REWRITTEN: dict[str, str] = {}
for _group in SPELLING_GROUPS:
    _target = _rewrite(_GROUP_OF[_group[0].replace(" ", "")])
    for _spelling in _group:
        _GROUP_OF_REWRITTEN.setdefault(_rewrite(_spelling.replace(" ", "")), _target)


@lru_cache(maxsize=200_000)
def canon(token: str) -> str:
    """The transliteration-folded form of one ascii token (see the module doc)."""
    group = _GROUP_OF.get(token)
    if group is not None:
        return _rewrite(group) or "_"
    token = _rewrite(token)
    return _GROUP_OF_REWRITTEN.get(token, token) or "_"


_CLASS = str.maketrans(
    {
        "b": "b",
        "p": "b",
        "f": "f",
        "v": "f",
        "c": "k",
        "k": "k",
        "g": "k",
        "q": "k",
        "j": "j",
        "s": "s",
        "z": "s",
        "d": "t",
        "t": "t",
        "l": "l",
        "r": "l",
        "m": "m",
        "n": "n",
        "a": "",
        "e": "",
        "i": "",
        "o": "",
        "u": "",
        "h": "",
        "y": "",
        "w": "f",
        "x": "s",
    }
)
SKELETON_LENGTH = 4


@lru_cache(maxsize=200_000)
def skeleton(canonical: str) -> str:
    """A coarse phonetic key of a canonical token: initial vowel as "a", then consonant classes
    with repeats collapsed, at most SKELETON_LENGTH symbols. Blocking only."""
    head = "a" if canonical[0] in "aeiouhy" else canonical[0].translate(_CLASS) or "a"
    body = canonical[1:].translate(_CLASS)
    out = [head]
    for ch in body:
        if ch != out[-1]:
            out.append(ch)
    return "".join(out[:SKELETON_LENGTH])


def canon_tokens(name: str) -> list[str]:
    return [canon(t) for t in ascii_tokens(name)]


def canon_key(name: str) -> str:
    """Order-independent canonical form of a whole name: sorted canonical tokens."""
    return " ".join(sorted(canon_tokens(name)))
