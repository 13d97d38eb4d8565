"""Monthly dossier counts per unit and sector, computed from the active dossier lists (flows and stocks)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import String, delete, insert, select, type_coerce
from sqlmodel import Session, col

from base.periods import Period, month_end
from dashboard.store.models import DOSSIER_FIELDS, Batch, Dossier, DossierMonthly

_CLOSED = ("done", "withdrawn", "rejected")


def months_between(start: date, end: date) -> list[tuple[date, date]]:
    """Calendar months from start's to end's, clipped to [start, end]."""
    return [(max(date(y, m, 1), start), min(month_end(y, m), end)) for y, m in Period(start, end, "").months]


def merge_intervals(spans: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """Overlapping or touching date ranges joined, so no month is counted twice."""
    merged: list[tuple[date, date]] = []
    for start, end in sorted(spans):
        if merged and start.toordinal() <= merged[-1][1].toordinal() + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _received_closed(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Each dossier's day of receipt and day of closing (NaT while open)."""
    received = frame["received_at"].dt.normalize()
    closed = frame["finished_at"].dt.normalize().where(frame["status"].isin(_CLOSED))
    # A withdrawn or rejected dossier with no date is taken as closed the day it came in.
    closed = closed.fillna(received.where(frame["status"].isin(("withdrawn", "rejected"))))
    return received, closed


def _month_number(day: date) -> int:
    return day.year * 12 + day.month - 1


