"""Budget KPI formulas against the seeds: 27,73% of the estimate, 90,87% of last year, 41,67% of the year gone."""

from __future__ import annotations

import pytest

from dashboard.kpis.budget import (
    EXPENDITURE_KPIS,
    REVENUE_KPIS,
    BudgetFigures,
    budget_kpis,
    budget_kpis_of,
    estimate_basis,
    gap_definition,
    item_pct_of_estimate,
)

# Seed 001: the town's revenue at the end of May 2023, in triệu đồng; land-use fees lagging.
MAY_2023 = BudgetFigures(
    month_no=5,
    estimate_council=253390,
    estimate_province=230150,
    month=3271,
    ytd=70264,
    same_period_last_year=77323.5,
    ytd_land=40829,
    estimate_council_land=185000,
    estimate_province_land=165000,
)


def rounded(values: dict[str, float | None]) -> dict[str, float | None]:
    return {k: None if v is None else round(v, 2) for k, v in values.items()}


def test_seed_revenue_may_2023() -> None:
    assert rounded(budget_kpis(MAY_2023)) == {
        "estimate": 253390,
        "estimate_province": 230150,
        "month": 3271,
        "ytd": 70264,
        "same_period_last_year": 77323.5,
        "pct_of_estimate": 27.73,
        "pct_vs_last_year": 90.87,
        "time_progress_pct": 41.67,
        "ytd_excl_land": 29435,
        "pct_of_estimate_excl_land": 43.04,  # 29.435 ÷ (253.390 − 185.000)
    }


def test_rates_are_not_rounded_inside_the_kpi() -> None:
    assert budget_kpis(MAY_2023)["pct_of_estimate"] == pytest.approx(100 * 70264 / 253390)
    assert budget_kpis(MAY_2023)["pct_of_estimate"] != 27.73


def test_province_estimate_is_used_only_without_the_council_one() -> None:
    only_province = BudgetFigures(5, None, 230150, 3271, 70264, None, 40829, 0.0, 165000)
    values = budget_kpis(only_province)
    assert estimate_basis(only_province) == "province" and estimate_basis(MAY_2023) == "council"
    assert values["estimate"] == 230150
    assert round(values["pct_of_estimate"] or 0, 2) == 30.53
    assert round(values["pct_of_estimate_excl_land"] or 0, 2) == 45.18  # 29.435 ÷ (230.150 − 165.000)
    assert values["pct_vs_last_year"] is None


@pytest.mark.parametrize(
    ("ytd", "estimate", "expected"),
    [
        (5373, 7722.4, 69.58),  # seed 002, Phổ An Jan–Jul 2023: the report wrote a truncated 69,57
        (70264, 253390, 27.73),
        (0, 1000, 0.0),
        (10, 0, None),
        (None, 1000, None),
        (10, None, None),
    ],
)
def test_pct_of_estimate(ytd: float | None, estimate: float | None, expected: float | None) -> None:
    figures = BudgetFigures(7, estimate, None, None, ytd, None, 0.0, 0.0, 0.0)
    value = budget_kpis(figures)["pct_of_estimate"]
    assert (None if value is None else round(value, 2)) == expected


@pytest.mark.parametrize(
    ("ytd", "same", "expected"),
    [(70264, 77323.5, 90.87), (225010.5, 190654.5, 118.02), (1, 0, None), (1, None, None)],
)
def test_pct_vs_last_year(ytd: float, same: float | None, expected: float | None) -> None:
    value = budget_kpis(BudgetFigures(5, None, None, None, ytd, same))["pct_vs_last_year"]
    assert (None if value is None else round(value, 2)) == expected


@pytest.mark.parametrize(("month", "expected"), [(1, 8.33), (5, 41.67), (6, 50.0), (7, 58.33), (12, 100.0)])
def test_time_progress(month: int, expected: float) -> None:
    assert round(
        budget_kpis(BudgetFigures(month, None, None, None, None, None))["time_progress_pct"] or 0, 2
    ) == (expected)


def test_missing_land_figures_make_the_excl_land_rates_missing_not_wrong() -> None:
    values = budget_kpis(BudgetFigures(5, 253390, None, 3271, 70264, 77323.5))  # land part unknown
    assert values["ytd_excl_land"] is None and values["pct_of_estimate_excl_land"] is None


@pytest.mark.parametrize(
    ("ytd", "council", "province", "expected"),
    [
        (40829, 185000, 165000, 22.07),
        (40829, None, 165000, 24.74),
        (1, None, None, None),
        (None, 10, 10, None),
    ],
)
def test_item_pct_of_estimate(
    ytd: float | None, council: float | None, province: float | None, expected: float | None
) -> None:
    value = item_pct_of_estimate(ytd, council, province)
    assert (None if value is None else round(value, 2)) == expected


def test_every_kpi_has_a_vietnamese_label_and_formula() -> None:
    assert set(REVENUE_KPIS) == set(EXPENDITURE_KPIS)
    assert set(REVENUE_KPIS) >= {
        "pct_of_estimate",
        "pct_vs_last_year",
        "time_progress_pct",
        "pct_of_estimate_excl_land",
    }
    assert REVENUE_KPIS["pct_of_estimate"].label == "Thu ngân sách so dự toán"
    assert EXPENDITURE_KPIS["pct_vs_last_year"].label == "Chi ngân sách so cùng kỳ"
    amounts = {"ytd", "estimate", "month", "same_period_last_year"}
    assert all("÷" in k.formula for key, k in REVENUE_KPIS.items() if key not in amounts)  # rates: a division
    assert all("báo cáo" in REVENUE_KPIS[key].formula for key in amounts)  # amounts: read from the reports


def test_every_budget_card_takes_its_definition_from_the_kpi_module():
    revenue, spending = budget_kpis_of("revenue"), budget_kpis_of("expenditure")
    assert revenue["ytd"].formula.startswith("Lũy kế thu từ 01/01")
    assert spending["month"].formula.startswith("Số chi của riêng tháng báo cáo")
    assert "cùng kỳ năm trước" in revenue["same_period_last_year"].formula
    assert gap_definition("revenue", excluding_land=True, tolerance=2.5) == (
        "Thu ngân sách so dự toán (không kể tiền sử dụng đất) − tiến độ thời gian, điểm phần trăm. Đạt: không thấp hơn; "
        "gần đạt: thấp hơn không quá 2,5 điểm; chậm: thấp hơn quá 2,5 điểm"
    )
