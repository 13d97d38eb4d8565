"""Generated dossier workbooks: the aggregate report (form II.06a and variants) and the one-row-per-dossier list."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from tests.generated.common import (
    LOCAL_UNITS,
    OFFICES,
    TOWN,
    Case,
    Grid,
    PeriodTruth,
    RegistryUnit,
    ascii_name,
    dated_cell,
    draw_period,
    fillers,
    finish,
    new_book,
    unit_heading,
    unit_in_sentence,
    written_date,
    written_number,
)

SECTORS = (
    "Hộ tịch",
    "Chứng thực",
    "Đất đai",
    "Xây dựng",
    "Bảo trợ xã hội",
    "Người có công",
    "Hộ kinh doanh",
    "Nuôi con nuôi",
)
RECEIVED, RESOLVED, PENDING = "Số hồ sơ nhận giải quyết", "Số hồ sơ đã giải quyết", "Số hồ sơ đang giải quyết"
NEW_GROUP = "Số mới tiếp nhận"
# field -> (group, subgroup, leaf, the one-row header a flat layout writes)
COLUMN_TEXTS: dict[str, tuple[str | None, str | None, str, str]] = {
    "received_total": (RECEIVED, None, "Tổng số", "Tổng số hồ sơ nhận giải quyết"),
    "received_carried_over": (RECEIVED, None, "Số kỳ trước chuyển qua", "Số hồ sơ kỳ trước chuyển qua"),
    "received_new": (RECEIVED, None, "Số mới tiếp nhận", "Số hồ sơ mới tiếp nhận"),
    "received_online": (RECEIVED, NEW_GROUP, "Trực tuyến", "Số hồ sơ tiếp nhận trực tuyến"),
    "received_direct_or_postal": (
        RECEIVED,
        NEW_GROUP,
        "Trực tiếp, dịch vụ bưu chính",
        "Số hồ sơ tiếp nhận trực tiếp, dịch vụ bưu chính",
    ),
    "received_direct": (RECEIVED, NEW_GROUP, "Trực tiếp", "Số hồ sơ tiếp nhận trực tiếp"),
    "received_postal": (RECEIVED, NEW_GROUP, "Dịch vụ bưu chính", "Số hồ sơ tiếp nhận qua bưu chính"),
    "resolved_total": (RESOLVED, None, "Tổng số", "Tổng số hồ sơ đã giải quyết"),
    "resolved_early": (RESOLVED, None, "Trả trước hạn", "Số hồ sơ đã giải quyết trả trước hạn"),
    "resolved_on_time": (RESOLVED, None, "Trả đúng thời hạn", "Số hồ sơ đã giải quyết trả đúng thời hạn"),
    "resolved_in_time": (
        RESOLVED,
        None,
        "Trả đúng thời hạn (trước hạn và đúng hạn)",
        "Số hồ sơ đã giải quyết đúng hạn (trước hạn và đúng hạn)",
    ),
    "resolved_late": (RESOLVED, None, "Trả quá hạn", "Số hồ sơ đã giải quyết trả quá hạn"),
    "pending_total": (PENDING, None, "Tổng số", "Tổng số hồ sơ đang giải quyết"),
    "pending_within_deadline": (PENDING, None, "Trong hạn", "Số hồ sơ đang giải quyết trong hạn"),
    "pending_overdue": (PENDING, None, "Quá hạn", "Số hồ sơ đang giải quyết quá hạn"),
    "withdrawn": (None, None, "Số hồ sơ rút, trả lại", "Số hồ sơ rút, trả lại"),
}
FIELD_SETS: dict[str, tuple[str, ...]] = {
    "official": (
        "received_total",
        "received_carried_over",
        "received_online",
        "received_direct_or_postal",
        "resolved_total",
        "resolved_early",
        "resolved_on_time",
        "resolved_late",
        "pending_total",
        "pending_within_deadline",
        "pending_overdue",
        "withdrawn",
    ),
    "split_channels": (
        "received_total",
        "received_carried_over",
        "received_online",
        "received_direct",
        "received_postal",
        "resolved_total",
        "resolved_early",
        "resolved_on_time",
        "resolved_late",
        "pending_total",
        "pending_within_deadline",
        "pending_overdue",
    ),
    "vendor": (
        "received_total",
        "received_carried_over",
        "received_new",
        "resolved_total",
        "resolved_in_time",
        "resolved_late",
        "pending_total",
        "pending_within_deadline",
        "pending_overdue",
        "withdrawn",
    ),
}


def draw_counts(rng: random.Random, scale: int = 900, *, withdrawn: bool = True) -> dict[str, int]:
    """Counts that satisfy every identity of DOMAIN.md (received = resolved + pending + withdrawn …).

    Without a withdrawn column the report's identity is received = resolved + pending, so none are withdrawn.
    """
    carried = rng.randint(0, scale // 20)
    online, direct, postal = rng.randint(0, scale), rng.randint(0, scale), rng.randint(0, scale // 30)
    new = online + direct + postal
    total = carried + new
    gone = rng.randint(0, min(5, total)) if withdrawn else 0
    resolved = rng.randint(0, total - gone)
    pending = total - gone - resolved
    early = rng.randint(0, resolved)
    late = rng.randint(0, resolved - early)
    overdue = rng.randint(0, pending)
    return {
        "received_total": total,
        "received_carried_over": carried,
        "received_new": new,
        "received_online": online,
        "received_direct": direct,
        "received_postal": postal,
        "received_direct_or_postal": direct + postal,
        "resolved_total": resolved,
        "resolved_early": early,
        "resolved_on_time": resolved - early - late,
        "resolved_in_time": resolved - late,
        "resolved_late": late,
        "pending_total": pending,
        "pending_within_deadline": pending - overdue,
        "pending_overdue": overdue,
        "withdrawn": gone,
    }


def add_counts(rows: list[dict[str, int]]) -> dict[str, int]:
    return {k: sum(r[k] for r in rows) for k in rows[0]}


@dataclass
class DossierReportTruth:
    """What a report states: the figures per (unit code, sector) — sector '' is the unit as a whole."""

    period: PeriodTruth
    unit: RegistryUnit | None  # the reporting unit of a by-sector report
    fields: tuple[str, ...]
    figures: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)


def dossier_report(seed: str) -> Case:
    rng = random.Random(seed)
    by = rng.choice(["unit", "sector"])
    fields_name = rng.choice(list(FIELD_SETS))
    fields = list(FIELD_SETS[fields_name])
    layout: dict[str, Any] = {
        "by": by,
        "fields": fields_name,
        "header_rows": rng.choice([1, 2, 3, 3, 3]),
        "column_order": rng.choice(["form", "form", "shuffled"]),
        "stt": rng.random() < 0.75,
        "title_lines": rng.randint(0, 6),
        "numbers": rng.choice(["number", "number", "vn_text", "text"]),
        "total": rng.choice(["last", "last", "first", "absent"]),
        "column_numbers": rng.random() < 0.5,
        "note_column": rng.random() < 0.3,
        "signature": rng.random() < 0.7,
        "period_place": rng.choice(["line", "line", "line", "sentence", "file"]),
        "unit_place": rng.choice(["heading", "explicit", "explicit", "sentence", "bare", "file"]),
        "trong_do": by == "sector" and rng.random() < 0.3,
        "planted_mismatch": rng.random() < 0.1,
    }
    if layout["column_order"] == "shuffled":
        fields = _shuffled(rng, fields)
    period = draw_period(rng)
    unit = rng.choice(LOCAL_UNITS + OFFICES) if by == "sector" else None
    truth = DossierReportTruth(period, unit, tuple(fields))
    labels: list[tuple[str, str, dict[str, int], str]] = []  # (stt, label, counts, role)
    has_withdrawn = "withdrawn" in fields
    if by == "unit":
        members = rng.sample(LOCAL_UNITS, rng.randint(2, 8))
        grouped = layout["stt"] and rng.random() < 0.4
        layout["unit_groups"] = grouped
        kinds = [("ward", "I", "Các phường"), ("commune", "II", "Các xã")] if grouped else [("", "", "")]
        for kind, roman, heading in kinds:
            part = [u for u in members if not kind or u.kind == kind]
            if not part:
                continue
            leaves = [(u, draw_counts(rng, withdrawn=has_withdrawn)) for u in part]
            if grouped:
                labels.append((roman, heading, add_counts([c for _, c in leaves]), "group"))
            for i, (u, counts) in enumerate(leaves, 1):
                spelling = rng.choice(
                    [u.name, u.full_name, f"{'Xã' if u.kind == 'commune' else 'Phường'} {u.name}"]
                )
                labels.append((str(i), spelling, counts, "leaf"))
                truth.figures[(u.code, "")] = counts
    else:
        assert unit is not None
        for i, sector in enumerate(rng.sample(SECTORS, rng.randint(1, 6)), 1):
            counts = draw_counts(rng, rng.choice([30, 300, 3000]), withdrawn=has_withdrawn)
            labels.append((str(i), sector, counts, "leaf"))
            truth.figures[(unit.code, sector)] = counts
            if layout["trong_do"] and rng.random() < 0.5:
                labels.append(
                    (
                        "",
                        f"Trong đó: {sector.lower()} trực tuyến toàn trình",
                        draw_counts(rng, 20, withdrawn=has_withdrawn),
                        "part",
                    )
                )
    if layout["planted_mismatch"]:
        _stt, label, counts, _role = next(x for x in labels if x[3] == "leaf")
        counts["received_total"] += 1  # the report's own arithmetic slip; what it states is what is stored
        layout["planted_row"] = label
    total = add_counts([c for _, _, c, role in labels if role == "leaf"])
    if by == "sector":
        assert unit is not None
        truth.figures[(unit.code, "")] = total
    if layout["planted_mismatch"]:
        # Group rows hold the sums of what is written, so only the identity warns.
        labels = [
            (
                s,
                lab,
                add_counts([c for (_, _, c, r) in labels[i + 1 : _group_end(labels, i)] if r == "leaf"]),
                r,
            )
            if r == "group"
            else (s, lab, c, r)
            for i, (s, lab, c, r) in enumerate(labels)
        ]
    total_label = rng.choice(["Tổng cộng", "Tổng số", "Cộng", "Toàn thị xã" if by == "unit" else "Tổng cộng"])
    if layout["total"] == "first":
        labels.insert(0, ("", total_label, total, "total"))
    elif layout["total"] == "last":
        labels.append(("", total_label, total, "total"))
    case = Case("dossier_report", seed, layout, truth)
    if layout["planted_mismatch"]:
        case.planted = frozenset({"identity_mismatch"})
    _render_report(case, rng, labels)
    return case


def _group_end(labels: list[tuple[str, str, dict[str, int], str]], i: int) -> int:
    j = i + 1
    while j < len(labels) and labels[j][3] != "group":
        j += 1
    return j


def _shuffled(rng: random.Random, fields: list[str]) -> list[str]:
    """Groups in another order, columns shuffled inside each group; a subgroup's columns stay side by side."""
    groups: dict[str | None, list[str]] = {}
    for f in fields:
        groups.setdefault(COLUMN_TEXTS[f][0], []).append(f)
    order = list(groups)
    rng.shuffle(order)
    out: list[str] = []
    for g in order:
        plain = [f for f in groups[g] if COLUMN_TEXTS[f][1] is None]
        sub = [f for f in groups[g] if COLUMN_TEXTS[f][1] is not None]
        rng.shuffle(sub)
        blocks: list[list[str]] = [[f] for f in plain] + ([sub] if sub else [])
        rng.shuffle(blocks)
        out += [f for b in blocks for f in b]
    return out


