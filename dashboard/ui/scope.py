"""The period and unit every page shares, kept in the URL (?ky=m2023-05&dv=xa-pho-an) so views can be sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st
from sqlmodel import Session

from dashboard import periods
from dashboard.db import get_engine
from dashboard.units import UnitMatcher, UnitRef

PERIOD_PARAM, UNIT_PARAM = "ky", "dv"
TOWN = "Toàn thị xã"


@dataclass(frozen=True)
class Scope:
    """What a page shows: a period and a unit (None = the whole town)."""

    period: periods.Selected
    unit: UnitRef | None

    @property
    def unit_id(self) -> int | None:
        return self.unit.id if self.unit else None

    @property
    def unit_label(self) -> str:
        return self.unit.name if self.unit else TOWN


@st.cache_resource(ttl=300)
def _units() -> list[UnitRef]:
    with Session(get_engine()) as session:
        return UnitMatcher.load(session).all()


def default_period(today: date | None = None) -> periods.Selected:
    """The last complete month: what a leader looks at before the weekly meeting."""
    today = today or date.today()
    y, m = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return periods.month(y, m)


def read_scope() -> Scope:
    """The scope from the URL, with defaults for anything missing or malformed."""
    period = periods.from_token(st.query_params.get(PERIOD_PARAM)) or default_period()
    code = st.query_params.get(UNIT_PARAM)
    unit = next((u for u in _units() if u.code == code), None)
    return Scope(period, unit)


def scope_selector(*, with_unit: bool = True) -> Scope:
    """Sidebar widgets for the period and unit; changing them rewrites the URL."""
    scope = read_scope()
    sidebar = st.sidebar
    sidebar.markdown("**Phạm vi**")
    kinds = list(periods.KIND_LABELS)
    kind = sidebar.selectbox(
        "Kỳ",
        kinds,
        index=kinds.index(scope.period.kind),
        format_func=periods.KIND_LABELS.__getitem__,
        key="scope_kind",
    )
    years = list(range(date.today().year, 2019, -1))
    selected = _period_widgets(sidebar, kind, scope.period, years)
    unit = scope.unit
    if with_unit:
        options: list[UnitRef | None] = [None, *_units()]
        unit = sidebar.selectbox(
            "Đơn vị",
            options,
            index=options.index(scope.unit) if scope.unit in options else 0,
            format_func=lambda u: TOWN if u is None else u.name,
            key="scope_unit",
        )
    st.query_params[PERIOD_PARAM] = selected.token
    if unit is None:
        st.query_params.pop(UNIT_PARAM, None)
    else:
        st.query_params[UNIT_PARAM] = unit.code
    return Scope(selected, unit)


def _period_widgets(
    container: st.delta_generator.DeltaGenerator, kind: str, current: periods.Selected, years: list[int]
) -> periods.Selected:
    """The inputs for one kind of period, preset from the current one."""
    y = current.end.year if current.end.year in years else years[0]
    if kind == "custom":
        picked = container.date_input("Từ ngày – đến ngày", (current.start, current.end), format="DD/MM/YYYY")
        if isinstance(picked, tuple) and len(picked) == 2:
            return periods.custom(picked[0], picked[1])
        return current
    year = container.selectbox("Năm", years, index=years.index(y), key="scope_year")
    if kind == "year":
        return periods.year(year)
    if kind == "quarter":
        q = container.selectbox("Quý", [1, 2, 3, 4], index=(current.end.month - 1) // 3, key="scope_quarter")
        return periods.quarter(year, q)
    n = container.selectbox(
        "Tháng" if kind == "month" else "Đến hết tháng",
        list(range(1, 13)),
        index=current.end.month - 1,
        key="scope_month",
    )
    return periods.month(year, n) if kind == "month" else periods.first_months(year, n)
