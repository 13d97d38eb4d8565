"""Writes the investment workbooks staff produce — disbursement reports, targets sheets — and their templates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from base.capital_sources import SOURCE_GROUPS
from dashboard.workbooks import dossiers as rw
from dashboard.workbooks.dropdowns import drop_down, guide_and_lists
from data_loaders.targets_sheet import INDICATORS

DISBURSEMENT_SHEET = "Giải ngân"
TARGETS_SHEET = "Chỉ tiêu"
TOTAL_LABEL = "TỔNG CỘNG"
MoneyUnit = Literal["triệu đồng", "đồng", "tỷ đồng"]
_PER_TRIEU: dict[str, float] = {"triệu đồng": 1.0, "đồng": 1e6, "tỷ đồng": 1e-3}


@dataclass(frozen=True)
class Project:
    """A project line: plan of the year, previous year's plan extended, disbursed to date (triệu đồng)."""

    name: str
    investor: str
    place: str
    plan: float | None
    disbursed: float | None
    extended: float | None = None


@dataclass(frozen=True)
class Group:
    """A group row (a capital source, or a heading above several): STT, name, and what it holds."""

    stt: str
    name: str
    items: Sequence[Group | Project] = field(default_factory=tuple)


@dataclass(frozen=True)
class TargetRow:
    """One line of a targets sheet as people fill it in."""

    indicator: str  # Vietnamese name (see INDICATORS)
    year: int
    value: float
    unit: str = ""
    source: str = ""
    due: date | None = None
    tolerance: float | None = None
    note: str = ""


def _scale(value: float | None, per: float) -> float | None:
    """Triệu đồng in the sheet's unit (rounded off float noise)."""
    return None if value is None else round(value * per, 6)


def _amounts(item: Group | Project, per: float) -> tuple[float | None, float | None, float | None]:
    """(plan, extended, disbursed) in the sheet's unit; a group's are its items' sums."""
    if isinstance(item, Project):
        plan, extended, paid = (_scale(v, per) for v in (item.plan, item.extended, item.disbursed))
        return plan, extended, paid
    sums: list[float | None] = [None, None, None]
    for child in item.items:
        for i, value in enumerate(_amounts(child, per)):
            if value is not None:
                sums[i] = round((sums[i] or 0.0) + value, 6)
    return sums[0], sums[1], sums[2]


def _lines(
    groups: Sequence[Group | Project], per: float
) -> list[tuple[str, str, str, str, tuple[Any, ...], str]]:
    """(STT, label, investor, place, amounts, style) in table order, projects numbered within their group."""
    out: list[tuple[str, str, str, str, tuple[Any, ...], str]] = []
    number = 0
    for item in groups:
        if isinstance(item, Group):
            out.append((item.stt, item.name, "", "", _amounts(item, per), "group_"))
            out += _lines(item.items, per)
        else:
            number += 1
            out.append((str(number), item.name, item.investor, item.place, _amounts(item, per), ""))
    return out


