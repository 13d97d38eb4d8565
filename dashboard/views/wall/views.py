"""What each panel draws: its views (heading and text as HTML, at most one chart each), from its tile's data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import plotly.graph_objects as go

from base.formatting import vn_date, vn_percent
from dashboard.views.wall import figures, html
from dashboard.views.wall.config import TILE_VIEWS, PanelConfig, WallConfig
from dashboard.views.wall.dossier_tiles import (
    MAX_ROWS,
    UNIT_GROUPS,
    UnitRow,
    known_target,
    late_ranking,
    not_reported_online,
    online_ranking,
    scorecard_pages,
)
from dashboard.views.wall.finance_tiles import DisbursementData, RevenueData, TasksData
from dashboard.views.wall.text import NO_DATA_NOTES, NO_LATE, TILE_FAILED, TITLES
from dashboard.views.wall.tiles import TileData, WallData


@dataclass(frozen=True, eq=False)
class TileView:
    """One view of a panel: trusted HTML (data escaped) and an optional figure below it."""

    html: str
    figure: go.Figure | None = None


@dataclass(frozen=True)
class Context:
    """What a view needs besides its tile's data: the wall's config and data, the time, the database's state."""

    config: WallConfig
    wall: WallData
    now: datetime
    database_lost: bool = False


def panel_views(number: int, ctx: Context) -> list[TileView]:
    """The views of panel `number` (a dark panel has none); the first carries the panel's rotation step."""
    tile = ctx.wall.tiles.get(number)
    panel = ctx.config.panel(number)
    if panel is None:
        return []
    if tile is None or tile.problem:
        message, unit = (tile.problem, tile.unit_label) if tile else (TILE_FAILED, "")
        views = [TileView(html.tile(TITLES[panel.tile], unit, html.empty(message)))]
    else:
        views = _DRAW[panel.tile](tile, ctx) or [TileView(html.tile(TITLES[panel.tile], "", html.empty()))]
    if len(views) > 1:
        views[0] = TileView(html.rotation_mark(panel.rotate_seconds) + views[0].html, views[0].figure)
    return views


def _subtitle(*parts: str) -> str:
    return " · ".join(p for p in parts if p)


def _wanted(panel: PanelConfig) -> tuple[str, ...]:
    """The views the config picked, in its order; every view of the tile by default."""
    return panel.views or TILE_VIEWS[panel.tile]


def _no_data(title: str, tile: TileData, dataset: str) -> TileView:
    return TileView(html.tile(title, tile.unit_label, html.empty(NO_DATA_NOTES[dataset])))


def _headline(tile: TileData, ctx: Context) -> list[TileView]:
    title = TITLES["dossier_headline"]
    if tile.payload is None or tile.window is None:
        return [_no_data(title, tile, "dossiers")]
    return [
        TileView(
            html.tile(title, _subtitle(tile.window.label, tile.unit_label), html.headline_body(tile.payload))
        )
    ]


def _status(tile: TileData, ctx: Context) -> list[TileView]:
    body = html.status_body(
        title=ctx.config.title,
        subtitle=ctx.config.subtitle,
        now=ctx.now,
        freshness=ctx.wall.freshness,
        alerts=ctx.wall.alerts,
        database_lost=ctx.database_lost,
    )
    return [TileView(body)]


def _online(tile: TileData, ctx: Context) -> list[TileView]:
    title = TITLES["online_rate_by_commune"]
    rows: list[UnitRow] | None = tile.payload
    if rows is None or tile.window is None:
        return [_no_data(title, tile, "dossiers")]
    views = []
    for name in _wanted(tile.panel):
        kind, heading = UNIT_GROUPS[name]
        ranked = online_ranking(rows, kind)
        absent = not_reported_online(rows, kind, MAX_ROWS - len(ranked))
        if not ranked and not absent:
            continue
        target = known_target(ranked)
        note = f"chỉ tiêu {vn_percent(target, 0)}" if target is not None else ""
        head = html.tile(title, _subtitle(heading, tile.window.label, note), "", chart=True)
        views.append(TileView(head, figures.rate_bars(ranked, target, absent=absent)))
    return views or [_no_data(title, tile, "dossiers")]