def _title_block(case: Case, rng: random.Random, grid: Grid, subject: str) -> None:
    """Filler lines, the unit and the period each in the place the layout chose; records the file name."""
    layout, truth = case.layout, case.truth
    unit: RegistryUnit | None = truth.unit
    phrases = truth.period.phrases()
    lines = fillers(rng, layout["title_lines"])
    sentence = subject
    if unit is not None and layout["unit_place"] == "sentence":
        sentence += f" {unit_in_sentence(unit)}"
    if layout["period_place"] == "sentence":
        sentence += f" {phrases['phrase']}"
    if unit is not None:
        place = layout["unit_place"]
        if place == "heading":
            lines.insert(0, unit_heading(unit))
        elif place == "explicit":
            lines.append(f"Đơn vị báo cáo: {unit.full_name}")
        elif place == "bare":
            lines.insert(0, unit.name)
    elif rng.random() < 0.5:
        lines.insert(0, unit_heading(TOWN))
    lines.append(sentence)
    if layout["period_place"] == "line":
        lines.append(phrases["line"])
    for text in lines:
        grid.line(text)
    grid.skip()
    name = ["BaoCao", case.kind]
    if unit is not None and layout["unit_place"] == "file":
        name.append(ascii_name(unit.name))
    if layout["period_place"] == "file":
        name.append(phrases["file"])
    case.file_name = "_".join(name) + ".xlsx"


