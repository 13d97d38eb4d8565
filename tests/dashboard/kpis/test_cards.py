"""A headline KPI card (dashboard.kpis.cards): its changes are differences (points for rates, the unit for counts),
never ratios; label, definition, direction and status come from the KPI record."""

from __future__ import annotations

from dataclasses import dataclass, replace

from dashboard.kpis.cards import Card, card, diff, dossier_rate_card, target_text
from dashboard.kpis.common import Kpi
from dashboard.kpis.dossiers import DOSSIER_KPIS

ONLINE = Kpi("online_rate", "Tỷ lệ trực tuyến", "định nghĩa")
OVERDUE = Kpi("overdue", "Quá hạn", "", unit="nhiệm vụ", higher_is_better=False, decimals=0)


@dataclass(frozen=True)
class _Goal:
    value: float
    tolerance: float


def test_diff_is_a_difference_and_unknown_without_both_sides():
    assert diff(82.5, 80.0) == 2.5
    assert diff(3, 5) == -2.0
    assert diff(None, 5) is None and diff(5, None) is None


def test_a_rate_card_moves_in_points_against_both_periods():
    c = card("dossiers", ONLINE.measured(82.46), value_text="82,46%", prev=80.36, last=70.0)
    assert (c.key, c.label, c.value, c.value_text, c.definition) == (
        "online_rate",
        "Tỷ lệ trực tuyến",
        82.46,
        "82,46%",
        "định nghĩa",
    )
    assert c.delta_previous == "+2,1 điểm"  # 82.46 − 80.36 = 2.10
    assert c.delta_last_year == "+12,5 điểm"  # 82.46 − 70.00 = 12.46
    assert (c.delta, c.delta_color, c.status) == ("+2,1 điểm", "normal", None)  # no target, no status


def test_the_status_is_the_kpis_own_against_its_target_unless_given():
    kpi = replace(ONLINE.measured(78.0), target=80.0, tolerance=3.0)
    assert card("dossiers", kpi, value_text="", prev=None, last=None).status == "close"
    assert card("dossiers", kpi, value_text="", prev=None, last=None, status="behind").status == "behind"


def test_a_count_card_moves_in_its_own_unit_and_lower_can_be_better():
    c = card("tasks", OVERDUE.measured(7), value_text="7", prev=10, last=None)
    assert c.value == 7.0
    assert c.delta_previous == "−3 nhiệm vụ"
    assert c.delta_last_year is None
    assert c.delta_color == "inverse"


def test_without_a_previous_period_the_change_on_last_year_is_shown():
    c = card("revenue", ONLINE.measured(50.0), value_text="50%", prev=None, last=47.0)
    assert c.delta_previous is None
    assert c.delta == "+3,0 điểm"


def test_a_change_that_rounds_to_nothing_is_not_coloured():
    c = card("dossiers", ONLINE.measured(90.04), value_text="90,04%", prev=90.0, last=None)
    assert (c.delta, c.delta_color) == ("0,0 điểm", "off")


def test_an_unknown_value_has_no_change():
    c = card("dossiers", ONLINE.measured(None), value_text="—", prev=80.0, last=70.0)
    assert (c.value, c.delta, c.delta_color) == (None, None, "normal")
    assert Card("d", "k", "l", None, "—", "").delta is None


def test_target_text_keeps_decimals_only_where_the_target_has_them():
    assert target_text(None) == ""
    assert target_text(80.0) == "Chỉ tiêu 80%"
    assert target_text(92.5, "Mục tiêu") == "Mục tiêu 92,50%"


def test_a_dossier_rate_card_takes_label_formula_and_direction_from_the_kpi_module():
    now, prev, last = {"late_rate": 4.0}, {"late_rate": 6.5}, {"late_rate": None}
    c = dossier_rate_card("late_rate", now, prev, last, goal=_Goal(5.0, 1.0), target_text="Chỉ tiêu 5%")
    kpi = DOSSIER_KPIS["late_rate"]
    assert (c.area, c.key, c.label, c.definition) == ("dossiers", "late_rate", kpi.label, kpi.formula)
    assert (c.value_text, c.delta, c.delta_color) == ("4,00%", "−2,5 điểm", "inverse")  # fewer late is better
    assert (c.status, c.target_text) == ("met", "Chỉ tiêu 5%")  # 4% late under a 5% ceiling
    assert dossier_rate_card("late_rate", now, prev, last, goal=None, target_text="").status is None
