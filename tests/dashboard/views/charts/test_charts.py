"""The shared figure builders (dashboard.charts): ranked bars worst first and coloured by status, units that
sent nothing with no bar, data text shown as typed, and trend lines with gaps."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.views.charts import plain, ranked_bars, trend, with_not_reported
from dashboard.views.plot_theme import NEUTRAL, STATUS_COLORS, WALL


def test_plain_shows_pseudo_html_as_typed():
    assert plain("<b>Phổ An</b> & Co") == "&lt;b&gt;Phổ An&lt;/b&gt; &amp; Co"


def test_ranked_bars_worst_first_coloured_by_status_and_labelled():
    fig = ranked_bars(
        ["Phổ An", "Phổ Châu", "Phổ Cường", "Phổ Khánh"],
        [92.0, 70.0, None, 86.5],
        title="Tỷ lệ đúng hạn",
        value_label="%",
        target=90.0,
    )
    bar = fig.data[0]
    assert list(bar.y) == ["Phổ Châu", "Phổ Khánh", "Phổ An"]  # no figure, no bar; lowest first
    assert list(bar.x) == [70.0, 86.5, 92.0]
    assert list(bar.marker.color) == [STATUS_COLORS["behind"], STATUS_COLORS["close"], STATUS_COLORS["met"]]
    assert list(bar.text) == ["70,00%", "86,50%", "92,00%"]
    assert fig.layout.yaxis.autorange == "reversed"  # the first is drawn at the top
    assert fig.layout.shapes[0].x0 == 90.0
    assert fig.layout.annotations[0].text == "Chỉ tiêu 90%"
    assert fig.layout.height == max(320, 28 * 3 + 120)


def test_lower_is_better_puts_the_highest_first_and_a_real_zero_outside_its_bar():
    fig = ranked_bars(
        ["A", "B", "C"],
        [0.0, 12.0, 3.0],
        title="Trễ hạn",
        value_label="%",
        target=5.0,
        higher_is_better=False,
    )
    bar = fig.data[0]
    assert list(bar.y) == ["B", "C", "A"]
    assert list(bar.marker.color) == [STATUS_COLORS["behind"], STATUS_COLORS["met"], STATUS_COLORS["met"]]
    assert list(bar.textposition) == ["auto", "auto", "outside"]


def test_without_a_target_bars_are_neutral_and_absent_units_sit_at_the_bottom_without_a_bar():
    fig = ranked_bars(
        ["A", "B"],
        [3.0, 5.0],
        title="t",
        value_label="v",
        absent=["C"],
        absent_text="chưa báo cáo",
        template=WALL,
    )
    bar = fig.data[0]
    assert list(bar.y) == ["A", "B", "C"]  # the lower (worse) first
    assert list(bar.x) == [3.0, 5.0, 0]
    assert list(bar.text) == ["3,00%", "5,00%", "chưa báo cáo"]
    assert set(bar.marker.color) == {NEUTRAL}
    assert not fig.layout.shapes


def test_with_not_reported_appends_names_not_shown_yet():
    fig = ranked_bars(["Phổ An"], [90.0], title="t", value_label="v", target=80.0)
    height = fig.layout.height
    with_not_reported(fig, ["Phổ An", "Phổ <Cường>"])
    bar = fig.data[0]
    assert list(bar.y) == ["Phổ An", "Phổ &lt;Cường&gt;"]
    assert list(bar.x) == [90.0, 0]
    assert list(bar.text) == ["90,00%", "chưa báo cáo"]
    assert list(bar.textposition) == ["auto", "outside"]
    assert list(bar.marker.color) == [STATUS_COLORS["met"], NEUTRAL]
    assert fig.layout.height == height + 28


def test_with_not_reported_spreads_a_single_style_over_existing_bars():
    fig = go.Figure(go.Bar(x=[1, 2], y=["A", "B"], orientation="h", marker_color="#123456"))
    with_not_reported(fig, ["C"])
    bar = fig.data[0]
    assert list(bar.marker.color) == ["#123456", "#123456", NEUTRAL]
    assert list(bar.text) == ["", "", "chưa báo cáo"]
    assert fig.layout.height == 320 + 28


def test_with_not_reported_leaves_a_figure_alone_when_nobody_is_missing():
    fig = go.Figure(go.Bar(x=[1], y=["A"], orientation="h"))
    assert with_not_reported(fig, ["A"]) is fig
    assert list(fig.data[0].y) == ["A"] and fig.layout.height is None


def test_trend_lines_keep_gaps_and_draw_the_target():
    fig = trend(
        ["2023-01", "2023-02", "2023-03"],
        {"Phổ An": [80.0, None, 85.0], "Phổ Châu": [70.0, 72.0, 75.0]},
        title="t",
        value_label="%",
        target=90.0,
    )
    assert [t.name for t in fig.data] == ["Phổ An", "Phổ Châu"]
    assert list(fig.data[0].y) == [80.0, None, 85.0]
    assert fig.data[0].connectgaps is False
    assert fig.layout.shapes[0].y0 == 90.0
    assert fig.layout.annotations[0].text == "Chỉ tiêu 90"