def disbursement_sheet(
    book: Any,
    fmt: dict[str, rw.Format],
    *,
    groups: Sequence[Group | Project],
    year: int | None,
    as_of_text: str,
    paid_header: str,
    money_unit: MoneyUnit = "triệu đồng",
    split_plan: bool = True,
    total: Literal["first", "last"] = "first",
    signed: str = "Đức Phổ, ngày … tháng … năm …",
) -> tuple[rw.Sheet, int]:
    """The disbursement report on a new sheet (year None: a blank to fill); returns the sheet and first data row."""
    sheet = book.add_worksheet(DISBURSEMENT_SHEET)
    this_year, last_year = (str(year), str(year - 1)) if year else ("……", "……")
    per = _PER_TRIEU[money_unit]
    plan_cols = 3 if split_plan else 1
    paid, pct, note = 4 + plan_cols, 5 + plan_cols, 6 + plan_cols
    for col, width in (
        (0, 6),
        (1, 46),
        (2, 24),
        (3, 16),
        (4, 14),
        (5, 14),
        (6, 14),
        (7, 14),
        (8, 10),
        (9, 12),
    ):
        sheet.set_column(col, col, width)
    rw.office_heading(sheet, fmt, split=3, last=note)
    sheet.merge_range(
        3, 0, 3, note, f"BÁO CÁO TÌNH HÌNH GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM {this_year}", fmt["title"]
    )
    sheet.merge_range(4, 0, 4, note, as_of_text, fmt["period"])
    sheet.merge_range(5, pct - 1, 5, note, f"ĐVT: {money_unit}", fmt["right"])
    spans: list[rw.Span] = [
        (0, 0, 1, 0, "STT"),
        (0, 1, 1, 1, "Danh mục dự án"),
        (0, 2, 1, 2, "Chủ đầu tư"),
        (0, 3, 1, 3, "Địa điểm xây dựng"),
        (0, paid, 1, paid, paid_header),
        (0, pct, 1, pct, "Tỷ lệ giải ngân (%)"),
        (0, note, 1, note, "Ghi chú"),
    ]
    if split_plan:
        spans += [
            (0, 4, 0, 6, f"Kế hoạch vốn năm {this_year}"),
            (1, 4, 1, 4, "Tổng số"),
            (1, 5, 1, 5, f"Kế hoạch vốn giao năm {this_year}"),
            (1, 6, 1, 6, f"Kế hoạch năm {last_year} kéo dài"),
        ]
    else:
        spans.append((0, 4, 1, 4, f"Kế hoạch vốn năm {this_year}"))
    rw.write_header(sheet, 7, spans, fmt["header"])
    sheet.set_row(8, 48)
    for col in range(note + 1):
        sheet.write_string(9, col, f"({col + 1})", fmt["colnum"])
    lines = _lines(groups, per)
    total_amounts = _amounts(Group("", "", groups), per)
    total_line = ("", TOTAL_LABEL, "", "", total_amounts, "total_")
    lines = [total_line, *lines] if total == "first" else [*lines, total_line]
    money = book.add_format({**_BORDER, "num_format": "#,##0" if money_unit == "đồng" else "#,##0.0##"})
    money_bold = book.add_format(
        {**_BORDER, "bold": True, "num_format": "#,##0" if money_unit == "đồng" else "#,##0.0##"}
    )
    rate = book.add_format({**_BORDER, "num_format": "0.00"})
    rate_bold = book.add_format({**_BORDER, "bold": True, "num_format": "0.00"})
    row = 10
    for stt, label, investor, place, (plan, extended, disbursed), style in lines:
        bold = style != ""
        sheet.write_string(row, 0, stt, fmt[style + "stt"])
        sheet.write_string(row, 1, label, fmt[style + "text"])
        sheet.write_string(row, 2, investor, fmt["text"])
        sheet.write_string(row, 3, place, fmt["text"])
        capital = None if plan is None and extended is None else (plan or 0) + (extended or 0)
        cells = [capital, plan, extended] if split_plan else [capital]
        for col, value in enumerate([*cells, disbursed], 4):
            _number(sheet, row, paid if col == 4 + plan_cols else col, value, money_bold if bold else money)
        ratio = None if not capital or disbursed is None else round(100 * disbursed / capital, 2)
        _number(sheet, row, pct, ratio, rate_bold if bold else rate)
        sheet.write_blank(row, note, None, fmt["text"])
        row += 1
    sheet.freeze_panes(10, 2)
    sheet.merge_range(row + 1, pct - 2, row + 1, note, signed, fmt["sign_date"])
    sheet.merge_range(row + 2, 0, row + 2, 2, "NGƯỜI LẬP BIỂU", fmt["sign"])
    sheet.merge_range(row + 2, pct - 2, row + 2, note, "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", fmt["sign"])
    return sheet, 10


_BORDER: dict[str, Any] = {"border": 1, "valign": "vcenter", "font_name": "Times New Roman", "font_size": 10}


