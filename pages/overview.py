"""Tổng quan: the five things most behind and the unit × area status matrix first, then every area's headline KPIs
against their targets with their changes."""

from __future__ import annotations

from datetime import date

import streamlit as st
from sqlmodel import Session

from base import periods
from base.formatting import NO_DATA, vietnam_now, vn_date, vn_number
from dashboard.queries.data_extent import data_extents, own_months
from dashboard.store.db import get_engine
from dashboard.store.read_memo import read_only
from dashboard.views.overview import AREA_PAGES, Overview, build_overview, link
from dashboard.views.overview_html import matrix_html
from dashboard.views.overview_matrix import MatrixRow, status_matrix
from dashboard.views.summary_print import summary_html
from ui import strings as txt
from ui.cards import detail_link, show_card
from ui.components import current_data_version, show_sources
from ui.report_download import report_downloads
from ui.scope import PERIOD_PARAM, UNIT_PARAM, Scope, scope_selector
from ui.session import may_view
from ui.upload import literal

# Areas side by side: (area, relative width) per row, three cards a row at most so every label reads whole.
ROWS = (
    (("dossiers", 1),),
    (("revenue", 1), ("expenditure", 1), ("disbursement", 1)),
    (("tasks", 2), ("service_index", 1)),
)


# The first screen is the leaders': no empty band above the title, a compact title.
FIRST_SCREEN_CSS = (
    "<style>[data-testid='stMainBlockContainer']{padding-top:1rem}"
    "[data-testid='stMainBlockContainer'] h1{padding-top:0;padding-bottom:.25rem}</style>"
)


@st.cache_data(max_entries=64, show_spinner=False)
def load_overview(
    token: str, unit_id: int | None, unit_code: str | None, today: date, version: int
) -> Overview:
    """The overview model; `version` (bumped by every upload) keys the cache so it is never stale.

    On the default period (the dossiers' newest month) each area whose newest month is another shows that month.
    """
    period = periods.from_token(token)
    assert period is not None  # the token comes from a Selected
    links = {PERIOD_PARAM: token, **({UNIT_PARAM: unit_code} if unit_code else {})}
    with Session(get_engine()) as session:
        read_only(session=session)  # the registry and targets are read once for the many reports below
        own = own_months(data_extents(session=session), period, "dossiers")
        return build_overview(
            session=session, period=period, unit_id=unit_id, query=links, today=today, own_months=own
        )


@st.cache_data(max_entries=32, show_spinner=False)
def load_matrix(token: str, today: date, version: int) -> list[MatrixRow]:
    """The unit × area matrix of the period (every unit in force then), cached like the overview."""
    period = periods.from_token(token)
    assert period is not None
    with Session(get_engine()) as session:
        read_only(session=session)  # one report per unit: the registry and targets are read once
        return status_matrix(session=session, period=period, today=today, query={PERIOD_PARAM: token})


def count_text(value: int | None) -> str:
    return NO_DATA if value is None else vn_number(value)


def show_area(container: st.delta_generator.DeltaGenerator, area: str, model: Overview) -> None:
    """One bordered block: the area's title, its cards side by side, their sources, and a link to the details."""
    cards = model.area_cards(area)
    title = AREA_PAGES[area][2]
    block = container.container(border=True)
    block.subheader(title)
    if area in model.area_periods:  # this area's newest figures are of another month than the page's
        block.caption(literal(f"{model.area_periods[area][:1].upper()}{model.area_periods[area][1:]}"))
    if area == "dossiers":
        block.caption(
            txt.overview_caption_tong_so_ho_so(
                count_text=count_text(model.received_total), count_text_2=count_text(model.resolved_total)
            )
        )
    previous_label, last_year_label = model.change_labels(area)
    for col, card in zip(block.columns(max(len(cards), 1)), cards, strict=False):
        show_card(col, card, previous_label=previous_label, last_year_label=last_year_label)
    show_sources(model.sources.get(area, ""), container=block)
    detail_link(block, link(area, query), f"Xem chi tiết: {title}")


def show_behind(model: Overview) -> None:
    """'5 việc chậm nhất': each a link to the page that explains it, with the same period and unit."""
    st.subheader(txt.OVERVIEW_HEADING_5_VIEC_CHAM_NHAT, anchor=False)
    if not model.behind:
        st.success(txt.OVERVIEW_SUCCESS_KHONG_CO_VIEC_NAO)
        return
    for i, item in enumerate(model.behind, start=1):
        detail_link(st, item.link, f"{i}. {item.label}: {item.figure}")


def show_matrix(rows: list[MatrixRow], unit_code: str | None) -> None:
    """The unit × area status matrix: status word, colour and figure per cell, most behind first."""
    st.subheader(txt.OVERVIEW_HEADING_TINH_HINH_CAC_DON, anchor=False)
    shown = [r for r in rows if unit_code is None or r.unit.code == unit_code]
    if not shown:
        st.info(txt.OVERVIEW_INFO_CHUA_CO_DON_VI)
        return
    st.html(matrix_html(shown))


st.html(FIRST_SCREEN_CSS)
st.title(txt.OVERVIEW_TITLE_TONG_QUAN)
if not may_view():
    st.stop()
scope: Scope = scope_selector(dataset="dossiers")
today = vietnam_now().date()
unit_code = scope.unit.code if scope.unit else None
query = {PERIOD_PARAM: scope.period.token, **({UNIT_PARAM: unit_code} if unit_code else {})}
version = current_data_version()
model = load_overview(scope.period.token, scope.unit_id, unit_code, today, version)
st.caption(
    literal(
        txt.overview_caption_so_lieu_tinh_den(
            unit_label=model.unit_label, period_label=model.period_label, as_of=vn_date(model.as_of)
        )
    )
)
show_behind(model)
show_matrix(load_matrix(scope.period.token, today, version), unit_code)
for row in ROWS:
    columns = st.columns([width for _area, width in row])
    for column, (area, _width) in zip(columns, row, strict=True):
        if area != "service_index" or model.area_cards(area):  # the 766 score only where one is stored
            show_area(column, area, model)
show_sources(f"Chỉ tiêu: {model.sources.get('targets', NO_DATA).removeprefix('Nguồn: ')}")
st.download_button(
    txt.OVERVIEW_BUTTON_BAN_TOM_TAT_DE,
    data=summary_html(model, generated_at=vietnam_now()),
    file_name=f"tom-tat-tong-quan-{scope.period.token}{'-' + scope.unit.code if scope.unit else ''}.html",
    mime="text/html",
    icon=":material/print:",
    key="overview_print",
)
report_downloads(scope)
