"""The wall's configuration (streamlit_config/wall.toml): grid, refresh, freshness cycles, and the tile of each panel.

Every problem of the file is collected and reported together, in Vietnamese, naming the key and what is accepted.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from base import periods

REFRESH_ENV = "IOC_WALL_REFRESH_SECONDS"  # overrides [wall] refresh_seconds (tests use 2–3 s)
LATEST_MONTH = "latest_month"  # the latest month that has data for the tile's dataset
YEAR_TO_DATE = "year_to_date"  # January to the latest month that has data
MIN_REFRESH_SECONDS = 0.25  # the benchmark refreshes as fast as this; a wall needs nothing like it
GRID_LIMITS = (1, 6)

# Tile kind -> the views it can show (a tile with several views rotates through them).
TILE_VIEWS: dict[str, tuple[str, ...]] = {
    "dossier_headline": ("main",),
    "status_board": ("main",),
    "online_rate_by_commune": ("wards", "communes"),
    "late_by_unit": ("main",),
    "unit_scorecard": ("offices", "wards", "communes"),
    "revenue_progress": ("main",),
    "revenue_items": ("main",),
    "disbursement": ("main",),
    "laggards": ("investors", "tasks"),
}
# The default 3 × 3 wall, used when the file has no [panel.N] table at all (or there is no file).
DEFAULT_TILES: tuple[tuple[str, str], ...] = (
    ("dossier_headline", LATEST_MONTH),
    ("status_board", LATEST_MONTH),
    ("online_rate_by_commune", LATEST_MONTH),
    ("late_by_unit", YEAR_TO_DATE),
    ("unit_scorecard", YEAR_TO_DATE),
    ("revenue_progress", LATEST_MONTH),
    ("revenue_items", LATEST_MONTH),
    ("disbursement", LATEST_MONTH),
    ("laggards", LATEST_MONTH),
)


@dataclass(frozen=True)
class FreshnessRule:
    """How often a dataset is expected: amber after `amber_days`, red after `red_days`.

    Age is counted from the latest period end of its active batches (`basis="period_end"`), or from the latest
    upload (`basis="uploaded"`, for lists such as annual task plans whose period runs into the future).
    """

    kind: str
    label: str
    amber_days: int = 35
    red_days: int = 45
    basis: str = "period_end"


DEFAULT_FRESHNESS: tuple[FreshnessRule, ...] = (
    FreshnessRule("dossier_report", "Báo cáo TTHC"),
    FreshnessRule("dossier_list", "Danh sách hồ sơ"),
    FreshnessRule("budget_revenue", "Thu ngân sách"),
    FreshnessRule("disbursement", "Giải ngân đầu tư công"),
    FreshnessRule("tasks", "Nhiệm vụ", basis="uploaded"),
)


@dataclass(frozen=True)
class PanelConfig:
    """One panel (screen) of the wall: its tile kind, period, unit code ("" = town), views and rotation."""

    number: int
    tile: str
    period: str = LATEST_MONTH
    unit: str = ""
    views: tuple[str, ...] = ()
    rotate_seconds: float = 20.0


@dataclass(frozen=True)
class WallConfig:
    """The whole wall: grid, timings, titles and one PanelConfig per panel (None: the panel stays dark)."""

    rows: int = 3
    columns: int = 3
    refresh_seconds: float = 60.0
    rotate_seconds: float = 20.0
    reload_after_seconds: float = 0.0
    title: str = "TRUNG TÂM ĐIỀU HÀNH THÔNG MINH"
    subtitle: str = "THỊ XÃ ĐỨC PHỔ"
    timezone: str = "Asia/Ho_Chi_Minh"
    panels: tuple[PanelConfig | None, ...] = ()
    freshness: tuple[FreshnessRule, ...] = DEFAULT_FRESHNESS

    @property
    def panel_count(self) -> int:
        return self.rows * self.columns

    @property
    def reload_after(self) -> float:
        """Seconds without a refresh after which the page reloads itself (when the server answers)."""
        return self.reload_after_seconds or 3 * self.refresh_seconds + 30

    def panel(self, number: int) -> PanelConfig | None:
        """The configuration of panel `number` (1-based, row by row)."""
        return self.panels[number - 1] if 1 <= number <= len(self.panels) else None


class WallConfigError(Exception):
    """The configuration file has problems; `problems` lists every one of them."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))