def _render_report(
    case: Case, rng: random.Random, labels: list[tuple[str, str, dict[str, int], str]]
) -> None:
    layout, truth = case.layout, case.truth
    book, grid = new_book(rng.choice(["Biểu II.06a", "Sheet1", "TTHC"]))
    _title_block(case, rng, grid, "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")
    top, depth = grid.row, layout["header_rows"]
    bottom = top + depth - 1
    col = 1
    if layout["stt"]:
        grid.put(top, col, "STT", to_row=bottom)
        col += 1
    label_text = rng.choice(
        ["Tên đơn vị", "Đơn vị"] if layout["by"] == "unit" else ["Lĩnh vực giải quyết", "Lĩnh vực"]
    )
    grid.put(top, col, label_text, to_row=bottom)
    label_col = col
    col += 1
    first_data = col
    fields = list(truth.fields)
    for i, f in enumerate(fields):
        group, sub, leaf, flat = COLUMN_TEXTS[f]
        c = first_data + i
        if depth == 1 or group is None:
            grid.put(top, c, flat if depth == 1 else leaf, to_row=bottom)
            continue
        if i == 0 or COLUMN_TEXTS[fields[i - 1]][0] != group:
            span = next(
                (j for j in range(i, len(fields)) if COLUMN_TEXTS[fields[j]][0] != group), len(fields)
            )
            grid.put(top, c, group, to_col=first_data + span - 1)
        if depth == 2:
            grid.put(top + 1, c, leaf)
        elif sub is None:
            grid.put(top + 1, c, leaf, to_row=bottom)
        else:
            if i == 0 or COLUMN_TEXTS[fields[i - 1]][1] != sub:
                span = next(
                    (j for j in range(i, len(fields)) if COLUMN_TEXTS[fields[j]][1] != sub), len(fields)
                )
                grid.put(top + 1, c, sub, to_col=first_data + span - 1)
            grid.put(bottom, c, leaf)
    last = first_data + len(fields) - 1
    if layout["note_column"]:
        last += 1
        grid.put(top, last, "Ghi chú", to_row=bottom)
    grid.row = bottom + 1
    if layout["column_numbers"]:
        for c in range(1, last + 1):
            grid.ws.cell(grid.row, c, f"({c})")
        grid.row += 1
    for stt, label, counts, _role in labels:
        if layout["stt"] and stt:
            grid.ws.cell(grid.row, 1, stt)
        grid.ws.cell(grid.row, label_col, label)
        for i, f in enumerate(fields):
            grid.ws.cell(grid.row, first_data + i, written_number(counts[f], layout["numbers"]))
        grid.row += 1
    if layout["signature"]:
        _signature(grid, truth.period.end, last)
    case.content = finish(book, rng, layout)


