"""Watch-list screening: N query names against 100,000 entries, indexed against brute force.

Steps:

1. generate 100,000 watch-list entries: Kazakh, Azerbaijani, Russian and Kyrgyz people (a family
   name built from Turkic and Slavic stems, a given name, often a patronymic) and companies
   (brand words with a legal form), each under a Cyrillic and a Latin spelling;
2. generate N query names: a third are re-spellings of listed entries (another transliteration,
   script, word order, initials, a typo, no patronymic, another legal form), the rest fresh
   names from the same stock, so namesakes occur as they do in real traffic;
3. build the index and screen the N names with it (``screen``), timed;
4. brute force: the same pair-scoring function on every (query, list name) pair. Applying it to
   10,000 x 200,000 pairs would take hours, so it is timed on a sample of queries (half
   re-spellings, half fresh names) and extrapolated to N: the printed brute-force time is an
   extrapolation, not a measurement of the whole run;
5. recall of the index: of the sample's brute-force pairs at or above the threshold, the share
   that the index also returns.
"""

from __future__ import annotations

import random
import time

import polars as pl

from portcontrol.core.scenario.names import Scheme, fold_to_ascii, transliterate
from portcontrol.core.screening.entries import EntryKind, WatchListEntry
from portcontrol.core.screening.matcher import (
    THRESHOLD,
    build_index,
    match_strength,
    screen,
)
from portcontrol.core.screening.normalise import name_form

ENTRIES = 100_000
BRUTE_SAMPLE = 60
SEED = 20250304

