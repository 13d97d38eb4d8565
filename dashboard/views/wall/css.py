"""The wall page's stylesheet and script, generated from the configuration (grid, rotation, watchdog).

The text is designed in CSS px for one 1920 × 1080 panel and written in a unit, --u, that is exactly 1 px there and
follows the panel's size elsewhere (a 4 × 4 grid, a preview on a laptop), so the layout holds at any wall size.
Charts keep their px sizes: Plotly is sized by Streamlit to the space it gets.
"""

from __future__ import annotations

import json
import re

from dashboard.views.plot_theme import (
    FONT_FAMILY,
    STATUS_COLORS,
    WALL_BACKGROUND,
    WALL_GRID,
    WALL_MUTED,
    WALL_TEXT,
)
from dashboard.views.wall.config import WallConfig

PANEL_WIDTH, PANEL_HEIGHT = 1920, 1080  # the design size of one panel (a 49-inch full-HD screen)
BEZEL_INSET_PX = 24  # nothing closer than this to a panel's edge, so nothing crosses a bezel
GRID_KEY = "wall-grid"
BEAT_KEY = "wall-beat"
HEALTH_POLL_MS = 5000

# Streamlit's own chrome, none of which belongs on an unattended wall (dialogs included: a "connection lost"
# box would cover the tiles while the page reconnects by itself).
_CHROME = ", ".join(
    [
        'header[data-testid="stHeader"]',
        '[data-testid="stToolbar"]',
        '[data-testid="stDecoration"]',
        '[data-testid="stStatusWidget"]',
        '[data-testid="stSidebar"]',
        '[data-testid="stSidebarCollapsedControl"]',
        '[data-testid="stSidebarNav"]',
        '[data-testid="stBottom"]',
        '[data-testid="stElementToolbar"]',
        '[data-testid="stAppDeployButton"]',
        '[data-testid="stMainMenu"]',
        ".stDeployButton",
        "footer",
        '[data-testid="stDialog"]',
        '[role="dialog"]',
        ".modebar-container",
        f".st-key-{BEAT_KEY}",
    ]
)


def panel_key(number: int) -> str:
    return f"wall-panel-{number}"


def view_key(number: int, index: int) -> str:
    return f"wall-panel-{number}-view-{index}"


def grid_size(config: WallConfig, single: bool) -> tuple[int, int]:
    """(rows, columns) drawn: the configured grid, or 1 × 1 for one panel alone (?panel=N)."""
    return (1, 1) if single else (config.rows, config.columns)


def page_css(config: WallConfig, *, single_panel: int | None) -> str:
    """The <style> block of the wall page: chrome hidden, no scrollbars, the grid, the panels, the type."""
    rows, columns = grid_size(config, single_panel is not None)
    numbers = [single_panel] if single_panel is not None else list(range(1, config.panel_count + 1))
    panels = ", ".join(f".st-key-{panel_key(n)}" for n in numbers)
    views = '[class*="st-key-wall-panel-"][class*="-view-"]'
    inset = BEZEL_INSET_PX
    return f"""<style>
:root {{ --wall-bg: {WALL_BACKGROUND}; --wall-text: {WALL_TEXT}; --wall-muted: {WALL_MUTED}; --wall-line: {WALL_GRID};
  --wall-met: {STATUS_COLORS["met"]}; --wall-close: {STATUS_COLORS["close"]}; --wall-behind: {STATUS_COLORS["behind"]}; }}
html, body {{ overflow: hidden !important; background: var(--wall-bg) !important; }}
* {{ scrollbar-width: none !important; }}
*::-webkit-scrollbar {{ display: none !important; width: 0 !important; height: 0 !important; }}
{_CHROME} {{ display: none !important; }}
.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] {{ background: var(--wall-bg) !important; overflow: hidden !important; }}
.st-key-{GRID_KEY} {{ position: fixed !important; inset: 0 !important; z-index: 999990; margin: 0 !important;
  width: 100vw !important; height: 100vh !important; max-width: none !important; display: grid !important; gap: 0 !important;
  grid-template-columns: repeat({columns}, calc(100vw / {columns})); grid-template-rows: repeat({rows}, calc(100vh / {rows}));
  --u: min(calc(100vw / {columns} / {PANEL_WIDTH}), calc(100vh / {rows} / {PANEL_HEIGHT}));
  background: var(--wall-bg); color: var(--wall-text); font-family: {FONT_FAMILY}; overflow: hidden !important; }}
.st-key-{GRID_KEY} > div {{ box-sizing: border-box; padding: {inset}px; width: 100% !important; height: 100% !important;
  min-width: 0; min-height: 0; overflow: hidden !important; }}
.st-key-{GRID_KEY} [data-stale] {{ opacity: 1 !important; transition: none !important; }}
{panels} {{ position: relative !important; box-sizing: border-box; overflow: hidden !important; gap: 0 !important;
  width: 100% !important; height: 100% !important; }}
{views} {{ position: absolute !important; inset: 0 !important; width: auto !important; height: auto !important;
  display: flex !important; flex-direction: column !important; gap: calc(12 * var(--u)) !important; overflow: hidden !important; }}
{views} > div {{ width: 100% !important; min-height: 0; }}
{views} > div:has(.stPlotlyChart) {{ flex: 1 1 0 !important; min-height: 0 !important; }}
{views}:not(:has(.stPlotlyChart)) > div {{ flex: 1 1 0 !important; min-height: 0 !important; }}
{views}:not(:has(.stPlotlyChart)) .stHtml, {views}:not(:has(.stPlotlyChart)) .wall-tile {{ height: 100%; }}
{views}:not([class*="-view-0 "]):not([class$="-view-0"]) {{ visibility: hidden; }}
{_TYPE}
</style>"""