def _number(sheet: rw.Sheet, row: int, col: int, value: float | None, style: rw.Format) -> None:
    if value is None:
        sheet.write_blank(row, col, None, style)
    else:
        sheet.write_number(row, col, value, style)


def write_disbursement_report(
    target: rw.Target,
    *,
    groups: Sequence[Group | Project],
    year: int,
    as_of: date,
    money_unit: MoneyUnit = "triệu đồng",
    split_plan: bool = True,
    total: Literal["first", "last"] = "first",
    created: datetime | None = None,
) -> None:
    """Write the town's disbursement report at a date (amounts given in triệu đồng, written in `money_unit`)."""
    book = rw.new_workbook(target, created=created)
    signed = created or datetime.combine(as_of, datetime.min.time())
    disbursement_sheet(
        book,
        rw.formats(book),
        groups=groups,
        year=year,
        as_of_text=f"(Tính đến ngày {as_of.day}/{as_of.month}/{as_of.year})",
        paid_header=f"Giải ngân đến ngày {as_of.day}/{as_of.month}/{as_of.year}",
        money_unit=money_unit,
        split_plan=split_plan,
        total=total,
        signed=f"Đức Phổ, ngày {signed.day:02d} tháng {signed.month} năm {signed.year}",
    )
    book.close()


TARGET_HEADERS = (
    "STT",
    "Chỉ tiêu",
    "Năm",
    "Đơn vị",
    "Nguồn vốn",
    "Mốc thời gian",
    "Giá trị (%)",
    "Dung sai (điểm %)",
    "Căn cứ, ghi chú",
)


def targets_sheet(
    book: Any, fmt: dict[str, rw.Format], *, rows: Sequence[TargetRow], years: str
) -> tuple[rw.Sheet, int]:
    """A targets sheet; returns it and its header row."""
    sheet = book.add_worksheet(TARGETS_SHEET)
    for col, width in enumerate((6, 34, 8, 24, 34, 15, 12, 12, 46)):
        sheet.set_column(col, col, width)
    last = len(TARGET_HEADERS) - 1
    sheet.merge_range(0, 0, 0, 3, rw.TOWN_HEADING, fmt["heading"])
    sheet.merge_range(2, 0, 2, last, f"CHỈ TIÊU GIAO {years}".upper(), fmt["title"])
    sheet.merge_range(3, 0, 3, last, "(Dùng để so sánh, tô màu trên bảng điều hành IOC)", fmt["period"])
    header = 5
    sheet.write_row(header, 0, TARGET_HEADERS, fmt["header"])
    when = book.add_format({**_BORDER, "num_format": "dd/mm/yyyy", "align": "center"})
    number = book.add_format({**_BORDER, "num_format": "0.##"})
    for i, t in enumerate(rows, 1):
        r = header + i
        sheet.write_number(r, 0, i, fmt["stt"])
        sheet.write_string(r, 1, t.indicator, fmt["text"])
        sheet.write_number(r, 2, t.year, fmt["stt"])
        sheet.write_string(r, 3, t.unit, fmt["text"])
        sheet.write_string(r, 4, t.source, fmt["text"])
        if t.due is None:
            sheet.write_blank(r, 5, None, when)
        else:
            sheet.write_datetime(r, 5, datetime.combine(t.due, datetime.min.time()), when)
        sheet.write_number(r, 6, t.value, number)
        _number(sheet, r, 7, t.tolerance, number)
        sheet.write_string(r, 8, t.note, fmt["text"])
    sheet.freeze_panes(header + 1, 0)
    return sheet, header


def write_targets(
    target: rw.Target, *, rows: Sequence[TargetRow], years: str, created: datetime | None = None
) -> None:
    """Write a targets sheet (`years` as shown in the title, e.g. "năm 2022–2023")."""
    book = rw.new_workbook(target, created=created)
    targets_sheet(book, rw.formats(book), rows=rows, years=years)
    book.close()


# --- templates ------------------------------------------------------------------------------------------

