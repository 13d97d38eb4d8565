"""The period and unit every page shares, kept in the URL (?ky=m2023-05&dv=xa-pho-an) so views can be sent."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

import streamlit as st
from sqlmodel import Session

from base import periods
from base.units import UnitRef, predecessors_note
from dashboard.queries.data_extent import Extent, data_extents, latest_month, picker_years
from dashboard.settings import get_settings
from dashboard.store.db import get_engine
from dashboard.store.units import UnitMatcher, area_label
from dashboard.views.unit_links import PERIOD_PARAM as PERIOD_PARAM  # the pages read them from here too
from dashboard.views.unit_links import UNIT_PARAM as UNIT_PARAM
from ui import strings as txt
from ui.components import current_data_version
from ui.upload import literal

_UNIT_KEY = "scope_unit"
_URL_UNIT = "scope_unit_in_url"  # the dv= this session last wrote: another one in the URL came from a link
# The picker's whole-area option: not None, which a selectbox's state reads as "nothing chosen".
WHOLE_AREA = ""


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
        return self.unit.name if self.unit else whole_area()


@st.cache_resource(ttl=300)
def _units() -> list[UnitRef]:
    with Session(get_engine()) as session:
        return UnitMatcher.load(session=session).all()


def pickable_units() -> list[UnitRef]:
    """The units of the picker: every unit but the root, which is the whole area ("Toàn thị xã") itself."""
    root = get_settings().root_unit
    return [u for u in _units() if u.code != root]


def whole_area() -> str:
    """The label of the whole area ("Toàn thị xã", "Toàn tỉnh" …), from the registry's root unit."""
    return area_label(_units())


@st.cache_data(ttl=300, show_spinner=False)
def _extents(version: int) -> dict[str, Extent]:
    """The datasets' extents; `version` keys the cache to the uploads."""
    with Session(get_engine()) as session:
        return data_extents(session=session)


def default_period(today: date | None = None) -> periods.Selected:
    """The last complete month: what a leader looks at before the weekly meeting."""
    today = today or date.today()
    y, m = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return periods.month(y, m)


def read_scope(dataset: str | None = None) -> Scope:
    """The scope from the URL; without a period there, the month of the dataset's newest figures."""
    period = periods.from_token(st.query_params.get(PERIOD_PARAM))
    if period is None:
        period = (dataset and latest_month(_extents(current_data_version()), dataset)) or default_period()
    code = st.query_params.get(UNIT_PARAM)
    unit = next((u for u in pickable_units() if u.code == code), None)  # the root's code: the whole area
    return Scope(period, unit)


def scope_selector(*, with_unit: bool = True, dataset: str | None = None) -> Scope:
    """Sidebar widgets for the period and unit; changing them rewrites the URL.

    A page opened without a period shows its dataset's newest month and says so, with the current month a click
    away: a first view of "no data" for last month tells a leader nothing.
    """
    opened_without_period = PERIOD_PARAM not in st.query_params
    scope = read_scope(dataset)
    if opened_without_period and dataset is not None:
        latest_note(scope.period)
    sidebar = st.sidebar
    sidebar.markdown(txt.SCOPE_TEXT_PHAM_VI)
    kinds = list(periods.KIND_LABELS)
    kind = sidebar.selectbox(
        txt.SCOPE_LABEL_KY,
        kinds,
        index=kinds.index(scope.period.kind),
        format_func=periods.KIND_LABELS.__getitem__,
        key="scope_kind",
    )
    years = picker_years(_extents(current_data_version()), dataset, date.today())
    selected = _period_widgets(sidebar, kind, scope.period, years)
    unit = scope.unit
    if with_unit:
        # Options are unit codes (plain strings keep the widget's state stable across reruns), names on screen.
        by_code = {u.code: u for u in pickable_units()}
        codes = [WHOLE_AREA, *by_code]
        wanted = scope.unit.code if scope.unit else WHOLE_AREA
        # Opened from a link or a click on a unit: the URL's unit wins over the picker's last choice.
        navigated = _URL_UNIT in st.session_state and st.session_state[_URL_UNIT] != st.query_params.get(
            UNIT_PARAM
        )
        if navigated:
            st.session_state[_UNIT_KEY] = wanted
        chosen = sidebar.selectbox(
            txt.COMMON_LABEL_DON_VI,
            codes,
            index=0 if navigated else codes.index(wanted),  # the state set just above is the value then
            format_func=functools.partial(_unit_label, by_code),
            key=_UNIT_KEY,
        )
        unit = by_code.get(chosen or WHOLE_AREA)
        note = predecessors_note(UnitMatcher(_units(), []), unit.id if unit else None)
        if note:  # a successor's figures include its predecessors' months: say so beside the picker
            sidebar.caption(literal(note[:1].upper() + note[1:] + "."))
    st.query_params[PERIOD_PARAM] = selected.token
    if unit is None:
        st.query_params.pop(UNIT_PARAM, None)
    else:
        st.query_params[UNIT_PARAM] = unit.code
    st.session_state[_URL_UNIT] = st.query_params.get(UNIT_PARAM)
    if with_unit and unit is not None:
        breadcrumb(unit)
    return Scope(selected, unit)


