"""The money unit a report writes its amounts in (đồng, nghìn đồng, triệu đồng, tỷ đồng), read from its text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from base.text import contains_words, normalize


@dataclass(frozen=True)
class MoneyUnit:
    """A written money unit: how many triệu đồng one of it is, and its Vietnamese name."""

    factor: float
    name: str


TRIEU = MoneyUnit(1.0, "triệu đồng")
_TY = MoneyUnit(1000.0, "tỷ đồng")
_NGHIN = MoneyUnit(0.001, "nghìn đồng")
_DONG = MoneyUnit(1e-6, "đồng")
# Spellings after normalize(), longest first so "trieu dong" wins over "dong".
_SPELLINGS: tuple[tuple[str, MoneyUnit], ...] = (
    ("trieu dong", TRIEU),
    ("tr dong", TRIEU),
    ("trd", TRIEU),
    ("trieu", TRIEU),
    ("ty dong", _TY),
    ("ti dong", _TY),
    ("ty", _TY),
    ("ti", _TY),
    ("nghin dong", _NGHIN),
    ("ngan dong", _NGHIN),
    ("1 000 dong", _NGHIN),
    ("1000 dong", _NGHIN),
    ("dong", _DONG),
    ("d", _DONG),
)
# "ĐVT: triệu đồng", "Đơn vị tính: tỷ đồng", "Đơn vị: đồng", "ĐVT là nghìn đồng".
_LINE = re.compile(r"\b(?:dvt|don vi tinh|don vi)\s+(?:la\s+)?(.+)$")
_PARENTHESES = re.compile(r"\(([^()]{1,30})\)")


def _spelled(rest: str) -> MoneyUnit | None:
    """The unit a normalized text starts with ("trieu dong …"), None if it names none."""
    for words, unit in _SPELLINGS:
        if rest == words or rest.startswith(words + " "):
            return unit
    return None


def find_money_unit(texts: Iterable[str]) -> MoneyUnit | None:
    """The money unit of a report from its title lines and column headers.

    An "ĐVT"/"Đơn vị tính" line wins; else a header in parentheses ("Số tiền (triệu đồng)"); else a
    two-word unit anywhere ("… triệu đồng"). Bare "đồng", "tỷ", "triệu" are too common as words to trust
    without "ĐVT" or parentheses.
    """
    lines = [t for t in texts if t]
    for text in lines:
        match = _LINE.search(normalize(text))
        if match and (unit := _spelled(match[1])):
            return unit
    for text in lines:
        for inner in _PARENTHESES.findall(text):
            if (unit := _spelled(normalize(inner))) and normalize(inner) in {w for w, _ in _SPELLINGS}:
                return unit
    for words, unit in _SPELLINGS:
        if " " in words and any(contains_words(normalize(t), words) for t in lines):
            return unit
    return None
