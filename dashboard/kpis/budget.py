"""Budget KPIs: revenue and expenditure against the estimate, against last year, and against time gone by.

Money is in triệu đồng; rates are percentages, None when not computable (never rounded here).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dashboard.kpis.common import MONEY, Kpi, percent, time_progress

BudgetKind = Literal["revenue", "expenditure"]
_NOUN: dict[str, str] = {"revenue": "Thu ngân sách", "expenditure": "Chi ngân sách"}
_LOWER: dict[str, str] = {"revenue": "thu", "expenditure": "chi"}


@dataclass(frozen=True)
class BudgetFigures:
    """A unit's (or scope's) budget figures at the end of one report month, in triệu đồng."""

    month_no: int  # the report's month: months of the year gone by at its end
    estimate_council: float | None  # dự toán HĐND giao
    estimate_province: float | None  # dự toán cấp trên giao (tỉnh giao; thị xã giao for a commune)
    month: float | None
    ytd: float | None
    same_period_last_year: float | None
    ytd_land: float | None = None  # the land-use-fee part of ytd (0 when the report has no such item)
    estimate_council_land: float | None = None
    estimate_province_land: float | None = None


def budget_kpis_of(kind: BudgetKind) -> dict[str, Kpi]:
    """The labels and formula texts of one kind's KPIs, keyed like `budget_kpis`' rates."""
    noun, low = _NOUN[kind], _LOWER[kind]
    return {
        k.key: k
        for k in (
            Kpi(
                "pct_of_estimate",
                f"{noun} so dự toán",
                f"Lũy kế {low} từ đầu năm ÷ dự toán năm HĐND giao (khi báo cáo chỉ có dự toán cấp trên giao "
                "thì dùng dự toán đó)",
            ),
            Kpi(
                "pct_vs_last_year",
                f"{noun} so cùng kỳ",
                f"Lũy kế {low} từ đầu năm ÷ lũy kế cùng kỳ năm trước",
            ),
            Kpi(
                "time_progress_pct",
                "Tiến độ thời gian",
                "Số tháng đã qua ÷ 12 (hết tháng 5: 41,67%): mốc để so với tỷ lệ so dự toán",
            ),
            Kpi(
                "pct_of_estimate_excl_land",
                f"{noun} so dự toán (không kể tiền sử dụng đất)",
                f"(Lũy kế {low} − tiền sử dụng đất) ÷ (dự toán − dự toán tiền sử dụng đất)",
            ),
            Kpi(
                "item_pct_of_estimate",
                "Tỷ lệ so dự toán của từng khoản",
                f"Lũy kế {low} của khoản ÷ dự toán năm của khoản",
            ),
            # The amounts behind the rates, as the report gives them.
            Kpi(
                "ytd",
                f"Lũy kế {low}",
                f"Lũy kế {low} từ 01/01 đến hết tháng báo cáo, theo báo cáo đã tải lên",
                unit=MONEY,
            ),
            Kpi(
                "estimate",
                "Dự toán năm",
                "Dự toán năm HĐND giao (khi báo cáo chỉ có dự toán cấp trên giao thì dùng dự toán đó)",
                unit=MONEY,
            ),
            Kpi(
                "month",
                f"{noun} tháng",
                f"Số {low} của riêng tháng báo cáo (đọc từ báo cáo, hoặc lũy kế tháng này − tháng trước)",
                unit=MONEY,
            ),
            Kpi(
                "same_period_last_year",
                "Cùng kỳ năm trước",
                f"Lũy kế {low} cùng kỳ năm trước (cột cùng kỳ của báo cáo, hoặc báo cáo năm trước đã lưu)",
                unit=MONEY,
            ),
        )
    }


def gap_definition(kind: BudgetKind, *, excluding_land: bool, tolerance: float) -> str:
    """The tooltip of 'so với tiến độ thời gian': the rate minus time progress, and how it is judged."""
    rate = budget_kpis_of(kind)["pct_of_estimate_excl_land" if excluding_land else "pct_of_estimate"].label
    points = f"{tolerance:g}".replace(".", ",")
    return (
        f"{rate} − tiến độ thời gian, điểm phần trăm. Đạt: không thấp hơn; gần đạt: thấp hơn không quá {points} "
        f"điểm; chậm: thấp hơn quá {points} điểm"
    )


REVENUE_KPIS = budget_kpis_of("revenue")
EXPENDITURE_KPIS = budget_kpis_of("expenditure")


def estimate_basis(figures: BudgetFigures) -> Literal["council", "province"] | None:
    """Which estimate the rates use: the council's; the upper level's only when the council's is missing."""
    if figures.estimate_council is not None:
        return "council"
    return "province" if figures.estimate_province is not None else None


def chosen_estimate(council: float | None, province: float | None) -> float | None:
    """The estimate a rate is measured against: HĐND giao, else cấp trên giao."""
    return council if council is not None else province


def _minus(a: float | None, b: float | None) -> float | None:
    """a − b; None when either is missing (0 is passed for "the report has no such item")."""
    return None if a is None or b is None else a - b


def budget_kpis(figures: BudgetFigures) -> dict[str, float | None]:
    """The figures and rates of the budget section (estimate = the one `estimate_basis` names)."""
    basis = estimate_basis(figures)
    estimate = chosen_estimate(figures.estimate_council, figures.estimate_province)
    estimate_land = figures.estimate_council_land if basis == "council" else figures.estimate_province_land
    ytd_excl_land = _minus(figures.ytd, figures.ytd_land)
    return {
        "estimate": estimate,
        "estimate_province": figures.estimate_province,
        "month": figures.month,
        "ytd": figures.ytd,
        "same_period_last_year": figures.same_period_last_year,
        "pct_of_estimate": percent(figures.ytd, estimate),
        "pct_vs_last_year": percent(figures.ytd, figures.same_period_last_year),
        "time_progress_pct": time_progress(figures.month_no),
        "ytd_excl_land": ytd_excl_land,
        "pct_of_estimate_excl_land": percent(ytd_excl_land, _minus(estimate, estimate_land)),
    }


def item_pct_of_estimate(ytd: float | None, council: float | None, province: float | None) -> float | None:
    """One item's year to date ÷ its estimate (council's, else upper level's), for ranking items."""
    return percent(ytd, chosen_estimate(council, province))


__all__ = [
    "EXPENDITURE_KPIS",
    "REVENUE_KPIS",
    "BudgetFigures",
    "BudgetKind",
    "budget_kpis",
    "budget_kpis_of",
    "chosen_estimate",
    "estimate_basis",
    "item_pct_of_estimate",
]
