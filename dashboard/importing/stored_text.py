"""Every text stored from a file, in its clean display form and refused when longer than its column allows."""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd
from sqlmodel import SQLModel

from base.text import clean_text
from dashboard.store.models import ROW_MODELS, Batch, Dossier, DossierFigure
from data_loaders.base import ParsedSheet, vn_int
from data_loaders.dossier_report import FigureRecord
from data_loaders.problems import Problems

_FIELD_LABELS = {
    "code": "Mã hồ sơ",
    "sector": "Lĩnh vực",
    "procedure": "Tên thủ tục",
    "sheet": "Tên trang tính",
    "period_label": "Kỳ báo cáo",
    "user": "Người nhập",
}


def column_length(model: type[SQLModel], name: str) -> int | None:
    """The declared max_length of a model's text column, None when unbounded or not a text column."""
    column = model.__table__.columns.get(name)  # type: ignore[attr-defined]
    length = getattr(column.type, "length", None) if column is not None else None
    return int(length) if length else None


def clean_sheet_texts(parsed: ParsedSheet, problems: Problems, *, user: str) -> None:
    """Clean every text of the sheet in place, then refuse (as errors) those longer than their column.

    Never truncated: two names cut to the same prefix would merge into one key.
    """
    parsed.sheet = clean_text(parsed.sheet)
    _refuse_long(problems, parsed.sheet, Batch, "sheet", parsed.sheet, "")
    if parsed.period is not None:
        _refuse_long(problems, parsed.sheet, Batch, "period_label", parsed.period.label, "")
    _refuse_long(problems, parsed.sheet, Batch, "user", user, "")
    if "frame" in parsed.extra:
        _clean_frame(parsed, problems)
    model = ROW_MODELS.get(parsed.kind)
    records: list[Any] = []
    for record in parsed.records:
        if isinstance(record, FigureRecord):
            record = dataclasses.replace(record, sector=clean_text(record.sector))
            _refuse_long(problems, parsed.sheet, DossierFigure, "sector", record.sector, f"dòng {record.row}")
        elif isinstance(record, dict) and model is not None:
            record = {k: clean_text(v) if isinstance(v, str) else v for k, v in record.items()}
            for name, value in record.items():
                if isinstance(value, str):
                    where = f"dòng {record.get('row', '')}" if record.get("row") else ""
                    _refuse_long(problems, parsed.sheet, model, name, value, where)
        records.append(record)
    parsed.records = records


def _clean_frame(parsed: ParsedSheet, problems: Problems) -> None:
    """A dossier list's text columns, each distinct spelling cleaned once (names repeat on every row)."""
    frame: pd.DataFrame = parsed.extra["frame"]
    for name in ("code", "sector", "procedure"):
        if name not in frame or frame.empty:
            continue
        values = frame[name].astype(object)
        spellings = {v: clean_text(v) for v in pd.unique(values) if isinstance(v, str)}
        if any(k != v for k, v in spellings.items()):
            frame[name] = values.map(spellings).where(values.map(lambda v: isinstance(v, str)), values)
        limit = column_length(Dossier, name)
        if limit is None:
            continue
        lengths = frame[name].astype(object).map(lambda v: len(v) if isinstance(v, str) else 0)
        too_long = frame[lengths > limit].head(problems.cap_per_code + 1)
        rows = too_long["row"].tolist() if "row" in too_long else [0] * len(too_long)
        for row, value in zip(rows, too_long[name].tolist(), strict=True):
            _refuse_long(problems, parsed.sheet, Dossier, name, str(value), f"dòng {row}")


def _refuse_long(
    problems: Problems, sheet: str, model: type[SQLModel], name: str, value: str, where: str
) -> None:
    limit = column_length(model, name)
    if limit is None or len(value) <= limit:
        return
    label = _FIELD_LABELS.get(name, name)
    problems.error(
        "text_too_long",
        f"{label} dài {vn_int(len(value))} ký tự, vượt giới hạn {vn_int(limit)} ký tự (“{value[:40]}…”). Văn "
        "bản không bị cắt bớt vì hai tên cắt giống nhau sẽ bị gộp làm một; hãy rút gọn ô này trong tệp rồi nhập lại.",
        sheet=sheet,
        cell=where,
        value=value,
    )
