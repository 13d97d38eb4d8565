"""Generated finance workbooks: budget revenue and expenditure reports, and public-investment disbursement."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tests.generated.common import (
    LOCAL_UNITS,
    TOWN,
    Case,
    Grid,
    PeriodTruth,
    RegistryUnit,
    ascii_name,
    fillers,
    finish,
    month_end,
    new_book,
    unit_heading,
    unit_in_sentence,
    written_number,
)

# (STT, item, children): a leaf has no children. Names as in the seeds' reports.
REVENUE_ITEMS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "I",
        "Thu nội địa",
        (
            "Thu từ khu vực ngoài quốc doanh",
            "Lệ phí trước bạ",
            "Thuế thu nhập cá nhân",
            "Thuế sử dụng đất phi nông nghiệp",
            "Phí và lệ phí",
            "Tiền sử dụng đất",
            "Tiền thuê đất",
            "Thu khác ngân sách",
        ),
    ),
    ("II", "Thu viện trợ", ()),
    ("III", "Thu huy động đóng góp", ()),
)
EXPENDITURE_ITEMS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("I", "Chi đầu tư phát triển", ()),
    (
        "II",
        "Chi thường xuyên",
        (
            "Chi sự nghiệp giáo dục",
            "Chi sự nghiệp y tế",
            "Chi sự nghiệp văn hóa thông tin",
            "Chi đảm bảo xã hội",
            "Chi quản lý hành chính",
            "Chi an ninh, quốc phòng",
        ),
    ),
    ("III", "Dự phòng ngân sách", ()),
)
AMOUNTS = ("estimate_province", "estimate_council", "month_amount", "ytd_amount", "same_period_last_year")
MONEY = {"triệu đồng": 1.0, "tỷ đồng": 1000.0, "đồng": 1e-6}


@dataclass
class BudgetTruth:
    """A month's budget report: leaf items with amounts in triệu đồng (None where the layout has no column)."""

    kind: str
    unit: RegistryUnit
    year: int
    month: int
    period: PeriodTruth
    columns: tuple[str, ...]
    leaves: dict[str, dict[str, Any]] = field(default_factory=dict)


def _amounts(rng: random.Random, month: int, big: float) -> dict[str, float]:
    """One item's figures in triệu đồng with one decimal at most, the year to date at least the month."""

    def money(top: float) -> float:
        return round(rng.uniform(0, top), rng.choice([0, 1]))

    estimate = money(big)
    this_month = money(big / 12)
    ytd = this_month if month == 1 else round(this_month + money(big * (month - 1) / 12), 1)
    return {
        "estimate_province": estimate,
        "estimate_council": round(estimate + money(big / 10), 1),
        "month_amount": this_month,
        "ytd_amount": ytd,
        "same_period_last_year": money(big * month / 12),
    }


