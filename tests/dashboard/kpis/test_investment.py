"""Investment KPI formulas: plan with its extension, rates, undisbursed, milestone gap, lagging order."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.kpis.investment import (
    INVESTMENT_KPIS,
    ProjectAmounts,
    Totals,
    capital_plan,
    days_left,
    disbursement_rate,
    furthest_behind,
    group_totals,
    milestone_gap,
    totals,
    undisbursed,
)


@pytest.mark.parametrize(
    ("plan", "extended", "expected"),
    [(300.0, 100.0, 400.0), (300.0, None, 300.0), (None, 100.0, 100.0), (None, None, None), (0.0, None, 0.0)],
)
def test_capital_plan_adds_the_extended_plan(
    plan: float | None, extended: float | None, expected: float | None
) -> None:
    assert capital_plan(ProjectAmounts(plan, extended, None)) == expected


@pytest.mark.parametrize(
    ("disbursed", "plan", "expected"),
    [(66882.0, 270780.0, 24.70), (17626.0, 93455.0, 18.86), (35627.0, 150325.0, 23.70), (666.0, 9000.0, 7.40),
     (51.9, 3000.0, 1.73), (0.0, 500.0, 0.0), (10.0, 0.0, None), (10.0, None, None)],
)  # fmt: skip
def test_disbursement_rate(disbursed: float, plan: float | None, expected: float | None) -> None:
    rate = disbursement_rate(disbursed, plan)
    assert (None if rate is None else round(rate, 2)) == expected


def test_seed_milestone_gap_and_days_left() -> None:
    rate = disbursement_rate(66882, 270780)
    gap = milestone_gap(rate, 60)
    assert gap is not None and round(gap, 2) == -35.30
    assert days_left(date(2023, 5, 31), date(2023, 6, 30)) == 30
    assert days_left(date(2023, 7, 2), date(2023, 6, 30)) == -2
    assert milestone_gap(None, 60) is None and milestone_gap(24.7, None) is None


def test_totals_count_empty_disbursement_as_nothing_disbursed() -> None:
    t = totals(
        [
            ProjectAmounts(300, 100, 150),
            ProjectAmounts(500, None, None),  # listed with its plan, nothing paid yet
            ProjectAmounts(None, None, None),
        ]
    )
    assert (t.plan, t.disbursed, t.undisbursed, t.projects) == (900, 150, 750, 3)
    assert t.pct == pytest.approx(100 * 150 / 900)
    assert totals([]) == Totals(None, None, None, None, 0)
    no_plan = totals([ProjectAmounts(None, None, 20)])
    assert (no_plan.plan, no_plan.pct, no_plan.undisbursed) == (None, None, None)


def test_undisbursed_is_plan_minus_disbursed() -> None:
    assert undisbursed(270780, 66882) == 203898
    assert undisbursed(500, None) == 500
    assert undisbursed(None, 5) is None


def test_groups_keep_report_order_and_lagging_ones_come_first() -> None:
    groups = group_totals(
        [
            ("Ban QLDA", ProjectAmounts(1000, None, 300)),
            ("UBND xã Phổ Khánh", ProjectAmounts(500, None, 5)),
            ("Ban QLDA", ProjectAmounts(1000, None, 100)),
            ("Phòng Kinh tế", ProjectAmounts(0, None, 0)),
            ("Phòng Quản lý đô thị", ProjectAmounts(400, None, 8)),
        ]
    )
    assert list(groups) == ["Ban QLDA", "UBND xã Phổ Khánh", "Phòng Kinh tế", "Phòng Quản lý đô thị"]
    assert groups["Ban QLDA"].pct == 20.0 and groups["Ban QLDA"].projects == 2
    names = {k: k for k in groups}
    assert furthest_behind(groups, names) == [
        "UBND xã Phổ Khánh",
        "Phòng Quản lý đô thị",
        "Ban QLDA",
        "Phòng Kinh tế",
    ]


def test_every_kpi_has_a_label_and_formula() -> None:
    assert set(INVESTMENT_KPIS) == {"plan", "disbursed", "disbursement_pct", "undisbursed", "milestone_gap"}
    assert all(k.label and k.formula for k in INVESTMENT_KPIS.values())
    assert "kéo dài" in INVESTMENT_KPIS["disbursement_pct"].formula
    assert "mốc" in INVESTMENT_KPIS["milestone_gap"].formula
