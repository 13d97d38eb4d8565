"""Dossier KPIs: online-submission, resolution, on-time, early, late and 766-style progress rates.

Counts are dicts of DOSSIER_FIELDS to int | None; rates are percentages, None when not computable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from dashboard.kpis.common import Kpi, percent
from dashboard.store.models import DOSSIER_FIELDS, FIRST_PERIOD_STOCKS, LAST_PERIOD_STOCKS

Counts = Mapping[str, int | None]


def _add(*values: int | None) -> int | None:
    """The sum, or None when any part is missing."""
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def _new_receipts(c: Counts) -> int | None:
    """Online + direct + postal of new receipts (form II.06a), falling back to the 'new' column."""
    split = _add(c.get("received_online"), c.get("received_direct_or_postal"))
    return split if split is not None or c.get("received_online") is None else c.get("received_new")


DOSSIER_KPIS: dict[str, Kpi] = {
    k.key: k
    for k in (
        Kpi(
            "online_rate",
            "Tỷ lệ nộp trực tuyến",
            "Hồ sơ mới nộp trực tuyến ÷ (trực tuyến + trực tiếp + bưu chính) của hồ sơ mới tiếp nhận trong kỳ",
            numerator=lambda c: c.get("received_online"),
            denominator=_new_receipts,
        ),
        Kpi(
            "resolution_rate",
            "Tỷ lệ đã giải quyết",
            "Số hồ sơ đã giải quyết ÷ tổng số hồ sơ nhận giải quyết (kể cả kỳ trước chuyển qua)",
            numerator=lambda c: c.get("resolved_total"),
            denominator=lambda c: c.get("received_total"),
        ),
        Kpi(
            "on_time_rate",
            "Tỷ lệ giải quyết đúng hạn",
            "(Trả trước hạn + trả đúng hạn) ÷ số hồ sơ đã giải quyết",
            numerator=lambda c: c.get("resolved_in_time"),
            denominator=lambda c: c.get("resolved_total"),
        ),
        Kpi(
            "early_rate",
            "Tỷ lệ trả trước hạn",
            "Trả trước hạn ÷ số hồ sơ đã giải quyết",
            numerator=lambda c: c.get("resolved_early"),
            denominator=lambda c: c.get("resolved_total"),
        ),
        Kpi(
            "late_rate",
            "Tỷ lệ trễ hạn",
            "Trả quá hạn ÷ số hồ sơ đã giải quyết",
            numerator=lambda c: c.get("resolved_late"),
            denominator=lambda c: c.get("resolved_total"),
            higher_is_better=False,
        ),
        Kpi(
            "progress_766_rate",
            "Tiến độ giải quyết (kiểu Bộ chỉ số 766)",
            "(Trả trước hạn + đúng hạn + đang giải quyết trong hạn) ÷ (đã giải quyết + đang giải quyết)",
            numerator=lambda c: _add(c.get("resolved_in_time"), c.get("pending_within_deadline")),
            denominator=lambda c: _add(c.get("resolved_total"), c.get("pending_total")),
        ),
    )
}

COUNT_LABELS: dict[str, str] = {
    "received_total": "Tổng số hồ sơ nhận giải quyết",
    "received_carried_over": "Kỳ trước chuyển qua",
    "received_new": "Mới tiếp nhận",
    "received_online": "Tiếp nhận trực tuyến",
    "received_direct": "Tiếp nhận trực tiếp",
    "received_postal": "Tiếp nhận qua bưu chính",
    "received_direct_or_postal": "Trực tiếp và bưu chính",
    "resolved_total": "Đã giải quyết",
    "resolved_early": "Trả trước hạn",
    "resolved_on_time": "Trả đúng hạn",
    "resolved_in_time": "Trả trước hạn và đúng hạn",
    "resolved_late": "Trả quá hạn",
    "pending_total": "Đang giải quyết",
    "pending_within_deadline": "Đang giải quyết trong hạn",
    "pending_overdue": "Đang giải quyết quá hạn",
    "withdrawn": "Rút hồ sơ / trả lại",
    "awaiting_supplement": "Chờ bổ sung",
}


COUNT_KPIS: dict[str, Kpi] = {  # the counts the pages show as headline figures
    k.key: k
    for k in (
        Kpi(
            "received_total",
            COUNT_LABELS["received_total"],
            "Hồ sơ kỳ trước chuyển qua + hồ sơ mới tiếp nhận",
            unit="hồ sơ",
            decimals=0,
        ),
        Kpi(
            "pending_overdue",
            COUNT_LABELS["pending_overdue"],
            "Số hồ sơ đang giải quyết đã quá hạn xử lý ở cuối kỳ (mục tiêu: không có hồ sơ quá hạn)",
            unit="hồ sơ",
            decimals=0,
            higher_is_better=False,
        ),
    )
}


def rate(kpi: Kpi, units: Sequence[Counts]) -> float | None:
    """A KPI over several units, using only the units that report both its numerator and denominator."""
    pairs = [kpi.parts(c) for c in units]
    known = [(n, d) for n, d in pairs if n is not None and d is not None]
    if not known:
        return None
    return percent(sum(n for n, _ in known), sum(d for _, d in known))


def combine_periods(periods: Sequence[Counts]) -> dict[str, int | None]:
    """One unit's consecutive periods as one: flows add, carried-over is the first's, pending the last's."""
    if not periods:
        return dict.fromkeys(DOSSIER_FIELDS)
    if len(periods) == 1:
        return dict(periods[0])
    out: dict[str, int | None] = {}
    for name in DOSSIER_FIELDS:
        if name in FIRST_PERIOD_STOCKS:
            out[name] = periods[0].get(name)
        elif name in LAST_PERIOD_STOCKS:
            out[name] = periods[-1].get(name)
        elif name in ("received_total", "received_new"):
            continue
        else:
            out[name] = _add(*(p.get(name) for p in periods))
    news = [_period_new(p) for p in periods]
    out["received_new"] = _add(*news)
    out["received_total"] = _add(out["received_carried_over"], out["received_new"])
    return out


def _period_new(p: Counts) -> int | None:
    """A period's new receipts: stated, or total minus carried over."""
    if p.get("received_new") is not None:
        return p.get("received_new")
    total, carried = p.get("received_total"), p.get("received_carried_over")
    return None if total is None or carried is None else total - carried


def sum_units(units: Iterable[Counts]) -> dict[str, int | None]:
    """Field-wise sums over units of what is known; None only where no unit reports the field."""
    out: dict[str, int | None] = dict.fromkeys(DOSSIER_FIELDS)
    for c in units:
        for name in DOSSIER_FIELDS:
            value = c.get(name)
            if value is not None:
                out[name] = (out[name] or 0) + value
    return out


def missing_by_field(units: Mapping[str, Counts]) -> dict[str, list[str]]:
    """For each field some units report and others do not, the names of those that do not."""
    out: dict[str, list[str]] = {}
    for name in DOSSIER_FIELDS:
        known = [u for u, c in units.items() if c.get(name) is not None]
        if known and len(known) < len(units):
            out[name] = sorted(u for u, c in units.items() if c.get(name) is None)
    return out


def dossier_kpis(units: Mapping[str, Counts]) -> dict[str, float | int | None]:
    """Counts and rates for a scope given each unit's combined counts (keyed by unit name)."""
    counts = list(units.values())
    totals = sum_units(counts)
    result: dict[str, float | int | None] = dict(totals)
    for key, kpi in DOSSIER_KPIS.items():
        result[key] = rate(kpi, counts)
    return result