def budget(seed: str, kind: str) -> Case:
    rng = random.Random(seed)
    layout: dict[str, Any] = {
        "header_rows": rng.choice([1, 2, 2]),
        "money": rng.choice(list(MONEY)),
        "stt": rng.random() < 0.85,
        "title_lines": rng.randint(0, 6),
        "numbers": rng.choice(["number", "number", "vn_text"]),
        "total": rng.choice(["first", "first", "last", "absent"]),
        "percent_columns": rng.random() < 0.5,
        "column_order": rng.choice(["form", "form", "shuffled"]),
        "trong_do": rng.random() < 0.3,
        "signature": rng.random() < 0.6,
        "period_place": rng.choice(["line", "line", "sentence", "file"]),
        "unit_place": rng.choice(["heading", "heading", "explicit", "sentence", "file"]),
        "column_numbers": rng.random() < 0.4,
    }
    columns = ["month_amount", "ytd_amount", *[a for a in AMOUNTS if a not in ("month_amount", "ytd_amount")]]
    if rng.random() < 0.2:
        columns.remove(rng.choice(["month_amount", "ytd_amount"]))
    columns = [c for c in columns if c in ("month_amount", "ytd_amount") or rng.random() < 0.8]
    if layout["column_order"] == "shuffled":
        rng.shuffle(columns)
    else:
        columns.sort(key=AMOUNTS.index)
    layout["columns"] = columns
    unit = TOWN if rng.random() < 0.5 else rng.choice(LOCAL_UNITS)
    year, month = rng.randint(2021, 2024), rng.randint(1, 12)
    form = rng.choice(["month", "month", "months_ytd", "range"]) if month > 1 else "month"
    start = date(year, 1, 1) if form != "month" else date(year, month, 1)
    period = PeriodTruth(start, month_end(year, month), form)
    truth = BudgetTruth(kind, unit, year, month, period, tuple(columns))
    items = REVENUE_ITEMS if kind == "budget_revenue" else EXPENDITURE_ITEMS
    big = 50_000.0 if unit is TOWN else 5_000.0
    lines: list[tuple[str, str, dict[str, float], str]] = []  # (stt, label, amounts, role)
    for roman, name, children in items:
        if not children:
            leaf = _amounts(rng, month, big)
            lines.append((roman, name, leaf, "leaf"))
            truth.leaves[name] = leaf
            continue
        chosen = [c for c in children if rng.random() < 0.7] or [children[0]]
        group_at = len(lines)
        lines.append((roman, name, {}, "group"))
        parts = []
        for i, child in enumerate(chosen, 1):
            leaf = _amounts(rng, month, big / len(chosen))
            lines.append((str(i), child, leaf, "leaf"))
            truth.leaves[child] = leaf
            parts.append(leaf)
            if layout["trong_do"] and rng.random() < 0.3:
                lines.append(
                    (
                        "",
                        f"Trong đó: {child.lower()} từ hộ kinh doanh",
                        {k: v / 2 for k, v in leaf.items()},
                        "part",
                    )
                )
        lines[group_at] = (roman, name, _sum(parts), "group")
    total = _sum(list(truth.leaves.values()))
    total_label = (
        "TỔNG THU NSNN TRÊN ĐỊA BÀN" if kind == "budget_revenue" else "TỔNG CHI NGÂN SÁCH ĐỊA PHƯƠNG"
    )
    total_label = rng.choice([total_label, "Tổng cộng"])
    if layout["total"] == "first":
        lines.insert(0, ("", total_label, total, "total"))
    elif layout["total"] == "last":
        lines.append(("", total_label, total, "total"))
    case = Case(kind, seed, layout, truth)
    _render_budget(case, rng, lines)
    return case


def _sum(rows: list[dict[str, float]]) -> dict[str, float]:
    return {k: round(sum(r[k] for r in rows), 6) for k in AMOUNTS}


def budget_revenue(seed: str) -> Case:
    return budget(seed, "budget_revenue")


def budget_expenditure(seed: str) -> Case:
    return budget(seed, "budget_expenditure")


def _budget_headers(truth: BudgetTruth, rng: random.Random) -> dict[str, tuple[str, str, str]]:
    """field -> (group, leaf, one-row header)."""
    y, m = truth.year, truth.month
    upper = "Tỉnh giao" if truth.unit is TOWN else "Cấp trên giao"
    council = "HĐND thị xã giao" if truth.unit is TOWN else "HĐND xã giao"
    return {
        "estimate_province": (f"Dự toán năm {y}", upper, f"Dự toán {upper.lower()}"),
        "estimate_council": (f"Dự toán năm {y}", council, f"Dự toán {council}"),
        "month_amount": (
            "Thực hiện",
            f"Tháng {m}",
            rng.choice([f"Thực hiện tháng {m}", f"Ước thực hiện tháng {m}"]),
        ),
        "ytd_amount": (
            "Thực hiện",
            "Lũy kế từ đầu năm",
            rng.choice(["Lũy kế từ đầu năm", f"Lũy kế {m} tháng"]),
        ),
        "same_period_last_year": ("Cùng kỳ năm trước", "Cùng kỳ năm trước", f"Cùng kỳ năm {y - 1}"),
        "pct_estimate_council": ("So sánh (%)", "Dự toán HĐND", "% so dự toán HĐND"),
        "pct_last_year": ("So sánh (%)", "Cùng kỳ", "% so cùng kỳ"),
    }