# Stems and endings of family names, in Cyrillic; Azerbaijani ones in Latin as well.
_KZ_STEMS = (
    "Сейт Жұма Нұр Бек Ер Тұр Қай Ораз Сары Ақ Қара Алтын Бай Темір Тоқ Абыл Асыл Ыс Жан Ал "
    "Бол Ел Кен Сапар Әбді Мұқан Құсай Ман Шай Өте Есен Түле Жақсы Тлеу Байжан Қали Сәрсен "
    "Дос Мырза Ақыл Бекет Жолдас Қожа Тәшен Сұлтан Оспан Омар Иман Нұрпей Ерме"
).split()
_KZ_MIDDLES = (
    "",
    "қазы",
    "бай",
    "бек",
    "ғали",
    "жан",
    "мұрат",
    "тай",
    "құл",
    "сұлтан",
    "әлі",
    "хан",
)
_KZ_ENDINGS = ("ев", "ов", "ин", "ұлы")
_KG_STEMS = (
    "Асан Токто Абды Мамыт Иса Осмон Сыды Турду Эсен Баки Өмүр Жума Калы Мырза Чолпон Алым "
    "Бакы Табыл Кубан Сатыл Тагай Качкын Бөкөн Шаршен"
).split()
_KG_MIDDLES = ("", "бек", "бай", "кул", "алы", "гул", "кады")
_KG_ENDINGS = ("ов", "ев", "уулу")
_RU_STEMS = (
    "Иван Смирн Кузнец Поп Васил Петр Сокол Михайл Новик Федор Мороз Волк Лебед Егор Павл "
    "Степан Никол Орл Андре Макар Захар Зайц Соловь Борис Яковл Григорь Роман Воробь Серге "
    "Кузьмин Фрол Александр Дмитри Корол Гусев Киселев Ильин Максим Поляк Сорокин Виноград"
).split()
_RU_ENDINGS = ("ов", "ев", "ин", "енко", "ский")
_AZ_STEMS = (
    "Məmməd Əli Hüseyn Həsən Qul Cəfər Nəsir Vəli Kərim Bağır Rza Abbas İsmayıl Orxan Elçin "
    "Vüqar Tural Ramiz Şahin Zeynal Qasım Nəcəf Hacı Sadıq Mustafa Süleyman Babay Orucov Nağı "
    "Fərhad Rəhim Səfər Şirin Allahverdi Məhərrəm Qəhrəman İbrahim Xəlil Əsgər Cəlil Heydər"
).split()
_AZ_ENDINGS = ("ov", "li", "zadə", "bəyli", "ov")
_KZ_GIVEN = (
    "Нұрлан Ерлан Серік Асхат Бауыржан Жандос Ержан Дәурен Ғалымжан Қайрат Талғат Арман Марат "
    "Айдар Бақытжан Ерболат Медет Руслан Тимур Жасұлан Нұрсұлтан Азамат Данияр Ілияс Айгерім "
    "Гүлнара Динара Жанар Әсел Салтанат Мадина Айжан Гүлмира Сәуле Индира Жұлдыз Әлібек Бекзат "
    "Ақжол Мейрам Санжар Ербол Қанат Самат Болат Дархан Нұржан Олжас Еркебұлан"
).split()
_KG_GIVEN = (
    "Азамат Бакыт Нурбек Улан Эрлан Алмаз Бекболот Эмил Чыңгыз Мирлан Өмүрбек Айпери Бегимай "
    "Нуриза Айзада Жылдыз Үмүт Чолпон Адилет Эламан Тилек Суйун Кубаныч Талант"
).split()
_RU_GIVEN = (
    "Алексей Сергей Андрей Дмитрий Николай Игорь Виктор Юрий Евгений Олег Павел Елена Ольга "
    "Наталья Татьяна Юлия Ирина Светлана Владимир Михаил Константин Артём Максим Илья Кирилл"
).split()
_AZ_GIVEN = (
    "Elçin Rəşad Orxan Tural Vüqar Elnur Ramil Kamran Fərid Anar Səbuhi Emin Cavid Nicat Rauf "
    "İlqar Aysel Günel Leyla Nərgiz Sevinc Aytən Könül Şəbnəm Ceyhun Elvin Fuad Rövşən Zaur Vüsal"
).split()
_BRANDS = (
    "Каспий Арман Алтын Тенгиз Дала Астык Мунай Береке Кайнар Самал Шыгыс Батыс Жибек Сункар "
    "Тулпар Ак Жол Нур Бастау Атамекен Курылыс Шанырак Сапа Ырыс Табыс Баку Абшерон Гянджа "
    "Хазар Ширван Карабах Шахдаг Азер Туран Достлуг Бирлик Мангистау Актау Атырау Ордабасы "
    "Бишкек Ала-Тоо Иссык Нарын Эверест Меридиан Вектор Альянс Гранд Престиж Профи Экспресс"
).split()
_TRADES = (
    "Логистик Транс Трейд Сервис Инвест Строй Агро Терминал Шиппинг Энерджи Транзит Импорт "
    "Экспорт Холдинг Групп Ойл Газ Металл Текстиль Фуд Фарм Техно Авто Карго Флот Марин"
).split()
_LEGAL_FORMS = {
    "KZ": ("ТОО", "ЖШС", "LLP", "TOO", "АО", "JSC"),
    "AZ": ("MMC", "ММС", "LLC", "ООО", "ASC"),
    "RU": ("ООО", "LLC", "OOO", "АО"),
    "KG": ("ОсОО", "LLC", "ОАО"),
}
_SCHEMES = tuple(Scheme)


def _syllable(rng: random.Random) -> str:
    """A made-up Turkic-looking brand syllable, to widen the company vocabulary."""
    return rng.choice("бкмнстжргдлз").upper() + rng.choice("аеиоуы") + rng.choice("нрлкмтс")


