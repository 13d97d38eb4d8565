"""Màn hình IOC: the video wall — a grid of tiles, one per screen — refreshed in place, never reloaded by hand.

/wall draws every panel of streamlit_config/wall.toml; /wall?panel=N draws panel N alone (one window per screen).
"""

from __future__ import annotations

import logging
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from dashboard.settings import get_settings
from dashboard.store.db import data_version, get_engine
from dashboard.views.wall.config import WallConfig, WallConfigError, load_wall_config
from dashboard.views.wall.css import BEAT_KEY, GRID_KEY, page_css, panel_key, view_key, watchdog_script
from dashboard.views.wall.figures import CONFIG
from dashboard.views.wall.html import heartbeat
from dashboard.views.wall.tiles import WallData, build_wall, waiting_wall
from dashboard.views.wall.views import Context, panel_views
from ui import strings as txt

log = logging.getLogger(__name__)
_LAST_DATA = "wall_last_data"  # per browser session: one WallData, replaced at every good refresh


@st.cache_data(max_entries=16, show_spinner=False)
def _wall_data(version: int, today: date, config: WallConfig) -> WallData:
    """Every tile's data; the data version (bumped by each upload) and the day key it, so it is never stale."""
    with Session(get_engine()) as session:
        return build_wall(config, today, session=session)


def _latest_data(config: WallConfig, today: date) -> tuple[WallData, bool]:
    """This refresh's data, or — while the database does not answer — the last data drawn, flagged as such."""
    try:
        with Session(get_engine()) as session:
            version = data_version(session=session)
        data = _wall_data(version, today, config)
    except SQLAlchemyError:
        log.exception("the wall could not read the database; it keeps the last figures")
        return st.session_state.get(_LAST_DATA) or waiting_wall(config, today), True
    st.session_state[_LAST_DATA] = data
    return data, False


def _stamp(path: Path) -> tuple[int, int] | None:
    """When the config file last changed, to pick up an edit without anyone touching the wall."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _single_panel(config: WallConfig) -> int | None:
    """N from ?panel=N, or None for the whole wall; stops the page with a message when N is not a panel."""
    raw = st.query_params.get("panel")
    if raw is None:
        return None
    if raw.isdigit() and 1 <= int(raw) <= config.panel_count:
        return int(raw)
    st.error(txt.wall_error_khong_co_man_hinh(raw=raw, panel_count=config.panel_count))
    st.stop()
    return None


path = get_settings().wall_config
try:
    config = load_wall_config(path)
except WallConfigError as exc:
    st.error(
        f"Tệp cấu hình màn hình IOC ({exc.path}) có lỗi:\n\n" + "\n".join(f"- {p}" for p in exc.problems)
    )
    # Nothing refreshes this page: its watchdog reloads it now and then, so the wall recovers once the file is fixed.
    st.html(watchdog_script(WallConfig()), unsafe_allow_javascript=True)
    st.stop()
single = _single_panel(config)
st.html(page_css(config, single_panel=single))
st.html(watchdog_script(config), unsafe_allow_javascript=True)


@st.fragment(run_every=config.refresh_seconds)
def wall(config: WallConfig, single: int | None, stamp: tuple[int, int] | None) -> None:
    """The panels, redrawn in place every refresh interval with whatever the database holds now."""
    if _stamp(path) != stamp:
        st.rerun(scope="app")  # the grid or the tiles changed: rebuild the page's CSS as well
    now = datetime.now(ZoneInfo(config.timezone))
    data, database_lost = _latest_data(config, now.date())
    ctx = Context(config, data, now, database_lost)
    with st.container(key=BEAT_KEY):
        st.html(heartbeat(str(time.monotonic_ns())))
    with st.container(key=GRID_KEY):
        for number in [single] if single else range(1, config.panel_count + 1):
            with st.container(key=panel_key(number)):
                for index, view in enumerate(panel_views(number, ctx)):
                    with st.container(key=view_key(number, index)):
                        st.html(view.html)
                        if view.figure is not None:
                            st.plotly_chart(
                                view.figure,
                                theme=None,
                                config=CONFIG,
                                height="stretch",
                                key=f"wall-chart-{number}-{index}",
                            )


wall(config, single, _stamp(path))
