"""Names typed in a script other than Latin, romanised word by word before the usual folding.

Passports print the name in Latin letters, and that is what the engine compares; but a list or a
form sometimes carries the name as written at home. Three scripts need more than a letter table:

* Arabic script (Arabic, Persian, Urdu) leaves short vowels out: محمد is "mhmd". Common names are
  looked up whole (ARABIC_NAMES, reference data to extend); any other word gets a letter
  transliteration with the long vowels the script does write, which matches its Latin spelling
  as a close spelling, not an exact one.
* Hangul is written one syllable block at a time; Revised Romanisation is built from the block's
  parts. A name of three or more syllables written as one word (김민준) is family name + given
  name (Gim Minjun), as on a Korean passport.
* Hanzi: anyascii gives each character's pinyin; a name written as one word (张伟, 张小明) is
  family name + given name.

Every other script (Cyrillic, Greek, Devanagari, Thai...) goes through anyascii letter by letter.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_HANZI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

# -- Arabic script -------------------------------------------------------------------------------

# Letter variants written interchangeably (hamza seats, alif maqsura, ta marbuta, Persian yeh
# and kaf) are made one before a name is looked up.
_ARABIC_VARIANTS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ې": "ي", "ے": "ي",
     "ک": "ك", "ة": "ه", "ۃ": "ه", "ھ": "ه", "ۀ": "ه", "ـ": ""}
)  # fmt: skip

# Common names, each in its Latin spelling group's first spelling (normalise.SPELLING_GROUPS).
ARABIC_NAMES = {
    "محمد": "muhammad",
    "احمد": "ahmad",
    "محمود": "mahmud",
    "علي": "ali",
    "حسن": "hasan",
    "حسين": "husain",
    "حسيني": "husaini",
    "عمر": "umar",
    "عثمان": "usman",
    "يوسف": "yusuf",
    "ابراهيم": "ibrahim",
    "اسماعيل": "ismail",
    "خالد": "khalid",
    "عبدالله": "abdullah",
    "عبدالرحمن": "abdulrahman",
    "عبدالعزيز": "abdulaziz",
    "مصطفي": "mustafa",
    "فاطمه": "fatima",
    "عايشه": "aisha",
    "عائشه": "aisha",
    "زينب": "zainab",
    "مريم": "maryam",
    "خديجه": "khadija",
    "سعيد": "said",
    "رشيد": "rashid",
    "جمال": "jamal",
    "كريم": "karim",
    "رحمن": "rahman",
    "رحيم": "rahim",
    "رضا": "reza",
    "مهدي": "mahdi",
    "يعقوب": "yakub",
    "سليمان": "sulaiman",
    "ناصر": "nasir",
    "جعفر": "jafar",
    "عباس": "abbas",
    "نور": "nur",
    "طاهر": "tahir",
    "قاسم": "qasim",
    "حميد": "hamid",
    "سلمان": "salman",
    "فيصل": "faisal",
    "طارق": "tariq",
    "عادل": "adil",
    "امين": "amin",
    "ياسين": "yasin",
    "حمزه": "hamza",
    "بلال": "bilal",
    "عمران": "imran",
    "اقبال": "iqbal",
    "خان": "khan",
    "شيخ": "sheikh",
    "كمال": "kamal",
    "منصور": "mansur",
    "سلطان": "sultan",
    "فهد": "fahad",
    "سارا": "sara",
    "ساره": "sara",
    "ليلي": "laila",
    "هدي": "huda",
    "ناديه": "nadia",
    "سميره": "samira",
    "نسرين": "nasrin",
    "شيرين": "shirin",
    "رانيا": "rania",
    "زهرا": "zahra",
    "زهراء": "zahra",
    "اكبر": "akbar",
    "اصغر": "asghar",
    "جواد": "javad",
    "مرتضي": "murtaza",
    "صالح": "salih",
    "ابو": "abu",
    "بن": "bin",
    "بنت": "binti",
    "ابن": "ibn",
}

_ARABIC_LETTERS = str.maketrans(
    {"ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d",
     "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t",
     "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
     "ه": "h", "و": "u", "ي": "i", "ء": "", "ئ": "", "ؤ": "", "پ": "p", "چ": "ch", "ژ": "zh",
     "گ": "g", "ٹ": "t", "ڈ": "d", "ڑ": "r", "ں": "n"}
)  # fmt: skip


def _arabic_word(word: str) -> str:
    word = "".join(ch for ch in word if not unicodedata.combining(ch))  # harakat, if written
    word = word.translate(_ARABIC_VARIANTS)
    found = ARABIC_NAMES.get(word)
    if found:
        return found
    # the article written joined (الحسن): a particle of its own, dropped like "al-" later
    if word.startswith("ال") and len(word) > 3:
        rest = word[2:]
        return "al " + ARABIC_NAMES.get(rest, _arabic_letters(rest))
    return _arabic_letters(word)


def _arabic_letters(word: str) -> str:
    if not word:  # a lone tatweel or mark
        return ""
    out = word.translate(_ARABIC_LETTERS)
    # waw and yeh open a word as consonants (Yusuf, Walid), elsewhere mostly as long vowels
    if word[0] == "و":
        out = "w" + out[1:]
    elif word[0] == "ي":
        out = "y" + out[1:]
    return out


# -- Hangul --------------------------------------------------------------------------------------

# Revised Romanisation of each part of a syllable block, in Unicode's order (the initial ieung
# is silent; a final is written as it sounds at the end of a word). One line each: a table.
_INITIALS = "g kk n d tt r m b pp s ss _ j jj ch k t p h".split()  # noqa: SIM905
_MEDIALS = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split()  # noqa: SIM905
_FINALS = ["", *"k k k n n n t l k m l l l p l m p p t t ng t t k t p t".split()]  # noqa: SIM905


def _hangul_syllable(ch: str) -> str:
    code = ord(ch) - 0xAC00
    initial, medial, final = code // 588, code % 588 // 28, code % 28
    return _INITIALS[initial].strip("_") + _MEDIALS[medial] + _FINALS[final]


def _hangul_word(word: str) -> str:
    syllables = [_hangul_syllable(ch) if _HANGUL.match(ch) else anyascii(ch) for ch in word]
    if len(syllables) >= 3:
        return syllables[0] + " " + "".join(syllables[1:])
    return "".join(syllables)


# -- Hanzi ---------------------------------------------------------------------------------------


def _hanzi_word(word: str) -> str:
    syllables = [anyascii(ch) for ch in word]
    if len(syllables) >= 2:
        return syllables[0] + " " + "".join(syllables[1:])
    return "".join(syllables)


def romanise(word: str) -> str:
    """Latin letters for one whitespace-separated word; may return several space-separated
    tokens (a Korean or Chinese name written as one word). Latin words come back unchanged."""
    if word.isascii():
        return word
    if _ARABIC.search(word):
        return _arabic_word(word)
    if _HANGUL.search(word):
        return _hangul_word(word)
    if _HANZI.search(word):
        return _hanzi_word(word)
    return word


def other_script(name: str) -> bool:
    """Does the name hold letters of a script other than Latin (accented Latin is Latin)?"""
    return not name.isascii() and any(
        ch.isalpha() and ord(ch) > 0x24F and not 0x1E00 <= ord(ch) <= 0x1EFF for ch in name
    )


def letter(ch: str) -> str:
    """One letter of any other script, in Latin letters ("" when it has none). anyascii marks a
    Cyrillic soft sign with an apostrophe (Natal'ya): dropped, as in the passport spelling."""
    return "".join(c for c in anyascii(ch) if c.isalnum())
