"""Files other agencies wrote: layouts the reader had not seen, read through the real importer to stored figures."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session, col

from dashboard.importing.importer import import_file
from dashboard.importing.result import ImportResult
from dashboard.store.models import Batch, Dossier, Task, Unit
from data_loaders import budget_table, disbursement_report, dossier_list, tasks_sheet
from data_loaders.problems import Problems
from data_loaders.table import Column, read_table
from data_loaders.workbook import CellValue, Sheet

Rows = Sequence[Sequence[object]]

# A one-stop export from another vendor: no STT column, dates typed as text, a department beside the agency.
LIST_HEADER = [
    "Số hồ sơ",
    "Cơ quan",
    "Phòng ban",
    "Kênh nộp",
    "Ngày nộp",
    "Ngày hẹn trả",
    "Ngày hoàn thành",
    "Tình trạng",
]
LIST_ROWS: Rows = [
    ["000.00.25.H42-230301-0001", "UBND xã Phổ An", "Bộ phận một cửa", "Trực tuyến", "01/03/2023", "05/03/2023",
     "04/03/2023", "Đã trả kết quả"],
    ["000.00.25.H42-230302-0002", "UBND xã Phổ An", "Bộ phận một cửa", "Trực tiếp", "02/03/2023", "06/03/2023",
     "", "Đang xử lý"],
    ["000.00.25.H42-230303-0003", "UBND xã Phổ An", "Tư pháp", "Bưu chính", "03/03/2023", "07/03/2023",
     "09/03/2023", "Đã trả kết quả"],
]  # fmt: skip
# (code, unit, channel, status, received, due, finished) as each row above says.
LIST_STORED = [
    ("000.00.25.H42-230301-0001", "Phổ An", "online", "done", datetime(2023, 3, 1), datetime(2023, 3, 5),
     datetime(2023, 3, 4)),
    ("000.00.25.H42-230302-0002", "Phổ An", "direct", "processing", datetime(2023, 3, 2), datetime(2023, 3, 6), None),
    ("000.00.25.H42-230303-0003", "Phổ An", "postal", "done", datetime(2023, 3, 3), datetime(2023, 3, 7),
     datetime(2023, 3, 9)),
]  # fmt: skip


def xlsx(*sheets: tuple[str, Rows]) -> bytes:
    """A workbook with these sheets, rows from A1."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def run(engine: Engine, content: bytes, **kw: object) -> ImportResult:
    return import_file(content, "ngoai.xlsx", engine=engine, user="t", **kw)  # type: ignore[arg-type]


def lines(result: ImportResult) -> list[str]:
    return [p.line("ngoai.xlsx") for p in result.problems.items]


def stored_dossiers(engine: Engine) -> list[tuple[object, ...]]:
    with Session(engine) as s:
        rows = s.execute(
            select(
                col(Dossier.code),
                col(Unit.name),
                col(Dossier.channel),
                col(Dossier.status),
                col(Dossier.received_at),
                col(Dossier.due_at),
                col(Dossier.finished_at),
            )
            .join(Unit, col(Unit.id) == col(Dossier.unit_id))
            .join(Batch, col(Batch.id) == col(Dossier.batch_id))
            .where(col(Batch.status) == "active")
            .order_by(col(Dossier.code))
        ).all()
    return [tuple(r) for r in rows]


@pytest.mark.parametrize(
    "above",
    [
        pytest.param([], id="one header row, no title"),
        pytest.param(
            [["DANH SÁCH HỒ SƠ TIẾP NHẬN"], ["Từ ngày 01/03/2023 đến ngày 31/03/2023"], []], id="title above"
        ),
    ],
)
def test_dossier_list_without_stt_and_with_text_dates_stores_every_row(seeded: Engine, above: Rows) -> None:
    result = run(seeded, xlsx(("Danh sách", [*above, LIST_HEADER, *LIST_ROWS])))
    assert result.stored, lines(result)
    assert stored_dossiers(seeded) == LIST_STORED
    with Session(seeded) as s:
        batch = s.scalars(select(Batch)).one()
    # "Cơ quan" names the receiving unit; the department column is left alone.
    assert json.loads(batch.columns_json) == {
        "code": "A", "unit": "B", "channel": "D", "received_at": "E", "due_at": "F", "finished_at": "G", "status": "H"
    }  # fmt: skip
    assert batch.row_count == 3


