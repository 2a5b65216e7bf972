"""Firms and people of the scenario, each with the spellings they appear under on documents.

A firm is registered once (name words, legal form, tax number) and written differently by each
clerk: «ТОО "Каспий Астык"», TOO "Kaspii Astyk", KASPIY ASTYK LLP. A person has one passport
spelling and many others. Tax numbers carry correct check digits (KZ BIN/IIN, AZ VOEN, RU INN,
TR VKN).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import product

from stdnum.tr import vkn

from portcontrol.core.scenario.checkdigits import (
    make_az_voen,
    make_kz_bin,
    make_kz_iin,
    make_ru_inn,
)
from portcontrol.core.scenario.names import (
    NAME_STOCKS,
    NamePart,
    Scheme,
    fold_to_ascii,
    is_cyrillic,
    transliterate,
)

# Nationalities of drivers by the country of their haulier; most drive for a firm at home.
DRIVER_NATIONALITY = {
    "KZ": ("KZ",) * 8 + ("UZ", "KG"),
    "AZ": ("AZ",) * 9 + ("GE",),
    "TR": ("TR",),
    "UZ": ("UZ",),
    "KG": ("KG",),
    "RU": ("RU",) * 4 + ("KZ",),
    "GE": ("GE",) * 3 + ("AZ",),
    "TM": ("TM",),
}


@dataclass(slots=True)
class Individual:
    """A person: driver, passenger, crew member or sole trader."""

    key: str
    nationality: str
    female: bool
    family: NamePart
    given: NamePart
    date_of_birth: date
    passport_number: str
    passport_family: str
    passport_given: str
    tax_id: str | None = None

    def passport_name(self) -> tuple[str, str]:
        """Family and given names as printed in the machine-readable zone."""
        return self.passport_family, self.passport_given

    def spelled(self, rng: random.Random) -> tuple[str, str]:
        """Family and given names as one clerk happens to type them."""
        style = rng.random()
        if style < 0.45:
            return self.passport_name()
        if style < 0.65:
            return self.family.russian, self.given.russian
        if style < 0.75:
            return self.family.native, self.given.native
        family = rng.choice(self.family.latin_spellings())
        given = rng.choice(self.given.latin_spellings())
        return (family.upper(), given.upper()) if style < 0.88 else (family, given)

    def full_name_variants(self) -> list[str]:
        """Every 'family given' spelling, for the answer file's persons of interest."""
        pairs = [
            self.passport_name(),
            (self.family.russian, self.given.russian),
            (self.family.native, self.given.native),
        ]
        pairs.extend(product(self.family.latin_spellings(), self.given.latin_spellings()))
        return list(dict.fromkeys(f"{family} {given}" for family, given in pairs))


@dataclass(slots=True)
class Firm:
    """A shipper, consignee, notify party or haulier."""

    key: str
    country: str
    groups: tuple[str, ...]
    variants: tuple[str, ...]  # spellings, the firm's own first
    tax_id: str | None
    address: str
    registered: date
    owner: Individual | None = None
    city: str = ""

    def spelled(self, rng: random.Random) -> str:
        """The name as one clerk types it: mostly the usual spelling, sometimes another."""
        if rng.random() < 0.55:
            return self.variants[0]
        return rng.choice(self.variants)


@dataclass(frozen=True, slots=True)
class _Word:
    russian: str
    native: str
    english: str


def _words(spec: str) -> tuple[_Word, ...]:
    """Words from 'russian|native|english' items separated by ';'."""
    found = []
    for item in spec.split(";"):
        russian, native, english = (part.strip() for part in item.split("|"))
        found.append(_Word(russian, native or russian, english))
    return tuple(found)


