"""A stored budget report's lines that add up to what it states: its items, plus “chưa phân bổ” where they fall short.

A report stores its items and the figures its group and total rows state. Where a group states more (or less)
than its rows add up to — a partial breakdown, a missing line, rounding — the difference becomes one more line,
"chưa phân bổ", under that group. Summed, the lines then give each group's stated figure and the report's total
row (or, without one, the top-level rows' stated figures): every page adds the same lines and agrees.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from dashboard.store.models import BudgetLine

AMOUNTS = ("estimate_province", "estimate_council", "month_amount", "ytd_amount", "same_period_last_year")
UNALLOCATED = "unallocated"  # the role of the lines made here; stored lines are item | group | total | part
PART = "part"  # a land-use "Trong đó" line: stored, never added except as taken out of its item
_TOLERANCE = 1e-6  # triệu đồng: figures are stored rounded to the đồng
Values = dict[str, float | None]


def summed_lines(lines: Iterable[BudgetLine]) -> list[BudgetLine]:
    """Items and unallocated lines of the stored lines of one unit and month (each report on its own)."""
    reports: dict[int, list[BudgetLine]] = {}
    for line in lines:
        reports.setdefault(line.batch_id, []).append(line)
    return [out for report in reports.values() for out in _report_lines(report)]


def summed_records(rows: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Rows of a table as dicts, budget lines among them replaced by the lines they add up through.

    For sums over a sheet's records (the upload preview): a budget report's group and total rows stand beside
    its items, so adding every record would count its figures two or three times. Other tables pass unchanged.
    """
    if all(r.get("role", "item") == "item" for r in rows):
        return rows
    fields = BudgetLine.model_fields
    lines = [BudgetLine(**{k: v for k, v in r.items() if k in fields}) for r in rows]
    return [line.model_dump() for line in summed_lines(lines)]


def summed_total(lines: Iterable[BudgetLine], field: str) -> float | None:
    """One figure of stored lines (of one or several reports) as they state it: their summed lines added."""
    return _add(getattr(line, field) for line in summed_lines(lines))


def _add(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _report_lines(lines: list[BudgetLine]) -> list[BudgetLine]:
    """One report's items and, for each stated row its rows do not add up to, its unallocated line."""
    out = _land_parts_split([line for line in lines if line.role == "item"], lines)
    if all(line.role == "item" for line in lines):
        return out
    under: dict[str, list[BudgetLine]] = {}
    for line in lines:
        if line.role in ("item", "group") and line.parent_path != line.item_path:  # never its own row
            under.setdefault(line.parent_path, []).append(line)

    def stated(line: BudgetLine, rows: list[BudgetLine]) -> Values:
        """The line's figures: as stated, else its rows' sum; an unallocated line for any difference."""
        parts = [stated(r, under.get(r.item_path, [])) if r.role == "group" else _values(r) for r in rows]
        own, sums = _values(line), {n: _add(p[n] for p in parts) for n in AMOUNTS}
        gap = {n: _beyond(own[n], sums[n]) for n in AMOUNTS}
        if any(g is not None and abs(g) > _TOLERANCE for g in gap.values()):
            out.append(_unallocated(line, gap, max((r.row for r in rows), default=line.row)))
        return {n: sums[n] if own[n] is None else own[n] for n in AMOUNTS}

    top = under.get("", [])
    total = next((line for line in lines if line.role == "total"), None)
    if total is not None:
        stated(total, top)
    else:
        for line in top:
            if line.role == "group":
                stated(line, under.get(line.item_path, []))
    return out


def _land_parts_split(items: list[BudgetLine], lines: list[BudgetLine]) -> list[BudgetLine]:
    """Items with their land-use "Trong đó" part taken out into a line of its own (same sum, land told apart).

    Only an item's part can be taken out; one of a group or the total stays unseparated (it lies somewhere in
    their rows), as do the parts of an item that is land-use fees already.
    """
    parts: dict[str, list[BudgetLine]] = {}
    for line in lines:
        if line.role == PART and line.is_land_use:
            parts.setdefault(line.parent_path, []).append(line)
    if not parts:
        return items
    out: list[BudgetLine] = []
    for item in items:
        mine = parts.get(item.item_path, []) if not item.is_land_use else []
        if not mine:
            out.append(item)
            continue
        rest = _copy(item)
        rest.item_name = f"{item.item_name} (không kể tiền sử dụng đất)"[:500]
        for part in mine:
            taken = _copy(part)
            for name in AMOUNTS:
                whole, piece = getattr(rest, name), getattr(part, name)
                # Where the item states no figure its part cannot be taken from it (nor added to the sum).
                setattr(taken, name, None if whole is None else piece)
                setattr(rest, name, None if whole is None else round(whole - (piece or 0.0), 6))
            out.append(taken)
        out.insert(len(out) - len(mine), rest)
    return out


def _copy(line: BudgetLine) -> BudgetLine:
    """A detached copy to change (the stored line stays as the report states it)."""
    return BudgetLine(**line.model_dump())


def _beyond(stated: float | None, rows: float | None) -> float | None:
    """What a stated figure holds beyond its rows' sum; None when the row states none (its rows' sum stands)."""
    return None if stated is None else stated - (rows or 0.0)


def _values(line: BudgetLine) -> Values:
    return {n: getattr(line, n) for n in AMOUNTS}


def _unallocated(line: BudgetLine, gap: Values, last_row: int) -> BudgetLine:
    """The line for what `line` states beyond its rows (below them in report order)."""
    short = all(g is None or g >= -_TOLERANCE for g in gap.values())
    what = "Chưa phân bổ" if short else "Chênh lệch với số báo cáo"
    out = BudgetLine(
        batch_id=line.batch_id,
        unit_id=line.unit_id,
        kind=line.kind,
        year=line.year,
        month=line.month,
        item_path=f"{line.item_path}.~" if line.item_path else "~",
        role=UNALLOCATED,
        parent_path=line.item_path,
        item_name=f"{what}: {line.item_name}"[:500] if line.role == "group" else what,
        group_name=line.group_name,
        is_land_use=line.is_land_use,
        derived=line.derived,
        row=last_row,
    )
    for name, value in gap.items():
        setattr(out, name, None if value is None else round(value, 6))
    return out