def test_dossier_list_without_data_rows_is_an_error_and_keeps_the_month_stored(seeded: Engine) -> None:
    assert run(seeded, xlsx(("Danh sách", [LIST_HEADER, *LIST_ROWS]))).stored
    empty = run(seeded, xlsx(("Danh sách", [LIST_HEADER])), accept_warnings=True)
    assert not empty.stored
    assert [(p.severity, p.code, p.sheet) for p in empty.problems.items] == [
        ("error", "no_data_rows", "Danh sách")
    ]
    assert "chỉ có dòng tiêu đề" in empty.problems.items[0].message
    assert stored_dossiers(seeded) == LIST_STORED  # the good month is still the one in force


def test_a_second_sheet_the_importer_does_not_know_is_named_not_lost(seeded: Engine) -> None:
    notes_sheet = [
        ["Ghi chú xuất dữ liệu"],
        ["Người xuất", "Nguyễn Văn C"],
        ["Thời điểm", "05/04/2023 10:00"],
    ]
    result = run(seeded, xlsx(("Danh sách", [LIST_HEADER, *LIST_ROWS]), ("Thông tin", notes_sheet)))
    assert result.stored, lines(result)
    assert [n.line("ngoai.xlsx") for n in result.notes] == [
        "INFO ngoai.xlsx › Danh sách: đọc 3 dòng, lưu 3, bỏ qua 0.",
        "INFO ngoai.xlsx › Thông tin: bỏ qua: không nhận ra bảng số liệu nào (không phải báo cáo hệ thống nhận).",
    ]
    assert stored_dossiers(seeded) == LIST_STORED


# A task tracker exported by a document-management system: no STT, the leader first, the parent task beside the task.
TRACKER_HEADER = [
    "Lãnh đạo chỉ đạo", "Số phiếu giao việc", "Tên nhiệm vụ cha", "Tên nhiệm vụ", "Đơn vị chủ trì", "Hạn xử lý",
    "Trạng thái",
]  # fmt: skip
TRACKER_ROWS: Rows = [
    ["Chủ tịch UBND Nguyễn Văn A", "PGV-2023-011", "Cải cách thủ tục hành chính",
     "Rà soát, đơn giản hóa thủ tục cấp xã", "Phòng Nội vụ", "30/06/2023", "Đã hoàn thành"],
    ["Phó Chủ tịch UBND Trần Thị B", "PGV-2023-012", "Cải cách thủ tục hành chính",
     "Số hóa hồ sơ tiếp nhận tại bộ phận một cửa", "Văn phòng HĐND và UBND thị xã", "15/07/2023", "Đang thực hiện"],
    ["Chủ tịch UBND Nguyễn Văn A", "PGV-2023-013", "Chuyển đổi số",
     "Triển khai chữ ký số cho cán bộ xã", "Phòng Văn hóa và Thông tin", "31/12/2023", "Chưa thực hiện"],
]  # fmt: skip
TRACKER_FOOTER: Rows = [
    [],
    ["", "", "", "Người lập biểu", "", "KT. CHỦ TỊCH"],
    ["", "", "", "", "", "PHÓ CHỦ TỊCH"],
]
# (title, lead as written, lead unit, deadline, status) as each row says.
TRACKER_STORED = [
    ("Rà soát, đơn giản hóa thủ tục cấp xã", "Phòng Nội vụ", "Cơ quan Tổ chức – Nội vụ", date(2023, 6, 30), "done"),
    ("Số hóa hồ sơ tiếp nhận tại bộ phận một cửa", "Văn phòng HĐND và UBND thị xã", "Văn phòng HĐND và UBND thị xã",
     date(2023, 7, 15), "in_progress"),
    ("Triển khai chữ ký số cho cán bộ xã", "Phòng Văn hóa và Thông tin", "Phòng Văn hóa và Thông tin",
     date(2023, 12, 31), "not_started"),
]  # fmt: skip


