"""Matching keys for Vietnamese names and column headers, robust to diacritic typos and punctuation."""

import re
import unicodedata
from functools import lru_cache

_NOT_ALNUM_ASCII = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=16_384)  # statuses, channels and unit names repeat on every row of a list
def normalize(text: str) -> str:
    """Return the accent-free, lowercase, punctuation-free matching key of a Vietnamese text."""
    if text.isascii():
        return " ".join(_NOT_ALNUM_ASCII.sub(" ", text.lower().replace("&", " va ")).split())
    # đ has no Unicode decomposition, so NFKD alone would keep it.
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))
    lowered = stripped.lower().replace("&", " va ")
    return " ".join("".join(ch if ch.isalnum() else " " for ch in lowered).split())


def contains_words(haystack_norm: str, needle_norm: str) -> bool:
    """Tell whether the needle's words occur as a contiguous whole-word run in the haystack (empty: False)."""
    needle = " ".join(needle_norm.split())
    if not needle:
        return False
    return f" {needle} " in f" {' '.join(haystack_norm.split())} "
