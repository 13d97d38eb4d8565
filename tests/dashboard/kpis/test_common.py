"""What every KPI shares (dashboard.kpis.common): percentages, time progress and the status against a target."""

from __future__ import annotations

import pytest

from dashboard.kpis.common import Verdict, percent, status, time_progress


def test_percent():
    assert percent(45, 60) == 75.0
    assert percent(1, 3) == pytest.approx(33.3333, abs=1e-4)
    assert percent(0, 8) == 0.0


@pytest.mark.parametrize(("n", "d"), [(None, 5), (5, None), (5, 0), (0, 0)])
def test_percent_is_none_without_both_sides_or_with_a_zero_denominator(n, d):
    assert percent(n, d) is None


def test_time_progress_is_months_gone_over_twelve():
    assert time_progress(0) == 0.0
    assert time_progress(3) == 25.0
    assert time_progress(5) == pytest.approx(41.6667, abs=1e-4)
    assert time_progress(12) == 100.0


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        (90.0, 90.0, "met"),  # exactly on target
        (96.0, 90.0, "met"),
        (85.0, 90.0, "close"),  # 5 points short: still within the tolerance
        (84.9, 90.0, "behind"),
        (0.0, 90.0, "behind"),
    ],
)
def test_status_higher_is_better(value, target, expected):
    assert status(value, target) == expected


def test_status_lower_is_better_and_its_own_tolerance():
    assert status(2.0, 3.0, higher_is_better=False) == "met"
    assert status(4.0, 3.0, higher_is_better=False, tolerance=1.0) == "close"
    assert status(4.5, 3.0, higher_is_better=False, tolerance=1.0) == "behind"


def test_status_is_none_when_a_side_is_missing():
    assert status(None, 90.0) is None
    assert status(80.0, None) is None


def test_verdict_text_is_icon_and_word():
    assert Verdict("met", "").text == "✅ Đạt"
    assert Verdict("close", "").text == "⚠️ Gần đạt"
    assert Verdict("behind", "thiếu 3 điểm").text == "🔴 Chậm"


def test_verdict_without_status_says_when_nothing_is_due_yet():
    assert Verdict(None, "Chưa đến hạn: mốc 30/06/2023").text == "— chưa đến hạn"
    assert Verdict(None, "Không có chỉ tiêu").text == "—"