def test_task_tracker_maps_deadline_title_and_keeps_rows_with_a_leader_name(seeded: Engine) -> None:
    title: Rows = [["UBND THỊ XÃ ĐỨC PHỔ"], ["DANH SÁCH NHIỆM VỤ GIAO NĂM 2023"], []]
    result = run(seeded, xlsx(("Nhiệm vụ", [*title, TRACKER_HEADER, *TRACKER_ROWS, *TRACKER_FOOTER])))
    assert result.stored, lines(result)
    assert result.sheets[0].columns == {"title": "D", "lead": "E", "deadline": "F", "status": "G"}
    with Session(seeded) as s:
        tasks = s.execute(
            select(col(Task.title), col(Task.lead_text), col(Unit.name), col(Task.deadline), col(Task.status))
            .join(Unit, col(Unit.id) == col(Task.lead_unit_id))
            .order_by(col(Task.row))
        ).all()
    assert [tuple(t) for t in tasks] == TRACKER_STORED


# --- the reader's decisions, table-driven ------------------------------------------------------------------------


def sheet(rows: list[list[CellValue]]) -> Sheet:
    return Sheet("S", rows)


def test_a_date_under_a_merged_header_stays_in_the_header() -> None:
    rows: list[list[CellValue]] = [
        ["STT", "Tên dự án", "Giải ngân đến ngày"],
        ["", "", "31/5/2023"],
        [1, "Đường ven biển", 1250.5],
    ]
    merged = [((0, 0), (1, 0)), ((0, 1), (1, 1))]
    table = read_table(Sheet("S", rows, merged), 0)
    assert table.header_end == 2 and table.columns[2].segments == ("giai ngan den ngay", "31 5 2023")


@pytest.mark.parametrize(
    ("second_row", "header_rows"),
    [
        (["H-1", "UBND xã Phổ An", "01/03/2023", "05/03/2023"], 1),  # text dates: data
        (["H-1", "UBND xã Phổ An", "2023-03-01 08:15", ""], 1),
        (["H-1", "UBND xã Phổ An", "1.250", "12,5"], 1),  # numbers typed as text: data
        (["", "", "Ngày nộp", "Ngày hẹn trả"], 2),  # the kind's header words: a second header row
    ],
)
def test_header_rows_are_the_rows_with_the_kinds_header_words(
    second_row: list[CellValue], header_rows: int
) -> None:
    rows: list[list[CellValue]] = [
        ["Số hồ sơ", "Cơ quan", "Thời gian", "Hạn"],
        second_row,
        ["H-2", "x", "", ""],
    ]
    table = read_table(sheet(rows), 0, is_header_text=dossier_list.is_header_text)
    assert table.header_end == header_rows