# Place-like first words of firm names, by country (Russian | national spelling | English).
_PLACE_WORDS = {
    "KZ": _words(
        "Каспий|Каспий|Caspian; Мангистау|Маңғыстау|Mangystau; Актау|Ақтау|Aktau; "
        "Жетысу|Жетісу|Zhetysu; Сарыарка|Сарыарқа|Saryarka; Алатау|Алатау|Alatau; "
        "Бейнеу|Бейнеу|Beineu; Достык|Достық|Dostyk; Береке|Береке|Bereke; "
        "Евразия|Еуразия|Eurasia; Тулпар|Тұлпар|Tulpar; Кокше|Көкше|Kokshe; Арман|Арман|Arman"
    ),
    "AZ": _words(
        "Хазар|Xəzər|Caspian; Апшерон|Abşeron|Absheron; Ширван|Şirvan|Shirvan; "
        "Гянджа|Gəncə|Ganja; Кавказ|Qafqaz|Caucasus; Кура|Kür|Kura; Азер|Azər|Azer; "
        "Сахил|Sahil|Sahil; Гюнеш|Günəş|Sun; Ялама|Yalama|Yalama; Губа|Quba|Guba"
    ),
    "RU": _words(
        "Волга|Волга|Volga; Астрахань|Астрахань|Astrakhan; Урал|Урал|Ural; "
        "Сибирь|Сибирь|Siberia; Каспий|Каспий|Caspian; Север|Север|Sever"
    ),
    "KG": _words(
        "Ала-Тоо|Ала-Тоо|Ala-Too; Иссык-Куль|Ысык-Көл|Issyk-Kul; Манас|Манас|Manas; "
        "Нарын|Нарын|Naryn; Тенир|Теңир|Tengir"
    ),
    "TM": _words(
        "Балкан|Balkan|Balkan; Каракум|Garagum|Karakum; Копетдаг|Köpetdag|Kopetdag; "
        "Хазар|Hazar|Caspian; Йолы|Ýoly|Way"
    ),
    "UZ": _words(
        "Самарканд|Samarqand|Samarkand; Бухара|Buxoro|Bukhara; Фергана|Fargʻona|Fergana; "
        "Ташкент|Toshkent|Tashkent; Хорезм|Xorazm|Khorezm"
    ),
    "TR": _words(
        "Анадолу|Anadolu|Anadolu; Эге|Ege|Ege; Караденизе|Karadeniz|Karadeniz; "
        "Мармара|Marmara|Marmara; Тоурос|Toros|Toros; Акдениз|Akdeniz|Akdeniz"
    ),
    "CN": _words(
        "Синьцзян|Xinjiang|Xinjiang; Урумчи|Urumqi|Urumqi; Хоргос|Khorgos|Khorgos; "
        "Сиань|Xian|Xian; Иу|Yiwu|Yiwu; Чунцин|Chongqing|Chongqing"
    ),
    "GE": _words("Картли|Kartli|Kartli; Колхети|Kolkheti|Kolkheti; Рустави|Rustavi|Rustavi"),
    "AE": _words(
        "Галф Стар|Gulf Star|Gulf Star; Аль Нур|Al Noor|Al Noor; "
        "Джебель Али|Jebel Ali|Jebel Ali; Шарджа|Sharjah|Sharjah"
    ),
}
# Trade words by commodity group (Russian | national | English); national spelling for AZ/TR/UZ/TM
# is derived by the country rules below when left equal to Russian.
_TRADE_WORDS = {
    "grain": _words("Астык|Астық|Grain; Зерно|Астық|Grain; Агро|Агро|Agro"),
    "oil": _words("Май|Май|Oil; Агро|Агро|Agro; Продукт|Өнім|Product"),
    "metal": _words("Металл|Металл|Metal; Темир|Темір|Steel; Сталь|Болат|Steel"),
    "fertiliser": _words("Агрохим|Агрохим|Agrochem; Химпром|Химпром|Chemical"),
    "chemicals": _words("Химпром|Химпром|Chemical; Реагент|Реагент|Reagent; Хим|Хим|Chem"),
    "textile": _words("Текстиль|Тоқыма|Textile; Коттон|Мақта|Cotton"),
    "food": _words("Продукт|Өнім|Food; Фуд|Фуд|Food; Нан|Нан|Bread"),
    "fruit": _words("Фрукт|Жеміс|Fruit; Бахча|Бақша|Garden; Агро|Агро|Agro"),
    "building": _words("Строй|Құрылыс|Construction; Цемент|Цемент|Cement; Билд|Билд|Build"),
    "auto": _words("Авто|Авто|Auto; Моторс|Моторс|Motors; Запчасть|Бөлшек|Parts"),
    "electronics": _words(
        "Электроникс|Электроникс|Electronics; Техно|Техно|Techno; Дигитал|Дигитал|Digital"
    ),
    "furniture": _words("Мебель|Жиһаз|Furniture; Интерьер|Интерьер|Interior"),
    "pharma": _words("Фарм|Фарм|Pharm; Мед|Мед|Med"),
    "paper": _words("Пак|Пак|Pack; Бумага|Қағаз|Paper"),
    "machinery": _words("Машинери|Машинери|Machinery; Индастри|Индастри|Industry"),
    "transport": _words("Транс|Транс|Trans; Логистик|Логистик|Logistics; Карго|Карго|Cargo"),
    "general": _words(
        "Трейд|Трейд|Trade; Импэкс|Импэкс|Impex; Групп|Групп|Group; "
        "Сервис|Сервис|Service; Инвест|Инвест|Invest"
    ),
}
# Legal forms per country: (Russian, national, Latin transliterated, English).
_LEGAL_FORMS = {
    "KZ": ("ТОО", "ЖШС", "TOO", "LLP"),
    "AZ": ("ООО", "MMC", "MMC", "LLC"),
    "RU": ("ООО", "ООО", "OOO", "LLC"),
    "KG": ("ОсОО", "ЖЧК", "OsOO", "LLC"),
    "TM": ("ХО", "HJ", "HJ", "LLC"),
    "UZ": ("ООО", "MChJ", "MChJ", "LLC"),
    "TR": ("Лтд", "Ltd. Şti.", "LTD STI", "Ltd."),
    "CN": ("Ко., Лтд", "Co., Ltd.", "CO LTD", "Co., Ltd."),
    "GE": ("ООО", "Ltd", "LTD", "LLC"),
    "AE": ("ФЗЕ", "FZE", "FZE", "FZE"),
}
_CITIES = {
    "KZ": (
        "г. Актау, {n} мкр., д. {m}",
        "г. Алматы, ул. Толе би, {n}",
        "г. Астана, пр. Кабанбай батыра, {n}",
        "г. Шымкент, ул. Байтурсынова, {n}",
        "пос. Курык, ул. Приморская, {n}",
        "г. Атырау, ул. Сатпаева, {n}",
    ),
    "AZ": (
        "Bakı, Nəsimi r-nu, Azadlıq pr. {n}",
        "Bakı, Xətai r-nu, Babək pr. {n}",
        "Gəncə ş., Atatürk pr. {n}",
        "Ələt qəs., Liman küç. {n}",
        "Sumqayıt ş., {m}-cü m/r",
    ),
    "RU": (
        "г. Астрахань, ул. Ленина, {n}",
        "г. Москва, Варшавское ш., {n}",
        "г. Екатеринбург, ул. Малышева, {n}",
    ),
    "KG": ("г. Бишкек, ул. Токтогула, {n}", "г. Ош, ул. Ленина, {n}"),
    "TM": ("Türkmenbaşy ş., Magtymguly şaýoly, {n}", "Aşgabat ş., Bitarap Türkmenistan, {n}"),
    "UZ": ("Toshkent sh., Amir Temur koʻchasi, {n}", "Samarqand sh., Registon koʻchasi, {n}"),
    "TR": (
        "İstanbul, Esenyurt, Atatürk Cad. No:{n}",
        "Mersin, Akdeniz, Liman Yolu No:{n}",
        "Bursa, Nilüfer OSB {m}. Cad. No:{n}",
        "Trabzon, Ortahisar, Sahil Cad. No:{n}",
    ),
    "CN": (
        "No. {n} Kashi East Road, Urumqi, Xinjiang",
        "Building {m}, Yiwu International Trade City, Zhejiang",
        "No. {n} Jinshan Road, Chongqing",
    ),
    "GE": ("Tbilisi, Tsereteli Ave. {n}", "Poti, Gegidze St. {n}"),
    "AE": ("Jebel Ali Free Zone, Dubai, LOB {m} office {n}", "SAIF Zone, Sharjah, Q{m}-{n}"),
}


