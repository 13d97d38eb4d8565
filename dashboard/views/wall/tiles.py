"""The data of every panel of the wall, built in one pass from the database (and cached by the page)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session

from base.units import UnitRef
from dashboard.store.read_memo import read_only
from dashboard.store.units import UnitMatcher
from dashboard.views.wall import dossier_tiles, finance_tiles
from dashboard.views.wall.config import PanelConfig, WallConfig
from dashboard.views.wall.freshness import Freshness, dataset_freshness, missing_reports, stale_alerts
from dashboard.views.wall.model import Alert, top_alerts
from dashboard.views.wall.scope import (
    DOSSIER_KINDS,
    DatasetDates,
    Window,
    dataset_dates,
    latest_day,
    resolve_window,
    unit_for_code,
    unit_label,
)
from dashboard.views.wall.text import TILE_FAILED, WAITING

log = logging.getLogger(__name__)

TASK_KINDS = ("tasks",)


@dataclass(frozen=True)
class TileData:
    """One panel's data: its config, scope labels, the payload its views draw, or the reason there is none."""

    panel: PanelConfig
    unit_label: str = ""
    window: Window | None = None
    payload: Any = None  # per kind: HeadlineData, list[UnitRow], RevenueData, DisbursementData, dict, …
    problem: str = ""  # shown on the tile instead of its figures
    alerts: tuple[Alert, ...] = ()


@dataclass(frozen=True)
class WallData:
    """Everything the wall draws for one data version and day."""

    today: date
    tiles: dict[int, TileData]
    freshness: tuple[Freshness, ...]
    alerts: tuple[Alert, ...]


@dataclass
class _Build:
    """What every builder of one pass shares: the session, the datasets' dates, the registry, memoised rows."""

    session: Session
    dates: dict[str, DatasetDates]
    units: list[UnitRef]
    today: date
    rows: dict[Window, list[dossier_tiles.UnitRow]] = field(default_factory=dict)

    def window(self, panel: PanelConfig, kinds: tuple[str, ...]) -> Window | None:
        return resolve_window(panel.period, latest_day(self.dates, kinds, self.today), self.today)

    def unit_rows(self, window: Window) -> list[dossier_tiles.UnitRow]:
        if window not in self.rows:
            self.rows[window] = dossier_tiles.unit_rows(session=self.session, window=window, today=self.today)
        return self.rows[window]


def build_wall(config: WallConfig, today: date, *, session: Session) -> WallData:
    """Every configured panel's data, the datasets' freshness and the alerts they raise."""
    read_only(session=session)  # the tiles ask for the registry and the year's targets dozens of times
    build = _Build(session, dataset_dates(session=session), UnitMatcher.load(session=session).all(), today)
    tiles = {p.number: _safe_tile(build, p) for p in config.panels if p is not None}
    missing = missing_reports(config.freshness, today, session=session)
    freshness = tuple(dataset_freshness(build.dates, config.freshness, today, missing))
    raised = [a for number in sorted(tiles) for a in tiles[number].alerts]
    return WallData(today, tiles, freshness, tuple(top_alerts([*raised, *stale_alerts(freshness)])))


def waiting_wall(config: WallConfig, today: date) -> WallData:
    """What the wall shows before it has ever read the database: the status board, and tiles that say they wait."""
    tiles = {
        p.number: TileData(p) if p.tile == "status_board" else TileData(p, problem=WAITING)
        for p in config.panels
        if p is not None
    }
    return WallData(today, tiles, (), ())


def _safe_tile(build: _Build, panel: PanelConfig) -> TileData:
    """The tile's data; a tile that fails says so on its own panel and never blanks the wall."""
    try:
        unit = unit_for_code(build.units, panel.unit)
    except LookupError as exc:
        return TileData(panel, problem=str(exc))
    try:
        return _BUILDERS[panel.tile](build, panel, unit)
    except Exception:  # an unattended wall must keep its other panels up whatever one dataset does
        log.exception("wall tile %s (panel %s) failed", panel.tile, panel.number)
        build.session.rollback()
        return TileData(panel, unit_label(unit, build.units), problem=TILE_FAILED)


Builder = Callable[[_Build, PanelConfig, UnitRef | None], TileData]


def _headline(build: _Build, panel: PanelConfig, unit: UnitRef | None) -> TileData:
    window = build.window(panel, DOSSIER_KINDS)
    if window is None:
        return TileData(panel, unit_label(unit, build.units))
    data = dossier_tiles.headline(session=build.session, unit_id=unit.id if unit else None, window=window)
    return TileData(
        panel, unit_label(unit, build.units), window, data, alerts=tuple(dossier_tiles.headline_alerts(data))
    )


def _unit_rows(build: _Build, panel: PanelConfig, unit: UnitRef | None) -> TileData:
    """Tiles comparing units always cover every unit: the panel's unit does not apply."""
    window = build.window(panel, DOSSIER_KINDS)
    if window is None:
        return TileData(panel, unit_label(None, build.units))
    return TileData(panel, unit_label(None, build.units), window, build.unit_rows(window))


def _status(build: _Build, panel: PanelConfig, unit: UnitRef | None) -> TileData:
    return TileData(panel, unit_label(unit, build.units))


def _revenue(build: _Build, panel: PanelConfig, unit: UnitRef | None) -> TileData:
    window = build.window(panel, ("budget_revenue",))
    if window is None:
        return TileData(panel, unit_label(unit, build.units))
    data = finance_tiles.revenue(session=build.session, unit_id=unit.id if unit else None, window=window)
    alerts = finance_tiles.revenue_alerts(data) if panel.tile == "revenue_progress" else []
    return TileData(panel, unit_label(unit, build.units), window, data, alerts=tuple(alerts))


def _disbursement(build: _Build, panel: PanelConfig, unit: UnitRef | None) -> TileData:
    window = build.window(panel, ("disbursement",))
    if window is None:
        return TileData(panel, unit_label(unit, build.units))
    data = finance_tiles.disbursement(session=build.session, unit_id=unit.id if unit else None, window=window)
    return TileData(
        panel,
        unit_label(unit, build.units),
        window,
        data,
        alerts=tuple(finance_tiles.disbursement_alerts(data)),
    )


def _laggards(build: _Build, panel: PanelConfig, unit: UnitRef | None) -> TileData:
    """Investors (from the latest disbursement snapshot) and tasks (as of the latest task list), each or none."""
    unit_id = unit.id if unit else None
    money = build.window(panel, ("disbursement",))
    work = build.window(panel, TASK_KINDS)
    investors = (
        finance_tiles.disbursement(session=build.session, unit_id=unit_id, window=money) if money else None
    )
    task_data = finance_tiles.tasks(session=build.session, unit_id=unit_id, window=work) if work else None
    payload = {"investors": investors, "tasks": task_data}
    alerts = tuple(finance_tiles.tasks_alerts(task_data))
    return TileData(panel, unit_label(unit, build.units), work or money, payload, alerts=alerts)


_BUILDERS: dict[str, Builder] = {
    "dossier_headline": _headline,
    "status_board": _status,
    "online_rate_by_commune": _unit_rows,
    "late_by_unit": _unit_rows,
    "unit_scorecard": _unit_rows,
    "revenue_progress": _revenue,
    "revenue_items": _revenue,
    "disbursement": _disbursement,
    "laggards": _laggards,
}