def in_panel_units(css: str) -> str:
    """'46px' → 'calc(46 * var(--u))': the same size on a full-HD panel, in proportion on any other."""
    return re.sub(r"(\d+(?:\.\d+)?)px\b", r"calc(\1 * var(--u))", css)


# Type scale in CSS px at 1920 × 1080 per panel: nothing under 24 px, headline numbers 120 px and more.
_TYPE = """
.wall-tile { display: flex; flex-direction: column; gap: 20px; line-height: 1.2; color: var(--wall-text); }
.wall-head { display: flex; flex-direction: column; gap: 4px; border-bottom: 3px solid var(--wall-line); padding-bottom: 12px; }
.wall-title { font-size: 46px; font-weight: 700; letter-spacing: 0.5px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.wall-sub { font-size: 30px; color: var(--wall-muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.wall-cards { display: grid; grid-template-columns: 1fr 1fr; gap: 28px 40px; flex: 1 1 auto; align-content: space-evenly; }
.wall-card { display: flex; flex-direction: column; gap: 6px; min-width: 0; }
.wall-label { font-size: 40px; color: var(--wall-muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.wall-big { font-size: 128px; font-weight: 700; line-height: 1.05; white-space: nowrap; }
.wall-note { font-size: 30px; color: var(--wall-text); display: flex; gap: 14px; align-items: center; flex-wrap: wrap; }
.wall-kpi { display: flex; gap: 48px; align-items: center; }
.wall-kpi .wall-notes { display: flex; flex-direction: column; gap: 10px; font-size: 32px; min-width: 0; }
.wall-badge { display: inline-block; font-size: 30px; font-weight: 700; padding: 2px 14px; border-radius: 8px;
  color: #000; background: #8A96A3; white-space: nowrap; }
.wall-badge.wall-met { background: var(--wall-met); } .wall-badge.wall-close { background: var(--wall-close); }
.wall-badge.wall-behind { background: var(--wall-behind); }
.wall-table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 34px; }
.wall-table th { font-size: 30px; color: var(--wall-muted); font-weight: 600; text-align: right; padding: 6px 10px;
  border-bottom: 2px solid var(--wall-line); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.wall-table td { padding: 12px 10px; text-align: right; border-bottom: 1px solid var(--wall-line); white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; }
.wall-table th:first-child, .wall-table td:first-child { text-align: left; }
.wall-section { font-size: 32px; font-weight: 700; color: var(--wall-muted); text-transform: uppercase; }
.wall-brand { font-size: 52px; font-weight: 800; letter-spacing: 1px; }
.wall-brand-sub { font-size: 40px; font-weight: 700; color: var(--wall-muted); }
.wall-now { display: flex; justify-content: space-between; align-items: baseline; gap: 24px; }
.wall-date { font-size: 40px; }
.wall-clock { font-size: 120px; font-weight: 700; font-variant-numeric: tabular-nums; line-height: 1; }
.wall-list { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 14px; }
.wall-list li { font-size: 30px; display: flex; gap: 14px; align-items: baseline; min-width: 0; }
.wall-list li > span:last-child { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; }
.wall-task { display: flex; flex-direction: column; gap: 4px; padding-bottom: 10px; border-bottom: 1px solid var(--wall-line); }
.wall-task-title { font-size: 32px; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
.wall-task-meta { font-size: 28px; color: var(--wall-muted); display: flex; gap: 14px; align-items: center; white-space: nowrap;
  overflow: hidden; }
.wall-cards .wall-big { font-size: 160px; }
.wall-cards .wall-note { font-size: 34px; }
.wall-empty { font-size: 44px; color: var(--wall-muted); padding-top: 120px; text-align: center; }
.wall-offline-note { display: none; font-size: 32px; font-weight: 700; color: #000; background: var(--wall-behind);
  padding: 6px 16px; border-radius: 8px; }
html.wall-offline .wall-offline-note { display: block; }
.wall-lost { font-size: 32px; font-weight: 700; color: #000; background: var(--wall-close); padding: 6px 16px;
  border-radius: 8px; }
.wall-muted { color: var(--wall-muted); }
"""
_TYPE = in_panel_units(_TYPE)


