"""Normal forms of texts read from files: the stored display form, the matching key, and safe printing."""

import re
import unicodedata
from functools import lru_cache

_NOT_ALNUM_ASCII = re.compile(r"[^0-9a-z]+")
# Invisible characters that make two identical-looking names differ: zero-width and bidi controls.
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# ANSI/VT escape sequences (CSI, OSC, and two-character escapes) that would recolour or rewrite a terminal.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])|\x9b[0-?]*[ -/]*[@-~]"
)
# Every Unicode space other than a plain one (NBSP, U+2000–U+200A, U+3000, tabs, line breaks; \s covers them
# all), then runs of plain spaces: matching only these keeps a long ordinary text from a million replacements.
_ODD_SPACES = re.compile(r"[^\S ]+")
_SPACE_RUNS = re.compile(r"  +")
# Combining marks (Vietnamese tones and vowel marks are U+0300–U+036F) dropped from the matching key.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_NOT_ALNUM = re.compile(r"[\W_]+")
# C0 and C1 controls and DEL left once spaces are collapsed.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """The stored display form: NFC, no invisible or control characters, one space between words, stripped."""
    if text.isascii() and text.isprintable() and "  " not in text and text == text.strip():
        return text  # the usual cell: nothing to do, and it is by far the most frequent case
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    text = _SPACE_RUNS.sub(" ", _ODD_SPACES.sub(" ", text))
    return _CONTROLS.sub("", text).strip()


def printable(text: str) -> str:
    """A text safe to print on one terminal line: clean_text, so a newline or escape cannot forge a line."""
    return clean_text(text)


def shorten(text: str, limit: int) -> str:
    """The text cut to `limit` characters with an ellipsis, for display only (never for a key)."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


@lru_cache(maxsize=16_384)  # statuses, channels and unit names repeat on every row of a list
def normalize(text: str) -> str:
    """Return the accent-free, lowercase, punctuation-free matching key of a Vietnamese text."""
    if not (text.isascii() and text.isprintable()):
        text = clean_text(text)
    if text.isascii():
        return " ".join(_NOT_ALNUM_ASCII.sub(" ", text.lower().replace("&", " va ")).split())
    # đ has no Unicode decomposition, so NFKD alone would keep it.
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    lowered = _MARKS.sub("", decomposed).lower().replace("&", " va ")
    return " ".join(_NOT_ALNUM.sub(" ", lowered).split())


def contains_words(haystack_norm: str, needle_norm: str) -> bool:
    """Tell whether the needle's words occur as a contiguous whole-word run in the haystack (empty: False)."""
    needle = " ".join(needle_norm.split())
    if not needle:
        return False
    return f" {needle} " in f" {' '.join(haystack_norm.split())} "