@dataclass
class _Reader:
    """Collects problems while reading typed values out of TOML tables."""

    problems: list[str] = field(default_factory=list)

    def number(
        self, table: Mapping[str, Any], key: str, where: str, default: float, low: float, high: float
    ) -> float:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            self.problems.append(f"{where}.{key} = {value!r}: cần một số từ {low:g} đến {high:g}.")
            return default
        return float(value)

    def integer(
        self, table: Mapping[str, Any], key: str, where: str, default: int, low: int, high: int
    ) -> int:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problems.append(f"{where}.{key} = {value!r}: cần một số nguyên từ {low} đến {high}.")
            return default
        return value

    def text(self, table: Mapping[str, Any], key: str, where: str, default: str) -> str:
        value = table.get(key, default)
        if not isinstance(value, str):
            self.problems.append(f"{where}.{key} = {value!r}: cần một chuỗi trong dấu ngoặc kép.")
            return default
        return value

    def unknown_keys(self, table: Mapping[str, Any], where: str, allowed: set[str]) -> None:
        for key in sorted(set(table) - allowed):
            self.problems.append(
                f"{where}: không có mục “{key}”; các mục dùng được: {', '.join(sorted(allowed))}."
            )

    def period(self, table: Mapping[str, Any], where: str, default: str) -> str:
        value = self.text(table, "period", where, default)
        if value not in (LATEST_MONTH, YEAR_TO_DATE) and periods.from_token(value) is None:
            self.problems.append(
                f"{where}.period = {value!r}: dùng “{LATEST_MONTH}”, “{YEAR_TO_DATE}” hoặc một kỳ như "
                "“m2023-05” (tháng), “q2023-2” (quý), “n2023-05” (5 tháng đầu năm), “y2023” (năm)."
            )
            return default
        return value