def watchdog_script(config: WallConfig) -> str:
    """Keeps the wall alive without anyone at the keyboard; runs once per page load.

    - ticks the clock every second;
    - shows the views of a rotating panel in turn, by the wall clock (so nine windows turn together) — a style
      change once per step, where a CSS animation would restyle the page every frame;
    - polls /_stcore/health: while the server does not answer, marks the wall offline (tile 2 says so);
    - if the tiles have not refreshed for `reload_after` seconds while the server answers (a server restart that
      left this browser session behind), reloads the page.
    """
    settings = json.dumps(
        {
            "reloadAfterMs": int(config.reload_after * 1000),
            "pollMs": HEALTH_POLL_MS,
            "timeZone": config.timezone,
        }
    )
    return f"""<script>
(function () {{
  if (window.__iocWall) return;
  const cfg = {settings};
  window.__iocWall = cfg;
  const root = document.documentElement;
  const clock = new Intl.DateTimeFormat("vi-VN", {{ hour: "2-digit", minute: "2-digit", hour12: false, timeZone: cfg.timeZone }});
  setInterval(function () {{
    const text = clock.format(new Date());
    document.querySelectorAll("[data-wall-clock]").forEach(function (el) {{ if (el.textContent !== text) el.textContent = text; }});
  }}, 1000);
  function rotate() {{
    const now = Date.now() / 1000;
    document.querySelectorAll("[data-wall-rotate]").forEach(function (mark) {{
      const view = mark.closest('[class*="-view-"]');
      const panel = view && view.parentElement.closest('[class*="st-key-wall-panel-"]');
      if (!panel) return;
      const views = panel.querySelectorAll('[class*="-view-"]');
      const index = Math.floor(now / (parseFloat(mark.getAttribute("data-wall-rotate")) || 20)) % views.length;
      views.forEach(function (v, i) {{
        const want = i === index ? "visible" : "hidden";
        if (v.style.visibility !== want) v.style.visibility = want;
      }});
    }});
  }}
  setInterval(rotate, 1000);
  const base = location.pathname.replace(/\\/+$/, "").replace(/\\/[^\\/]*$/, "");
  let lastBeat = null, lastChange = Date.now();
  setInterval(async function () {{
    const el = document.querySelector("[data-wall-beat]");
    const beat = el ? el.getAttribute("data-wall-beat") : null;
    if (beat !== lastBeat) {{ lastBeat = beat; lastChange = Date.now(); }}
    let healthy = false;
    try {{
      const r = await fetch(base + "/_stcore/health", {{ cache: "no-store" }});
      healthy = r.ok;
    }} catch (e) {{ healthy = false; }}
    root.classList.toggle("wall-offline", !healthy);
    if (healthy && Date.now() - lastChange > cfg.reloadAfterMs) location.reload();
  }}, cfg.pollMs);
}})();
</script>"""
