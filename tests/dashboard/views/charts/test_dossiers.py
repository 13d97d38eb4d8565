"""Figures of the dossiers page (dashboard.charts.dossiers): titles that state the point, the selected unit
marked among the others, the overdue backlog and month-by-month rates."""

from __future__ import annotations

from datetime import date

from dashboard.views.charts.dossiers import (
    MARK,
    mark,
    overdue_bars,
    page_figures,
    pct,
    ranked_rates,
    rate_title,
    rate_trend,
    trend_title,
)
from dashboard.views.plot_theme import LIGHT_TEXT


def test_pct_writes_a_target_as_people_say_it():
    assert (pct(50.0), pct(95), pct(2.5)) == ("50%", "95%", "2,50%")


def test_rate_title_counts_units_on_the_wrong_side_and_names_the_worst():
    labels, values = ["Phổ An", "Phổ Châu", "Phổ Cường", "Phổ Khánh"], [60.0, 35.5, None, 48.0]
    assert rate_title(labels, values, measure="online", target=50.0, noun="xã") == (
        "2/3 xã dưới chỉ tiêu nộp trực tuyến 50%<br>Thấp nhất: Phổ Châu (35,50%)"
    )
    assert rate_title(labels, values, measure="late", target=40.0, noun="xã") == (
        "2/3 xã vượt ngưỡng trễ hạn 40%<br>Cao nhất: Phổ An (60,00%)"
    )
    assert rate_title(labels, values, measure="online", target=30.0, noun="xã") == (
        "Cả 3 xã đạt chỉ tiêu nộp trực tuyến 30%"
    )
    assert rate_title(labels, values, measure="online", target=None, noun="xã") == (
        "Tỷ lệ nộp trực tuyến theo xã<br>Thấp nhất: Phổ Châu (35,50%)"
    )
    assert rate_title(["A"], [None], measure="late", target=5.0, noun="lĩnh vực") == (
        "Chưa có số liệu tỷ lệ trễ hạn theo lĩnh vực"
    )


def test_rate_title_shows_data_text_as_typed():
    title = rate_title(["<b>X</b>"], [1.0], measure="online", target=None, noun="đơn vị")
    assert "&lt;b&gt;X&lt;/b&gt;" in title


def test_ranked_rates_marks_the_selected_unit_among_all():
    fig = ranked_rates(
        ["Phổ An", "Phổ Châu"], [60.0, 35.0], measure="online", target=50.0, highlight="Phổ An"
    )
    bar = fig.data[0]
    assert list(bar.y) == ["Phổ Châu", f"{MARK}Phổ An"]
    assert list(bar.marker.line.width) == [0, 3]
    assert bar.marker.line.color == LIGHT_TEXT
    assert tuple(fig.layout.xaxis.range) == (0, 105)  # a share of all dossiers: the whole scale


def test_the_target_label_sits_above_the_plot_on_the_side_with_room():
    fig = ranked_rates(["A", "B"], [20.0, 30.0], measure="late", target=25.0)
    label = fig.layout.annotations[0]
    assert (label.yref, label.y, label.xanchor) == ("paper", 1.0, "right")  # 25 > 0.6 × 30
    fig = ranked_rates(["A", "B"], [20.0, 90.0], measure="late", target=25.0)
    assert fig.layout.annotations[0].xanchor == "left"
    assert fig.layout.xaxis.range is None  # late rates are not forced to 0–105


def test_mark_leaves_a_figure_without_the_label_alone():
    fig = ranked_rates(["A"], [20.0], measure="late", target=None)
    assert list(mark(fig, "Z").data[0].y) == ["A"]


def test_overdue_bars_leave_out_units_with_none_and_title_the_total():
    fig = overdue_bars(["Phổ An", "Phổ Châu", "Phổ Cường", "Phổ Khánh"], [4, 0, None, 11])
    bar = fig.data[0]
    assert list(bar.y) == ["Phổ Khánh", "Phổ An"]  # the largest at the top
    assert list(bar.text) == ["11", "4"]
    assert (
        fig.layout.title.text
        == "15 hồ sơ đang giải quyết quá hạn ở 2 đơn vị<br>Nhiều nhất: Phổ Khánh (11 hồ sơ)"
    )
    assert overdue_bars(["A"], [0]).layout.title.text == "Không có hồ sơ đang giải quyết quá hạn"


def test_trend_title_first_and_last_known_month_against_the_target():
    points = [
        (date(2023, 1, 1), None),
        (date(2023, 2, 1), 40.0),
        (date(2023, 3, 1), None),
        (date(2023, 4, 1), 55.25),
    ]
    assert trend_title(points, measure="online", target=50.0) == (
        "Tỷ lệ nộp trực tuyến: 40,00% (02/2023) → 55,25% (04/2023)<br>Tháng gần nhất đạt chỉ tiêu 50%"
    )
    assert trend_title(points, measure="late", target=50.0).endswith("Tháng gần nhất vượt chỉ tiêu 50%")
    assert (
        trend_title(points[:2], measure="online", target=None) == "Tỷ lệ nộp trực tuyến tháng 02/2023: 40,00%"
    )
    assert trend_title(points[:1], measure="late", target=None) == "Chưa có số liệu tỷ lệ trễ hạn theo tháng"


def test_rate_trend_scale_covers_the_target_and_the_highest_month():
    points = [(date(2023, 1, 1), 40.0), (date(2023, 2, 1), None), (date(2023, 3, 1), 60.0)]
    fig = rate_trend(points, measure="online", target=80.0)
    assert tuple(fig.layout.yaxis.range) == (0, 88.0)  # 80 × 1.1
    assert list(fig.data[0].y) == [40.0, None, 60.0]
    assert fig.data[0].name == "Tỷ lệ nộp trực tuyến"
    fig = rate_trend([(date(2023, 1, 1), None)], measure="late", target=None)
    assert tuple(fig.layout.yaxis.range) == (0, 1.0)


def test_page_figures_builds_every_figure_with_units_not_reported():
    by_unit = [("Phổ An", {"online_rate": 60, "late_rate": 2.0, "pending_overdue": 3})]
    by_sector = [("Hộ tịch", {"online_rate": 70.0, "late_rate": None})]
    trend_points = [(date(2023, 5, 1), {"online_rate": 60.0, "late_rate": 2.0})]
    figures = page_figures(
        by_unit,
        by_sector,
        trend_points,
        {"online": (50.0, 5.0), "late": None},
        highlight="Phổ An",
        not_reported=["Phổ Cường"],
    )
    assert sorted(figures) == [
        "late_sector",
        "late_unit",
        "online_sector",
        "online_unit",
        "overdue",
        "trend_late",
        "trend_online",
    ]
    assert list(figures["online_unit"].data[0].y) == [f"{MARK}Phổ An", "Phổ Cường"]
    assert list(figures["online_unit"].data[0].text) == ["60,00%", "chưa báo cáo"]
    assert list(figures["online_sector"].data[0].y) == ["Hộ tịch"]  # sectors: nobody marked, nobody absent
    assert list(figures["late_sector"].data[0].y) == []
    assert list(figures["overdue"].data[0].x) == [3.0]
    assert figures["trend_late"].layout.shapes == ()  # no late-rate target