def _firm_words(country: str, rng: random.Random, groups: tuple[str, ...]) -> list[_Word]:
    """Two or three words naming a firm: a place word and the trade of its main group."""
    place = rng.choice(_PLACE_WORDS[country])
    trade = rng.choice(_TRADE_WORDS[groups[0]])
    words = [place, trade]
    if rng.random() < 0.35:
        words.append(rng.choice(_TRADE_WORDS["general"]))
    return words


def _native_word(word: _Word, country: str) -> str:
    """A word in the firm's national spelling (Latin countries spell trade words in Latin)."""
    if country in ("KZ", "KG", "RU"):
        return word.native
    if word.native != word.russian:
        return word.native
    return transliterate(word.russian, Scheme.BGN)


def _firm_variants(country: str, words: list[_Word], rng: random.Random) -> tuple[str, ...]:
    """The spellings of one firm's name, in Cyrillic and Latin, as documents show them."""
    russian_form, national_form, latin_form, english_form = _LEGAL_FORMS[country]
    russian = " ".join(word.russian for word in words)
    national = " ".join(_native_word(word, country) for word in words)
    scheme = rng.choice(list(Scheme))
    latin = transliterate(russian, scheme)
    english = " ".join(word.english for word in words)
    variants = []
    if country in ("KZ", "KG", "RU"):
        variants += [
            f"{russian_form} «{russian}»",
            f'{russian_form} "{russian}"',
            f'{latin_form} "{latin}"',
            f"{latin.upper()} {english_form.upper()}",
            f"{english} {english_form}",
        ]
        if national != russian or national_form != russian_form:
            variants.append(f"«{national}» {national_form}")
    else:
        national_name = (
            f"{national} {national_form}"
            if country in ("AZ", "TR", "CN", "GE", "AE")
            else f'"{national}" {national_form}'
        )
        variants += [
            national_name,
            f"{fold_to_ascii(national).upper()} {latin_form}",
            f"{russian_form} «{russian}»",
            f"{latin} {english_form}",
            f"{english.upper()} {english_form.upper()}",
        ]
    return tuple(dict.fromkeys(variants))


