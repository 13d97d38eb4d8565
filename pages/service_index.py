"""Bộ chỉ số 766: the unit's (else Quảng Ngãi's) national service-index score and rank over time, its six groups
with the weakest named, and the ranking of the period with our units marked."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st
from sqlmodel import Session
from streamlit.errors import StreamlitPageNotFoundError

from base.formatting import MISSING, NO_DATA, vn_number, vn_percent
from dashboard.kpis.service_index import SERVICE_INDEX_KPIS
from dashboard.store.db import get_engine
from dashboard.views.charts.service_index import components_bars, score_trend
from dashboard.views.service_index import (
    LEVEL_LABELS,
    OURS,
    RANKING_COLUMNS,
    has_scores,
    levels_of,
    our_units,
    overview,
    ranking_rows,
    source,
)
from ui import strings as txt
from ui.components import chart, current_data_version, excel_download, kpi, show_sources
from ui.drill import unit_dataframe
from ui.scope import scope_selector
from ui.session import may_view
from ui.upload import literal

AREA = "service_index"
HIGHLIGHT = "background-color: #D6EAF8; font-weight: 600"  # with the "◆ Của ta" word: never colour alone


@st.cache_data(max_entries=64, show_spinner=False)
def load(start: date, end: date, unit_id: int | None, version: int) -> dict[str, Any]:
    """The subject's series and the picked month and year; `version` keys the cache to the uploads."""
    with Session(get_engine()) as session:
        if not has_scores(session=session):
            return {"has_data": False}
        data = overview(session=session, unit_id=unit_id, start=start, end=end)
        shown = data.get("month") or data.get("year")
        if shown:
            data["source"] = source(
                session=session,
                period_kind=shown["kind"],
                year=shown["year"],
                period_no=shown["period_no"],
                level=shown["level"],
            )
        return {"has_data": True, **data}


@st.cache_data(max_entries=64, show_spinner=False)
def load_levels(kind: str, year: int, number: int, version: int) -> list[str]:
    """The levels (province, agency, commune) the exports score for a period."""
    with Session(get_engine()) as session:
        return levels_of(session=session, period_kind=kind, year=year, period_no=number)


@st.cache_data(max_entries=64, show_spinner=False)
def load_ranking(kind: str, year: int, number: int, level: str, version: int) -> dict[str, Any]:
    """A level's ranking for a period, our units marked, and the upload it comes from."""
    with Session(get_engine()) as session:
        return {
            "rows": ranking_rows(session=session, period_kind=kind, year=year, period_no=number, level=level),
            "source": source(session=session, period_kind=kind, year=year, period_no=number, level=level),
        }


@st.cache_data(max_entries=64, show_spinner=False)
def load_our_units(start: date, end: date, version: int) -> list[dict[str, Any]]:
    """Our units in force in the period with their portal codes and latest monthly scores."""
    with Session(get_engine()) as session:
        return our_units(session=session, start=start, end=end)


def score_cards(month: dict[str, Any] | None, year: dict[str, Any] | None) -> None:
    """Score and rank of the month and of the year to date; the weakest group and its share of the maximum."""
    total_help, rank_help = SERVICE_INDEX_KPIS["total"].formula, SERVICE_INDEX_KPIS["rank"].formula
    for container, snapshot, what in zip(st.columns(2), (month, year), ("tháng", "năm"), strict=True):
        period = snapshot["period"].lower() if snapshot else what
        suffix = " (lũy kế)" if what == "năm" else ""
        left, right = container.columns(2)
        kpi(
            left,
            txt.service_index_kpi_diem(period=period, suffix=suffix),
            vn_number(snapshot["total"], 2) if snapshot else MISSING,
            definition=total_help,
        )
        rank = snapshot["rank_text"] if snapshot else ""
        kpi(
            right,
            txt.service_index_kpi_xep_hang(period=period, suffix=suffix),
            rank or MISSING,
            definition=rank_help,
        )
    weak = (month or year or {}).get("weakest")
    weakest, share = SERVICE_INDEX_KPIS["weakest"], SERVICE_INDEX_KPIS["share_of_max"]
    name_col, share_col, _ = st.columns([2, 1, 1])
    kpi(name_col, weakest.label, weak["label"] if weak else MISSING, definition=weakest.formula)
    kpi(
        share_col,
        share.label,
        vn_percent(weak["share_of_max"]) if weak else MISSING,
        definition=share.formula,
    )
    if weak:
        share_col.caption(
            txt.service_index_caption_diem(score=vn_number(weak["score"], 2), max=vn_number(weak["max"]))
        )


