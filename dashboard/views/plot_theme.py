"""The one Plotly look of the app: "ioc" for laptops, "ioc_wall" (dark, high contrast, large type) for the wall.

Importing this module registers both templates with plotly.io; pages pass `template=LIGHT` or `template=WALL`.
Colours are the Okabe–Ito palette (safe for colour-blind readers); numbers use Vietnamese separators
(`separators=",."` → 1.528 and 27,73); bar axes start at zero.
"""

from __future__ import annotations

from typing import Final

import plotly.graph_objects as go
import plotly.io as pio

LIGHT: Final = "ioc"
WALL: Final = "ioc_wall"

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO: Final[dict[str, str]] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
# Series order: the strongest contrast against each background first (yellow is unreadable on white).
LIGHT_COLORWAY: Final = [
    OKABE_ITO[k]
    for k in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue", "black")
]
WALL_COLORWAY: Final = [
    OKABE_ITO[k] for k in ("sky_blue", "orange", "bluish_green", "yellow", "reddish_purple", "vermillion")
]
# Status against a target (dashboard.kpis.common.status): always shown with an icon or a word as well.
STATUS_COLORS: Final[dict[str, str]] = {
    "met": OKABE_ITO["bluish_green"],
    "close": OKABE_ITO["orange"],
    "behind": OKABE_ITO["vermillion"],
}
NEUTRAL: Final = "#8A96A3"  # no target or no status
# Sans-serif faces with Vietnamese glyphs (Noto Sans and DejaVu Sans on Linux, Segoe UI / Arial on Windows).
FONT_FAMILY: Final = '"Noto Sans", "DejaVu Sans", "Segoe UI", Roboto, Arial, sans-serif'
SEPARATORS: Final = ",."  # decimal ",", thousands "."

WALL_BACKGROUND: Final = "#0B0F14"
WALL_TEXT: Final = "#F2F5F8"
WALL_MUTED: Final = "#C3CCD6"
WALL_GRID: Final = "#3A4552"
WALL_FONT_PX: Final = 30  # nothing on the wall below 24 CSS px at 1920×1080 per panel
LIGHT_TEXT: Final = "#1B2733"
LIGHT_GRID: Final = "#D9DEE4"


def _axis(*, grid: str, text: str, size: int, automargin: bool) -> dict[str, object]:
    return {
        "rangemode": "tozero",  # bars start at zero (ignored by date axes)
        "gridcolor": grid,
        "zerolinecolor": grid,
        "linecolor": grid,
        "tickfont": {"size": size, "color": text},
        "title": {"font": {"size": size, "color": text}},
        "automargin": automargin,
        "separatethousands": True,
    }


def _template(
    *, background: str, text: str, grid: str, colorway: list[str], size: int, automargin: bool
) -> go.layout.Template:
    """`automargin` is convenient on laptops; the wall sets its margins itself (each automargin pass is a redraw)."""
    axis = _axis(grid=grid, text=text, size=size, automargin=automargin)
    return go.layout.Template(
        layout={
            "font": {"family": FONT_FAMILY, "size": size, "color": text},
            "title": {"font": {"size": round(size * 1.25), "color": text}, "x": 0, "xanchor": "left"},
            "separators": SEPARATORS,
            "colorway": colorway,
            "paper_bgcolor": background,
            "plot_bgcolor": background,
            "xaxis": axis,
            "yaxis": axis,
            "legend": {"font": {"size": size, "color": text}, "bgcolor": "rgba(0,0,0,0)"},
            "hoverlabel": {"font": {"family": FONT_FAMILY, "size": size}},
            "bargap": 0.25,
            "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        },
        data={
            "bar": [go.Bar(textfont={"size": size}, cliponaxis=False)],
            "scatter": [go.Scatter(line={"width": max(2, size // 6)}, marker={"size": size // 2})],
        },
    )


def register() -> None:
    """Put both templates into plotly.io.templates (idempotent; done on import)."""
    pio.templates[LIGHT] = _template(
        background="#FFFFFF",
        text=LIGHT_TEXT,
        grid=LIGHT_GRID,
        colorway=LIGHT_COLORWAY,
        size=14,
        automargin=True,
    )
    pio.templates[WALL] = _template(
        background=WALL_BACKGROUND,
        text=WALL_TEXT,
        grid=WALL_GRID,
        colorway=WALL_COLORWAY,
        size=WALL_FONT_PX,
        automargin=False,
    )


register()