def _title(
    case: Case, rng: random.Random, grid: Grid, subject: str, unit: RegistryUnit, period: PeriodTruth
) -> None:
    layout = case.layout
    phrases = period.phrases()
    lines = fillers(rng, layout["title_lines"])
    sentence = subject
    if layout["unit_place"] == "heading":
        lines.insert(0, unit_heading(unit))
    elif layout["unit_place"] == "explicit":
        lines.append(f"Đơn vị báo cáo: {unit.full_name}")
    elif layout["unit_place"] == "sentence":
        sentence += f" {unit_in_sentence(unit)}"
    if layout["period_place"] == "sentence":
        sentence += f" {phrases['phrase']}"
    lines.append(sentence)
    if layout["period_place"] == "line":
        lines.append(phrases["line"])
    for text in lines:
        grid.line(text)
    name = [case.kind]
    if layout["unit_place"] == "file":
        name.append(ascii_name(unit.name))
    if layout["period_place"] == "file":
        name.append(phrases["file"])
    case.file_name = "_".join(name) + ".xlsx"


def _render_budget(
    case: Case, rng: random.Random, lines: list[tuple[str, str, dict[str, float], str]]
) -> None:
    layout, truth = case.layout, case.truth
    book, grid = new_book(
        rng.choice(["Biểu 01", "Sheet1", "Thu" if truth.kind == "budget_revenue" else "Chi"])
    )
    subject = (
        "BÁO CÁO TÌNH HÌNH THỰC HIỆN THU NGÂN SÁCH NHÀ NƯỚC"
        if truth.kind == "budget_revenue"
        else "BÁO CÁO TÌNH HÌNH THỰC HIỆN CHI NGÂN SÁCH ĐỊA PHƯƠNG"
    )
    _title(case, rng, grid, subject, truth.unit, truth.period)
    grid.line(f"ĐVT: {layout['money']}", col=4)
    factor = MONEY[layout["money"]]
    headers = _budget_headers(truth, rng)
    fields = list(truth.columns)
    if layout["percent_columns"]:
        fields += [
            f
            for f in ("pct_estimate_council", "pct_last_year")
            if _pct_base(f) in fields and "ytd_amount" in fields
        ]
    top, depth = grid.row, layout["header_rows"]
    col = 1
    if layout["stt"]:
        grid.put(top, col, "STT", to_row=top + depth - 1)
        col += 1
    label_col = col
    grid.put(
        top,
        col,
        rng.choice(
            ["Nội dung", "Chỉ tiêu", "Nội dung thu" if truth.kind == "budget_revenue" else "Nội dung chi"]
        ),
        to_row=top + depth - 1,
    )
    first = col + 1
    for i, f in enumerate(fields):
        group, leaf, flat = headers[f]
        c = first + i
        if depth == 1 or group == leaf:
            grid.put(top, c, flat if depth == 1 else leaf, to_row=top + depth - 1)
            continue
        if i == 0 or headers[fields[i - 1]][0] != group:
            span = next((j for j in range(i, len(fields)) if headers[fields[j]][0] != group), len(fields))
            grid.put(top, c, group, to_col=first + span - 1)
        grid.put(top + 1, c, leaf)
    grid.row = top + depth
    last = first + len(fields) - 1
    if layout["column_numbers"]:
        for c in range(1, last + 1):
            grid.ws.cell(grid.row, c, f"({c})")
        grid.row += 1
    for stt, label, amounts, _role in lines:
        if layout["stt"] and stt:
            grid.ws.cell(grid.row, 1, stt)
        grid.ws.cell(grid.row, label_col, label)
        for i, f in enumerate(fields):
            if f.startswith("pct"):
                base = amounts.get(_pct_base(f)) or 0
                value = round(100 * amounts["ytd_amount"] / base, 2) if base else None
                grid.ws.cell(grid.row, first + i, written_number(value, layout["numbers"]))
            else:
                scaled = round(amounts[f] / factor, 6) if factor != 1e-6 else round(amounts[f] * 1_000_000)
                grid.ws.cell(grid.row, first + i, written_number(scaled, layout["numbers"]))
        grid.row += 1
    if layout["signature"]:
        _sign(grid, truth.period.end, last)
    case.content = finish(book, rng, layout)


def _pct_base(f: str) -> str:
    return "estimate_council" if f == "pct_estimate_council" else "same_period_last_year"


def _sign(grid: Grid, after: date, last: int) -> None:
    signed = after + timedelta(days=7)
    grid.skip()
    grid.ws.cell(
        grid.row, max(3, last - 2), f"Đức Phổ, ngày {signed.day} tháng {signed.month} năm {signed.year}"
    )
    grid.row += 1
    grid.ws.cell(grid.row, 2, "NGƯỜI LẬP BIỂU")
    grid.ws.cell(grid.row, max(3, last - 2), "KT. CHỦ TỊCH")