def _signature(grid: Grid, after: date, last_col: int) -> None:
    signed = after + timedelta(days=5)
    grid.skip()
    grid.ws.cell(
        grid.row, max(2, last_col - 3), f"Đức Phổ, ngày {signed.day} tháng {signed.month} năm {signed.year}"
    )
    grid.row += 1
    grid.ws.cell(grid.row, 2, "NGƯỜI LẬP BIỂU")
    grid.ws.cell(grid.row, max(3, last_col - 3), "CHỦ TỊCH")
    grid.row += 3
    grid.ws.cell(grid.row, 2, "Nguyễn Văn A")


# --- Dossier lists --------------------------------------------------------------------------------------------

LIST_HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("Mã hồ sơ", "Số hồ sơ"),
    "procedure": ("Tên thủ tục hành chính", "Tên thủ tục"),
    "sector": ("Lĩnh vực",),
    "unit": ("Đơn vị tiếp nhận", "Cơ quan tiếp nhận", "Nơi tiếp nhận"),
    "channel": ("Hình thức nộp", "Kênh nộp"),
    "received_at": ("Ngày tiếp nhận", "Ngày nộp"),
    "due_at": ("Hạn xử lý", "Ngày hẹn trả"),
    "finished_at": ("Ngày trả kết quả", "Ngày hoàn thành"),
    "status": ("Trạng thái", "Tình trạng"),
}
CHANNEL_TEXTS = {
    "online": ("Trực tuyến", "Dịch vụ công trực tuyến"),
    "direct": ("Trực tiếp",),
    "postal": ("Dịch vụ bưu chính", "Bưu chính công ích"),
}
STATUS_TEXTS = {
    "done": ("Đã trả kết quả", "Hoàn thành", "Đã giải quyết"),
    "processing": ("Đang xử lý", "Đang giải quyết"),
    "supplement": ("Chờ bổ sung",),
    "withdrawn": ("Công dân rút", "Đã rút"),
    "rejected": ("Từ chối",),
}
PROCEDURES = (
    "Đăng ký khai sinh",
    "Chứng thực bản sao từ bản chính",
    "Cấp giấy phép xây dựng",
    "Đăng ký kết hôn",
)


