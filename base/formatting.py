"""Vietnamese display formats: thousands '.', decimals ',', '−' (U+2212) for minus, '—' for missing (never 0).

The one place figures become text: money (tỷ đồng in headlines, triệu đồng in tables), signed changes, points,
percentages. Other modules call these and never format a figure themselves (tests/base/test_money_source.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

MISSING = "—"
NO_DATA = "chưa có dữ liệu"
NOT_REPORTED = "chưa báo cáo"  # a unit owed a report and sent none: never a blank, never 0
MINUS = "\u2212"  # the typographic minus: '-' reads as a hyphen and differs from page to page
VIETNAM = timedelta(hours=7)  # UTC+7 all year: no daylight saving


def vn_number(value: float | int | None, decimals: int = 0, *, trim: bool = False) -> str:
    """1528 → '1.528'; 70.264 with 3 decimals → '70,264'; −7.25 → '−7,25'; None → '—'.

    trim drops the decimals' trailing zeros, so decimals is the most shown: 7722.4 with 3 → '7.722,4'."""
    if value is None:
        return MISSING
    text = f"{abs(value):,.{decimals}f}"
    shown = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if trim and "," in shown:
        shown = shown.rstrip("0").rstrip(",")
    negative = value < 0 and any(ch not in "0,." for ch in shown)  # no '−0,00'
    return (MINUS if negative else "") + shown


def vn_percent(value: float | None, decimals: int = 2) -> str:
    """27.7312 → '27,73%'; None → '—'."""
    return MISSING if value is None else vn_number(value, decimals) + "%"


def vn_signed(value: float | None, decimals: int, unit: str) -> str | None:
    """A change: '+2,1 điểm', '−3 hồ sơ', '0,0 điểm', '−9,13%'; None when unknown."""
    if value is None:
        return None
    text = vn_number(value, decimals)
    sign = "+" if value > 0 and any(ch not in "0,." for ch in text) else ""
    gap = "" if unit in ("", "%") else " "
    return f"{sign}{text}{gap}{unit}"


def vn_points(value: float | None, *, with_unit: bool = True) -> str:
    """A gap in percentage points: −35.3 → '−35,30 điểm', 26.07 → '+26,07 điểm'; None → '—'."""
    text = vn_signed(value, 2, "điểm" if with_unit else "")
    return MISSING if text is None else text


@dataclass(frozen=True)
class MoneyUnit:
    """How money is shown: 'tỷ đồng' with 3 decimals (headlines), 'triệu đồng' (tables, a report's own unit)."""

    label: str
    divisor: float  # stored amounts are triệu đồng
    decimals: int


TRIEU = MoneyUnit("triệu đồng", 1.0, 1)
TY = MoneyUnit("tỷ đồng", 1000.0, 3)


def money_unit_for(values: Iterable[float | None]) -> MoneyUnit:
    """For a chart's axis: tỷ đồng once the amounts reach 10 tỷ (the town's), else triệu đồng (a commune's)."""
    known = [abs(v) for v in values if v is not None]
    return TY if known and max(known) >= 10_000 else TRIEU


def money_text(value: float | None, unit: MoneyUnit = TRIEU, *, with_unit: bool = True) -> str:
    """Triệu đồng as shown: 70264 → '70,264 tỷ đồng' (TY) or '70.264 triệu đồng'; 7722.4 → '7.722,4'; None → '—'."""
    if value is None:
        return MISSING
    shown = value / unit.divisor
    decimals = unit.decimals if unit is TY or round(shown, 1) % 1 else 0
    return vn_number(shown, decimals) + (f" {unit.label}" if with_unit else "")


def money_of_total(part: float | None, whole: float | None, unit: MoneyUnit = TY) -> str:
    """'108,323 / 253,390 tỷ đồng': an amount out of its plan or estimate, in one unit."""
    return f"{money_text(part, unit, with_unit=False)} / {money_text(whole, unit)}"


def vn_billions(million_vnd: float | None) -> str:
    """Triệu đồng shown as tỷ đồng with 3 decimals on the wall's tiles: 70264 → '70,264 tỷ'."""
    return MISSING if million_vnd is None else money_text(million_vnd, TY).removesuffix(" đồng")


def vn_date(value: date | None) -> str:
    """dd/mm/yyyy, '—' when missing."""
    return MISSING if value is None else value.strftime("%d/%m/%Y")


def vietnam_now() -> datetime:
    """Vietnam's wall clock now (naive), whatever the server's time zone."""
    return datetime.now(UTC).replace(tzinfo=None) + VIETNAM


def vn_datetime(moment: datetime | None) -> str:
    """A stored time (aware, or naive UTC) as Vietnam's wall clock: dd/mm/yyyy hh:mm, '—' when missing."""
    if moment is None:
        return MISSING
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return (aware.astimezone(UTC).replace(tzinfo=None) + VIETNAM).strftime("%d/%m/%Y %H:%M")
