"""Vietnamese display formats: thousands '.', decimals ',', '—' for missing (never 0)."""

from __future__ import annotations

from datetime import date

MISSING = "—"
NO_DATA = "chưa có dữ liệu"


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
