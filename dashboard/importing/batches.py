"""Storing a parsed sheet as one batch: what it replaces, what it overlaps, and the rows it writes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col
from sqlmodel import select as sqlmodel_select

from base.formatting import vietnam_now, vn_datetime
from base.kinds import KIND_TITLES
from dashboard.queries.provenance import uploaded_by
from dashboard.store.db import bump_data_version
from dashboard.store.dossier_monthly import refresh_monthly
from dashboard.store.models import DOSSIER_FIELDS, ROW_MODELS, Batch, Dossier, DossierFigure, StoredFile, Unit
from data_loaders.base import ParsedSheet
from data_loaders.date_window import DateWindow
from data_loaders.dossier_report import FigureRecord
from data_loaders.problems import Problems
from data_loaders.reasons import ReasonCode

_CODE_CHUNK = 5000
_PLAN_KINDS = frozenset({"tasks", "targets"})


@dataclass
class Plan:
    """What storing a sheet will do to the batches already there."""

    replaces: list[Batch] = field(default_factory=list)


def describe(batch: Batch, unit_names: dict[int, str]) -> str:
    """'lô #5 (Phổ An, Tháng 5/2023, tệp x.xlsx, 12/03/2024 bởi an)' for messages."""
    unit = unit_names.get(batch.unit_id, "") if batch.unit_id else ""
    when = vn_datetime(batch.created_at) if batch.created_at else ""
    bits = [
        b
        for b in (unit, batch.period_label, f"tệp {batch.file_name}", f"{when} {uploaded_by(batch.user)}")
        if b
    ]
    return f"lô #{batch.id} ({', '.join(bits)})"


def plan_sheet(parsed: ParsedSheet, problems: Problems, *, session: Session, today: date) -> Plan:
    """Find the batches this sheet replaces and explain overlaps and clashes as problems."""
    plan = Plan()
    period = parsed.period
    if period is None:
        return plan
    names: dict[int, str] = {
        uid: name for uid, name in session.execute(select(col(Unit.id), col(Unit.name))).all()
    }
    window = DateWindow.around(today)
    if not window.holds(period.start) or (parsed.kind not in _PLAN_KINDS and not window.holds(period.end)):
        # A year typed as 1900 or 9999 would otherwise reach every monthly table and chart.
        problems.error(
            ReasonCode.IMPLAUSIBLE_PERIOD,
            f"Kỳ báo cáo {period.label} nằm ngoài khoảng hợp lý {window.label}. Có thể năm bị gõ sai; hãy sửa "
            "kỳ ở tiêu đề (ví dụ “Kỳ báo cáo: Tháng 5/2023”) rồi nhập lại.",
            sheet=parsed.sheet,
            value=period.label,
        )
        return plan
    # A plan or a target list naturally covers the year under way; only a report can't be of days to come.
    starts_later = parsed.kind in _PLAN_KINDS and period.start > today
    if starts_later or (parsed.kind not in _PLAN_KINDS and period.end > today):
        problems.warning(
            ReasonCode.FUTURE_PERIOD,
            f"Kỳ báo cáo {period.label} kết thúc sau hôm nay ({today:%d/%m/%Y}). Hãy kiểm tra lại năm/tháng ở tiêu đề.",
            sheet=parsed.sheet,
        )
    unit_id = parsed.unit.id if parsed.unit else None
    same_unit = col(Batch.unit_id).is_(None) if unit_id is None else col(Batch.unit_id) == unit_id
    active = sqlmodel_select(Batch).where(
        col(Batch.kind) == parsed.kind, col(Batch.status) == "active", same_unit
    )
    if parsed.kind == "dossier_list":
        same_scope = session.exec(active).all()
        plan.replaces = [
            b
            for b in same_scope
            if b.period_start
            and b.period_end
            and period.start <= b.period_start
            and b.period_end <= period.end
        ]
        _check_dossier_clash(parsed, plan, problems, names, session=session)
    else:
        plan.replaces = list(
            session.exec(
                active.where(
                    col(Batch.period_start) == period.start,
                    col(Batch.period_end) == period.end,
                )
            ).all()
        )
        if parsed.kind == "dossier_report":
            _check_report_overlap(parsed, plan, problems, names, session=session)
    return plan


def _check_report_overlap(
    parsed: ParsedSheet, plan: Plan, problems: Problems, names: dict[int, str], *, session: Session
) -> None:
    """Warn when another report of the same units covers part of this period (it is never added twice)."""
    assert parsed.period is not None
    units = {r.unit.id for r in parsed.records if isinstance(r, FigureRecord)}
    skip = {b.id for b in plan.replaces}
    rows = session.execute(
        select(col(DossierFigure.batch_id), col(DossierFigure.unit_id))
        .join(Batch, col(Batch.id) == col(DossierFigure.batch_id))
        .where(
            col(Batch.status) == "active",
            col(DossierFigure.sector) == "",
            col(DossierFigure.unit_id).in_(units),
            col(DossierFigure.period_start) <= parsed.period.end,
            col(DossierFigure.period_end) >= parsed.period.start,
        )
    ).all()
    clashes: dict[int, set[int]] = {}
    for batch_id, uid in rows:
        if batch_id not in skip:
            clashes.setdefault(batch_id, set()).add(uid)
    for batch_id, uids in sorted(clashes.items()):
        batch = session.get(Batch, batch_id)
        assert batch is not None
        who = ", ".join(sorted(names.get(u, str(u)) for u in uids)[:5])
        problems.warning(
            ReasonCode.OVERLAP,
            f"Kỳ {parsed.period.label} chồng lấn với {describe(batch, names)} của {who}. Cả hai được giữ; khi tính "
            "chỉ số, mỗi khoảng thời gian của một đơn vị chỉ lấy một báo cáo (ưu tiên kỳ dài hơn), không cộng trùng. "
            "Nếu báo cáo cũ sai, hãy hoàn tác lô đó.",
            sheet=parsed.sheet,
        )


def _check_dossier_clash(
    parsed: ParsedSheet, plan: Plan, problems: Problems, names: dict[int, str], *, session: Session
) -> None:
    """Refuse dossiers already stored by a list this one does not replace: they would count twice."""
    frame: pd.DataFrame = parsed.extra.get("frame", pd.DataFrame())
    if frame.empty:
        return
    skip = {b.id for b in plan.replaces}
    others = select(col(Batch.id)).where(
        col(Batch.kind) == parsed.kind, col(Batch.status) == "active", col(Batch.id).not_in(skip)
    )
    if session.execute(others.limit(1)).first() is None:  # nothing stored that could clash
        return
    codes = frame["code"].tolist()
    clashes: dict[int, list[str]] = {}
    for i in range(0, len(codes), _CODE_CHUNK):
        chunk = codes[i : i + _CODE_CHUNK]
        rows = session.execute(
            select(col(Dossier.batch_id), col(Dossier.code))
            .join(Batch, col(Batch.id) == col(Dossier.batch_id))
            .where(col(Batch.status) == "active", col(Dossier.code).in_(chunk))
        ).all()
        for batch_id, code in rows:
            if batch_id not in skip:
                clashes.setdefault(batch_id, []).append(code)
    for batch_id, clash in sorted(clashes.items()):
        batch = session.get(Batch, batch_id)
        assert batch is not None
        problems.error(
            ReasonCode.ALREADY_STORED,
            f"{len(clash)} hồ sơ (ví dụ {', '.join(clash[:3])}) đã có trong {describe(batch, names)}, kỳ của lô đó "
            "không nằm trọn trong kỳ danh sách này nên không thể thay thế. Hãy xuất danh sách cùng kỳ hoặc bao trùm "
            "kỳ cũ, hoặc hoàn tác lô cũ trước.",
            sheet=parsed.sheet,
            value=", ".join(clash[:3]),
        )


def check_sheets_claim_once(sheets: list[ParsedSheet], problems: Problems) -> None:
    """Refuse a workbook whose sheets claim the same report (kind, unit, period; lists: overlapping periods).

    Stored side by side they would both be active and the figures of the later one would silently win (or, for
    dossier lists, count twice). Sheets that claim one report form one group and get one error naming them.
    """
    groups: list[list[ParsedSheet]] = []
    for parsed in sheets:
        if parsed.period is None:
            continue
        group = next((g for g in groups if _same_report(g[0], parsed)), None)
        if group is None:
            groups.append([parsed])
        else:
            group.append(parsed)
    for group in groups:
        if len(group) < 2:
            continue
        first = group[0]
        assert first.period is not None
        shown = ", ".join(f"“{p.sheet}”" for p in group[:_SHEETS_SHOWN])
        more = f" và {len(group) - _SHEETS_SHOWN} trang khác" if len(group) > _SHEETS_SHOWN else ""
        unit = first.unit.name if first.unit else "toàn thị xã"
        same = "có kỳ chồng lấn" if first.kind == "dossier_list" else f"cùng kỳ {first.period.label}"
        problems.error(
            ReasonCode.DUPLICATE_SHEETS,
            f"{len(group)} trang {shown}{more} cùng là {KIND_TITLES.get(first.kind, first.kind)} của {unit}, "
            f"{same}. Lưu cả hai thì số liệu bị tính trùng hoặc trang sau âm thầm đè trang trước. Hãy giữ lại một "
            "trang đúng, xóa các trang còn lại (hoặc sửa kỳ/đơn vị ở tiêu đề) rồi tải lên lại.",
            sheet=first.sheet,
            value=", ".join(p.sheet for p in group[:_SHEETS_SHOWN]),
        )


_SHEETS_SHOWN = 5


def _same_report(a: ParsedSheet, b: ParsedSheet) -> bool:
    """Whether two sheets would replace each other's batch: same kind and unit, same period (lists: overlap)."""
    if a.kind != b.kind or (a.unit.id if a.unit else None) != (b.unit.id if b.unit else None):
        return False
    assert a.period is not None and b.period is not None
    if a.kind == "dossier_list":
        return a.period.start <= b.period.end and b.period.start <= a.period.end
    return (a.period.start, a.period.end) == (b.period.start, b.period.end)


