"""The wall page's stylesheet and script (dashboard.views.wall.css), generated from the configuration: the grid,
one panel alone, type sizes that follow the panel, and the watchdog's timings."""

from __future__ import annotations

import json
import re

from dashboard.views.wall.config import WallConfig
from dashboard.views.wall.css import (
    BEZEL_INSET_PX,
    grid_size,
    in_panel_units,
    page_css,
    panel_key,
    view_key,
    watchdog_script,
)


def test_keys():
    assert panel_key(4) == "wall-panel-4"
    assert view_key(4, 0) == "wall-panel-4-view-0"


def test_grid_size_is_the_configured_grid_or_one_panel_alone():
    config = WallConfig(rows=2, columns=4)
    assert grid_size(config, single=False) == (2, 4)
    assert grid_size(config, single=True) == (1, 1)


def test_in_panel_units_rewrites_px_and_nothing_else():
    assert in_panel_units("font-size: 46px; gap: 12.5px; width: 100%;") == (
        "font-size: calc(46 * var(--u)); gap: calc(12.5 * var(--u)); width: 100%;"
    )
    assert in_panel_units("line-height: 1.2; --x: 3pxx;") == "line-height: 1.2; --x: 3pxx;"


def test_the_page_lays_out_every_panel_of_the_grid():
    css = page_css(WallConfig(rows=2, columns=4), single_panel=None)
    assert (
        "grid-template-columns: repeat(4, calc(100vw / 4)); grid-template-rows: repeat(2, calc(100vh / 2));"
        in css
    )
    assert "--u: min(calc(100vw / 4 / 1920), calc(100vh / 2 / 1080));" in css
    panels = re.search(r"\n(\.st-key-wall-panel-1[^{]*)\{", css)
    assert panels is not None
    assert panels.group(1).strip() == ", ".join(f".st-key-wall-panel-{n}" for n in range(1, 9))
    assert f"padding: {BEZEL_INSET_PX}px;" in css
    assert 'header[data-testid="stHeader"]' in css and "display: none !important;" in css


def test_one_panel_alone_fills_the_screen():
    css = page_css(WallConfig(), single_panel=5)
    assert "repeat(1, calc(100vw / 1))" in css and "repeat(1, calc(100vh / 1))" in css
    panels = re.search(r"\n(\.st-key-wall-panel-\d[^{]*)\{", css)
    assert panels is not None and panels.group(1).strip() == ".st-key-wall-panel-5"


def test_the_type_is_written_in_panel_units():
    css = page_css(WallConfig(), single_panel=None)
    type_part = css.split("visibility: hidden; }", 1)[1]
    assert "var(--u)" in type_part
    assert not re.search(r"\d+px", type_part)  # every size follows the panel


def test_the_watchdog_reloads_after_three_missed_refreshes_and_half_a_minute():
    script = watchdog_script(WallConfig(refresh_seconds=60))
    settings = json.loads(re.search(r"const cfg = (\{.*?\});", script).group(1))  # type: ignore[union-attr]
    assert settings == {"reloadAfterMs": 210_000, "pollMs": 5000, "timeZone": "Asia/Ho_Chi_Minh"}
    script = watchdog_script(WallConfig(reload_after_seconds=90, timezone="UTC"))
    settings = json.loads(re.search(r"const cfg = (\{.*?\});", script).group(1))  # type: ignore[union-attr]
    assert (settings["reloadAfterMs"], settings["timeZone"]) == (90_000, "UTC")
    assert script.startswith("<script>") and script.rstrip().endswith("</script>")
