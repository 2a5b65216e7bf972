"""Text normalisation shared by both evaluators, so that word matching means the same in each.

Descriptions and names come in Russian, Kazakh, Azerbaijani, Turkmen, Uzbek and English, in
Cyrillic and Latin letters. Matching is by whole words (or word prefixes): the text is put in
lower case, ``ё`` is read as ``е`` (Russian writers use either), and every run of characters
that are not letters or digits becomes one space, with a space at each end. A word then
matches when `` word `` occurs in the folded text, and a word prefix when `` prefix`` does.

>>> fold("Кислота УКСУСНАЯ, 99.8%")
' кислота уксусная 99 8 '
>>> term_pattern("anhydrid*")
' anhydrid'
"""

from __future__ import annotations

import re
from functools import lru_cache

import polars as pl

# Python's \W and the Rust regex \W agree on letters and digits of the scripts we read.
NON_WORD = r"[\W_]+"
_NON_WORD = re.compile(NON_WORD)
PREFIX_MARK = "*"


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, ``ё`` as ``е``, words separated by single spaces, a space at each end."""
    words = _NON_WORD.sub(" ", text.lower().replace("ё", "е")).strip(" ")
    return f" {words} "


def fold_expression(column: pl.Expr) -> pl.Expr:
    """The same folding as :func:`fold`, on a whole column."""
    words = (
        column.str.to_lowercase()
        .str.replace_all("ё", "е", literal=True)
        .str.replace_all(NON_WORD, " ")
        .str.strip_chars(" ")
    )
    return pl.concat_str([pl.lit(" "), words, pl.lit(" ")])


def term_words(term: str) -> str:
    """The folded words of a search term, without the prefix mark and the outer spaces."""
    return fold(term.removesuffix(PREFIX_MARK)).strip(" ")


def term_pattern(term: str) -> str:
    """What to look for in folded text: `` words `` or, for a prefix term, `` words``."""
    words = term_words(term)
    return f" {words}" if term.endswith(PREFIX_MARK) else f" {words} "