def store_file(content: bytes, sha256: str, *, session: Session) -> None:
    """Keep the original file once, however many batches (or imports at the same moment) come from it."""
    values = {"sha256": sha256, "size": len(content), "content": content}
    # ON CONFLICT DO NOTHING: an import that checked before another one's commit must not fail on its row.
    if session.connection().dialect.name == "postgresql":
        session.execute(postgresql_insert(StoredFile).values(values).on_conflict_do_nothing())
    else:
        session.execute(sqlite_insert(StoredFile).values(values).on_conflict_do_nothing())


def store_sheet(
    parsed: ParsedSheet,
    plan: Plan,
    *,
    session: Session,
    file_name: str,
    sha256: str,
    size: int,
    user: str,
    accepted: list[str],
) -> Batch:
    """Write the batch and its rows, and retire what it replaces (inside the caller's transaction)."""
    period = parsed.period
    batch = Batch(
        kind=parsed.kind,
        unit_id=parsed.unit.id if parsed.unit else None,
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        period_label=period.label if period else "",
        file_name=file_name,
        file_sha256=sha256,
        file_size=size,
        sheet=parsed.sheet,
        columns_json=json.dumps(parsed.columns, ensure_ascii=False),
        user=user,
        created_at=datetime.now(UTC),
        accepted_warnings_json=json.dumps(accepted, ensure_ascii=False),
        replaced_ids_json=json.dumps([b.id for b in plan.replaces]),
        row_counts_json=json.dumps(parsed.rows.as_dict(), ensure_ascii=False),
    )
    session.add(batch)
    session.flush()
    assert batch.id is not None
    replaced_ids = [b.id for b in plan.replaces if b.id is not None]
    if replaced_ids:
        session.execute(
            update(Batch)
            .where(col(Batch.id).in_(replaced_ids))
            .values(status="superseded", superseded_by_id=batch.id)
        )
    if parsed.kind == "dossier_list":
        batch.row_count = _store_dossiers(parsed, batch.id, replaced_ids, session=session)
    elif parsed.kind in ROW_MODELS:
        batch.row_count = _store_records(parsed, batch.id, session=session)
    else:
        batch.row_count = _store_figures(
            parsed,
            batch.id,
            period.start if period else None,
            period.end if period else None,
            session=session,
        )
    session.add(batch)
    bump_data_version(session=session)
    return batch


