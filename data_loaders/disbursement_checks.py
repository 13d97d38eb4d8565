"""Rows of a disbursement report: amounts read and checked (groups, totals, rates, plans), sources and places."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from base.capital_sources import SOURCE_GROUPS
from base.formatting import vn_number
from base.text import normalize
from base.units import UnitMatcher, UnitRef, unknown_unit_message
from data_loaders.parsing import ParseError, parse_number
from data_loaders.problems import Problems, cell_ref
from data_loaders.table import Row, Table, cell_text, summed_children, top_level

MONEY_FIELDS = ("plan", "plan_extended", "plan_total", "disbursed")
PCT_TOLERANCE = 0.05  # points: reports round their rate column to one or two decimals
SUM_TOLERANCE = 0.005  # in the report's own money unit: sums are exact up to float noise
_PLACE_KINDS = frozenset({"ward", "commune"})
_GENERAL_PLACES = ("toan thi xa", "cac xa", "cac phuong", "nhieu xa", "tren dia ban", "dia ban", "thi xa")
_VILLAGE = re.compile(r"^(thon|to dan pho|khu pho|xom|khu dan cu|to|khu)\b")
_COLUMN_NUMBER = re.compile(r"\(\d{1,2}\)|\(\d{1,2}\s*=.*\)")
_SPLIT = re.compile(r"\s*(?:,|;|/|\s+và\s+|\s+[-–]\s+)\s*")

Amounts = dict[str, float | None]

# Most specific first: "Ngân sách tỉnh hỗ trợ thực hiện CTMTQG nông thôn mới" belongs to the programme,
# and "ngân sách tỉnh phân cấp cho ngân sách cấp huyện" to the province.
_SOURCE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ctmtqg_ntm", re.compile(r"\b(nong thon moi|ntm)\b")),
    ("ctmtqg_gn", re.compile(r"\b(giam ngheo|gnbv)\b")),
    ("ctmtqg_dtts", re.compile(r"\b(dan toc thieu so|dtts|mien nui)\b")),
    ("ntw", re.compile(r"\b(trung uong|ntw|nstw)\b")),
    ("tinh", re.compile(r"\b(tinh|nst)\b")),
    ("thixa", re.compile(r"\b(thi xa|huyen|nstx|tien su dung dat)\b")),
    ("khac", re.compile(r"\bkhac\b")),
)
FIELD_LABELS: dict[str, str] = {
    "investor": "Chủ đầu tư",
    "commune": "Địa điểm (xã, phường)",
    "source": "Nguồn vốn",
    "plan": "Kế hoạch vốn giao trong năm",
    "plan_extended": "Kế hoạch năm trước kéo dài",
    "plan_total": "Tổng kế hoạch vốn",
    "disbursed": "Lũy kế giải ngân",
    "pct": "Tỷ lệ giải ngân (%)",
}


def source_group_of(text: str) -> str | None:
    """The source family a capital-source label names ('ntw', 'tinh', …); None when it names none."""
    norm = normalize(text)
    if norm.replace(" ", "_") in SOURCE_GROUPS:
        return norm.replace(" ", "_")
    return next((key for key, pattern in _SOURCE_PATTERNS if pattern.search(norm)), None)


def amount_text(value: float | None) -> str:
    """A money figure in Vietnamese format with the decimals it has (at most 3)."""
    return vn_number(value, 3, trim=True)


def project_records(
    table: Table,
    fields: dict[str, int],
    matcher: UnitMatcher,
    problems: Problems,
    *,
    unit: tuple[float, str],
    reporter: UnitRef,
    year: int,
    as_of: date,
) -> list[dict[str, Any]]:
    """DisbursementProject rows for the projects (leaves), after every check of the table."""
    sheet = table.sheet.name
    factor, unit_name = unit
    # A "(1) (2) (3) …" row under a header whose second row is all merged is not data (table.py stops early).
    numbered = [r for r in table.rows if not _is_numbering(r)]
    rows = [r for r in numbered if r.label or r.is_total]
    for row in numbered:
        if (
            not row.label
            and not row.is_total
            and any(cell_text(row.cell(fields[f])) for f in MONEY_FIELDS if f in fields)
        ):
            problems.error(
                "missing_label",
                f"Dòng {row.index + 1} có số liệu nhưng không có tên dự án. Hãy điền tên dự án hoặc xóa dòng.",
                sheet=sheet,
                cell=cell_ref(row.index, table.label_col or 0),
            )
    values = {r.index: read_amounts(r, fields, problems, sheet) for r in rows}
    for row in rows:
        check_row(row, values[row.index], fields, problems, sheet, unit_name)
    check_sums(rows, values, fields, problems, sheet, unit_name)
    records: list[dict[str, Any]] = []
    for row in rows:
        amounts = values[row.index]
        if not row.is_leaf or all(amounts.get(f) is None for f in MONEY_FIELDS):
            continue  # a group, a total, or a heading without figures
        plan, extended = split_plan(amounts)
        source, source_group = project_source(row, fields)
        investor = " ".join(cell_text(row.cell(fields["investor"])).split()) if "investor" in fields else ""
        investor_unit = matcher.match(investor, as_of) if investor else None
        records.append(
            {
                "unit_id": reporter.id,
                "year": year,
                "as_of": as_of,
                "source": source[:300],
                "source_group": source_group,
                "investor": investor[:300],
                "investor_unit_id": investor_unit.id if investor_unit else None,
                "commune_unit_id": _commune(row, fields, matcher, as_of, problems, sheet),
                "project": " ".join(row.label.split())[:1000],
                "plan": _scaled(plan, factor),
                "plan_extended": _scaled(extended, factor),
                "disbursed": _scaled(amounts.get("disbursed"), factor),
                "row": row.index + 1,
            }
        )
    return records


def _scaled(value: float | None, factor: float) -> float | None:
    return None if value is None else value * factor


def _is_numbering(row: Row) -> bool:
    """A row that only numbers the columns: '(1)', '(2)' … or '1', '2', '3' …, no words."""
    texts = [cell_text(v) for v in row.cells if cell_text(v)]
    if len(texts) < 3:
        return False
    if all(t.isdigit() for t in texts):
        return [int(t) for t in texts] == list(range(int(texts[0]), int(texts[0]) + len(texts)))
    return all(_COLUMN_NUMBER.fullmatch(t) for t in texts)


def read_amounts(row: Row, fields: dict[str, int], problems: Problems, sheet: str) -> Amounts:
    """The row's money figures (in the report's unit) and stated rate; errors for text and negatives."""
    out: Amounts = {}
    for name in (*MONEY_FIELDS, "pct"):
        if name not in fields:
            continue
        value = row.cell(fields[name])
        where = cell_ref(row.index, fields[name])
        try:
            number = parse_number(value)
        except ParseError as exc:
            if name == "pct" and cell_text(value).startswith("#"):
                out[name] = None  # Excel's #DIV/0! for a project without plan: the rate is simply unknown
                continue
            problems.error(
                exc.code,
                f"Dòng {row.index + 1} ({row.label or 'Tổng'}), cột “{FIELD_LABELS[name]}”: {exc.message}",
                sheet=sheet,
                cell=where,
                value=value,
            )
            out[name] = None
            continue
        if number is not None and number < 0:
            problems.error(
                "negative",
                f"Dòng {row.index + 1} ({row.label or 'Tổng'}), cột “{FIELD_LABELS[name]}”: số âm "
                f"({cell_text(value)}) không hợp lệ; số tiền và tỷ lệ phải từ 0 trở lên.",
                sheet=sheet,
                cell=where,
                value=value,
            )
            number = None
        out[name] = None if number is None else float(number)
    return out


def split_plan(amounts: Amounts) -> tuple[float | None, float | None]:
    """(plan of the year, extended plan): the plan is the total less the extension when only those are given."""
    plan, extended, total = amounts.get("plan"), amounts.get("plan_extended"), amounts.get("plan_total")
    if plan is None and total is not None:
        plan = total - (extended or 0)
    return plan, extended


def capital(amounts: Amounts) -> float | None:
    """The capital to disburse: the stated total, else plan + extended plan; None when nothing is given."""
    if amounts.get("plan_total") is not None:
        return amounts["plan_total"]
    plan, extended = amounts.get("plan"), amounts.get("plan_extended")
    return None if plan is None and extended is None else (plan or 0) + (extended or 0)


def check_row(
    row: Row, amounts: Amounts, fields: dict[str, int], problems: Problems, sheet: str, unit_name: str
) -> None:
    """Warn where a row's plan parts, stated rate or disbursement (over its plan) do not hold."""
    what = f"Dòng {row.index + 1} ({row.label or 'Tổng cộng'})"
    plan, extended, total = amounts.get("plan"), amounts.get("plan_extended"), amounts.get("plan_total")
    if plan is not None and total is not None and abs(plan + (extended or 0) - total) > SUM_TOLERANCE:
        problems.warning(
            "plan_mismatch",
            f"{what}: tổng kế hoạch vốn {amount_text(total)} khác kế hoạch giao {amount_text(plan)} + kéo dài "
            f"{amount_text(extended or 0)} = {amount_text(plan + (extended or 0))} ({unit_name}). Hãy sửa một trong các ô này.",
            sheet=sheet,
            cell=cell_ref(row.index, fields["plan_total"]),
            value=f"{amount_text(total)} ≠ {amount_text(plan + (extended or 0))}",
        )
    base, paid, stated = capital(amounts), amounts.get("disbursed") or 0.0, amounts.get("pct")
    if stated is not None and base:
        computed = 100 * paid / base
        as_fraction = stated <= 1.5 and abs(100 * stated - computed) <= PCT_TOLERANCE  # a "%"-formatted cell
        if abs(stated - computed) > PCT_TOLERANCE and not as_fraction:
            problems.warning(
                "pct_mismatch",
                f"{what}: tỷ lệ giải ngân ghi {vn_number(stated, 2)}% nhưng {amount_text(paid)} ÷ "
                f"{amount_text(base)} = {vn_number(computed, 2)}% (lệch {vn_number(abs(stated - computed), 2)} điểm). "
                "Hãy kiểm tra lại cột tỷ lệ hoặc số giải ngân, kế hoạch vốn.",
                sheet=sheet,
                cell=cell_ref(row.index, fields["pct"]),
                value=f"{vn_number(stated, 2)} ≠ {vn_number(computed, 2)}",
            )
    if row.is_leaf and base is not None and paid > base + SUM_TOLERANCE:
        problems.warning(
            "over_plan",
            f"{what}: đã giải ngân {amount_text(paid)} vượt kế hoạch vốn {amount_text(base)} ({unit_name}). "
            "Số giải ngân không thể lớn hơn kế hoạch vốn (kể cả vốn kéo dài); hãy kiểm tra lại.",
            sheet=sheet,
            cell=cell_ref(row.index, fields["disbursed"]),
            value=f"{amount_text(paid)} > {amount_text(base)}",
        )


