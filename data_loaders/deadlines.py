"""Reading task deadlines as people write them ("Quý II/2023", "trước ngày 30/6/2023") into due dates."""

import numbers
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from base.periods import month_end
from base.text import normalize
from data_loaders.parsing import (
    NORMALIZED_DATE,
    ParseError,
    find_period,
    is_missing,
    parse_date,
    quarter_number,
)

# A date right after a deadline word: "trước ngày 30/6/2023", "chậm nhất trong ngày 22/6/2023", "hạn: ...".
_MARKED_DATE_RE = re.compile(
    rf"\b(?:truoc|cham nhat|han|den|toi)(?: (?:chot|trong|het|cuoi|ngay|la))* {NORMALIZED_DATE}\b"
)
# Any other full date, except "tháng 8, 9/2022" which would otherwise read as 08/09/2022.
_BARE_DATE_RE = re.compile(rf"(?<!thang )\b{NORMALIZED_DATE}\b")
_ONGOING_RE = re.compile(r"\b(?:thuong xuyen|hang (?:nam|quy|thang|tuan|ngay)|dinh ky|lien tuc)\b")
_NO_DEADLINE_RE = re.compile(r"^(?:theo|tuy theo|khi|sau khi|ngay sau khi|khong)\b")
# One or more quarters or months sharing a year: "quy ii iii nam 2022", "thang 8 va 9 2022".
_QUARTERS_RE = re.compile(r"\bquy ((?:(?:[ivx]+|\d{1,2}) (?:va )?)+)(?:nam )?(\d{4})\b")
_MONTHS_RE = re.compile(r"\bthang ((?:\d{1,2} (?:va )?)+)(?:nam )?(\d{4})\b")


@dataclass(frozen=True)
class Deadline:
    """A task deadline: a due date, an ongoing duty, or no fixed deadline; text is what was written."""

    kind: Literal["date", "ongoing", "none"]
    due: date | None
    text: str

    def __post_init__(self) -> None:
        """Keep due set exactly when kind is "date"."""
        if (self.kind == "date") != (self.due is not None):
            raise ValueError(f"Deadline kind {self.kind!r} with due {self.due!r}")


def _bad_deadline(value: object) -> ParseError:
    """Build the error for a deadline that cannot be read."""
    shown = value.strip() if isinstance(value, str) else str(value)
    message = (
        f'Thời hạn "{shown}" không đọc được; cần một ngày (30/06/2023), một kỳ (Quý II/2023, tháng 8/2022, '
        'năm 2022), "Thường xuyên" hoặc "Theo kế hoạch ...".'
    )
    return ParseError("bad_deadline", message, value)


def _latest_date(pattern: re.Pattern[str], norm: str) -> date | None:
    """Return the latest valid date matched by pattern; raises ValueError on an impossible one."""
    found = [date(int(m[3]), int(m[2]), int(m[1])) for m in pattern.finditer(norm)]
    return max(found, default=None)


def _latest_period_end(pattern: re.Pattern[str], norm: str, quarters: bool) -> date | None:
    """Return the end of the last quarter or month named; raises ValueError on quý V or tháng 13."""
    ends: list[date] = []
    for match in pattern.finditer(norm):
        year = int(match[2])
        for token in match[1].split():
            if token == "va":
                continue
            if not quarters:
                ends.append(month_end(year, int(token)))
            elif quarter := quarter_number(token):
                ends.append(month_end(year, 3 * quarter))
            else:
                raise ValueError(f"quarter {token}")
    return max(ends, default=None)


def _due_from_text(norm: str) -> date | Literal["ongoing", "none"] | None:
    """Read a normalized deadline text into a due date, "ongoing" or "none"; None when unreadable."""
    # A concrete date wins even in "Thường xuyên, trước 30/6/2023" or "Theo kế hoạch, hạn 30/6/2023".
    if due := _latest_date(_MARKED_DATE_RE, norm):
        return due
    if _ONGOING_RE.search(norm):
        return "ongoing"
    if _NO_DEADLINE_RE.search(norm):
        return "none"
    due = (
        _latest_date(_BARE_DATE_RE, norm)
        or _latest_period_end(_QUARTERS_RE, norm, quarters=True)
        or _latest_period_end(_MONTHS_RE, norm, quarters=False)
    )
    if due:
        return due
    if norm.isdigit() and len(norm) == 4:  # a year typed as text
        return date(int(norm), 12, 31)
    period = find_period(norm)
    return None if period is None else period.end


def parse_deadline(text: object) -> Deadline:
    """Read a deadline cell into a due date (end of the named period), "ongoing" or "none"."""
    if is_missing(text):
        return Deadline("none", None, "")
    if isinstance(text, datetime):
        return Deadline("date", text.date(), f"{text:%d/%m/%Y}")
    if isinstance(text, date):
        return Deadline("date", text, f"{text:%d/%m/%Y}")
    if isinstance(text, numbers.Real | Decimal) and not isinstance(text, bool):
        # A bare number is a year typed into the cell, otherwise an Excel date serial.
        number = float(text)
        if number.is_integer() and 1900 <= number <= 2100:
            return Deadline("date", date(int(number), 12, 31), str(int(number)))
        try:
            due = parse_date(text)
        except ParseError:
            raise _bad_deadline(text) from None
        return Deadline("date", due, f"{due:%d/%m/%Y}") if due else Deadline("none", None, "")
    if not isinstance(text, str):
        raise _bad_deadline(text)
    written = text.strip()
    try:
        if due := parse_date(written):
            return Deadline("date", due, written)
    except ParseError:
        pass  # not a bare date; try the phrases below
    try:
        found = _due_from_text(normalize(written))
    except ValueError:  # an impossible date or period such as 31/02/2023 or quý V
        raise _bad_deadline(text) from None
    if found is None:
        raise _bad_deadline(text)
    if isinstance(found, date):
        return Deadline("date", found, written)
    return Deadline(found, None, written)