def history_table(points: list[dict[str, Any]]) -> None:
    """Score and rank of every scored period, newest first, rank as words ('hạng 25/34')."""
    rows = [
        {"Kỳ": p["period"], "Tổng điểm": p["total"], "Xếp hạng": p["rank_text"] or MISSING}
        for p in sorted(points, key=lambda p: (p["start"], p["kind"] == "month"), reverse=True)
    ]
    frame = pd.DataFrame(rows)
    st.dataframe(
        frame.style.format({"Tổng điểm": functools.partial(_shown, kind="money")}),
        hide_index=True,
        width="stretch",
        key="si_history",
    )


def _shown(value: object, kind: str) -> str:
    """A number as the user reads it: two decimals for points, none for ranks, '—' for missing."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return MISSING
    return vn_number(float(value), 2 if kind == "money" else 0)  # type: ignore[arg-type]


def ranking_table(rows: list[dict[str, Any]]) -> None:
    """The ranking: raw numbers underneath (sortable), Vietnamese formats on screen, our rows highlighted; a row
    of one of our units opens that unit's view."""
    headers = [c.header for c in RANKING_COLUMNS]
    frame = pd.DataFrame([[r.get(c.key) for c in RANKING_COLUMNS] for r in rows], columns=headers)
    formats: dict[Any, str | Callable[[object], str] | None] = {
        c.header: functools.partial(_shown, kind=c.kind) for c in RANKING_COLUMNS if c.kind != "text"
    }
    ours = frame["Đơn vị của ta"] == OURS
    styled = frame.style.format(formats).apply(
        lambda row: [HIGHLIGHT if ours[row.name] else "" for _ in row], axis=1
    )
    unit_dataframe(
        styled,
        key="si_ranking",
        area=AREA,
        codes=[r.get("unit_code") for r in rows],
        hide_index=True,
        width="stretch",
        height=min(36 * (len(frame) + 1) + 4, 760),  # a province ranking (34) shows whole
    )


def our_units_table(units: list[dict[str, Any]]) -> None:
    """'Đơn vị của ta': each unit in force, its code on the portal and its latest score, or why there is none."""
    st.subheader(txt.SERVICE_INDEX_HEADING_DON_VI_CUA_TA)
    coded = sum(1 for u in units if u["portal_code"])
    st.caption(
        txt.service_index_caption_don_vi_trong_ky(n_units=vn_number(len(units)), coded=vn_number(coded))
    )
    frame = pd.DataFrame(
        [
            {
                "Đơn vị": u["name"],
                "Mã trên Cổng DVC": u["portal_code"] or "chưa có mã",
                "Kỳ chấm điểm": u["period"] or NO_DATA,
                # As text: the grid draws an empty number as "None" whatever a Styler says.
                "Tổng điểm (tối đa 100)": _shown(u["total"], kind="money"),
                "Xếp hạng": u["rank_text"] or MISSING,
            }
            for u in units
        ]
    )
    unit_dataframe(
        frame,
        key="si_our_units",
        area=AREA,
        codes=[u["code"] for u in units],
        hide_index=True,
        width="stretch",
    )


st.title(txt.SERVICE_INDEX_TITLE_BO_CHI_SO_766)
if not may_view():
    st.stop()
