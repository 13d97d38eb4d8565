"""Why a sheet was not read: the kind it came closest to and the columns that kind still lacks."""

from __future__ import annotations

from data_loaders.registry import NearMiss, closest_kind
from data_loaders.workbook import Sheet


def near_miss_text(sheet: Sheet, near: NearMiss) -> str:
    """'Gần nhất là … (trang “X”, dòng 3 khớp 2 cột tiêu đề), còn thiếu cột: A, B.'"""
    text = (
        f"Gần nhất là {near.title} (trang “{sheet.name}”, dòng {near.row + 1} khớp {near.hits} cột tiêu đề)"
    )
    if near.missing:
        return text + ", còn thiếu cột: " + ", ".join(f"“{label}”" for label in near.missing) + "."
    return text + ", nhưng bố cục bảng không đúng mẫu."


def unrecognised(sheet: Sheet) -> str:
    """Why a sheet with content was not read, naming the closest kind when one comes near."""
    near = closest_kind(sheet)
    base = "không nhận ra bảng số liệu nào (không phải báo cáo hệ thống nhận)."
    return base if near is None else f"không nhận ra bảng số liệu. {near_miss_text(sheet, near)}"
