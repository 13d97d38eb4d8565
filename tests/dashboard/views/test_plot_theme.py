"""The app's two Plotly looks: registered on import, Vietnamese separators, bars from zero, and colours that
stay readable (WCAG contrast worked out from the hex values) on the laptop's white and the wall's dark ground."""

from __future__ import annotations

import plotly.io as pio
import pytest

from dashboard.views import plot_theme
from dashboard.views.plot_theme import (
    LIGHT,
    LIGHT_COLORWAY,
    LIGHT_TEXT,
    OKABE_ITO,
    STATUS_COLORS,
    WALL,
    WALL_BACKGROUND,
    WALL_COLORWAY,
    WALL_FONT_PX,
    WALL_MUTED,
    WALL_TEXT,
)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_helper_on_known_pairs():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_both_templates_are_registered_with_vietnamese_separators_and_bars_from_zero():
    for name in (LIGHT, WALL):
        layout = pio.templates[name].layout
        assert layout.separators == ",."
        assert layout.xaxis.rangemode == "tozero" and layout.yaxis.rangemode == "tozero"
    assert pio.templates[LIGHT].layout.paper_bgcolor == "#FFFFFF"
    assert pio.templates[WALL].layout.paper_bgcolor == WALL_BACKGROUND


def test_register_is_idempotent():
    plot_theme.register()
    assert list(pio.templates[WALL].layout.colorway) == WALL_COLORWAY


def test_the_wall_type_is_large_and_laid_out_by_hand():
    layout = pio.templates[WALL].layout
    assert layout.font.size == WALL_FONT_PX >= 24
    assert layout.title.font.size == round(WALL_FONT_PX * 1.25)
    assert layout.xaxis.automargin is False
    assert pio.templates[LIGHT].layout.xaxis.automargin is True


def test_text_contrast():
    assert contrast(WALL_TEXT, WALL_BACKGROUND) >= 7  # AAA
    assert contrast(WALL_MUTED, WALL_BACKGROUND) >= 4.5  # AA
    assert contrast(LIGHT_TEXT, "#FFFFFF") >= 7


def test_every_wall_series_reads_on_the_dark_ground():
    assert min(contrast(c, WALL_BACKGROUND) for c in WALL_COLORWAY) >= 4.5


def test_yellow_is_kept_off_white_and_the_first_light_series_is_the_strongest_colour():
    assert OKABE_ITO["yellow"] not in LIGHT_COLORWAY
    assert contrast(OKABE_ITO["yellow"], "#FFFFFF") < 1.5
    first = contrast(LIGHT_COLORWAY[0], "#FFFFFF")
    assert first >= 4.5 and all(first >= contrast(c, "#FFFFFF") for c in LIGHT_COLORWAY[1:-1])


def test_status_colours_are_distinct_palette_colours():
    assert set(STATUS_COLORS) == {"met", "close", "behind"}
    assert len(set(STATUS_COLORS.values())) == 3
    assert set(STATUS_COLORS.values()) <= set(OKABE_ITO.values())