@dataclass
class DossierListTruth:
    period: PeriodTruth | None  # written above the table, or None (the list's months then)
    unit: RegistryUnit | None  # the unit in the title when the list has no unit column
    dossiers: dict[str, dict[str, Any]] = field(default_factory=dict)


def dossier_list(seed: str) -> Case:
    rng = random.Random(seed)
    optional = ["procedure", "sector", "channel", "due_at", "finished_at", "status"]
    layout: dict[str, Any] = {
        "columns": ["code", "received_at", *[c for c in optional if rng.random() < 0.85]],
        "unit_column": rng.random() < 0.7,
        "column_order": rng.choice(["template", "shuffled"]),
        "stt": rng.random() < 0.7,
        "title_lines": rng.randint(0, 6),
        "dates": rng.choice(["excel", "text"]),
        "period_line": rng.random() < 0.5,
        "signature": rng.random() < 0.3,
        "extra_column": rng.random() < 0.3,
    }
    if "finished_at" not in layout["columns"] and "status" in layout["columns"]:
        layout["columns"].append("finished_at")  # a done dossier needs its date
    if layout["unit_column"]:
        layout["columns"].insert(2, "unit")
    if layout["column_order"] == "shuffled":
        rng.shuffle(layout["columns"])
    period = draw_period(rng, ("month", "quarter"))
    members = rng.sample(LOCAL_UNITS + OFFICES, rng.randint(1, 3)) if layout["unit_column"] else []
    title_unit = None if layout["unit_column"] else rng.choice(LOCAL_UNITS + OFFICES)
    truth = DossierListTruth(period if layout["period_line"] else None, title_unit)
    cols = layout["columns"]
    span = (period.end - period.start).days
    for n in range(rng.randint(3, 40)):
        received = datetime.combine(period.start + timedelta(days=rng.randint(0, span)), datetime.min.time())
        received += timedelta(hours=rng.randint(7, 16), minutes=rng.randint(0, 59))
        status = rng.choice(["done", "done", "done", "processing", "supplement", "withdrawn", "rejected"])
        if "status" not in cols:
            status = rng.choice(["done", "processing"]) if "finished_at" in cols else "processing"
        due = received + timedelta(days=rng.randint(1, 20)) if "due_at" in cols else None
        finished = None
        if status == "done" or (status in ("withdrawn", "rejected") and rng.random() < 0.5):
            finished = received + timedelta(days=rng.randint(0, 25), hours=rng.randint(0, 3))
        unit = rng.choice(members) if members else title_unit
        assert unit is not None
        code = f"000.{rng.randint(10, 99)}.22.H48-{received:%y%m%d}-{n + 1:04d}"
        truth.dossiers[code] = {
            "unit": unit,
            "sector": rng.choice(SECTORS) if "sector" in cols else "",
            "procedure": rng.choice(PROCEDURES) if "procedure" in cols else "",
            "channel": rng.choice(list(CHANNEL_TEXTS)) if "channel" in cols else None,
            "status": status,
            "received_at": received,
            "due_at": due,
            "finished_at": finished if "finished_at" in cols else None,
        }
    case = Case("dossier_list", seed, layout, truth)
    _render_list(case, rng)
    return case


