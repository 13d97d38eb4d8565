"""The line under a headline KPI card (ui.cards.changes_text): the target, then the changes on the previous
period and on last year, each only when known."""

from __future__ import annotations

from dashboard.kpis.cards import card
from dashboard.kpis.common import Kpi
from ui.cards import changes_text

ONLINE = Kpi("online_rate", "Tỷ lệ nộp trực tuyến", "")


def test_target_and_both_changes():
    c = card(
        "dossiers",
        ONLINE.measured(50.9),
        value_text="50,9%",
        prev=50.0,
        last=33.0,
        target_text="Chỉ tiêu 50%",
    )
    assert changes_text(c, previous_label="Tháng 4/2023", last_year_label="Tháng 5/2022") == (
        "Chỉ tiêu 50% · so với Tháng 4/2023: +0,9 điểm · so với Tháng 5/2022: +17,9 điểm"
    )


def test_without_a_previous_period_label_its_change_is_left_out():
    c = card("dossiers", ONLINE.measured(50.9), value_text="50,9%", prev=50.0, last=33.0)
    assert (
        changes_text(c, previous_label=None, last_year_label="Tháng 5/2022")
        == "so với Tháng 5/2022: +17,9 điểm"
    )


def test_unknown_changes_and_no_target_leave_an_empty_line():
    c = card("dossiers", ONLINE.measured(None), value_text="—", prev=50.0, last=33.0)
    assert changes_text(c, previous_label="Tháng 4/2023", last_year_label="Tháng 5/2022") == ""
