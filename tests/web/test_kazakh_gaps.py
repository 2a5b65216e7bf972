"""Kazakh pages: the messages Django's own kk catalogues leave untranslated come from ours."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import django
import pytest
from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import FileExtensionValidator
from django.test import override_settings
from django.utils import translation
from django.utils.translation import trans_real

WEB_DIR = Path(settings.BASE_DIR) / "web"
PROJECT_LOCALE = WEB_DIR / "locale"
DJANGO_GAPS = WEB_DIR / "locale_django"
GAPS_PO = DJANGO_GAPS / "kk" / "LC_MESSAGES" / "django.po"
DJANGO_KK_PO = Path(django.__file__).parent / "conf" / "locale" / "kk" / "LC_MESSAGES" / "django.po"

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# printf-style (%(name)s, %s, %d, %.1f), brace-style ({name}, {}) placeholders.
PLACEHOLDER = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
    r"|%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]"
    r"|\{[^{}]*\}"
)
HTML_TAG = re.compile(r"<[^>]+>")


@dataclass
class Entry:
    """One message of a .po file."""

    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)


def read_po(path: Path) -> Iterator[Entry]:
    """The entries of a plain .po file (no obsolete entries), header included."""
    fields: dict[str, str] = {}
    key = ""

    def finish() -> Iterator[Entry]:
        if "msgid" in fields:
            strs = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
            yield Entry(fields["msgid"], fields.get("msgctxt"), fields.get("msgid_plural"), strs)
        fields.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            if fields.get("msgid") is not None and any(k.startswith("msgstr") for k in fields):
                yield from finish()
            continue
        if line.startswith('"'):
            fields[key] += ast.literal_eval(line)
            continue
        key, literal = line.split(" ", 1)
        if key in ("msgctxt", "msgid") and any(k.startswith("msgstr") for k in fields):
            yield from finish()
        fields[key] = ast.literal_eval(literal)
    yield from finish()


def header(path: Path) -> dict[str, str]:
    """The header fields of a .po file."""
    first = next(entry for entry in read_po(path) if entry.msgid == "")
    pairs = (line.split(":", 1) for line in first.msgstr[0].splitlines() if ":" in line)
    return {name.strip(): value.strip() for name, value in pairs}


GAP_ENTRIES = [entry for entry in read_po(GAPS_PO) if entry.msgid]


@pytest.fixture
def kazakh(request) -> Iterator[None]:
    """Kazakh active, loaded from exactly the given locale paths (default: project, then gaps)."""
    paths = getattr(request, "param", [PROJECT_LOCALE, DJANGO_GAPS])
    # Catalogues are cached per language; a stale one would hide what these paths provide.
    trans_real._translations = {}
    with override_settings(LOCALE_PATHS=paths), translation.override("kk"):
        yield
    trans_real._translations = {}


def looks_kazakh(text: str, english: str) -> bool:
    """Translated (not the English source) and written in Cyrillic."""
    return text != english and CYRILLIC.search(text) is not None


def error_of(validate, value) -> str:
    """The single message a validator or form field raises for a value."""
    with pytest.raises(ValidationError) as caught:
        validate(value)
    (message,) = caught.value.messages
    return message


def test_gap_catalogue_declares_kazakh_with_djangos_plural_forms():
    ours, djangos = header(GAPS_PO), header(DJANGO_KK_PO)
    assert ours["Language"] == "kk"
    assert "charset=UTF-8" in ours["Content-Type"]
    assert ours["Plural-Forms"] == djangos["Plural-Forms"]


def test_compiled_catalogue_sits_next_to_the_source():
    # Whether it is up to date is checked message by message below, not by file times.
    assert GAPS_PO.with_suffix(".mo").stat().st_size > 0


def test_too_long_value_is_refused_in_kazakh(kazakh):
    message = error_of(forms.CharField(max_length=3).clean, "abcdef")
    assert looks_kazakh(message, "Ensure this value has at most 3 characters (it has 6).")
    assert "3" in message and "6" in message


def test_too_short_value_is_refused_in_kazakh(kazakh):
    message = error_of(forms.CharField(min_length=5).clean, "ab")
    assert looks_kazakh(message, "Ensure this value has at least 5 characters (it has 2).")


def test_invalid_email_is_refused_in_kazakh(kazakh):
    message = error_of(forms.EmailField().clean, "not-an-address")
    assert looks_kazakh(message, "Enter a valid email address.")


def test_upload_with_a_refused_extension_is_refused_in_kazakh(kazakh):
    upload = SimpleUploadedFile("manifest.exe", b"MZ")
    message = error_of(FileExtensionValidator(["edi", "xml", "xlsx"]), upload)
    assert looks_kazakh(message, "File extension “exe” is not allowed.")
    assert "exe" in message and "edi, xml, xlsx" in message


def test_upload_with_a_too_long_name_is_refused_in_kazakh(kazakh):
    upload = SimpleUploadedFile("a" * 40 + ".edi", b"UNA:+.? '")
    message = error_of(forms.FileField(max_length=20).clean, upload)
    assert looks_kazakh(message, "Ensure this filename has at most 20 characters (it has 44).")
    assert "20" in message and "44" in message


def test_short_password_is_refused_in_kazakh(kazakh):
    message = error_of(MinimumLengthValidator(min_length=8).validate, "abc")
    english = "This password is too short. It must contain at least 8 characters."
    assert looks_kazakh(message, english)
    assert "8" in message


@pytest.mark.parametrize(
    "english",
    [
        "View site",
        "Skip to main content",
        "Recent actions",
        "Clear all filters",
        "Content Types",
        "Authentication and Authorization",
        "Forbidden",
        "Messages",
    ],
)
def test_admin_and_framework_labels_are_kazakh(kazakh, english):
    assert looks_kazakh(translation.gettext(english), english)


def test_admin_error_count_is_kazakh_in_both_plural_forms(kazakh):
    one = translation.ngettext(
        "Please correct the error below.", "Please correct the errors below.", 1
    )
    many = translation.ngettext(
        "Please correct the error below.", "Please correct the errors below.", 3
    )
    assert looks_kazakh(one, "Please correct the error below.")
    assert looks_kazakh(many, "Please correct the errors below.")
    assert one != many


def test_corrections_win_over_djangos_own_wrong_kazakh(kazakh):
    # Django's kk admin says "Delete/Time" for the history column header.
    assert not translation.gettext("Date/time").startswith("Өшіру")
    # Django's kk admin leaves CLDR "one: …/other: …" text in this plural.
    assert "other:" not in translation.ngettext(
        "%(total_count)s selected", "All %(total_count)s selected", 5
    )


@pytest.mark.parametrize("kazakh", [[DJANGO_GAPS]], indirect=True)
def test_every_message_of_the_gap_catalogue_is_served_as_written(kazakh):
    served = []
    for entry in GAP_ENTRIES:
        if entry.msgid_plural is None:
            served.append(
                (
                    entry,
                    [
                        translation.pgettext(entry.msgctxt, entry.msgid)
                        if entry.msgctxt
                        else translation.gettext(entry.msgid)
                    ],
                )
            )
            continue
        # Kazakh's Plural-Forms: form 0 for n == 1, form 1 for every other n.
        forms_served = [
            translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
            if entry.msgctxt
            else translation.ngettext(entry.msgid, entry.msgid_plural, n)
            for n in (1, 2)
        ]
        served.append((entry, forms_served))
    stale = [entry.msgid for entry, strings in served if strings != entry.msgstr]
    assert stale == [], "django.mo is out of date with django.po: run msgfmt"


@pytest.mark.parametrize("entry", GAP_ENTRIES, ids=lambda entry: entry.msgid[:40])
def test_translation_keeps_placeholders_and_html(entry):
    sources = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
    assert len(entry.msgstr) == len(sources)
    for source, translated in zip(sources, entry.msgstr, strict=True):
        assert translated
        assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(source))
        assert sorted(HTML_TAG.findall(translated)) == sorted(HTML_TAG.findall(source))


def test_gap_catalogue_is_written_in_kazakh_cyrillic():
    # Language names, punctuation and bare placeholders may legitimately stay as in English.
    same_as_english = [entry.msgid for entry in GAP_ENTRIES if entry.msgstr == [entry.msgid]]
    assert set(same_as_english) <= {
        "…",
        ":?.!",
        ":",
        "IPv4",
        "IPv6",
        "%(class_name)s %(instance)s",
        "%(truncated_text)s…",
    }
    latin_only = [
        entry.msgid
        for entry in GAP_ENTRIES
        if entry.msgid not in same_as_english
        and not all(CYRILLIC.search(text) for text in entry.msgstr)
    ]
    assert latin_only == []