@pytest.mark.parametrize(
    ("row", "ends"),
    [
        (
            ["Chủ tịch UBND Nguyễn Văn A", "Rà soát thủ tục", "Phòng Nội vụ", "30/06/2023"],
            False,
        ),  # a data row
        (["Chủ tịch UBND", "", "", ""], True),  # the signature block
        (["", "Người lập biểu", "", "Thủ trưởng đơn vị"], True),
        (["Đức Phổ, ngày 21 tháng 7 năm 2023", "", "", ""], True),
    ],
)
def test_a_signature_phrase_ends_the_table_only_outside_its_key_columns(
    row: list[CellValue], ends: bool
) -> None:
    rows: list[list[CellValue]] = [
        ["Lãnh đạo chỉ đạo", "Tên nhiệm vụ", "Đơn vị chủ trì", "Hạn xử lý"],
        ["", "Nhiệm vụ đầu", "Văn phòng", "01/06/2023"],
        row,
        ["", "Nhiệm vụ sau", "Văn phòng", "02/06/2023"],
    ]
    table = read_table(
        sheet(rows),
        0,
        is_label_header=lambda t: t == "ten nhiem vu",
        is_key_header=lambda t: t in {"ten nhiem vu", "don vi chu tri", "han xu ly"},
    )
    assert len(table.rows) == (1 if ends else 3)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (LIST_HEADER, {"code": 0, "unit": 1, "channel": 3, "received_at": 4, "due_at": 5, "finished_at": 6,
                       "status": 7}),
        (["Phòng ban", "Mã hồ sơ", "Ngày tiếp nhận"], {"unit": 0, "code": 1, "received_at": 2}),
        # Two headers of one field: the exact and more specific synonym wins, wherever it stands.
        (["Đơn vị", "Mã hồ sơ", "Đơn vị tiếp nhận", "Ngày nộp"], {"unit": 2, "code": 1, "received_at": 3}),
        (["Mã hồ sơ", "Ngày nhận hồ sơ", "Ngày tiếp nhận"], {"code": 0, "received_at": 2}),
    ],
)  # fmt: skip
def test_dossier_list_columns_more_specific_wins(headers: list[CellValue], expected: dict[str, int]) -> None:
    problems = Problems()
    found = dossier_list.map_columns(read_table(sheet([headers]), 0), problems)
    assert found == expected and not problems.items


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (TRACKER_HEADER, {"title": 3, "lead": 4, "deadline": 5, "status": 6}),
        (["Tên nhiệm vụ", "Tên nhiệm vụ cha", "Hạn xử lý", "Đơn vị chủ trì"], {"title": 0, "deadline": 2, "lead": 3}),
        (["Nội dung công việc", "Cơ quan chủ trì", "Thời gian thực hiện", "Kết quả thực hiện nhiệm vụ"],
         {"title": 0, "lead": 1, "deadline": 2, "status": 3}),
    ],
)  # fmt: skip
def test_task_columns_known_others_never_map(headers: list[CellValue], expected: dict[str, int]) -> None:
    problems = Problems()
    found = tasks_sheet.map_columns(read_table(sheet([headers]), 0), problems)
    assert found == expected and not problems.items


def column(*segments: str) -> Column:
    from base.text import normalize

    return Column(0, tuple(normalize(s) for s in segments), segments)


@pytest.mark.parametrize(
    ("segments", "field"),
    [
        (("Dự toán năm 2023 HĐND giao",), "estimate_council"),
        (("Dự toán tỉnh giao",), "estimate_province"),
        (("Lũy kế thực hiện",), "ytd_amount"),
        (("Thực hiện",), "month_amount?"),
        (("Ước thực hiện",), "month_amount?"),
        (("Thực hiện tháng 5",), "month_amount"),
        (("Tỷ lệ %",), None),  # it does not say what it compares, so it is never checked
        (("Tỷ lệ % so dự toán",), "pct_estimate"),
    ],
)
def test_budget_headers_seen_in_real_exports(segments: tuple[str, ...], field: str | None) -> None:
    assert budget_table.classify(column(*segments)) == field


@pytest.mark.parametrize(
    ("segments", "field"),
    [
        (("Tổng mức đầu tư",), None),
        (("Lũy kế vốn đã bố trí đến hết năm 2022",), None),
        (("Kế hoạch vốn năm 2023",), "plan"),
        (("Giải ngân đến 30/6/2023",), "disbursed"),
    ],
)
def test_disbursement_headers_seen_in_real_exports(segments: tuple[str, ...], field: str | None) -> None:
    assert disbursement_report.classify(column(*segments)) == field
