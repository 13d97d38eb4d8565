"""Drawing the wall: escaped HTML, the generated CSS, the charts (template, separators, bars, labels), the views."""

import json
import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from dashboard.views import plot_theme
from dashboard.views.wall import css, figures, html
from dashboard.views.wall.config import PanelConfig, parse_wall_config
from dashboard.views.wall.dossier_tiles import HeadlineData, UnitRow
from dashboard.views.wall.finance_tiles import (
    DisbursementData,
    Investor,
    Milestone,
    OverdueTask,
    RevenueData,
    RevenueItem,
    Series,
    TasksData,
)
from dashboard.views.wall.freshness import Freshness
from dashboard.views.wall.model import Alert, Rated
from dashboard.views.wall.scope import Window
from dashboard.views.wall.tiles import TileData, WallData
from dashboard.views.wall.views import Context, panel_views

HOSTILE = '<img src=x onerror="alert(1)">Phổ An'
CONFIG = parse_wall_config({}, Path("wall.toml"), {})  # the default 3 × 3 wall
MAY = Window(date(2023, 5, 1), date(2023, 5, 31), date(2023, 5, 31), "Tháng 5/2023")


def panel(number, config=CONFIG):
    found = config.panel(number)
    assert found is not None
    return found


def unit(name, kind="commune", online=44.23, status="behind", late=3, overdue=1):
    return UnitRow(7, name, kind, Rated(online, 100.0, status), Rated(98.5, 95.0, "met"), late, overdue)


REVENUE = RevenueData(
    2023, 5, 70264.0, 253390.0, 27.73, 43.04, 90.87, 41.67, "behind", "met",
    (RevenueItem("Thu tiền sử dụng đất", 185000.0, 40829.0, 22.07, "behind"), RevenueItem("Lệ phí trước bạ", 9800.0, 4500.0, 45.92, "met")),
    13,
)  # fmt: skip
MONEY = DisbursementData(
    as_of=date(2023, 5, 31), year=2023, plan=270780.0, disbursed=66882.0, pct=24.7,
    next_milestone={"date": "2023-06-30", "target_pct": 60, "gap_pts": -35.3, "days_left": 30, "status": "behind"},
    total=Series("Toàn thị xã", "", ((date(2023, 4, 30), 14.0), (date(2023, 5, 31), 24.7))),
    sources=tuple(Series(f"Nguồn {i}", "", ((date(2023, 5, 31), 10.0 * i),)) for i in range(5)),
    milestones=(Milestone(date(2023, 6, 30), 60, ""), Milestone(date(2023, 12, 31), 100, ""), Milestone(date(2023, 6, 30), 40, "ctmtqg")),
    investors=(Investor(HOSTILE, 1000.0, 100.0, 10.0, "behind"),),
)  # fmt: skip
TASKS = TasksData(
    date(2023, 12, 31),
    13,
    4,
    6,
    30.77,
    (OverdueTask("<b>Rà soát</b> thủ tục", HOSTILE, date(2023, 6, 25), 189),),
)


def test_both_templates_are_registered_with_vietnamese_separators_and_bars_from_zero():
    for name in (plot_theme.LIGHT, plot_theme.WALL):
        layout = pio.templates[name].layout
        assert layout.separators == ",."
        assert layout.xaxis.rangemode == "tozero" and layout.yaxis.rangemode == "tozero"
        assert "Noto Sans" in layout.font.family
        assert set(layout.colorway) <= set(plot_theme.OKABE_ITO.values())
    assert pio.templates[plot_theme.WALL].layout.font.size >= 24
    assert set(plot_theme.STATUS_COLORS.values()) <= set(plot_theme.OKABE_ITO.values())


def test_text_from_data_is_escaped_everywhere():
    investors = html.investors_body(MONEY.investors)
    tasks = html.tasks_body(TASKS)
    card = html.scorecard_body([unit(HOSTILE)])
    tile = html.tile(HOSTILE, HOSTILE, "")
    for out in (investors, tasks, card, tile):
        assert "<img" not in out and "&lt;img src=x" in out
    assert "<b>Rà soát</b>" not in tasks


def test_status_is_shown_with_an_icon_and_a_word_never_colour_alone():
    assert html.badge("behind") == '<span class="wall-badge wall-behind">✖ Chậm</span>'
    assert html.badge("close") == '<span class="wall-badge wall-close">▲ Gần đạt</span>'
    assert html.badge("met") == '<span class="wall-badge wall-met">✔ Đạt</span>'
    assert html.badge(None) == ""