def check_sums(
    rows: list[Row],
    values: dict[int, Amounts],
    fields: dict[str, int],
    problems: Problems,
    sheet: str,
    unit_name: str,
) -> None:
    """Warn where a group row or the total row differs from the sum of the rows it stands for."""
    for row in rows:
        children = top_level(rows) if row.is_total else summed_children(row)
        if not children:
            continue
        for name in (f for f in MONEY_FIELDS if f in fields):
            stated = values[row.index].get(name)
            parts = [values.get(c.index, {}).get(name) for c in children]
            if stated is None or all(p is None for p in parts):
                continue
            computed = sum(p or 0.0 for p in parts)  # an empty project cell is nothing disbursed or extended
            if abs(computed - stated) > SUM_TOLERANCE:
                what = "Dòng tổng" if row.is_total else f"Dòng nhóm {row.stt} ({row.label})"
                problems.warning(
                    "total_mismatch",
                    f"{what} ở dòng {row.index + 1}, cột “{FIELD_LABELS[name]}”: {amount_text(stated)} khác tổng "
                    f"các dòng thành phần {amount_text(computed)} (dòng {children[0].index + 1}–{children[-1].index + 1}"
                    f", {unit_name}). Hãy sửa số của dòng tổng hoặc của các dòng thành phần.",
                    sheet=sheet,
                    cell=cell_ref(row.index, fields[name]),
                    value=f"{amount_text(stated)} ≠ {amount_text(computed)}",
                )