scope = scope_selector(dataset="service_index")
version = current_data_version()
data = load(scope.period.start, scope.period.end, scope.unit_id, version)
if not data["has_data"]:
    st.warning(
        txt.SERVICE_INDEX_WARNING_CHUA_CO_DU_LIEU,
        icon=":material/info:",
    )
    try:
        st.page_link(
            "pages/upload.py", label=txt.SERVICE_INDEX_LINK_TAI_LEN_TEP_XUAT, icon=":material/upload_file:"
        )
    except StreamlitPageNotFoundError:  # AppTest runs the page alone, without the app's navigation
        st.caption(txt.SERVICE_INDEX_LINK_TAI_LEN_TEP_XUAT)
    st.stop()
subject = data["subject"]
if subject is None:
    why = "" if data["coded"] else " (đơn vị chưa có mã trên Cổng Dịch vụ công trong danh mục đơn vị)"
    st.info(literal(txt.service_index_info_cong_dich_vu_cong(who=data["who"], why=why)))
else:
    month, year = data["month"], data["year"]
    if month is None and year is None:
        st.info(
            literal(
                txt.service_index_info_bo_chi_so_766(no_data=NO_DATA.capitalize(), label=scope.period.label)
            )
        )
        st.stop()
    if month is not None and not data["month_inside"]:
        st.info(
            literal(txt.service_index_info_ky_chua_co_diem(label=scope.period.label, period=month["period"]))
        )
    st.caption(literal(f"{subject} · {(month or year)['period']}"))
    score_cards(month, year)

    shown = month or year
    chart(
        components_bars(subject, shown["components"], shown["period"]),
        key="si_components",
        filename="chi-so-766-nhom",
    )
    left, right = st.columns([2, 1])
    with left:
        chart(
            score_trend(subject, data["months"] or data["years"]), key="si_trend", filename="chi-so-766-diem"
        )
    with right:
        st.markdown(txt.SERVICE_INDEX_TEXT_DIEM_VA_XEP_HANG)
        history_table([*data["months"], *data["years"]])
    show_sources(data["source"])

our_units_table(load_our_units(scope.period.start, scope.period.end, version))

st.subheader(txt.SERVICE_INDEX_HEADING_BANG_XEP_HANG)
snapshots = data["snapshots"]
if not snapshots:
    st.info(
        literal(
            txt.service_index_info_bang_xep_hang_den(no_data=NO_DATA.capitalize(), label=scope.period.label)
        )
    )
    st.stop()
choice = st.radio(
    txt.SERVICE_INDEX_LABEL_KY_CHAM_DIEM,
    range(len(snapshots)),
    format_func=lambda i: snapshots[i]["period"] + (" (lũy kế)" if snapshots[i]["kind"] == "year" else ""),
    horizontal=True,
    key="si_snapshot",
)
snap = snapshots[choice or 0]
levels = load_levels(snap["kind"], snap["year"], snap["period_no"], version)
if not levels:
    st.info(txt.service_index_info_bang_xep_hang_cho(no_data=NO_DATA.capitalize(), period=snap["period"]))
    st.stop()
level = st.radio(
    txt.SERVICE_INDEX_LABEL_CAP,
    levels,
    format_func=LEVEL_LABELS.__getitem__,
    horizontal=True,
    key=f"si_level_{snap['kind']}_{snap['year']}_{snap['period_no']}",
)
level = level if level in levels else levels[0]
table = load_ranking(snap["kind"], snap["year"], snap["period_no"], level, version)
ranked = table["rows"]
marked = sum(r["ours"] == OURS for r in ranked)
st.caption(
    f"{vn_number(len(ranked))} đơn vị; tô màu và ghi “{OURS}”: {vn_number(marked)} đơn vị của tỉnh, thị xã."
    if marked
    else f"{vn_number(len(ranked))} đơn vị; không có đơn vị nào của ta trong bảng này."
)
ranking_table(ranked)
excel_download(
    title=txt.service_index_export_title_bang_xep_hang_bo(level_labels=LEVEL_LABELS[level]),
    period_label=snap["period"],
    columns=RANKING_COLUMNS,
    rows=ranked,
    key="si_ranking_xlsx",
    file_name=f"chi-so-766-{level}-{snap['year']}-{snap['period_no']:02d}.xlsx",
    source=table["source"],
)
show_sources(table["source"])
