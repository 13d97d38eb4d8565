"""From a unit's name on screen to that unit's view: the query string that keeps the period, and the unit codes
that ride on chart bars (Plotly customdata) so a click tells which unit it meant. No Streamlit here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

PERIOD_PARAM, UNIT_PARAM = "ky", "dv"
MARK = "► "  # the selected unit's bar label starts with it (dashboard.views.charts.dossiers)


def unit_query(period_token: str | None, unit_code: str | None) -> dict[str, str]:
    """'ky' then 'dv', each only when known: the period is kept, the unit is the one clicked."""
    return {
        **({PERIOD_PARAM: period_token} if period_token else {}),
        **({UNIT_PARAM: unit_code} if unit_code else {}),
    }


def codes_by_label(pairs: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """Label → unit code, for labels that name exactly one unit: a name two units share ("Nguyễn Nghiêm" the
    old ward and the new commune) opens neither rather than the wrong one."""
    known = [(label, code) for label, code in pairs if code]
    counts = Counter(label for label, _code in known)
    return {label: code for label, code in known if counts[label] == 1}


def attach_codes(fig: go.Figure, codes: Mapping[str, str]) -> go.Figure:
    """Put each bar's unit code in its customdata, matched by the bar's category label (horizontal bars: y).

    Bars whose label names no unit (an outside agency, "Khác") carry an empty code and open nothing."""
    for trace in fig.data:
        if not isinstance(trace, go.Bar):
            continue
        labels = trace.y if trace.orientation == "h" else trace.x
        if labels is None:
            continue
        trace.customdata = [codes.get(str(label).removeprefix(MARK), "") for label in labels]
    return fig


def picked_code(points: Sequence[Mapping[str, Any]]) -> str | None:
    """The unit code of the first clicked bar of a Plotly selection event, None without one."""
    for point in points:
        data = point.get("customdata")
        if isinstance(data, list | tuple):
            data = data[0] if data else None
        if isinstance(data, str) and data:
            return data
    return None


def picked_row_code(rows: Sequence[int], codes: Sequence[str | None]) -> str | None:
    """The unit code of the first selected table row (positions in the table as given), None without one."""
    for row in rows:
        if 0 <= row < len(codes) and codes[row]:
            return codes[row]
    return None