def test_headline_uses_vietnamese_formats_and_says_when_there_is_no_target():
    body = html.headline_body(
        HeadlineData(1528, 909, 2049, 49, 20, Rated(44.2336), Rated(98.59, 95.0, "met"))
    )
    assert "1.528" in body and "44,23%" in body and "98,59%" in body
    assert "chưa có chỉ tiêu" in body and "chỉ tiêu 95%" in body


def test_status_board_lists_freshness_and_alerts():
    stale = Freshness("dossier_report", "Báo cáo TTHC", date(2023, 12, 31), date(2024, 1, 5), 1057, "behind")
    missing = Freshness("disbursement", "Giải ngân", None, None, None, None)
    body = html.status_body(
        title="IOC", subtitle="ĐỨC PHỔ", now=datetime(2025, 11, 22, 9, 5), freshness=[stale, missing],
        alerts=[Alert("behind", "95 hồ sơ đang giải quyết quá hạn")],
    )  # fmt: skip
    assert "Thứ Bảy, 22/11/2025" in body and ">09:05<" in body and "data-wall-clock" in body
    assert "Quá hạn cập nhật · 1.057 ngày" in body and "đến 31/12/2023" in body
    assert "Chưa có dữ liệu" in body and "95 hồ sơ đang giải quyết quá hạn" in body


def test_page_css_makes_a_grid_of_the_viewport_and_hides_streamlit():
    style = css.page_css(
        parse_wall_config({"wall": {"rows": 4, "columns": 4}}, Path("wall.toml"), {}), single_panel=None
    )
    assert "grid-template-columns: repeat(4, calc(100vw / 4))" in style
    assert "grid-template-rows: repeat(4, calc(100vh / 4))" in style
    assert "padding: 24px" in style and ".st-key-wall-panel-16" in style
    for hidden in (
        'header[data-testid="stHeader"]',
        '[data-testid="stSidebar"]',
        "footer",
        '[data-testid="stToolbar"]',
    ):
        assert hidden in style
    single = css.page_css(CONFIG, single_panel=5)
    assert "repeat(1, calc(100vw / 1))" in single and ".st-key-wall-panel-5 " in single
    assert ".st-key-wall-panel-4" not in single


def test_rotating_panels_are_turned_by_the_page_script_once_a_step():
    script = css.watchdog_script(CONFIG)
    assert "data-wall-rotate" in script and "Math.floor(now / " in script
    assert "@keyframes" not in css.page_css(CONFIG, single_panel=None)  # no per-frame restyling
    assert html.rotation_mark(20) == '<span hidden data-wall-rotate="20"></span>'


def test_watchdog_reloads_only_when_refreshes_stop_and_the_server_answers():
    script = css.watchdog_script(CONFIG)
    assert '"reloadAfterMs": 210000' in script  # 3 × 60 s + 30 s
    assert "_stcore/health" in script and "location.reload()" in script and "healthy &&" in script
    assert '"timeZone": "Asia/Ho_Chi_Minh"' in script


def _bars(fig):
    return [t for t in fig.data if isinstance(t, go.Bar)]


def test_rate_bars_at_most_a_dozen_with_status_words_and_a_target_line():
    rows = [unit(f"Xã {i}", online=40.0 + i) for i in range(12)]
    fig = figures.rate_bars(rows, 100.0)
    bar = _bars(fig)[0]
    assert len(bar.y) == 12 and bar.text[0] == "40,0%  ✖ Chậm"
    assert fig.layout.template.layout.separators == ",."
    assert fig.layout.shapes[0].x0 == 100.0 and "Chỉ tiêu 100%" in fig.layout.annotations[0].text
    assert fig.layout.xaxis.range[0] == 0


def test_charts_keep_every_font_at_24_px_or_more():
    charts = [
        figures.rate_bars([unit("Phổ An")], None),
        figures.late_bars([unit("Phổ An"), unit("Phòng Tài nguyên và Môi trường", "office")]),
        figures.revenue_bars(REVENUE),
        figures.item_bars(REVENUE.items, REVENUE.time_progress),
        figures.disbursement_curve(MONEY),
    ]
    for fig in charts:
        full = json.loads(fig.to_json())
        sizes = [
            int(s) for s in re.findall(r'"size":\s*(\d+)', json.dumps(full["layout"]["template"]["layout"]))
        ]
        sizes += [int(s) for s in re.findall(r'"font":\s*\{[^}]*"size":\s*(\d+)', json.dumps(full))]
        assert sizes and min(sizes) >= 24, sizes
        assert len([t for t in fig.data if t.type in ("bar", "scatter")]) <= 12


