"""PortControl's own catalogues (ru, az, kk, ky): complete, faithful, in step and served."""

from __future__ import annotations

import ast
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

PACKAGE_DIR = Path(settings.BASE_DIR)
PROJECT_LOCALE = PACKAGE_DIR / "web" / "locale"
DJANGO_LOCALE = Path(django.__file__).parent / "conf" / "locale"
LANGUAGES = ("ru", "az", "kk", "ky")
CYRILLIC_LANGUAGES = frozenset({"ru", "kk", "ky"})

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# printf-style (%(name)s, %s, %d, %.1f), brace-style ({name}, {}) placeholders.
PLACEHOLDER = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
    r"|%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]"
    r"|\{[^{}]*\}"
)
HTML_TAG = re.compile(r"<[^>]+>")
# Codes, standards and names that stay in Latin letters whatever the page language.
LATIN_TERMS = re.compile(
    r"(?<![\w/])(?:UN/LOCODE|UN/EDIFACT|SHA-256|PortControl|CUSCAR|BAPLIE|PAXLST"
    r"|XLSX|JSON|CSV|CMR|IMO|API|HS|PDF|JPEG|PNG|ISO|USD|KZT|CITES|CEN|WCO"
    r"|Natural Earth|world-atlas)(?![\w/])"
)
# Messages that read the same in English and in the translation.
SAME_AS_ENGLISH = {
    "ru": {"API", "SHA-256"},
    "kk": {"API", "SHA-256"},
    "ky": {"API", "SHA-256"},
    "az": {"API", "SHA-256", "Administrator", "Format", "format", "Status", "status"},
}


@dataclass
class Entry:
    """One message of a .po file, with its flags (``fuzzy``, ``python-format``...)."""

    msgid: str
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    context: str | None = None  # msgctxt: the same English word with another meaning

    def sources(self) -> list[str]:
        """The English text each msgstr translates, form by form."""
        if self.msgid_plural is None:
            return [self.msgid]
        return [self.msgid] + [self.msgid_plural] * (len(self.msgstr) - 1)


def read_po(path: Path) -> list[Entry]:
    """The live entries of a .po file (obsolete ``#~`` ones left out), the header first."""
    entries: list[Entry] = []
    fields: dict[str, str] = {}
    flags: set[str] = set()
    key = ""

    def finish() -> None:
        nonlocal flags
        if "msgid" in fields:
            strs = [fields[k] for k in sorted(fields) if k.startswith("msgstr")]
            entries.append(
                Entry(
                    fields["msgid"],
                    fields.get("msgid_plural"),
                    strs,
                    flags,
                    fields.get("msgctxt"),
                )
            )
        fields.clear()
        flags = set()

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            if any(k.startswith("msgstr") for k in fields):
                finish()
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith('"'):
            fields[key] += ast.literal_eval(line)
            continue
        key, literal = line.split(" ", 1)
        if key in ("msgctxt", "msgid") and any(k.startswith("msgstr") for k in fields):
            finish()
        fields[key] = ast.literal_eval(literal)
    finish()
    return entries


def catalogue(language: str) -> Path:
    """Our .po file for a language."""
    return PROJECT_LOCALE / language / "LC_MESSAGES" / "django.po"


def messages(language: str) -> list[Entry]:
    """Our entries for a language, header left out."""
    return [entry for entry in read_po(catalogue(language)) if entry.msgid]


def header(path: Path) -> dict[str, str]:
    """The header fields of a .po file."""
    first = read_po(path)[0]
    assert first.msgid == ""
    pairs = (line.split(":", 1) for line in first.msgstr[0].splitlines() if ":" in line)
    return {name.strip(): value.strip() for name, value in pairs}


def fresh_translations() -> None:
    """Forget the catalogues Django cached, so the .mo files on disk are read again."""
    trans_real._translations = {}


@pytest.fixture
def reloaded_catalogues() -> Iterator[None]:
    fresh_translations()
    yield
    fresh_translations()


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_declares_the_language_utf8_and_djangos_plural_forms(language):
    ours = header(catalogue(language))
    djangos = header(DJANGO_LOCALE / language / "LC_MESSAGES" / "django.po")
    assert ours["Language"] == language
    assert "charset=UTF-8" in ours["Content-Type"]
    # Django merges its catalogue with ours: both must count plural forms the same way.
    assert ours["Plural-Forms"] == djangos["Plural-Forms"]
    assert ours["Last-Translator"] == "PortControl translators"
    assert "fuzzy" not in read_po(catalogue(language))[0].flags


