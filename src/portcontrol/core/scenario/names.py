"""Names of people in the scripts and spellings they really appear in on Caspian documents.

A name part is kept in two forms: the Russian Cyrillic spelling (what a Russian-speaking clerk
types) and the person's own national spelling (Kazakh or Kyrgyz Cyrillic, Azerbaijani, Turkmen,
Uzbek or Turkish Latin). Latin spellings are derived from the Cyrillic with the transliteration
habits found on passports, visas and hand-typed manifests, so one person turns up as
"Сейтказиев Нурлан", "SEITKAZIEV NURLAN", "Seytkaziyev Nurlan" and "Seitkaziyev Nurlan".
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class Scheme(StrEnum):
    """Transliteration habits from Cyrillic to Latin."""

    PASSPORT = "passport"  # ICAO 9303 as on passports issued since 2013: Й I, Ю IU, Я IA
    BGN = "bgn"  # BGN/PCGN: Й Y, Е after a vowel YE, Ю YU, Я YA
    INFORMAL = "informal"  # hand-typed in Central Asia: Ж J, Х H, Ц C
    MIXED = "mixed"  # older passports and visas: Й I but Е after a vowel YE


_BASE = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "з": "z",
    "и": "i",
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
    "ъ": "",
    "ь": "",
    "ы": "y",
    "э": "e",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "й": "i",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ю": "iu",
    "я": "ia",
    # Kazakh and Kyrgyz letters
    "ә": "a",
    "ғ": "g",
    "қ": "k",
    "ң": "n",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "і": "i",
}
_SCHEME_CHANGES = {
    Scheme.PASSPORT: {},
    Scheme.BGN: {"й": "y", "ю": "yu", "я": "ya", "ё": "yo", "ғ": "gh", "қ": "q", "ң": "ng"},
    Scheme.INFORMAL: {"й": "y", "ю": "yu", "я": "ya", "ж": "j", "х": "h", "ц": "c", "щ": "sh"},
    Scheme.MIXED: {"ю": "yu", "я": "ya"},
}
_VOWELS = set("аеёиоуыэюяәөұүі")
# Schemes that write Е as YE at the start of a word and after a vowel or a sign.
_YE_SCHEMES = {Scheme.BGN, Scheme.MIXED}


def transliterate(text: str, scheme: Scheme) -> str:
    """Cyrillic to Latin with one clerk's habits; Latin text passes through.

    >>> transliterate("Сейтказиев Нурлан", Scheme.PASSPORT)
    'Seitkaziev Nurlan'
    >>> transliterate("Сейтказиев Нурлан", Scheme.BGN)
    'Seytkaziyev Nurlan'
    >>> transliterate("Сейтказиев Нурлан", Scheme.MIXED)
    'Seitkaziyev Nurlan'
    >>> transliterate("Жұмабаев Ерлан", Scheme.INFORMAL)
    'Jumabaev Erlan'
    """
    table = {**_BASE, **_SCHEME_CHANGES[scheme]}
    out: list[str] = []
    previous = " "
    for char in text:
        lower = char.lower()
        if lower not in table:
            out.append(char)
            previous = char
            continue
        latin = table[lower]
        if (
            lower == "е"
            and scheme in _YE_SCHEMES
            and (not previous.isalpha() or previous.lower() in _VOWELS | {"ъ", "ь"})
        ):
            latin = "ye"
        if char.isupper() and latin:
            latin = latin[0].upper() + latin[1:]
        out.append(latin)
        previous = char
    return "".join(out)


def fold_to_ascii(text: str) -> str:
    """Latin with diacritics as a keyboard without them types it: Məmmədov -> Mammadov.

    >>> fold_to_ascii("Məmmədov Elçin")
    'Mammadov Elcin'
    >>> fold_to_ascii("Ataýew Döwlet")
    'Atayew Dowlet'
    """
    special = {"ə": "a", "Ə": "A", "ı": "i", "İ": "I", "ş": "s", "Ş": "S", "ğ": "g", "Ğ": "G"}
    replaced = "".join(special.get(char, char) for char in text)
    decomposed = unicodedata.normalize("NFKD", replaced)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def is_cyrillic(text: str) -> bool:
    """Whether the text is written mostly in Cyrillic letters."""
    letters = [char for char in text if char.isalpha()]
    cyrillic = [char for char in letters if "CYRILLIC" in unicodedata.name(char, "")]
    return bool(letters) and len(cyrillic) * 2 >= len(letters)


@dataclass(frozen=True, slots=True)
class NamePart:
    """One family or given name in Russian Cyrillic and in the bearer's national spelling."""

    russian: str
    native: str

    def spellings(self) -> tuple[str, ...]:
        """Every distinct spelling a clerk might type, the native one first."""
        found: list[str] = [self.native, self.russian]
        if is_cyrillic(self.native):
            found.extend(transliterate(self.native, scheme) for scheme in Scheme)
        else:
            found.append(fold_to_ascii(self.native))
        found.extend(transliterate(self.russian, scheme) for scheme in Scheme)
        return tuple(dict.fromkeys(found))

    def latin_spellings(self) -> tuple[str, ...]:
        """The spellings in Latin script only."""
        return tuple(spelling for spelling in self.spellings() if not is_cyrillic(spelling))