_DISBURSEMENT_GUIDE = (
    "HƯỚNG DẪN ĐIỀN BÁO CÁO TÌNH HÌNH GIẢI NGÂN VỐN ĐẦU TƯ CÔNG",
    "",
    "PHẦN TIÊU ĐỀ",
    "• Dòng tên báo cáo ghi năm kế hoạch, ví dụ “BÁO CÁO TÌNH HÌNH GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM 2023”.",
    "• Dòng ngày số liệu ghi “(Tính đến ngày 31/5/2023)” — ngày/tháng/năm. Mỗi ngày số liệu là một lần báo cáo; "
    "các lần báo cáo trong năm được giữ lại để vẽ đường tiến độ giải ngân.",
    "• Dòng “ĐVT:” ghi đơn vị tính tiền: triệu đồng (khuyến nghị), đồng hoặc tỷ đồng. Hệ thống quy đổi về triệu đồng.",
    "",
    "CÁC DÒNG",
    "• Dòng “TỔNG CỘNG” (không ghi STT) bằng tổng các nhóm; có thể đặt ở đầu hoặc cuối bảng.",
    "• Dòng nhóm là nguồn vốn: A, B, C… hoặc I, II, III…, ví dụ “Vốn ngân sách trung ương”, “Ngân sách tỉnh hỗ "
    "trợ”, “Ngân sách thị xã”, “Chương trình MTQG xây dựng nông thôn mới”, “Chương trình MTQG giảm nghèo bền vững”. "
    "Số của dòng nhóm bằng tổng các dự án trong nhóm; hệ thống tự kiểm tra và báo nếu lệch.",
    "• Mỗi dự án một dòng, đánh số 1, 2, 3… trong nhóm nguồn vốn của nó.",
    "",
    "CÁC CỘT",
    "• Chủ đầu tư: chọn trong danh sách hoặc ghi đúng tên (ví dụ “Ban QLDA ĐTXD và PTQĐ”, “UBND xã Phổ An”); "
    "chủ đầu tư cấp tỉnh ghi nguyên tên.",
    "• Địa điểm xây dựng: tên xã, phường (chọn trong danh sách); dự án ở nhiều nơi ghi các tên cách nhau bởi dấu phẩy "
    "hoặc ghi “Toàn thị xã”.",
    "• Kế hoạch vốn: “Tổng số” = kế hoạch vốn giao trong năm + kế hoạch năm trước được kéo dài.",
    "• Giải ngân: lũy kế số vốn đã giải ngân từ đầu năm đến ngày số liệu. Dự án chưa giải ngân đồng nào ghi 0; "
    "ô chưa có số liệu thì ĐỂ TRỐNG. Không ghi số 0 khi chưa biết.",
    "• Tỷ lệ giải ngân (%) = giải ngân ÷ tổng kế hoạch vốn × 100 (hệ thống tự tính lại và báo nếu lệch).",
    "",
    "CÁCH TẢI LÊN",
    "1. Lưu tệp dạng Excel (.xlsx). Nếu có công thức, hãy mở bằng Excel và nhấn Lưu (Ctrl+S) trước khi tải lên.",
    "2. Mở trang “Tải lên báo cáo” của bảng điều hành (cần tài khoản cập nhật số liệu), chọn tệp để tải lên.",
    "3. Hệ thống báo lỗi hoặc cảnh báo kèm vị trí ô (ví dụ “H14”). Sửa đúng ô đó rồi tải lên lại.",
    "4. Tải lên lại báo cáo cùng ngày số liệu sẽ thay thế báo cáo cũ; báo cáo các ngày khác vẫn được giữ.",
)
_TARGETS_GUIDE = (
    "HƯỚNG DẪN ĐIỀN BẢNG CHỈ TIÊU",
    "",
    "• Mỗi dòng một chỉ tiêu. Cột “Chỉ tiêu”: chọn trong danh sách — " + "; ".join(INDICATORS.values()) + ".",
    "• Năm: năm áp dụng (4 chữ số). Một bảng có thể ghi chỉ tiêu của nhiều năm.",
    "• Đơn vị: để trống (hoặc ghi “Toàn thị xã”) nếu áp dụng chung; ghi tên đơn vị nếu là chỉ tiêu riêng của "
    "đơn vị đó — chỉ tiêu riêng được ưu tiên hơn chỉ tiêu chung.",
    "• Nguồn vốn: chỉ dùng cho “Tỷ lệ giải ngân”; để trống là áp dụng cho mọi nguồn vốn, hoặc chọn một nguồn "
    "(ví dụ mốc riêng cho các Chương trình mục tiêu quốc gia).",
    "• Mốc thời gian: ngày/tháng/năm phải đạt chỉ tiêu, ví dụ 30/06/2023. Để trống là chỉ tiêu cả năm. Trước mỗi "
    "mốc, bảng điều hành so số liệu với mốc gần nhất sắp tới.",
    "• Giá trị (%): con số phần trăm, ví dụ 60 (không ghi 0,6). Dung sai: số điểm % thấp hơn chỉ tiêu vẫn được coi "
    "là “gần đạt” (màu vàng); để trống là 5 điểm.",
    "• Không ghi hai dòng trùng chỉ tiêu, năm, đơn vị, nguồn vốn và mốc thời gian.",
    "• Lưu tệp dạng Excel (.xlsx) rồi tải lên ở trang “Tải lên báo cáo” (tài khoản quản trị).",
    "• Tải lên lại bảng chỉ tiêu cùng các năm sẽ thay thế bảng cũ.",
)