# --- Disbursement --------------------------------------------------------------------------------------------

SOURCES = {
    "tinh": "Ngân sách tỉnh hỗ trợ",
    "thixa": "Ngân sách thị xã",
    "ctmtqg_ntm": "Chương trình MTQG xây dựng nông thôn mới",
    "ctmtqg_gn": "Chương trình MTQG giảm nghèo bền vững",
    "ntw": "Ngân sách trung ương",
}
WORKS = (
    "Đường bê tông thôn",
    "Trường mẫu giáo",
    "Nhà văn hóa thôn",
    "Kè chống sạt lở",
    "Trạm y tế",
    "Kênh mương nội đồng",
)


@dataclass
class DisbursementTruth:
    unit: RegistryUnit  # the reporting unit (the town when the title names none)
    year: int
    as_of: date
    split_plan: bool
    projects: dict[str, dict[str, Any]] = field(default_factory=dict)


def disbursement(seed: str) -> Case:
    rng = random.Random(seed)
    layout: dict[str, Any] = {
        "split_plan": rng.random() < 0.5,
        "money": rng.choice(list(MONEY)),
        "stt": rng.random() < 0.85,
        "title_lines": rng.randint(0, 6),
        "numbers": rng.choice(["number", "number", "vn_text"]),
        "total": rng.choice(["first", "first", "last", "absent"]),
        "groups": rng.random() < 0.7,
        "place_column": rng.random() < 0.5,
        "pct_column": rng.random() < 0.7,
        "as_of_place": rng.choice(["line", "line", "month_line", "header", "file"]),
        "unit_place": rng.choice(["heading", "none"]),
        "signature": rng.random() < 0.6,
        "column_order": rng.choice(["form", "form", "investor_last"]),
    }
    year = rng.randint(2021, 2024)
    as_of = month_end(year, rng.randint(1, 12))
    if layout["as_of_place"] in ("line", "header") and rng.random() < 0.5:
        as_of = date(year, as_of.month, rng.randint(1, 28))
    truth = DisbursementTruth(TOWN, year, as_of, layout["split_plan"])
    groups: list[tuple[str, list[str]]] = []
    for key in rng.sample(list(SOURCES), rng.randint(1, 4)):
        names = []
        for _ in range(rng.randint(1, 4)):
            commune = rng.choice(LOCAL_UNITS)
            name = f"{rng.choice(WORKS)} {rng.randint(1, 9)}, {commune.full_name.removeprefix('UBND ')}"
            if name in truth.projects:
                continue
            plan = round(rng.uniform(200, 20_000), rng.choice([0, 1]))
            extended = (
                round(rng.uniform(0, 3_000), 1) if layout["split_plan"] and rng.random() < 0.5 else None
            )
            disbursed = round(rng.uniform(0, plan + (extended or 0)), 1)
            investor = rng.choice(["Ban QLDA ĐTXD và PTQĐ thị xã", commune.full_name])
            truth.projects[name] = {
                "source_group": key if layout["groups"] else "",
                "investor": investor,
                "commune": commune,
                "plan": plan,
                "plan_extended": extended,
                "disbursed": disbursed,
            }
            names.append(name)
        if names:  # a source heading without projects would be a project of its own
            groups.append((key, names))
    case = Case("disbursement", seed, layout, truth)
    _render_disbursement(case, rng, groups)
    return case