def _render_list(case: Case, rng: random.Random) -> None:
    layout, truth = case.layout, case.truth
    book, grid = new_book(rng.choice(["Danh sách hồ sơ", "Sheet1", "DS"]))
    lines = fillers(rng, layout["title_lines"])
    if truth.unit is not None:
        lines.insert(0, unit_heading(truth.unit))
    lines.append("DANH SÁCH HỒ SƠ TIẾP NHẬN")
    if truth.period is not None:
        lines.append(
            f"Kỳ báo cáo: từ ngày {truth.period.start:%d/%m/%Y} đến ngày {truth.period.end:%d/%m/%Y}"
        )
    for text in lines:
        grid.line(text)
    grid.skip()
    cols = (
        (["stt"] if layout["stt"] else []) + layout["columns"] + (["note"] if layout["extra_column"] else [])
    )
    for c, name in enumerate(cols, 1):
        text = {"stt": "STT", "note": "Ghi chú"}.get(name) or rng.choice(LIST_HEADERS[name])
        grid.ws.cell(grid.row, c, text)
    grid.row += 1
    for n, (code, d) in enumerate(truth.dossiers.items(), 1):
        for c, name in enumerate(cols, 1):
            value: Any = None
            if name == "stt":
                value = n
            elif name == "code":
                value = code
            elif name == "unit":
                value = rng.choice([d["unit"].name, d["unit"].full_name])
            elif name == "channel":
                value = rng.choice(CHANNEL_TEXTS[d["channel"]])
            elif name == "status":
                value = rng.choice(STATUS_TEXTS[d["status"]])
            elif name in ("received_at", "due_at", "finished_at"):
                value = None if d[name] is None else written_date(d[name], layout["dates"])
            elif name in ("sector", "procedure"):
                value = d[name]
            dated_cell(grid.ws, grid.row, c, value)
        grid.row += 1
    if layout["signature"]:
        _signature(grid, max(d["received_at"] for d in truth.dossiers.values()).date(), len(cols))
    case.file_name = f"DanhSachHoSo_{rng.randint(1, 999)}.xlsx"
    case.content = finish(book, rng, layout)
