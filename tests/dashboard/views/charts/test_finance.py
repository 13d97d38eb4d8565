"""Budget and disbursement figures: titles that state the point, bars from zero, gaps not zeros, one template."""

from __future__ import annotations

from datetime import date

import pytest

from base.formatting import TRIEU, TY
from dashboard.views import plot_theme
from dashboard.views.charts import plain
from dashboard.views.charts.finance import (
    below_title,
    budget_progress,
    curve_title,
    disbursement_curve,
    monthly_bars,
    monthly_title,
    progress_title,
    reference_bars,
    target_bars,
)

GREEN, AMBER, RED = (plot_theme.STATUS_COLORS[k] for k in ("met", "close", "behind"))


@pytest.mark.parametrize(
    ("noun", "pct", "tp", "expected"),
    [
        ("Thu", 27.73, 41.67, "Thu đạt 27,73% dự toán, chậm 13,94 điểm so với tiến độ thời gian 41,67%"),
        ("Chi", 50.0, 41.67, "Chi đạt 50,00% dự toán, vượt 8,33 điểm so với tiến độ thời gian 41,67%"),
        ("Thu", 27.73, None, "Thu đạt 27,73% dự toán"),
        ("Thu", None, 41.67, "Thu: chưa có dữ liệu so với dự toán"),
    ],
)
def test_progress_title(noun: str, pct: float | None, tp: float | None, expected: str) -> None:
    assert progress_title(noun, pct, tp) == expected


@pytest.mark.parametrize(
    ("values", "reference", "expected"),
    [
        ([20.76, 48.57, None, 41.0], 41.67, "2/3 khoản thu dưới tiến độ thời gian 41,67%"),
        ([10.0, 20.0], None, "2 khoản thu"),
        ([None], 41.67, "khoản thu: chưa có dữ liệu"),
    ],
)
def test_below_title_counts_only_known_values(
    values: list[float | None], reference: float | None, expected: str
) -> None:
    assert below_title("khoản thu", values, reference, "tiến độ thời gian 41,67%") == expected


@pytest.mark.parametrize(
    ("months", "pct", "expected"),
    [
        (5, 90.87, "Thu 5 tháng năm 2023 bằng 90,87% cùng kỳ năm 2022"),
        (1, 110.0, "Thu tháng 1/2023 bằng 110,00% cùng kỳ năm 2022"),
        (7, None, "Thu từng tháng, 7 tháng năm 2023 (chưa có số cùng kỳ năm 2022)"),
    ],
)
def test_monthly_title(months: int, pct: float | None, expected: str) -> None:
    assert monthly_title("Thu", 2023, months, pct) == expected


def test_curve_title_states_the_gap_to_the_next_milestone() -> None:
    assert (
        curve_title(24.7, date(2023, 5, 31), 60.0, date(2023, 6, 30))
        == "Giải ngân 24,70% đến 31/05/2023: thấp hơn mốc 60% ngày 30/06/2023 là 35,30 điểm"
    )
    assert curve_title(86.07, date(2023, 5, 31), None, None) == "Giải ngân 86,07% đến 31/05/2023"
    assert curve_title(None, None, 60.0, date(2023, 6, 30)) == "Giải ngân vốn đầu tư công: chưa có dữ liệu"


def test_budget_progress_draws_the_estimate_the_rates_and_time_progress() -> None:
    fig = budget_progress(
        [("Tổng thu", 27.73), ("Không kể tiền sử dụng đất", 43.04), ("Trống", None)],
        time_progress=41.67,
        title="t",
    )
    estimate, ytd = fig.data
    assert list(estimate.x) == [100.0, 100.0] and list(ytd.y) == ["Tổng thu", "Không kể tiền sử dụng đất"]
    assert list(ytd.marker.color) == [RED, GREEN]  # 13,94 points behind; ahead
    assert list(ytd.text) == ["27,73%", "43,04%"]
    assert fig.layout.xaxis.range[0] == 0
    assert fig.layout.annotations[0].text == "Tiến độ thời gian 41,67%"
    assert fig.layout.template.layout.separators == ",."