def refresh_override(env: Mapping[str, str]) -> float | None:
    """The refresh interval from IOC_WALL_REFRESH_SECONDS, if set to a usable number."""
    raw = env.get(REFRESH_ENV, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    return max(value, MIN_REFRESH_SECONDS)


def parse_wall_config(
    data: Mapping[str, Any], path: Path, env: Mapping[str, str] | None = None
) -> WallConfig:
    """A WallConfig from the TOML's tables; WallConfigError listing every problem found."""
    r = _Reader()
    r.unknown_keys(data, "tệp", {"wall", "freshness", "panel"})
    wall = data.get("wall", {})
    wall_keys = {
        "rows",
        "columns",
        "refresh_seconds",
        "rotate_seconds",
        "reload_after_seconds",
        "period",
        "unit",
    }
    r.unknown_keys(wall, "[wall]", wall_keys | {"title", "subtitle", "timezone"})
    rows = r.integer(wall, "rows", "[wall]", 3, *GRID_LIMITS)
    columns = r.integer(wall, "columns", "[wall]", 3, *GRID_LIMITS)
    refresh = r.number(wall, "refresh_seconds", "[wall]", 60.0, MIN_REFRESH_SECONDS, 3600)
    override = refresh_override(os.environ if env is None else env)
    rotate = r.number(wall, "rotate_seconds", "[wall]", 20.0, 2, 3600)
    timezone = r.text(wall, "timezone", "[wall]", "Asia/Ho_Chi_Minh")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        r.problems.append(
            f"[wall].timezone = {timezone!r}: không phải múi giờ IANA (ví dụ “Asia/Ho_Chi_Minh”)."
        )
        timezone = "Asia/Ho_Chi_Minh"
    period = r.period(wall, "[wall]", LATEST_MONTH)
    unit = r.text(wall, "unit", "[wall]", "")
    config = WallConfig(
        rows=rows,
        columns=columns,
        refresh_seconds=override or refresh,
        rotate_seconds=rotate,
        reload_after_seconds=r.number(wall, "reload_after_seconds", "[wall]", 0.0, 0, 86_400),
        title=r.text(wall, "title", "[wall]", WallConfig.title),
        subtitle=r.text(wall, "subtitle", "[wall]", WallConfig.subtitle),
        timezone=timezone,
        panels=_panels(r, data.get("panel", {}), rows * columns, period, unit, rotate),
        freshness=_freshness(r, data.get("freshness")),
    )
    if r.problems:
        raise WallConfigError(path, r.problems)
    return config


def _panels(
    r: _Reader, table: Mapping[str, Any], count: int, period: str, unit: str, rotate: float
) -> tuple[PanelConfig | None, ...]:
    """Panels 1…count as configured (a panel left out stays dark); the default wall when none is configured."""
    configured: dict[int, PanelConfig] = {}
    for key, spec in table.items():
        where = f"[panel.{key}]"
        if not key.isdigit() or not 1 <= int(key) <= count:
            r.problems.append(
                f"{where}: số màn hình phải từ 1 đến {count} (đánh số theo hàng, từ trái sang phải)."
            )
            continue
        if not isinstance(spec, dict):
            r.problems.append(f"{where}: cần một bảng có mục tile.")
            continue
        r.unknown_keys(spec, where, {"tile", "period", "unit", "views", "rotate_seconds"})
        tile = r.text(spec, "tile", where, "")
        if tile not in TILE_VIEWS:
            r.problems.append(f"{where}.tile = {tile!r}: dùng một trong {', '.join(TILE_VIEWS)}.")
            continue
        configured[int(key)] = PanelConfig(
            number=int(key),
            tile=tile,
            period=r.period(spec, where, period),
            unit=r.text(spec, "unit", where, unit),
            views=_views(r, spec, where, tile),
            rotate_seconds=r.number(spec, "rotate_seconds", where, rotate, 2, 3600),
        )
    default = dict(enumerate(DEFAULT_TILES, start=1)) if not table else {}
    panels: list[PanelConfig | None] = []
    for number in range(1, count + 1):
        if number in configured:
            panels.append(configured[number])
        elif number in default:
            tile, tile_period = default[number]
            panels.append(
                PanelConfig(number, tile, tile_period if period == LATEST_MONTH else period, unit, (), rotate)
            )
        else:
            panels.append(None)
    return tuple(panels)


def _views(r: _Reader, spec: Mapping[str, Any], where: str, tile: str) -> tuple[str, ...]:
    """The views to rotate through, in order; () means every view of the tile."""
    value = spec.get("views", [])
    known = TILE_VIEWS[tile]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        r.problems.append(f"{where}.views: cần một danh sách, ví dụ {list(known)!r}.")
        return ()
    unknown = [v for v in value if v not in known]
    if unknown:
        r.problems.append(f"{where}.views: “{', '.join(unknown)}” không có; ô {tile} có: {', '.join(known)}.")
        return ()
    return tuple(value)


def _freshness(r: _Reader, table: Any) -> tuple[FreshnessRule, ...]:
    """The datasets listed under [freshness], in file order (the defaults when the section is absent)."""
    if table is None:
        return DEFAULT_FRESHNESS
    if not isinstance(table, dict):
        r.problems.append("[freshness]: cần các bảng con, ví dụ [freshness.dossier_report].")
        return DEFAULT_FRESHNESS
    rules = []
    for kind, spec in table.items():
        where = f"[freshness.{kind}]"
        if not isinstance(spec, dict):
            r.problems.append(f"{where}: cần một bảng có label, amber_days, red_days.")
            continue
        r.unknown_keys(spec, where, {"label", "amber_days", "red_days", "basis"})
        amber = r.integer(spec, "amber_days", where, 35, 1, 3660)
        red = r.integer(spec, "red_days", where, 45, 1, 3660)
        if red < amber:
            r.problems.append(f"{where}: red_days ({red}) phải không nhỏ hơn amber_days ({amber}).")
        basis = r.text(spec, "basis", where, "period_end")
        if basis not in ("period_end", "uploaded"):
            r.problems.append(f"{where}.basis = {basis!r}: dùng “period_end” hoặc “uploaded”.")
            basis = "period_end"
        rules.append(FreshnessRule(kind, r.text(spec, "label", where, kind), amber, red, basis))
    return tuple(rules)


def load_wall_config(path: Path, env: Mapping[str, str] | None = None) -> WallConfig:
    """Read the wall's TOML file; the built-in default wall when the file does not exist."""
    if not path.exists():
        return parse_wall_config({}, path, env)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise WallConfigError(path, [f"không đọc được tệp TOML: {exc}"]) from exc
    return parse_wall_config(data, path, env)
