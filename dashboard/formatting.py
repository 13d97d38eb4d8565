"""Vietnamese display formats: thousands '.', decimals ',', '—' for missing (never 0)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

MISSING = "—"
NO_DATA = "chưa có dữ liệu"
VIETNAM = timedelta(hours=7)  # UTC+7 all year: no daylight saving


def vn_number(value: float | int | None, decimals: int = 0) -> str:
    """1528 → '1.528'; 70.264 with 3 decimals → '70,264'; None → '—'."""
    if value is None:
        return MISSING
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def vn_percent(value: float | None, decimals: int = 2) -> str:
    """27.7312 → '27,73%'; None → '—'."""
    return MISSING if value is None else vn_number(value, decimals) + "%"


def vn_billions(million_vnd: float | None) -> str:
    """Triệu đồng shown as tỷ đồng with 3 decimals, as leaders read them: 70264 → '70,264 tỷ'."""
    return MISSING if million_vnd is None else f"{vn_number(million_vnd / 1000, 3)} tỷ"


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
