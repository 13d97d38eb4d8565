"""The pages' view of units that owed the period's report and sent none (see dashboard.queries.not_reported)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import streamlit as st
from sqlmodel import Session

from base.formatting import vietnam_now
from dashboard.queries.not_reported import not_reported_line, not_reported_names
from dashboard.store.db import get_engine
from ui.components import current_data_version
from ui.upload import literal


@st.cache_data(max_entries=64, show_spinner=False)
def _load(
    dataset: str,
    year: int,
    month: int,
    today: date,
    kinds: tuple[str, ...] | None,
    as_agencies: bool,
    within: int | None,
    version: int,
) -> tuple[str, ...]:
    """Cached per data version: a new upload can turn a "chưa báo cáo" into a report."""
    with Session(get_engine()) as session:
        return not_reported_names(
            session=session,
            dataset=dataset,
            year=year,
            month=month,
            today=today,
            kinds=kinds,
            as_agencies=as_agencies,
            within=within,
        )


def not_reported_for(
    dataset: str,
    period_end: date,
    kinds: Sequence[str] | None = None,
    *,
    as_agencies: bool = False,
    within: int | None = None,
) -> tuple[str, ...]:
    """Units (of these kinds; within the scope's unit) that owed the report of the period's last month and sent
    none, as of today."""
    return _load(
        dataset,
        period_end.year,
        period_end.month,
        vietnam_now().date(),
        None if kinds is None else tuple(kinds),
        as_agencies,
        within,
        current_data_version(),
    )


def not_reported_caption(names: Sequence[str], period_end: date) -> None:
    """The line under a unit table naming the units that sent nothing (none: no line)."""
    line = not_reported_line(names, year=period_end.year, month=period_end.month)
    if line:
        st.caption(literal(line))