def test_monthly_bars_keep_a_missing_month_as_a_gap_and_say_the_unit() -> None:
    fig = monthly_bars(
        [1, 2, 3], [45932.0, None, 6878.0], [24679.0, 6264.5, None], year=2023, unit=TY, title="t"
    )
    last, this = fig.data
    assert (last.name, this.name) == ("Năm 2022", "Năm 2023")
    assert list(this.y) == [45.932, None, 6.878] and list(last.y) == [24.679, 6.2645, None]
    assert list(this.x) == ["Tháng 1", "Tháng 2", "Tháng 3"]
    assert fig.layout.yaxis.title.text == "ĐVT: tỷ đồng" and fig.layout.yaxis.rangemode == "tozero"
    assert (
        monthly_bars([1], [5.0], [4.0], year=2023, unit=TRIEU, title="t").layout.yaxis.title.text
        == "ĐVT: triệu đồng"
    )


def test_reference_bars_name_their_reference_line() -> None:
    fig = reference_bars(
        ["A", "B"],
        [20.0, 50.0],
        reference=41.67,
        reference_label="Tiến độ thời gian 41,67%",
        title="t",
        value_label="v",
    )
    assert [a.text for a in fig.layout.annotations] == ["Tiến độ thời gian 41,67%"]
    assert list(fig.data[0].y) == ["A", "B"]  # furthest behind on top


def test_data_labels_are_shown_as_typed_never_as_plotly_markup() -> None:
    hostile = '<a href="http://evil.example">Ban QLDA</a> & <b>co</b>'
    escaped = '&lt;a href="http://evil.example"&gt;Ban QLDA&lt;/a&gt; &amp; &lt;b&gt;co&lt;/b&gt;'
    assert plain(hostile) == escaped
    fig = reference_bars([hostile], [10.0], reference=60.0, reference_label="Mốc", title="t", value_label="v")
    assert list(fig.data[0].y) == [escaped]
    fig = target_bars([hostile], [10.0], [60.0], title="t", value_label="v", target_label="Mốc")
    assert list(fig.data[0].y) == [escaped] and list(fig.data[1].y) == [escaped]


def test_target_bars_judge_each_bar_against_its_own_target() -> None:
    fig = target_bars(
        ["Ngân sách thị xã", "CTMTQG nông thôn mới", "Trung ương", "Chưa có"],
        [23.7, 37.0, 86.07, None],
        [60.0, 40.0, 60.0, 60.0],
        title="t",
        value_label="% kế hoạch vốn đã giải ngân",
        target_label="Mốc giải ngân kế tiếp",
    )
    bars, ticks = fig.data
    assert list(bars.y) == ["Ngân sách thị xã", "CTMTQG nông thôn mới", "Trung ương"]
    assert list(bars.marker.color) == [RED, AMBER, GREEN]
    assert list(ticks.x) == [60.0, 40.0, 60.0] and ticks.name == "Mốc giải ngân kế tiếp"
    assert fig.layout.xaxis.rangemode == "tozero"


def test_disbursement_curve_shows_the_year_sources_and_grouped_milestones() -> None:
    march, may = date(2023, 3, 31), date(2023, 5, 31)
    fig = disbursement_curve(
        [(march, 13.57), (may, 24.7)],
        {
            "Ngân sách thị xã": [(march, 13.02), (may, 23.7)],
            "CTMTQG giảm nghèo bền vững": [(march, 0.97), (may, 1.73)],
        },
        [
            (date(2023, 6, 30), 60.0, ""),
            (date(2023, 12, 31), 100.0, ""),
            (date(2023, 6, 30), 40.0, "CTMTQG giảm nghèo bền vững"),
            (date(2023, 6, 30), 40.0, "CTMTQG xây dựng nông thôn mới"),
        ],
        year=2023,
        title="t",
    )
    names = [t.name for t in fig.data if t.showlegend is not False]
    assert names == ["Ngân sách thị xã", "CTMTQG giảm nghèo bền vững", "Tất cả nguồn vốn"]
    marks = [t.text[0] for t in fig.data if t.showlegend is False]
    assert marks == [
        "Mốc 30/06/2023: 60%",
        "Mốc 31/12/2023: 100%",
        "Mốc 30/06/2023: 40% (CTMTQG giảm nghèo bền vững, CTMTQG xây dựng nông thôn mới)",
    ]
    assert fig.layout.yaxis.range[0] == 0 and fig.layout.xaxis.tickformat == "%d/%m"
    assert fig.layout.xaxis.tickvals[4] == date(2023, 5, 31)
    assert fig.layout.title.text == "t"