def _person(rng: random.Random) -> tuple[str, str, str, str | None]:
    """(nationality, family, given, patronymic) of a made-up person, family and given native."""
    nationality = rng.choices(("KZ", "AZ", "RU", "KG"), weights=(4, 3, 2, 1))[0]
    if nationality == "KZ":
        family = rng.choice(_KZ_STEMS) + rng.choice(_KZ_MIDDLES).lower() + rng.choice(_KZ_ENDINGS)
        given = rng.choice(_KZ_GIVEN)
        father = rng.choice(_KZ_GIVEN)
        patronymic = rng.choice((father + "ұлы", father + "ович", None))
    elif nationality == "KG":
        family = rng.choice(_KG_STEMS) + rng.choice(_KG_MIDDLES) + rng.choice(_KG_ENDINGS)
        given = rng.choice(_KG_GIVEN)
        patronymic = rng.choice((rng.choice(_KG_GIVEN) + "ович", None))
    elif nationality == "RU":
        family = rng.choice(_RU_STEMS) + rng.choice(_RU_ENDINGS)
        given = rng.choice(_RU_GIVEN)
        patronymic = rng.choice((rng.choice(_RU_GIVEN) + "ович", None))
    else:
        family = rng.choice(_AZ_STEMS) + rng.choice(_AZ_ENDINGS)
        given = rng.choice(_AZ_GIVEN)
        patronymic = rng.choice((rng.choice(_AZ_GIVEN) + " oğlu", None))
    return nationality, family, given, patronymic


def _latin(text: str, rng: random.Random) -> str:
    """The text in Latin letters as one clerk would type it."""
    return fold_to_ascii(transliterate(text, rng.choice(_SCHEMES)))


def _spell_person(
    family: str, given: str, patronymic: str | None, rng: random.Random, *, latin: bool
) -> str:
    parts = [family, given] + ([patronymic] if patronymic else [])
    text = " ".join(parts)
    return (
        _latin(text, rng).upper()
        if latin and rng.random() < 0.5
        else (_latin(text, rng) if latin else text)
    )


def _company(rng: random.Random) -> tuple[str, str]:
    """(country, name words) of a made-up company."""
    country = rng.choice(tuple(_LEGAL_FORMS))
    brand = rng.choice(_BRANDS) if rng.random() < 0.5 else _syllable(rng) + _syllable(rng).lower()
    words = [brand, rng.choice(_TRADES)]
    if rng.random() < 0.3:
        words.append(rng.choice(_TRADES))
    return country, " ".join(words)


def make_entries(count: int, rng: random.Random) -> list[WatchListEntry]:
    """Watch-list entries, three in four people, each under a Cyrillic and a Latin name."""
    entries: list[WatchListEntry] = []
    for number in range(count):
        if rng.random() < 0.75:
            _, family, given, patronymic = _person(rng)
            names = (
                _spell_person(family, given, patronymic, rng, latin=False),
                _spell_person(family, given, None, rng, latin=True),
            )
            kind = EntryKind.PERSON
        else:
            country, words = _company(rng)
            legal = _LEGAL_FORMS[country]
            names = (f"{rng.choice(legal)} «{words}»", f"{_latin(words, rng)} {rng.choice(legal)}")
            kind = EntryKind.COMPANY
        entries.append(WatchListEntry(id=f"E{number}", list_code="BENCH", kind=kind, names=names))
    return entries


def _typo(text: str, rng: random.Random) -> str:
    """One letter of a longer word doubled, dropped or swapped with its neighbour."""
    words = text.split()
    position = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[position]
    i = rng.randrange(1, len(word) - 1)
    change = rng.choice(("double", "drop", "swap"))
    if change == "double":
        word = word[:i] + word[i] + word[i:]
    elif change == "drop":
        word = word[:i] + word[i + 1 :]
    else:
        word = word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    words[position] = word
    return " ".join(words)


def respell(entry: WatchListEntry, rng: random.Random) -> str:
    """Another spelling of a listed name: script, scheme, order, initials, typo, legal form."""
    name = entry.names[0]
    form = rng.random()
    if entry.kind is EntryKind.COMPANY:
        words = name.split(" ", 1)[1].strip("«»")
        text = _latin(words, rng) if form < 0.6 else words
        text = f"{text} {rng.choice(('LLP', 'LLC', 'TOO', 'MMC', 'ООО'))}"
    else:
        family, given, *_ = name.split()
        latin_family, latin_given = _latin(family, rng), _latin(given, rng)
        if form < 0.3:
            text = f"{latin_given} {latin_family}"
        elif form < 0.45:
            text = f"{latin_given[0]}. {latin_family}"
        elif form < 0.7:
            text = f"{family} {given}"
        else:
            text = f"{latin_family} {latin_given}".upper()
    return _typo(text, rng) if rng.random() < 0.25 else text