def _render_disbursement(case: Case, rng: random.Random, groups: list[tuple[str, list[str]]]) -> None:
    layout, truth = case.layout, case.truth
    y, factor = truth.year, MONEY[layout["money"]]
    book, grid = new_book(rng.choice(["Giải ngân", "Sheet1", "GN"]))
    lines = fillers(rng, layout["title_lines"])
    if layout["unit_place"] == "heading":
        lines.insert(0, unit_heading(TOWN))
    lines.append(f"BÁO CÁO TÌNH HÌNH GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM {y}")
    as_of = truth.as_of
    if layout["as_of_place"] == "line":
        lines.append(f"(Tính đến ngày {as_of:%d/%m/%Y})")
    elif layout["as_of_place"] == "month_line":
        lines.append(f"(Số liệu đến hết tháng {as_of.month} năm {as_of.year})")
    for text in lines:
        grid.line(text)
    grid.line(f"ĐVT: {layout['money']}", col=5)
    paid_header = (
        f"Giải ngân đến ngày {as_of:%d/%m/%Y}"
        if layout["as_of_place"] == "header"
        else "Lũy kế giải ngân từ đầu năm"
    )
    cols: list[tuple[str, str, str]] = []  # (field, group, leaf)
    if layout["stt"]:
        cols.append(("stt", "STT", "STT"))
    cols.append(("project", "Danh mục dự án", "Danh mục dự án"))
    investor = ("investor", "Chủ đầu tư", "Chủ đầu tư")
    if layout["column_order"] != "investor_last":
        cols.append(investor)
    if layout["place_column"]:
        cols.append(("commune", "Địa điểm xây dựng", "Địa điểm xây dựng"))
    if layout["split_plan"]:
        group = f"Kế hoạch vốn năm {y}"
        cols += [
            ("plan_total", group, "Tổng số"),
            ("plan", group, f"Kế hoạch vốn giao năm {y}"),
            ("plan_extended", group, f"Kế hoạch năm {y - 1} kéo dài"),
        ]
    else:
        cols.append(("plan", f"Kế hoạch vốn năm {y}", f"Kế hoạch vốn năm {y}"))
    cols.append(("disbursed", paid_header, paid_header))
    if layout["pct_column"]:
        cols.append(("pct", "Tỷ lệ giải ngân (%)", "Tỷ lệ giải ngân (%)"))
    if layout["column_order"] == "investor_last":
        cols.append(investor)
    cols.append(("note", "Ghi chú", "Ghi chú"))
    top = grid.row
    for c, (_f, group, leaf) in enumerate(cols, 1):
        if group == leaf:
            grid.put(top, c, group, to_row=top + 1)
        else:
            if cols[c - 2][1] != group:
                span = sum(1 for x in cols if x[1] == group)
                grid.put(top, c, group, to_col=c + span - 1)
            grid.put(top + 1, c, leaf)
    grid.row = top + 2

    def money(v: float | None) -> Any:
        if v is None:
            return None
        return written_number(
            round(v / factor, 6) if factor != 1e-6 else round(v * 1_000_000), layout["numbers"]
        )

    def write(stt: str, label: str, p: dict[str, Any]) -> None:
        capital = p["plan"] + (p["plan_extended"] or 0)
        values = {
            "stt": stt or None,
            "project": label,
            "investor": p.get("investor"),
            "commune": p["commune"].name if p.get("commune") else None,
            "plan_total": money(capital),
            "plan": money(p["plan"]),
            "plan_extended": money(p["plan_extended"]),
            "disbursed": money(p["disbursed"]),
            "pct": written_number(round(100 * p["disbursed"] / capital, 2), layout["numbers"])
            if capital
            else None,
        }
        for c, (f, _g, _l) in enumerate(cols, 1):
            if values.get(f) is not None:
                grid.ws.cell(grid.row, c, values[f])
        grid.row += 1

    def summed(names: list[str]) -> dict[str, Any]:
        ps = [truth.projects[n] for n in names]
        ext = [p["plan_extended"] for p in ps if p["plan_extended"] is not None]
        return {
            "plan": sum(p["plan"] for p in ps),
            "plan_extended": sum(ext) if ext else None,
            "disbursed": sum(p["disbursed"] for p in ps),
        }

    everything = [n for _, names in groups for n in names]
    total_label = rng.choice(["TỔNG CỘNG", "Tổng số"])
    if layout["total"] == "first":
        write("", total_label, summed(everything))
    for g, (key, names) in enumerate(groups, 1):
        if layout["groups"]:
            write(["I", "II", "III", "IV", "V"][g - 1] if layout["stt"] else "", SOURCES[key], summed(names))
        for i, name in enumerate(names, 1):
            write(str(i) if layout["stt"] else "", name, truth.projects[name])
    if layout["total"] == "last":
        write("", total_label, summed(everything))
    if layout["signature"]:
        _sign(grid, truth.as_of, len(cols))
    parts = ["GiaiNgan"]
    if layout["as_of_place"] == "file":
        parts.append(f"{as_of:%d%m%Y}")
    case.file_name = "_".join(parts) + ".xlsx"
    case.content = finish(book, rng, layout)
