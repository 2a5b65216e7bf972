"""Names folded to one script and one spelling, so that list and manifest spellings meet.

A name goes through two steps:

1. ``fold``: Cyrillic (Russian, Kazakh, Kyrgyz) and Latin with diacritics (Azerbaijani, Turkish,
   Turkmen) to plain lower-case ASCII with our own table, anything else through ``anyascii``;
   quotes and punctuation removed. This is the form shown to analysts ("which forms matched").
2. ``phonetic_key``: one folded word reduced to a key on which the transliteration habits of the
   region agree: kh/h/x, zh/j/dzh/dj, ts, ie/ye/e, iu/yu/u, ia/ya/a, ey/ei, -ev/-yev/-iyev,
   double letters, and g/k/q (Azerbaijani Q stands for Russian К and Г alike).

``name_form`` splits a folded name into its core words, patronymic words and legal forms: a missing
patronymic must not count against a match, and TOO, LLP and ЖШС are the same thing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

# Our transliteration, applied before anyascii: anyascii writes Ә and Ə as "e" and Ы as "y",
# where passports of the region write "a" and "y"/"i"; Azerbaijani C is "j", X is "kh".
_LETTERS = {
    # Russian
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Kazakh (ә ғ қ ң ө ұ ү һ і) and Kyrgyz (ң ө ү)
    "ә": "a",
    "ғ": "g",
    "қ": "k",
    "ң": "n",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "і": "i",
    # Azerbaijani Cyrillic of the Soviet era
    "ҹ": "j",
    "ҝ": "g",
    "ј": "y",
    # Azerbaijani, Turkish and Turkmen Latin
    "ə": "a",
    "ğ": "g",
    "ı": "i",
    "ö": "o",
    "ü": "u",
    "ç": "ch",
    "ş": "sh",
    "ý": "y",
    "ň": "n",
    "ž": "zh",
}
# Quotes, apostrophes and the Uzbek okina are dropped inside words: O'ktam, Ulug'bek.
_DROPPED = "\"'«»„“”‘’`ʻʼ´"
_SEPARATORS = re.compile(r"[^a-z0-9]+")

# Legal forms of the region and their usual Latin equivalents, as folded words.
LEGAL_FORMS = frozenset(
    {
        "too",  # ТОО, Kazakh LLP in Russian
        "llp",
        "zhshs",  # ЖШС, Kazakh LLP in Kazakh
        "jshs",
        "ooo",  # ООО, Russian LLC
        "llc",
        "mmc",  # Azerbaijani LLC
        "mms",  # ММС, the same in Cyrillic
        "ao",  # АО, joint-stock company
        "jsc",
        "ojsc",
        "cjsc",
        "pao",
        "oao",
        "zao",
        "asc",  # Azerbaijani open joint-stock
        "qsc",  # Azerbaijani closed joint-stock
        "ip",  # ИП, sole trader
        "ie",
        "ltd",
        "limited",
        "inc",
        "co",
        "corp",
        "gmbh",
        "plc",
        "as",
        "sa",
        "bv",
        "kh",  # ХК, holding
        "tov",
        "company",
    }
)
# Words that mark the word before them as a patronymic: Nurlan uly, Rashad oglu, Aigerim kyzy.
PATRONYMIC_MARKERS = frozenset(
    {"uly", "ulu", "uulu", "ugly", "ogly", "oglu", "ogli", "kyzy", "kizi", "qizi", "gyzy", "kyzi"}
)
# A word ending so is a patronymic by itself: Bakhytzhanovich, Bakhytzhanuly, Rashadoglu.
_PATRONYMIC_ENDINGS = (
    "ovich",
    "evich",
    "ievich",
    "ovna",
    "evna",
    "ichna",
    "ich",
    "uly",
    "ulu",
    "ogly",
    "oglu",
    "kyzy",
    "kyzi",
    "qizi",
)


def fold(text: str) -> str:
    """Plain lower-case ASCII words separated by single spaces.

    >>> fold("ТОО «Сейтқазиев Ғалымжан»")
    'too seytkaziev galymzhan'
    >>> fold("Məmmədov Elçin Rəşad oğlu")
    'mammadov elchin rashad oglu'
    >>> fold("  HÜSEYNOV,  Orxan ")
    'huseynov orxan'
    """
    text = unicodedata.normalize("NFC", text).lower()
    out: list[str] = []
    for char in text:
        if char in _DROPPED:
            continue
        mapped = _LETTERS.get(char)
        if mapped is None:
            mapped = anyascii(char).lower() if ord(char) > 127 else char
        out.append(mapped)
    return _SEPARATORS.sub(" ", "".join(out)).strip()


# Digraphs first (longest first), to one placeholder letter each, so "sh" is not read as s + h.
_DIGRAPHS = (
    ("shch", "S"),
    ("sch", "S"),
    ("dzh", "J"),
    ("dj", "J"),
    ("zh", "J"),
    ("sh", "S"),
    ("ch", "C"),
    ("kh", "H"),
    ("gh", "K"),
    ("ts", "Z"),
    ("tz", "Z"),
)
_SINGLES = str.maketrans(
    {
        "j": "J",
        "x": "H",
        "h": "H",
        "c": "J",  # Azerbaijani C: Cavid = Джавид; Russian informal "c" for Ц loses a letter
        "q": "K",
        "g": "K",
        "k": "K",
        "w": "v",  # Turkmen Latin: Ataýew
    }
)
_Y_AFTER_VOWEL = re.compile(r"(?<=[aeiou])y(?![aeiou])")
_GLIDE = re.compile(r"[iy]+(?=[aeou])")
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def phonetic_key(word: str) -> str:
    """A folded word reduced to the letters that transliteration habits agree on.

    >>> phonetic_key("seitkaziyev") == phonetic_key("seytkaziev") == phonetic_key("seitkaziev")
    True
    >>> phonetic_key("zhumabaev") == phonetic_key("jumabayev") == phonetic_key("dzhumabaev")
    True
    >>> phonetic_key("khasanov") == phonetic_key("hasanov") == phonetic_key("xasanov")
    True
    >>> phonetic_key("yuliya") == phonetic_key("iuliia")
    True
    >>> phonetic_key("jafarov") == phonetic_key("cafarov")
    True
    """
    key = word
    for digraph, placeholder in _DIGRAPHS:
        key = key.replace(digraph, placeholder)
    key = key.translate(_SINGLES)
    key = _Y_AFTER_VOWEL.sub("i", key)
    key = _GLIDE.sub("", key)
    key = key.replace("y", "i")
    key = _DOUBLES.sub(r"\1", key)
    return key or word


def is_patronymic_word(word: str) -> bool:
    """Whether a folded word is a patronymic by its ending (Nurlanovich, Bakhytzhanuly)."""
    return len(word) > 5 and word.endswith(_PATRONYMIC_ENDINGS)


@dataclass(frozen=True, slots=True)
class NameForm:
    """A name ready for comparison: folded text, core words with keys, patronymic, legal form."""

    folded: str
    words: tuple[str, ...]  # core words, folded, in the order written
    keys: tuple[str, ...]  # phonetic key of each core word
    patronymic: tuple[str, ...]  # keys of patronymic words, compared only when both sides have one
    legal_form: str | None

    @property
    def full_keys(self) -> tuple[str, ...]:
        """Keys of the core words that are more than an initial."""
        return tuple(key for key, word in zip(self.keys, self.words, strict=True) if len(word) > 1)


def name_form(text: str) -> NameForm:
    """Fold a name and split it into core words, patronymic words and legal form.

    >>> form = name_form('ТОО "Каспий Логистик"')
    >>> form.words, form.legal_form
    (('kaspiy', 'logistik'), 'too')
    >>> name_form("Aliyev Elchin Rashad oglu").patronymic
    ('raSad',)
    >>> name_form("Сейтказиев Нурлан Бахытжанович").words
    ('seytkaziev', 'nurlan')
    >>> name_form("Омарханұлы Гүлмира Қанатқызы").words
    ('omarkhanuly', 'gulmira')
    """
    folded = fold(text)
    raw = folded.split()
    legal: str | None = None
    if len(raw) > 1:
        legal = next((word for word in raw if word in LEGAL_FORMS), None)
        raw = [word for word in raw if word not in LEGAL_FORMS] or raw
    words: list[str] = []
    patronymic: list[str] = []
    # Family names end in -uly too (Kalibekuly): of three words or more, only the last word
    # after the first with a patronymic ending is the patronymic.
    ending_at = next(
        (
            position
            for position in range(len(raw) - 1, 0, -1)
            if len(raw) > 2 and is_patronymic_word(raw[position])
        ),
        None,
    )
    skip_next = False
    for position, word in enumerate(raw):
        if skip_next:
            skip_next = False
            continue
        following = raw[position + 1] if position + 1 < len(raw) else ""
        if following in PATRONYMIC_MARKERS and len(raw) > 2:
            patronymic.append(phonetic_key(word))
            skip_next = True
            continue
        if word in PATRONYMIC_MARKERS:
            continue
        if position == ending_at:
            patronymic.append(phonetic_key(word))
            continue
        words.append(word)
    words_tuple = tuple(words)
    return NameForm(
        folded=folded,
        words=words_tuple,
        keys=tuple(phonetic_key(word) for word in words_tuple),
        patronymic=tuple(patronymic),
        legal_form=legal,
    )


# Cyrillic letters that look like Latin ones, typed into plates and container numbers.
_LOOK_ALIKES = str.maketrans("АВЕКМНОРСТУХ", "ABEKMHOPCTYX")
_NOT_ALNUM = re.compile(r"[^A-Z0-9]")


def identifier_key(value: str, kind: str = "") -> str:
    """Plates, container numbers and IMO numbers upper-case, without spaces or look-alikes.

    >>> identifier_key("МSCU 123456-5")
    'MSCU1234565'
    >>> identifier_key("IMO 9074729", "vessel")
    '9074729'
    >>> identifier_key("123 ABC 02", "vehicle")
    '123ABC02'
    """
    key = _NOT_ALNUM.sub("", value.upper().translate(_LOOK_ALIKES))
    if kind == "vessel" and key.startswith("IMO"):
        key = key[3:]
    return key