def _late(tile: TileData, ctx: Context) -> list[TileView]:
    title = TITLES["late_by_unit"]
    rows: list[UnitRow] | None = tile.payload
    if rows is None or tile.window is None:
        return [_no_data(title, tile, "dossiers")]
    ranked = late_ranking(rows)
    sub = _subtitle(tile.window.label, f"{len(ranked)} đơn vị nhiều nhất" if ranked else "")
    if not ranked:
        return [TileView(html.tile(title, sub, html.empty(NO_LATE)))]
    return [
        TileView(
            html.tile(title, sub, html.late_summary(rows, tile.unit_label), chart=True),
            figures.late_bars(ranked),
        )
    ]


def _scorecard(tile: TileData, ctx: Context) -> list[TileView]:
    title = TITLES["unit_scorecard"]
    rows: list[UnitRow] | None = tile.payload
    if rows is None or tile.window is None:
        return [_no_data(title, tile, "dossiers")]
    views = []
    for name in _wanted(tile.panel):
        kind, heading = UNIT_GROUPS[name]
        pages = scorecard_pages(rows, kind)
        for i, page in enumerate(pages, start=1):
            label = f"{heading} ({i}/{len(pages)})" if len(pages) > 1 else heading
            views.append(
                TileView(html.tile(title, _subtitle(label, tile.window.label), html.scorecard_body(page)))
            )
    return views


def _revenue(tile: TileData, ctx: Context) -> list[TileView]:
    title = TITLES["revenue_progress"]
    data: RevenueData | None = tile.payload
    if data is None:
        return [_no_data(title, tile, "revenue")]
    sub = _subtitle(f"Lũy kế đến tháng {data.month}/{data.year}", tile.unit_label)
    return [TileView(html.tile(title, sub, html.revenue_kpi(data), chart=True), figures.revenue_bars(data))]


def _items(tile: TileData, ctx: Context) -> list[TileView]:
    title = TITLES["revenue_items"]
    data: RevenueData | None = tile.payload
    if data is None or not data.items:
        return [_no_data(title, tile, "revenue")]
    shown = (
        f"{len(data.items)}/{data.items_total} khoản có dự toán lớn nhất"
        if len(data.items) < data.items_total
        else ""
    )
    sub = _subtitle(f"% dự toán, lũy kế đến tháng {data.month}/{data.year}", tile.unit_label, shown)
    return [
        TileView(html.tile(title, sub, "", chart=True), figures.item_bars(data.items, data.time_progress))
    ]


def _disbursement(tile: TileData, ctx: Context) -> list[TileView]:
    title = TITLES["disbursement"]
    data: DisbursementData | None = tile.payload
    if data is None:
        return [_no_data(title, tile, "disbursement")]
    sub = _subtitle(f"Năm {data.year}", f"số liệu đến {vn_date(data.as_of)}", tile.unit_label)
    return [
        TileView(
            html.tile(title, sub, html.disbursement_kpi(data), chart=True), figures.disbursement_curve(data)
        )
    ]


def _laggards(tile: TileData, ctx: Context) -> list[TileView]:
    """The investors and the tasks furthest behind, each its own view (each says when its dataset is missing)."""
    payload = tile.payload or {}
    return [
        _investors(tile, payload.get(name)) if name == "investors" else _tasks(tile, payload.get(name))
        for name in _wanted(tile.panel)
    ]


def _investors(tile: TileData, money: DisbursementData | None) -> TileView:
    title = TITLES["investors"]
    if money is None or not money.investors:
        return _no_data(title, tile, "disbursement")
    m = money.next_milestone
    against = f"so với mốc {vn_percent(m['target_pct'], 0)}" if m else ""
    sub = _subtitle(f"Số liệu đến {vn_date(money.as_of)}", against)
    return TileView(html.tile(title, sub, html.investors_body(money.investors)))


def _tasks(tile: TileData, work: TasksData | None) -> TileView:
    title = TITLES["tasks"]
    if work is None:
        return _no_data(title, tile, "tasks")
    sub = _subtitle(f"Tính đến {vn_date(work.as_of)}", tile.unit_label)
    return TileView(html.tile(title, sub, html.tasks_body(work)))


_DRAW: dict[str, Callable[[TileData, Context], list[TileView]]] = {
    "dossier_headline": _headline,
    "status_board": _status,
    "online_rate_by_commune": _online,
    "late_by_unit": _late,
    "unit_scorecard": _scorecard,
    "revenue_progress": _revenue,
    "revenue_items": _items,
    "disbursement": _disbursement,
    "laggards": _laggards,
}
