"""Precision and recall of name matching on the labelled pairs in name_pairs.csv."""

from __future__ import annotations

import csv
from pathlib import Path

from portcontrol.core.screening.matcher import THRESHOLD, match_strength
from portcontrol.core.screening.normalise import name_form

PAIRS = Path(__file__).with_name("name_pairs.csv")
# Floors set a little under what was measured at THRESHOLD (see the printed figures).
PRECISION_FLOOR = 0.95
RECALL_FLOOR = 0.95


def _pairs() -> list[dict[str, str]]:
    with PAIRS.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _strength(pair: dict[str, str]) -> float:
    return match_strength(
        name_form(pair["query"]),
        name_form(pair["list_name"]),
        birth=pair["query_birth"] or None,
        listed_births=(pair["list_birth"],) if pair["list_birth"] else (),
    )


def test_the_labelled_set_is_large_and_has_hard_negatives() -> None:
    pairs = _pairs()
    negatives = [pair for pair in pairs if pair["same"] == "no"]
    assert len(pairs) >= 150
    assert len(negatives) >= 50
    assert all(pair["variation"].startswith("hard negative") for pair in negatives)
    kinds = {pair["variation"] for pair in pairs if pair["same"] == "yes"}
    assert {"script", "transliteration", "word order", "missing patronymic", "initials"} <= kinds
    assert {"typo", "legal form", "date of birth"} <= kinds


def test_precision_and_recall_stay_above_their_floors() -> None:
    true_positive = false_positive = false_negative = 0
    misses: list[str] = []
    for pair in _pairs():
        strength = _strength(pair)
        predicted = strength >= THRESHOLD
        actual = pair["same"] == "yes"
        true_positive += predicted and actual
        false_positive += predicted and not actual
        false_negative += actual and not predicted
        if predicted != actual:
            misses.append(f"{pair['query']} | {pair['list_name']} | {strength} | {pair['same']}")
    precision = true_positive / (true_positive + false_positive)
    recall = true_positive / (true_positive + false_negative)
    print(f"\nthreshold {THRESHOLD}: precision {precision:.3f} recall {recall:.3f}")
    print("\n".join(misses))
    assert precision >= PRECISION_FLOOR
    assert recall >= RECALL_FLOOR
