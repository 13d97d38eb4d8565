"""Which budget lines are land-use fees (tiền sử dụng đất), reading “không kể …”-style exclusions as exclusions."""

from __future__ import annotations

import re

from base.text import normalize

LAND_USE = "tien su dung dat"
# "Thu nội địa (không kể tiền sử dụng đất)" excludes the fees it names; "ngoài quốc doanh" is a sector, not "except".
_NEGATIONS = ("khong ke", "khong bao gom", "khong tinh", "chua ke", "chua tinh", "loai tru", "ngoai", "tru")
_NOT_NEGATIONS = re.compile(r"\bngoai (quoc doanh|nuoc|nha nuoc)\b")
_NEGATION = re.compile(r"\b(" + "|".join(_NEGATIONS) + r")\b")
_LAND = re.compile(r"\b" + LAND_USE + r"\b")
_BRACKETS = re.compile(r"[()\[\]]")


def names_land_use(label: str) -> bool:
    """Whether a row's own label says it is land-use fees: it names them, not after “không kể”, “trừ”, “ngoài”…

    An exclusion reaches to the end of its bracket (or of the label), so “(không kể tiền thuê đất, tiền sử dụng
    đất)” excludes both; a mention before it, or outside its brackets, still counts.
    """
    for part in _BRACKETS.split(label):
        text = _NOT_NEGATIONS.sub(" ", normalize(part))
        for found in _LAND.finditer(text):
            if not _NEGATION.search(text, 0, found.start()):
                return True
    return False