def _store_figures(
    parsed: ParsedSheet, batch_id: int, start: date | None, end: date | None, *, session: Session
) -> int:
    records = [r for r in parsed.records if isinstance(r, FigureRecord)]
    rows = [
        {
            "batch_id": batch_id,
            "unit_id": r.unit.id,
            "sector": r.sector,
            "period_start": start,
            "period_end": end,
            "source": "report",
            "sheet": parsed.sheet,
            "row": r.row,
            **{name: r.values.get(name) for name in DOSSIER_FIELDS},
        }
        for r in records
    ]
    if rows:
        session.execute(insert(DossierFigure), rows)
    return len(rows)


def _store_records(parsed: ParsedSheet, batch_id: int, *, session: Session) -> int:
    """Rows of a plain table model (budget, investment, tasks, targets, scores): dicts of its columns."""
    rows = [{**record, "batch_id": batch_id} for record in parsed.records]
    for i in range(0, len(rows), 10_000):
        session.execute(insert(ROW_MODELS[parsed.kind]), rows[i : i + 10_000])
    return len(rows)


def _store_dossiers(parsed: ParsedSheet, batch_id: int, replaced_ids: list[int], *, session: Session) -> int:
    frame: pd.DataFrame = parsed.extra["frame"]
    insert_dossier_frame(frame, batch_id, session=session)
    touched = set(frame["unit_id"].unique().tolist())
    if replaced_ids:
        touched |= set(
            session.execute(
                select(col(Dossier.unit_id)).where(col(Dossier.batch_id).in_(replaced_ids)).distinct()
            )
            .scalars()
            .all()
        )
    refresh_monthly(touched, session=session, stored=(batch_id, frame))
    return len(frame)