def _parts(pairs: str) -> tuple[NamePart, ...]:
    """Name parts from 'russian=native' words; a bare word is its own native spelling."""
    parts = []
    for item in pairs.split():
        russian, _, native = item.partition("=")
        parts.append(NamePart(russian, native or russian))
    return tuple(parts)


@dataclass(frozen=True, slots=True)
class NameStock:
    """Family and given names of one nationality."""

    nationality: str
    family_male: tuple[NamePart, ...]
    given_male: tuple[NamePart, ...]
    given_female: tuple[NamePart, ...]
    # Slavic and Turkic family names in -ов/-ев/-ин take -а for women.
    feminine_suffix: bool = True

    def family_for(self, part: NamePart, female: bool) -> NamePart:
        """The family name as a woman of this nationality bears it."""
        if not (female and self.feminine_suffix):
            return part
        if part.russian.endswith(("ов", "ев", "ин")):
            native = part.native + ("a" if not is_cyrillic(part.native) else "а")
            return NamePart(part.russian + "а", native)
        return part


NAME_STOCKS: dict[str, NameStock] = {
    "KZ": NameStock(
        "KZ",
        _parts(
            "Сейтказиев=Сейтқазиев Жумабаев=Жұмабаев Ахметов Нурпеисов=Нұрпейісов "
            "Искаков=Ысқақов Тулегенов=Түлегенов Оспанов Сарсенбаев=Сәрсенбаев Калиев=Қалиев "
            "Есенов Абдрахманов=Әбдірахманов Жаксылыков=Жақсылықов Муканов=Мұқанов Кенжебаев "
            "Омаров Байжанов Утегенов=Өтегенов Шаймерденов Кусаинов=Құсайынов Бекешев Ермеков "
            "Садыков=Садықов Мусин Тлеубаев"
        ),
        _parts(
            "Нурлан=Нұрлан Ерлан Серик=Серік Асхат Бауыржан Жандос Ержан Даурен=Дәурен "
            "Галымжан=Ғалымжан Кайрат=Қайрат Талгат=Талғат Арман Марат Айдар Бахытжан=Бақытжан "
            "Ерболат Медет Руслан Тимур Жасулан Нурсултан=Нұрсұлтан Азамат Данияр Ильяс=Ілияс"
        ),
        _parts(
            "Айгерим=Айгерім Гульнара=Гүлнара Динара Жанар Асель=Әсел Салтанат Мадина Айжан "
            "Гульмира=Гүлмира Сауле=Сәуле Индира Жулдыз=Жұлдыз"
        ),
    ),
    "KG": NameStock(
        "KG",
        _parts(
            "Асанов Токтогулов Абдыкадыров Мамытов Исаков Осмонов Сыдыков Турдубаев "
            "Эсенбаев Бакиров Омурбеков=Өмүрбеков Жумалиев Калыков Мырзаев"
        ),
        _parts(
            "Азамат Бакыт Нурбек=Нурбек Улан Эрлан Алмаз Бекболот Эмиль=Эмил Чынгыз Мирлан "
            "Омурбек=Өмүрбек Нурлан"
        ),
        _parts("Айпери Бегимай Нуриза Айзада Жылдыз Умут=Үмүт Чолпон"),
    ),
    "RU": NameStock(
        "RU",
        _parts(
            "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Федоров "
            "Морозов Волков Лебедев Егоров Павлов Степанов"
        ),
        _parts("Алексей Сергей Андрей Дмитрий Николай Игорь Виктор Юрий Евгений Олег Павел"),
        _parts("Елена Ольга Наталья Татьяна Юлия Ирина Светлана"),
    ),
    "AZ": NameStock(
        "AZ",
        _parts(
            "Мамедов=Məmmədov Алиев=Əliyev Гусейнов=Hüseynov Гасанов=Həsənov Кулиев=Quliyev "
            "Исмаилов=İsmayılov Аббасов=Abbasov Рзаев=Rzayev Джафаров=Cəfərov Насиров=Nəsirov "
            "Бабаев=Babayev Сулейманов=Süleymanov Велиев=Vəliyev Оруджев=Orucov "
            "Касумов=Qasımov Керимов=Kərimov Мустафаев=Mustafayev Гаджиев=Hacıyev "
            "Багиров=Bağırov Зейналов=Zeynalov"
        ),
        _parts(
            "Эльчин=Elçin Рашад=Rəşad Орхан=Orxan Турал=Tural Вугар=Vüqar Эльнур=Elnur "
            "Рамиль=Ramil Камран=Kamran Фарид=Fərid Анар=Anar Сабухи=Səbuhi Эмин=Emin "
            "Джавид=Cavid Ниджат=Nicat Рауф=Rauf Ильгар=İlqar"
        ),
        _parts(
            "Айсель=Aysel Гюнель=Günel Лейла=Leyla Наргиз=Nərgiz Севиндж=Sevinc Айтен=Aytən "
            "Кёнуль=Könül Шабнам=Şəbnəm"
        ),
    ),
    "TM": NameStock(
        "TM",
        _parts(
            "Атаев=Ataýew Оразов=Orazow Аннаев=Annaýew Мурадов=Myradow Дурдыев=Durdyýew "
            "Курбанов=Gurbanow Нурмухаммедов=Nurmuhammedow Ходжаев=Hojaýew Сапаров=Saparow"
        ),
        _parts(
            "Мурат=Myrat Сердар=Serdar Довлет=Döwlet Мердан=Merdan Батыр=Batyr "
            "Айдогды=Aýdogdy Мекан=Mekan Рустам=Rustam"
        ),
        _parts("Айна=Aýna Майса=Maýsa Джерен=Jeren Огулджан=Ogulja"),
    ),
    "UZ": NameStock(
        "UZ",
        _parts(
            "Рахимов=Rahimov Юсупов=Yusupov Турсунов=Tursunov Собиров=Sobirov "
            "Холматов=Xolmatov Назаров=Nazarov Эргашев=Ergashev"
        ),
        _parts(
            "Жасур=Jasur Сардор=Sardor Бекзод=Bekzod Дилшод=Dilshod Шерзод=Sherzod Улугбек=Ulugʻbek"
        ),
        _parts("Нигора=Nigora Дилноза=Dilnoza Шахноза=Shahnoza"),
    ),
    "TR": NameStock(
        "TR",
        _parts(
            "Йылмаз=Yılmaz Кая=Kaya Демир=Demir Шахин=Şahin Челик=Çelik Йылдыз=Yıldız "
            "Озтюрк=Öztürk Арслан=Arslan Коч=Koç"
        ),
        _parts("Мехмет=Mehmet Мустафа=Mustafa Ахмет=Ahmet Хасан=Hasan Хюсейн=Hüseyin Мурат=Murat"),
        _parts("Айше=Ayşe Фатма=Fatma Эмине=Emine"),
        feminine_suffix=False,
    ),
    "GE": NameStock(
        "GE",
        _parts("Беридзе=Beridze Капанадзе=Kapanadze Гелашвили=Gelashvili Майсурадзе=Maisuradze"),
        _parts("Георгий=Giorgi Давид=Davit Леван=Levan Ираклий=Irakli Нодар=Nodar"),
        _parts("Нино=Nino Тамар=Tamar"),
        feminine_suffix=False,
    ),
}