def months_with_data(frame: pd.DataFrame, months: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """The months in which some dossier is received, open or closed: a month no dossier touches has no row.

    A list with dossiers in 2023 and one in 2099 thus yields the months of 2023 and one of 2099, not the 900
    months between; the work is one check per month, not a pass over the dossiers.
    """
    months = list(months)
    if frame.empty or not months:
        return []
    received, closed = _received_closed(frame)
    first = received.dt.year * 12 + received.dt.month - 1
    open_ended = _month_number(max(end for _, end in months))
    last = (closed.dt.year * 12 + closed.dt.month - 1).fillna(open_ended)
    spans: list[tuple[int, int]] = []
    for start, end in sorted(set(zip(first.astype("int64"), last.astype("int64"), strict=True))):
        if spans and start <= spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    starts = [start for start, _ in spans]
    kept = []
    for month in months:
        number = _month_number(month[0])
        i = bisect_right(starts, number) - 1
        if i >= 0 and spans[i][1] >= number:
            kept.append(month)
    return kept


def compute_monthly(
    frame: pd.DataFrame, months: Iterable[tuple[date, date]], *, has_due: bool
) -> pd.DataFrame:
    """Counts per (unit_id, sector) and per unit (sector '') for each month, as form II.06a defines them.

    `frame` has unit_id, sector, channel, status, received_at, due_at, finished_at (datetime64).
    """
    months = months_with_data(frame, months)
    if not months:
        return pd.DataFrame(columns=["unit_id", "sector", "period_start", "period_end", *DOSSIER_FIELDS])
    received_at, closed_at = _received_closed(frame)
    # Plain arrays: NaT compares False as in pandas, at a fraction of the cost per month.
    received, closed = received_at.to_numpy("datetime64[ns]"), closed_at.to_numpy("datetime64[ns]")
    due = frame["due_at"].dt.normalize().to_numpy("datetime64[ns]")
    open_, no_due = np.isnat(closed), np.isnat(due)
    status, channel = frame["status"], frame["channel"]
    done, supplement = (
        status.eq(word).to_numpy(dtype=bool, na_value=False) for word in ("done", "supplement")
    )
    online, direct, postal = (
        channel.eq(word).to_numpy(dtype=bool, na_value=False) for word in ("online", "direct", "postal")
    )
    # Group numbers found once: each month's counts are then one bincount per figure, not two groupbys.
    groupings = [_grouping(frame, by_sector) for by_sector in (True, False)]
    parts = []
    for start, end in months:
        s, e = np.datetime64(start, "ns"), np.datetime64(end, "ns")
        carried = (received < s) & (open_ | (closed >= s))
        new = (received >= s) & (received <= e)
        closed_in = (closed >= s) & (closed <= e)
        resolved = closed_in & done
        pending = (received <= e) & (open_ | (closed > e))
        overdue = pending & (due < e)
        flags = {
            "received_carried_over": carried,
            "received_new": new,
            "received_online": new & online,
            "received_direct": new & direct,
            "received_postal": new & postal,
            "resolved_total": resolved,
            "resolved_early": resolved & (closed < due),
            "resolved_on_time": resolved & ((closed == due) | no_due),
            "resolved_late": resolved & (closed > due),
            "pending_total": pending,
            "pending_overdue": overdue,
            "withdrawn": closed_in & ~done,
            "awaiting_supplement": pending & supplement,
        }
        for codes, labels in groupings:
            valid = codes >= 0  # a row without a unit is in no group, as groupby drops it
            in_group = codes[valid]
            grouped = labels.assign(
                **{k: np.bincount(in_group[m[valid]], minlength=len(labels)) for k, m in flags.items()}
            )
            active = grouped[grouped[list(flags)].sum(axis=1) > 0]
            parts.append(active.assign(period_start=start, period_end=end))
    out = pd.concat(parts, ignore_index=True)
    out["received_total"] = out["received_carried_over"] + out["received_new"]
    out["received_direct_or_postal"] = out["received_direct"] + out["received_postal"]
    out["resolved_in_time"] = out["resolved_early"] + out["resolved_on_time"]
    out["pending_within_deadline"] = out["pending_total"] - out["pending_overdue"]
    if not has_due:
        for name in ("resolved_early", "resolved_on_time", "resolved_in_time", "resolved_late"):
            out[name] = None
        out["pending_within_deadline"] = out["pending_overdue"] = None
    if not frame["channel"].notna().any():
        for name in ("received_online", "received_direct", "received_postal", "received_direct_or_postal"):
            out[name] = None
    return out


def _grouping(frame: pd.DataFrame, by_sector: bool) -> tuple[np.ndarray, pd.DataFrame]:
    """Each row's group number (-1 without a unit) and the groups' keys (unit_id, sector), as groupby numbers them."""
    keys = [frame["unit_id"], frame["sector"].fillna("")] if by_sector else [frame["unit_id"]]
    grouped = frame.groupby(keys, sort=False)
    codes = grouped.ngroup().fillna(-1).to_numpy(dtype="int64")
    labels = grouped.size().index.to_frame(index=False)
    if not by_sector:
        labels["sector"] = ""
    return codes, labels


def refresh_monthly(
    unit_ids: Iterable[int], *, session: Session, stored: tuple[int, pd.DataFrame] | None = None
) -> int:
    """Recompute the monthly rows of these units from their active dossiers; returns rows written.

    `stored` is (batch id, frame) of a list this session has just stored: its dossiers are taken from the frame
    instead of being read back (a third of the refresh for 100,000 dossiers).
    """
    ids = sorted(set(unit_ids))
    if not ids:
        return 0
    session.execute(delete(DossierMonthly).where(col(DossierMonthly.unit_id).in_(ids)))
    # SQLite keeps times as ISO text: read as text, they are parsed for the whole column at once (SQLAlchemy's
    # per-value parsing and pandas' inspection of each result row took 1.5 s for 100,000 dossiers).
    as_text = session.connection().dialect.name == "sqlite"
    times = [
        type_coerce(col(column), String) if as_text else col(column)
        for column in (Dossier.received_at, Dossier.due_at, Dossier.finished_at)
    ]
    stmt = (
        select(
            col(Dossier.unit_id),
            col(Dossier.sector),
            col(Dossier.channel),
            col(Dossier.status),
            *times,
            col(Dossier.batch_id),
        )
        .join(Batch, col(Batch.id) == col(Dossier.batch_id))
        .where(col(Dossier.unit_id).in_(ids), col(Batch.status) == "active")
    )
    if stored is not None:
        stmt = stmt.where(col(Dossier.batch_id) != stored[0])
    rows = session.execute(stmt).all()
    names = ["unit_id", "sector", "channel", "status", "received_at", "due_at", "finished_at", "batch_id"]
    columns = list(map(list, zip(*rows, strict=True))) if rows else [[] for _ in names]
    frame = pd.DataFrame(dict(zip(names, columns, strict=True)))
    for key in ("received_at", "due_at", "finished_at"):
        frame[key] = pd.to_datetime(frame[key], format="ISO8601" if as_text else None)
    if stored is not None:
        batch_id, new = stored
        new = new.loc[new["unit_id"].isin(ids), names[:-1]].assign(batch_id=batch_id)
        frame = new if frame.empty else pd.concat([frame, new], ignore_index=True)
    if frame.empty:
        return 0
    batches = session.execute(
        select(col(Batch.id), col(Batch.period_start), col(Batch.period_end)).where(
            col(Batch.id).in_(frame["batch_id"].unique().tolist())
        )
    ).all()
    months = [
        m
        for start, end in merge_intervals((s, e) for _, s, e in batches if s and e)
        for m in months_between(start, end)
    ]
    # Every dossier in a list counts; the months are those the active lists cover.
    has_due = bool(frame["due_at"].notna().any())
    monthly = compute_monthly(frame, months, has_due=has_due)
    records: list[dict[str, Any]] = [
        {
            str(k): (None if pd.isna(v) else (int(v) if k in DOSSIER_FIELDS or k == "unit_id" else v))
            for k, v in r.items()
        }
        for r in monthly[["unit_id", "sector", "period_start", "period_end", *DOSSIER_FIELDS]].to_dict(
            "records"
        )
    ]
    if records:
        session.execute(insert(DossierMonthly), records)
    return len(records)