def dossier_rows(frame: pd.DataFrame, batch_id: int) -> list[dict[str, Any]]:
    """The frame as insertable dicts, column by column (NaT/NaN → None), which is ~7× faster than per row."""
    columns: dict[str, list[Any]] = {}
    for name in frame.columns:
        series = frame[name]
        if pd.api.types.is_datetime64_any_dtype(series):
            columns[str(name)] = series.to_numpy(dtype="datetime64[us]").astype(object).tolist()
        else:
            columns[str(name)] = series.astype(object).where(series.notna(), None).tolist()
    names = [*columns, "batch_id"]
    return [
        dict(zip(names, (*values, batch_id), strict=True)) for values in zip(*columns.values(), strict=True)
    ]


_TIMES = ("received_at", "due_at", "finished_at")
_BULK_CACHE_KIB = -100_000  # SQLite's page cache during a bulk insert (negative: KiB), ~100 MB at most


def insert_dossiers(rows: list[dict[str, Any]], *, session: Session) -> None:
    """Bulk insert in the session's transaction: COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    connection = session.connection()
    names = list(rows[0])
    if connection.dialect.name == "postgresql":
        raw = connection.connection.driver_connection
        columns = ", ".join(f'"{n}"' for n in names)
        with raw.cursor() as cursor, cursor.copy(f"COPY dossier ({columns}) FROM STDIN") as copy:  # type: ignore[union-attr]
            for row in rows:
                copy.write_row([row[n] for n in names])
        return
    stamps = [i for i, n in enumerate(names) if n in _TIMES]
    values = [[row[n] for n in names] for row in rows]
    for value in values:
        for j in stamps:
            if value[j] is not None:
                value[j] = value[j].isoformat(" ", "microseconds")
    _sqlite_insert(connection, names, [tuple(value) for value in values])


def insert_dossier_frame(frame: pd.DataFrame, batch_id: int, *, session: Session) -> None:
    """The loader's frame of dossiers inserted as one batch; on SQLite column by column, without a dict per row."""
    connection = session.connection()
    if connection.dialect.name == "postgresql" or frame.empty:
        insert_dossiers(dossier_rows(frame, batch_id), session=session)
        return
    columns: list[list[Any]] = []
    for name in frame.columns:
        series = frame[name]
        if pd.api.types.is_datetime64_any_dtype(series):  # the text isoformat(" ", "microseconds") gives
            texts = np.datetime_as_string(series.to_numpy(dtype="datetime64[us]"), unit="us").tolist()
            columns.append([None if text == "NaT" else text.replace("T", " ") for text in texts])
        else:
            columns.append(series.astype(object).where(series.notna(), None).tolist())
    columns.append([batch_id] * len(frame))
    _sqlite_insert(connection, [*map(str, frame.columns), "batch_id"], list(zip(*columns, strict=True)))


def _sqlite_insert(connection: Connection, names: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Straight to the driver's executemany: SQLAlchemy's per-value processing was 40% of a 100,000-row insert.

    Times come as SQLAlchemy stores them on SQLite ("2023-01-14 16:44:00.000000"), so queries compare them as
    text exactly as they compare rows stored through the ORM.
    """
    columns = ", ".join(f'"{n}"' for n in names)
    sql = f"INSERT INTO dossier ({columns}) VALUES ({', '.join('?' for _ in names)})"
    # Each row goes into six indexes in code and unit order, not the rows' order: with SQLite's default 2 MB page
    # cache the same index pages were written out and read back again and again (a third of the insert's time).
    cache = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
    connection.exec_driver_sql(f"PRAGMA cache_size={_BULK_CACHE_KIB}")
    try:
        connection.exec_driver_sql(sql, rows)
    finally:  # a pooled connection of the app keeps its usual memory
        connection.exec_driver_sql(f"PRAGMA cache_size={int(cache)}")


def today_local() -> date:
    """Today in Vietnam (UTC+7), which decides what 'in the future' means for a report period."""
    return vietnam_now().date()