def make_queries(
    count: int, entries: list[WatchListEntry], rng: random.Random
) -> tuple[list[str], list[str]]:
    """(re-spellings of listed names, fresh names): a third and two thirds of ``count``."""
    respelled = [respell(rng.choice(entries), rng) for _ in range(count // 3)]
    fresh: list[str] = []
    while len(fresh) < count - len(respelled):
        if rng.random() < 0.75:
            _, family, given, patronymic = _person(rng)
            fresh.append(_spell_person(family, given, patronymic, rng, latin=rng.random() < 0.6))
        else:
            country, words = _company(rng)
            fresh.append(f"{words} {rng.choice(_LEGAL_FORMS[country])}")
    return respelled, fresh


def run(lines: int) -> dict[str, object]:
    """Screen ``lines`` query names against 100,000 entries; print and return the figures."""
    rng = random.Random(SEED)
    entries = make_entries(ENTRIES, rng)
    respelled, fresh = make_queries(lines, entries, rng)
    queries = respelled + fresh

    started = time.perf_counter()
    index = build_index(entries)
    build_seconds = time.perf_counter() - started

    started = time.perf_counter()
    matches = screen(pl.DataFrame({"name": queries}), index, THRESHOLD)
    screen_seconds = time.perf_counter() - started

    # Brute force on a sample: the same scoring on every (query, list name) pair.
    sample = rng.sample(respelled, BRUTE_SAMPLE // 2) + rng.sample(fresh, BRUTE_SAMPLE // 2)
    brute_pairs: set[tuple[str, str]] = set()
    started = time.perf_counter()
    for query in sample:
        form = name_form(query)
        for alias, alias_form in enumerate(index.alias_forms):
            if match_strength(form, alias_form) >= THRESHOLD:
                brute_pairs.add((query, index.entries[index.alias_entry[alias]].id))
    brute_sample_seconds = time.perf_counter() - started
    brute_seconds = brute_sample_seconds / len(sample) * len(queries)

    indexed_pairs = set(
        matches.filter(pl.col("name").is_in(sample)).select("name", "entry_id").iter_rows()
    )
    found = len(brute_pairs & indexed_pairs)
    figures: dict[str, object] = {
        "queries": len(queries),
        "distinct_queries": len(set(queries)),
        "entries": len(entries),
        "list_names": len(index),
        "threshold": THRESHOLD,
        "index_build_s": round(build_seconds, 2),
        "indexed_screen_s": round(screen_seconds, 2),
        "indexed_names_per_s": round(len(queries) / screen_seconds),
        "matches": matches.height,
        "queries_with_a_match": matches["name"].n_unique(),
        "brute_force_sample_queries": len(sample),
        "brute_force_sample_pairs": len(sample) * len(index),
        "brute_force_sample_s": round(brute_sample_seconds, 2),
        "brute_force_extrapolated_s": round(brute_seconds, 1),
        "speed_up": round(brute_seconds / screen_seconds, 1),
        "speed_up_with_index_build": round(brute_seconds / (screen_seconds + build_seconds), 1),
        "brute_force_pairs_above_threshold": len(brute_pairs),
        "found_by_index": found,
        "index_recall": round(found / len(brute_pairs), 4) if brute_pairs else None,
    }
    print(
        f"indexed: {screen_seconds:.2f} s for {len(queries):,} names (+{build_seconds:.1f} s "
        f"index build); brute force: {brute_seconds:.0f} s extrapolated from {len(sample)} "
        f"names x {len(index):,} list names ({brute_sample_seconds:.1f} s measured); "
        f"speed-up {brute_seconds / screen_seconds:.0f}x; index finds {found} of "
        f"{len(brute_pairs)} brute-force pairs at or above {THRESHOLD:.0f}",
        flush=True,
    )
    return figures