def _unit_label(by_code: dict[str, UnitRef], code: str) -> str:
    """A picker option's text; a text that is no code is shown as it is (AppTest formats the shown names again)."""
    if code == WHOLE_AREA:
        return whole_area()
    if code not in by_code:
        return code
    unit = by_code[code]
    # "Nguyễn Nghiêm" was a ward and is now a commune: two entries, told apart by their kind.
    shared = sum(u.name == unit.name for u in by_code.values()) > 1
    return unit_title(unit) if shared else unit.name


def unit_title(unit: UnitRef) -> str:
    """'xã Phổ An', 'phường Phổ Văn', 'Phòng Tư pháp': how people name the unit."""
    word = {"ward": "phường", "commune": "xã"}.get(unit.kind)
    return f"{word} {unit.name}" if word else unit.name


def _whole_area_clicked() -> None:
    st.session_state[_UNIT_KEY] = WHOLE_AREA  # before the rerun draws the picker: it then drops dv


def breadcrumb(unit: UnitRef) -> None:
    """'Toàn thị xã › xã Phổ An', the first a link back to the whole area with the same period."""
    row = st.container(horizontal=True, gap="small", vertical_alignment="center")
    row.button(
        whole_area(),
        type="tertiary",
        icon=":material/arrow_back:",
        key="scope_breadcrumb_root",
        on_click=_whole_area_clicked,
        help=txt.SCOPE_HELP_VE_SO_LIEU_TOAN,
    )
    row.markdown(f"› **{literal(unit_title(unit))}**")  # the name is data: never markup


def latest_note(shown: periods.Selected) -> None:
    """'Số liệu mới nhất: Tháng 12/2023' with a link to the current month, when that is another month."""
    current = default_period()
    if shown.token == current.token:
        return
    st.caption(
        literal(txt.scope_text_so_lieu_moi_nhat(label=shown.label.lower()))
        + f" [Xem {current.label.lower()}](?{PERIOD_PARAM}={current.token})"
    )


def _period_widgets(
    container: st.delta_generator.DeltaGenerator, kind: str, current: periods.Selected, years: list[int]
) -> periods.Selected:
    """The inputs for one kind of period, preset from the current one."""
    y = current.end.year if current.end.year in years else years[0]
    if kind == "custom":
        picked = container.date_input(
            txt.SCOPE_LABEL_TU_NGAY_DEN_NGAY, (current.start, current.end), format="DD/MM/YYYY"
        )
        if isinstance(picked, tuple) and len(picked) == 2:
            return periods.custom(picked[0], picked[1])
        return current
    year = container.selectbox(txt.COMMON_LABEL_NAM, years, index=years.index(y), key="scope_year")
    if kind == "year":
        return periods.year(year)
    if kind == "quarter":
        q = container.selectbox(
            txt.SCOPE_LABEL_QUY, [1, 2, 3, 4], index=(current.end.month - 1) // 3, key="scope_quarter"
        )
        return periods.quarter(year, q)
    n = container.selectbox(
        "Tháng" if kind == "month" else "Đến hết tháng",
        list(range(1, 13)),
        index=current.end.month - 1,
        key="scope_month",
    )
    return periods.month(year, n) if kind == "month" else periods.first_months(year, n)