def test_disbursement_curve_has_the_total_the_sources_and_the_milestones():
    fig = figures.disbursement_curve(MONEY)
    names = [t.name for t in fig.data]
    assert names[-3:] == ["Toàn thị xã", "Mốc giải ngân", "Mốc của chương trình MTQG"]
    assert list(fig.data[-2].text) == ["60%", "100%"]
    assert list(fig.layout.xaxis.ticktext) == [f"T{m}" for m in range(1, 13)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Phổ An", "Phổ An"), ("Chương trình MTQG xây dựng nông thôn mới", "Chương trình MTQG xây dựng…")],
)
def test_long_names_are_shortened_on_a_word(name, expected):
    assert figures.short(name) == expected


def _wall(tiles):
    return WallData(date(2023, 6, 1), tiles, (), ())


def test_views_of_every_tile_kind():
    rows = [unit("Phổ An"), unit("Phổ Hòa", "ward"), unit("Văn phòng", "office")]
    payloads = {
        1: HeadlineData(1528, 909, 2049, 49, 20, Rated(44.2), Rated(98.6)),
        3: rows, 4: rows, 5: rows, 6: REVENUE, 7: REVENUE, 8: MONEY,
        9: {"investors": MONEY, "tasks": TASKS},
    }  # fmt: skip
    tiles = {n: TileData(panel(n), "Toàn thị xã", MAY, payloads.get(n)) for n in range(1, 10)}
    ctx = Context(CONFIG, _wall(tiles), datetime(2023, 6, 1, 8, 0))
    counts = {n: [v.figure is not None for v in panel_views(n, ctx)] for n in range(1, 10)}
    assert counts == {
        1: [False], 2: [False], 3: [True, True], 4: [True], 5: [False, False, False],
        6: [True], 7: [True], 8: [True], 9: [False, False],
    }  # fmt: skip
    assert panel_views(9, ctx)[0].html.startswith('<span hidden data-wall-rotate="20">')
    assert "data-wall-rotate" not in panel_views(1, ctx)[0].html


def test_a_tile_without_data_says_which_dataset_is_missing():
    tiles = {n: TileData(panel(n), "Toàn thị xã") for n in range(1, 10)}
    tiles[9] = TileData(panel(9), "Toàn thị xã", payload={"investors": None, "tasks": None})
    tiles[3] = TileData(panel(3), problem="Không tải được số liệu của ô này")
    ctx = Context(CONFIG, _wall(tiles), datetime(2023, 6, 1, 8, 0))
    text = {n: " ".join(v.html for v in panel_views(n, ctx)) for n in range(1, 10)}
    assert "Chưa có dữ liệu thu ngân sách" in text[6] and "Chưa có dữ liệu thu ngân sách" in text[7]
    assert "Chưa có dữ liệu giải ngân đầu tư công" in text[8]
    assert "Chưa có dữ liệu giải ngân đầu tư công" in text[9] and "Chưa có dữ liệu nhiệm vụ" in text[9]
    assert "Không tải được số liệu của ô này" in text[3]
    assert all(v.figure is None for n in range(1, 10) for v in panel_views(n, ctx))


def test_a_dark_panel_draws_nothing():
    config = parse_wall_config(
        {"wall": {"rows": 2, "columns": 2}, "panel": {"1": {"tile": "status_board"}}}, Path("wall.toml"), {}
    )
    ctx = Context(config, _wall({1: TileData(PanelConfig(1, "status_board"))}), datetime(2023, 6, 1))
    assert panel_views(2, ctx) == []


def test_names_in_charts_are_escaped_for_plotly():
    fig = figures.late_bars([unit('<a href="x">Phổ An</a>'), unit("<b>Phổ Hòa</b>", "ward")])
    assert list(fig.data[0].y) == ['&lt;a href="x"&gt;Phổ An&lt;/a&gt;', "&lt;b&gt;Phổ Hòa&lt;/b&gt;"]
    curve = figures.disbursement_curve(replace(MONEY, sources=(Series("<br>Nguồn", "", ()),)))
    assert curve.data[0].name == "&lt;br&gt;Nguồn"