def write_disbursement_template(target: rw.Target, unit_names: Sequence[str]) -> None:
    """An empty disbursement report: source groups with blank project rows, drop-downs, instructions."""
    blank = [Project("", "", "", None, None)] * 3
    groups = [
        Group("A", "Vốn ngân sách trung ương", blank),
        Group(
            "B",
            "Vốn ngân sách địa phương",
            [Group("I", "Ngân sách tỉnh hỗ trợ", blank), Group("II", "Ngân sách thị xã", blank)],
        ),
        Group(
            "C",
            "Chương trình mục tiêu quốc gia",
            [
                Group("I", "Chương trình MTQG xây dựng nông thôn mới", blank),
                Group("II", "Chương trình MTQG giảm nghèo bền vững", blank),
            ],
        ),
    ]
    book = rw.new_workbook(target)
    sheet, first = disbursement_sheet(
        book,
        rw.formats(book),
        groups=groups,
        year=None,
        as_of_text="(Tính đến ngày …/…/……)",
        paid_header="Giải ngân đến ngày …/…/……",
    )
    last = first + 30
    drop_down(sheet, first, last, 2, "A", len(unit_names), "Chủ đầu tư", prompt=None)
    drop_down(sheet, first, last, 3, "A", len(unit_names), "Địa điểm", prompt=None)
    guide_and_lists(book, _DISBURSEMENT_GUIDE, [unit_names])
    sheet.activate()
    book.close()


def write_targets_template(target: rw.Target, unit_names: Sequence[str]) -> None:
    """An empty targets sheet with drop-downs for indicator, unit and capital source, and instructions."""
    book = rw.new_workbook(target)
    sheet, header = targets_sheet(book, rw.formats(book), rows=[], years="năm ……")
    first, last = header + 1, header + 200
    drop_down(sheet, first, last, 1, "A", len(INDICATORS), "Chỉ tiêu", prompt=None)
    drop_down(sheet, first, last, 3, "B", len(unit_names), "Đơn vị", prompt=None)
    drop_down(sheet, first, last, 4, "C", len(SOURCE_GROUPS), "Nguồn vốn", prompt=None)
    guide_and_lists(
        book, _TARGETS_GUIDE, [list(INDICATORS.values()), unit_names, list(SOURCE_GROUPS.values())]
    )
    sheet.activate()
    book.close()
