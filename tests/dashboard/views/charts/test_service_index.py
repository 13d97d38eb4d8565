"""The 766 page's figures: the score over time with its rank, and the six groups with the weakest named."""

from datetime import date

import pytest

from base.formatting import NO_DATA
from dashboard.views import plot_theme
from dashboard.views.charts.service_index import (
    WEAK_MARK,
    components_bars,
    components_title,
    score_trend,
    trend_title,
)

QUANG_NGAI = {"tdgq": 17.64, "mdhl": 17.88, "mdsh": 15.0, "tttt": 7.36, "clgq": 8.07, "ckmb": 17.51}
SEPTEMBER = {"period": "Tháng 9/2025", "start": date(2025, 9, 1), "total": 84.1, "rank_text": "hạng 20/34"}
OCTOBER = {"period": "Tháng 10/2025", "start": date(2025, 10, 1), "total": 83.46, "rank_text": "hạng 25/34"}


@pytest.mark.parametrize(
    ("points", "title"),
    [
        ([], "Chưa có điểm Bộ chỉ số 766 của UBND tỉnh Quảng Ngãi"),
        ([OCTOBER], "UBND tỉnh Quảng Ngãi: 83,46 điểm tháng 10/2025, hạng 25/34"),
        (
            [SEPTEMBER, OCTOBER],
            "UBND tỉnh Quảng Ngãi: 83,46 điểm tháng 10/2025, hạng 25/34<br>Giảm 0,64 điểm so với tháng 9/2025",
        ),
        (
            [OCTOBER, {**OCTOBER, "period": "Tháng 11/2025", "rank_text": ""}],
            "UBND tỉnh Quảng Ngãi: 83,46 điểm tháng 11/2025<br>Không đổi so với tháng 10/2025",
        ),
        ([{**OCTOBER, "total": None}], "Chưa có điểm Bộ chỉ số 766 của UBND tỉnh Quảng Ngãi"),
    ],
)
def test_the_trend_title_states_score_rank_and_change(points, title):
    assert trend_title("UBND tỉnh Quảng Ngãi", points) == title


def test_the_trend_is_drawn_on_the_whole_scale_with_labelled_points():
    fig = score_trend("UBND tỉnh Quảng Ngãi", [SEPTEMBER, {**OCTOBER, "total": None}, OCTOBER])
    line = fig.data[0]
    assert list(line.y) == [84.1, 83.46]  # a missing score is left out, never drawn as 0
    assert list(line.text) == ["84,10", "83,46"]
    assert [list(c) for c in line.customdata] == [
        ["Tháng 9/2025", "hạng 20/34"],
        ["Tháng 10/2025", "hạng 25/34"],
    ]
    assert tuple(fig.layout.yaxis.range) == (0, 105)
    assert fig.layout.template.layout.separators == ",."


def test_the_components_title_names_the_weakest_group():
    assert components_title("UBND tỉnh Quảng Ngãi", QUANG_NGAI, "Tháng 10/2025") == (
        "Nhóm yếu nhất của UBND tỉnh Quảng Ngãi (tháng 10/2025): Mức độ số hóa<br>"
        "15,00/22 điểm = 68,18% điểm tối đa"
    )
    assert components_title("X", dict.fromkeys(QUANG_NGAI), "Năm 2025") == "Chưa có điểm thành phần của X"


def test_the_weakest_group_is_red_and_marked_in_words():
    fig = components_bars("UBND tỉnh Quảng Ngãi", QUANG_NGAI, "Tháng 10/2025")
    bar = fig.data[0]
    assert list(bar.y)[2] == f"Mức độ số hóa (22 điểm) {WEAK_MARK}"
    assert sum(WEAK_MARK in label for label in bar.y) == 1
    assert bar.x[2] == pytest.approx(68.18, abs=0.01)
    assert bar.text[2] == "15,00/22 điểm · 68,18%"
    assert bar.marker.color[2] == plot_theme.STATUS_COLORS["behind"]
    assert len(set(bar.marker.color)) == 2
    assert fig.layout.xaxis.range[0] == 0


def test_a_missing_group_reads_no_data():
    fig = components_bars("X", {**QUANG_NGAI, "clgq": None}, "Tháng 10/2025")
    assert fig.data[0].text[4] == NO_DATA


def test_a_portal_name_cannot_become_plotly_markup():
    fig = components_bars("<b>X</b>", QUANG_NGAI, "Tháng 10/2025")
    assert "<b>" not in fig.layout.title.text and "&lt;b&gt;X" in fig.layout.title.text