def project_source(row: Row, fields: dict[str, int]) -> tuple[str, str]:
    """(source as written, family): a 'Nguồn vốn' cell, else the innermost group row naming a source."""
    chain: list[Row] = []
    parent = row.parent
    while parent is not None:
        chain.append(parent)
        parent = parent.parent
    if "source" in fields:
        for r in (row, *chain):
            text = " ".join(cell_text(r.cell(fields["source"])).split())
            if text:
                return text, source_group_of(text) or "khac"
    # "Các dự án khác" is a sub-heading inside a source; a named source above it wins.
    named = [(g, source_group_of(g.label)) for g in (chain or [row])]
    found = next(((g, f) for g, f in named if f not in (None, "khac")), None)
    found = found or next(((g, f) for g, f in named if f == "khac"), None)
    if found is not None:
        return " ".join(found[0].label.split()), found[1] or "khac"
    top = chain[-1] if chain else None
    return (" ".join(top.label.split()) if top else ""), "khac"


def _commune(
    row: Row, fields: dict[str, int], matcher: UnitMatcher, on: date, problems: Problems, sheet: str
) -> int | None:
    """The ward or commune named in the place column; several or the whole town → None; unknown → error."""
    if "commune" not in fields:
        return None
    text = " ".join(cell_text(row.cell(fields["commune"])).split())
    if not text:
        return None
    unit_id, unknown, office = place_unit(text, matcher, on)
    where = cell_ref(row.index, fields["commune"])
    if office is not None:
        problems.error(
            "not_a_place",
            f"Địa điểm “{office}” ở dòng {row.index + 1} là tên cơ quan, không phải xã, phường. Hãy ghi tên xã, "
            "phường nơi xây dựng dự án (hoặc “Toàn thị xã”).",
            sheet=sheet,
            cell=where,
            value=text,
        )
    elif unknown is not None:
        problems.error(
            "unknown_unit",
            f"Địa điểm ở dòng {row.index + 1}: " + unknown_unit_message(unknown, matcher.suggest(unknown)),
            sheet=sheet,
            cell=where,
            value=text,
        )
    return unit_id


def place_unit(text: str, matcher: UnitMatcher, on: date) -> tuple[int | None, str | None, str | None]:
    """(ward/commune id — None for several or the whole town —, a part naming no known place, an office named)."""
    whole = matcher.match(text, on)
    parts = [text] if whole is not None or not _SPLIT.search(text) else _SPLIT.split(text)
    found: list[int] = []
    for part in (p.strip() for p in parts):
        norm = normalize(part)
        if not norm or _VILLAGE.match(norm) or norm.startswith(_GENERAL_PLACES):
            continue  # "Thôn An Thổ, xã Phổ An": the village adds nothing; "Toàn thị xã": no single place
        unit = whole if whole is not None else matcher.match(part, on)
        if unit is None:
            return None, part, None
        if unit.kind in _PLACE_KINDS:
            found.append(unit.id)
        elif unit.kind != "town":
            return None, None, part
    return (found[0] if len(set(found)) == 1 else None), None, None