def _tax_id(country: str, registered: date, rng: random.Random) -> str | None:
    """A tax number with a correct check digit where the country's rule is public."""
    for _ in range(50):
        if country == "KZ":
            number = make_kz_bin(registered.year, registered.month, rng.randrange(100000))
        elif country == "AZ":
            number = make_az_voen(rng.choice((14, 15, 16, 17, 19, 20, 13)), rng.randrange(10**6))
        elif country == "RU":
            number = make_ru_inn(rng.choice((30, 77, 66, 50)) * 10**7 + rng.randrange(10**7))
        elif country == "TR":
            base = f"{rng.randrange(10**9):09d}"
            number = base + vkn.calc_check_digit(base)
        elif country == "KG":
            number = f"0{registered:%d%m%Y}{rng.randrange(10**5):05d}"
        elif country == "UZ":
            number = f"{rng.choice((2, 3))}{rng.randrange(10**8):08d}"
        else:
            return None
        if number is not None:
            return number
    return None


def _address(country: str, rng: random.Random) -> tuple[str, str]:
    """A street address and its city."""
    template = rng.choice(_CITIES[country])
    address = template.format(n=rng.randint(1, 180), m=rng.randint(1, 34))
    return address, address.split(",")[0]


@dataclass(slots=True)
class Registry:
    """Every firm and person the scenario invented, in creation order."""

    rng: random.Random
    firms: list[Firm] = field(default_factory=list)
    people: list[Individual] = field(default_factory=list)
    _passports: set[str] = field(default_factory=set)
    _by_group: dict[tuple[str, str], list[Firm]] = field(default_factory=dict)
    _occasional: list[Firm] = field(default_factory=list)

    def new_person(
        self, nationality: str, *, female: bool | None = None, born: tuple[int, int] = (1962, 2001)
    ) -> Individual:
        """A person of this nationality with a passport and, in Kazakhstan, an IIN."""
        rng = self.rng
        stock = NAME_STOCKS[nationality]
        is_female = rng.random() < 0.3 if female is None else female
        family = stock.family_for(rng.choice(stock.family_male), is_female)
        given = rng.choice(stock.given_female if is_female else stock.given_male)
        birth = date(rng.randint(*born), 1, 1) + timedelta(days=rng.randrange(365))
        scheme = rng.choice((Scheme.PASSPORT, Scheme.PASSPORT, Scheme.MIXED))
        passport_family = passport_spelling(family, scheme)
        passport_given = passport_spelling(given, scheme)
        iin = None
        if nationality == "KZ":
            iin = make_kz_iin(birth.year, birth.month, birth.day, is_female, rng.randrange(10000))
        person = Individual(
            key=f"P{len(self.people) + 1:05d}",
            nationality=nationality,
            female=is_female,
            family=family,
            given=given,
            date_of_birth=birth,
            passport_number=self._passport_number(nationality),
            passport_family=passport_family,
            passport_given=passport_given,
            tax_id=iin,
        )
        self.people.append(person)
        return person

    def _passport_number(self, nationality: str) -> str:
        """A passport number in the pattern of the issuing country, unique in the scenario."""
        rng = self.rng
        patterns = {
            "KZ": lambda: f"N{rng.randrange(10**8):08d}",
            "AZ": lambda: f"C{rng.randrange(10**8):08d}",
            "RU": lambda: f"{rng.randint(70, 77)}{rng.randrange(10**7):07d}",
            "KG": lambda: f"AC{rng.randrange(10**7):07d}",
            "TM": lambda: f"A{rng.randrange(10**7):07d}",
            "UZ": lambda: f"FA{rng.randrange(10**7):07d}",
            "TR": lambda: f"U{rng.randrange(10**8):08d}",
            "GE": lambda: f"{rng.randint(10, 24)}AB{rng.randrange(10**5):05d}",
        }
        while True:
            number = patterns[nationality]()
            if number not in self._passports:
                self._passports.add(number)
                return number

    def new_firm(
        self, country: str, groups: tuple[str, ...], *, registered: date | None = None
    ) -> Firm:
        """A firm of this country trading in these commodity groups."""
        rng = self.rng
        words = _firm_words(country, rng, groups)
        variants = _firm_variants(country, words, rng)
        if registered is None:
            registered = date(rng.randint(2004, 2022), rng.randint(1, 12), 1)
        address, city = _address(country, rng)
        firm = Firm(
            key=f"F{len(self.firms) + 1:04d}",
            country=country,
            groups=groups,
            variants=variants,
            tax_id=_tax_id(country, registered, rng),
            address=address,
            registered=registered,
            city=city,
        )
        self._add(firm)
        return firm

    def new_sole_trader(self, person: Individual, groups: tuple[str, ...]) -> Firm:
        """An individual entrepreneur (ИП / IP / IE) trading under the owner's name."""
        rng = self.rng
        variants = [
            f"ИП {person.family.russian} {person.given.russian}",
            f"IP {person.passport_family} {person.passport_given}",
        ]
        native_form = {"KZ": "ЖК", "AZ": "Fərdi sahibkar", "KG": "ЖИ"}.get(person.nationality)
        if native_form and person.family.native != person.family.russian:
            variants.append(f"{native_form} {person.family.native} {person.given.native}")
        variants += [
            f"IE {family} {given}"
            for family, given in zip(
                person.family.latin_spellings(), person.given.latin_spellings(), strict=False
            )
        ]
        address, city = _address(person.nationality, rng)
        firm = Firm(
            key=f"F{len(self.firms) + 1:04d}",
            country=person.nationality,
            groups=groups,
            variants=tuple(dict.fromkeys(variants)),
            tax_id=person.tax_id,
            address=address,
            registered=date(2000, 1, 1),
            owner=person,
            city=city,
        )
        # A sole trader turns up now and then, not as one of the regular big consignees.
        self.firms.append(firm)
        self._occasional.append(firm)
        return firm

    def _add(self, firm: Firm) -> None:
        self.firms.append(firm)
        for group in firm.groups:
            self._by_group.setdefault((firm.country, group), []).append(firm)

    def firm_for(self, countries: tuple[str, ...], group: str) -> Firm:
        """A firm of one of these countries trading in the group; a new one now and then."""
        rng = self.rng
        country = rng.choice(countries)
        if rng.random() < 0.03:
            traders = [
                firm
                for firm in self._occasional
                if firm.country == country and group in firm.groups
            ]
            if traders:
                return rng.choice(traders)
        known = self._by_group.get((country, group), [])
        if len(known) < 3 or rng.random() < 0.04:
            return self.new_firm(country, (group,))
        # Trade concentrates on a few regular firms, as real manifests show.
        return known[min(int(rng.expovariate(0.5)), len(known) - 1)]


def passport_spelling(part: NamePart, scheme: Scheme) -> str:
    """The machine-readable-zone spelling: upper case ASCII."""
    if is_cyrillic(part.native):
        text = transliterate(part.native, scheme)
    else:
        text = fold_to_ascii(part.native)
    return "".join(char for char in text.upper() if char.isalpha() or char in " -")