def test_the_four_catalogues_hold_the_same_messages():
    msgids = {language: {entry.msgid for entry in messages(language)} for language in LANGUAGES}
    assert len(msgids["ru"]) > 200
    assert all(ids == msgids["ru"] for ids in msgids.values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_has_a_final_translation(language):
    untranslated = [
        entry.msgid
        for entry in messages(language)
        if "fuzzy" in entry.flags or not entry.msgstr or not all(entry.msgstr)
    ]
    assert untranslated == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translation_keeps_placeholders_and_html(language):
    broken = []
    for entry in messages(language):
        for source, translated in zip(entry.sources(), entry.msgstr, strict=True):
            same_placeholders = sorted(PLACEHOLDER.findall(translated)) == sorted(
                PLACEHOLDER.findall(source)
            )
            same_tags = sorted(HTML_TAG.findall(translated)) == sorted(HTML_TAG.findall(source))
            if not (same_placeholders and same_tags):
                broken.append((entry.msgid, translated))
    assert broken == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_only_known_terms_read_as_in_english(language):
    same = {entry.msgid for entry in messages(language) if entry.msgstr == entry.sources()}
    assert same <= SAME_AS_ENGLISH[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_translation_is_written_in_the_languages_script(language):
    wrong_script = []
    for entry in messages(language):
        for source, translated in zip(entry.sources(), entry.msgstr, strict=True):
            # Markup (<a href=...>) is kept as written: only the words count.
            words = LATIN_TERMS.sub("", PLACEHOLDER.sub("", HTML_TAG.sub("", translated)))
            has_words = LATIN.search(
                LATIN_TERMS.sub("", PLACEHOLDER.sub("", HTML_TAG.sub("", source)))
            )
            if language in CYRILLIC_LANGUAGES:
                right = not LATIN.search(words) and (CYRILLIC.search(words) or not has_words)
            else:
                right = not CYRILLIC.search(translated) and LATIN.search(translated) is not None
            if not right:
                wrong_script.append(translated)
    assert wrong_script == []


def test_azerbaijani_uses_its_own_letters():
    # Latin Azerbaijani without ə, ğ, ı, ş, ç, ö, ü would be English or a transliteration.
    text = " ".join(text for entry in messages("az") for text in entry.msgstr)
    assert set("əğışçöü") <= set(text.lower())


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_serves_every_message_as_written(language, reloaded_catalogues):
    with translation.override(language):
        served = {
            (entry.context, entry.msgid): (
                translation.pgettext(entry.context, entry.msgid)
                if entry.context
                else translation.gettext(entry.msgid)
            )
            for entry in messages(language)
        }
    stale = [
        entry.msgid
        for entry in messages(language)
        if served[(entry.context, entry.msgid)] != entry.msgstr[0]
    ]
    assert stale == [], "django.mo is out of date with django.po: run compilemessages"


NAVIGATION = ("Voyages", "Search", "Imports", "Audit log")
PAGES = {
    "cargo:voyages": "Voyages",
    "cargo:search": "Search",
    "cargo:imports": "Imports",
    "cargo:upload": "Load a manifest",
}
# Written out, so that a missing or stale django.mo cannot pass by echoing itself.
LITERAL_NAVIGATION = {
    "ru": ("Рейсы", "Поиск", "Загрузки", "Журнал аудита"),
    "az": ("Reyslər", "Axtarış", "Yükləmələr", "Audit jurnalı"),
    "kk": ("Рейстер", "Іздеу", "Жүктеулер", "Аудит журналы"),
    "ky": ("Рейстер", "Издөө", "Жүктөөлөр", "Аудит журналы"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_analyst_sees_navigation_and_heading_in_the_chosen_language(
    client_for, analyst, language, page, reloaded_catalogues
):
    client = client_for(analyst)
    url = reverse(page)
    chosen = client.post(reverse("set_language"), {"language": language, "next": url})
    assert chosen.status_code == 302

    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    with translation.override(language):
        heading = translation.gettext(PAGES[page])
        navigation = [translation.gettext(english) for english in NAVIGATION]
        role = translation.gettext("Risk analyst")
    assert f"<h1>{heading}</h1>" in html
    for english, translated, literal in zip(
        NAVIGATION, navigation, LITERAL_NAVIGATION[language], strict=True
    ):
        assert translated == literal
        assert f">{literal}</a>" in html
        assert f">{english}</a>" not in html
    assert role in html and role != "Risk analyst"


def copy_sources(target: Path) -> None:
    """The package's sources without any catalogue, as makemessages would read them."""
    shutil.copytree(
        PACKAGE_DIR,
        target,
        ignore=shutil.ignore_patterns("locale", "locale_django", "__pycache__", "*.mo", "var"),
    )


def test_catalogues_are_in_step_with_the_sources(tmp_path, monkeypatch):
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("xgettext is not installed: CI must install gettext")
        pytest.skip("xgettext is not installed (apt-get install gettext)")
    sources = tmp_path / "portcontrol"
    copy_sources(sources)
    locale = sources / "web" / "locale"
    monkeypatch.chdir(sources)

    # The copy's own locale path, so makemessages never writes into the real tree.
    with override_settings(LOCALE_PATHS=[locale]):
        call_command("makemessages", locale=["ru"], ignore_patterns=["*/migrations/*"], verbosity=0)

    extracted = {entry.msgid for entry in read_po(locale / "ru" / "LC_MESSAGES" / "django.po")}
    ours = {entry.msgid for entry in read_po(catalogue("ru"))}
    assert extracted - ours == set(), "strings in the sources lack a translation: make messages"
    assert ours - extracted == set(), "translations of strings gone from the sources"


def test_translation_functions_go_by_names_makemessages_knows():
    """A string marked by ``gettext_lazy as _lazy(...)`` is never extracted: only the names
    xgettext is told about (``_``, ``gettext``, ``gettext_lazy``, ``ngettext``, ...) count."""
    known = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
    known |= {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}
    aliases = []
    for path in PACKAGE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                aliases += [
                    f"{path.relative_to(PACKAGE_DIR)}: {name.name} as {name.asname}"
                    for name in node.names
                    if name.asname and name.asname not in known
                ]
    assert aliases == []
