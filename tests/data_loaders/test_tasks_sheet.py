"""The task-list reader: areas, lead agencies, deadlines and statuses as people write them, and every bad input."""

import io
import random
from datetime import date

import openpyxl
import pytest

from dashboard.importing.importer import import_file
from dashboard.settings import get_settings
from dashboard.workbooks.tasks import TaskLine, generate_tasks_samples, write_tasks, write_tasks_template
from data_loaders import dossier_list, dossier_report, registry, tasks_sheet
from data_loaders.deadlines import Deadline
from data_loaders.problems import Problems
from data_loaders.workbook import open_workbook

HEADER = [
    "STT",
    "Nội dung công việc / Nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Sản phẩm",
    "Thời gian thực hiện",
    "Tình trạng",
    "Ngày hoàn thành",
]
PLAN_TITLE = ("UBND THỊ XÃ ĐỨC PHỔ", "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2022")
GOOD = [
    "1",
    "Tham mưu ban hành kế hoạch kiểm tra",
    "Phòng Tư pháp",
    "",
    "Kế hoạch",
    "Quý I năm 2022",
    "Đã hoàn thành",
    "15/03/2022",
]


def task_sheet(rows, title=PLAN_TITLE, header=HEADER):
    """A task list built by code: title lines, a blank row, the header and the rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Nhiệm vụ"
    for line in title:
        ws.append([line])
    ws.append([])
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def tasks_loader(monkeypatch):
    """Wire the task reader into the importer the way the registry will."""
    loader = registry.Loader(
        tasks_sheet.KIND, tasks_sheet.TITLE, tasks_sheet.looks_like, tasks_sheet.read_sheet
    )
    monkeypatch.setattr(registry, "LOADERS", (loader, *registry.LOADERS))


def read(content, matcher):
    sheet = open_workbook(content, "nv.xlsx", get_settings()).sheets[0]
    header = tasks_sheet.looks_like(sheet)
    assert header is not None
    problems = Problems()
    return tasks_sheet.read_sheet(sheet, header, matcher, problems), problems


def code_of(matcher, unit_id):
    return matcher.by_id(unit_id).code if unit_id is not None else None


def test_a_plan_in_the_style_of_seed_003(matcher):
    rows = [
        ["I", "CẢI CÁCH THỂ CHẾ"],
        GOOD,
        [
            "2",
            "Rà soát văn bản QPPL hết hiệu lực",
            "Phòng Tư pháp; UBND các xã, phường",
            "",
            "",
            "Quý II, III năm 2022",
            "Hoàn thành (trễ hạn)",
        ],
        ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"],
        [
            "1",
            "Niêm yết công khai TTHC",
            "Các cơ quan, đơn vị, UBND các xã, phường",
            "",
            "",
            "Thường xuyên trong năm",
            "Đang thực hiện",
        ],
        ["2", "Chấm điểm Chỉ số CCHC", "Sở Nội vụ", "", "", "Theo kế hoạch của Sở Nội vụ", ""],
        [
            "3",
            "Báo cáo tiến độ dự án",
            "Giao Phòng Kinh tế, Phòng Lao động - Thương binh và Xã hội",
            "",
            "",
            "chậm nhất trong ngày 22/6/2022",
            "Xong",
            "01/07/2022",
        ],
    ]
    parsed, problems = read(task_sheet(rows), matcher)
    assert problems.items == []
    assert (parsed.period.label, parsed.unit.code, parsed.kind) == ("Năm 2022", "thi-xa-duc-pho", "tasks")
    got = [
        (
            r["area"],
            code_of(matcher, r["lead_unit_id"]),
            r["deadline_kind"],
            r["deadline"],
            r["status"],
            r["done_late"],
            r["row"],
        )
        for r in parsed.records
    ]
    assert got == [
        ("CẢI CÁCH THỂ CHẾ", "phong-tu-phap", "date", date(2022, 3, 31), "done", False, 6),
        ("CẢI CÁCH THỂ CHẾ", "phong-tu-phap", "date", date(2022, 9, 30), "done", True, 7),
        ("CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "thi-xa-duc-pho", "ongoing", None, "in_progress", None, 9),
        ("CẢI CÁCH THỦ TỤC HÀNH CHÍNH", None, "none", None, "not_started", None, 10),
        ("CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "phong-kinh-te", "date", date(2022, 6, 22), "done", True, 11),
    ]
    assert parsed.records[3]["lead_text"] == "Sở Nội vụ"
    assert parsed.records[0]["completed_on"] == date(2022, 3, 15)
    assert parsed.columns["deadline"] == "F"


def test_headings_without_roman_numbers_and_nested_groups(matcher):
    rows = [
        ["", "I. CẢI CÁCH THỂ CHẾ"],
        ["1", "Văn bản quy phạm pháp luật"],
        ["a", "Thẩm định dự thảo", "Phòng Tư pháp", "", "", "Thường xuyên", ""],
        ["", "II. CẢI CÁCH TÀI CHÍNH CÔNG"],
        ["1", "Giao dự toán", "Phòng Tài chính - Kế hoạch", "", "", "Quý I năm 2022", ""],
    ]
    parsed, problems = read(task_sheet(rows), matcher)
    assert problems.items == []
    assert [r["area"] for r in parsed.records] == [
        "I. CẢI CÁCH THỂ CHẾ › Văn bản quy phạm pháp luật",
        "II. CẢI CÁCH TÀI CHÍNH CÔNG",
    ]


def test_a_meeting_conclusion_takes_its_period_from_the_meeting_day(matcher):
    title = (
        "UBND THỊ XÃ ĐỨC PHỔ",
        "Đức Phổ, ngày 14 tháng 6 năm 2023",
        "THÔNG BÁO KẾT LUẬN của Chủ tịch UBND thị xã tại phiên họp ngày 05/6/2023",
    )
    rows = [
        [
            "1",
            "Rà soát các sắc thuế",
            "Phòng Tài chính - Kế hoạch",
            "Chi cục Thuế",
            "",
            "trước ngày 30/6/2023",
            "",
        ]
    ]
    parsed, problems = read(task_sheet(rows, title), matcher)
    assert problems.items == []
    assert (parsed.period.start, parsed.period.end, parsed.period.label) == (
        date(2023, 6, 5),
        date(2023, 12, 31),
        "Kết luận ngày 05/06/2023",
    )


def test_a_title_without_unit_is_the_towns(matcher):
    parsed, problems = read(task_sheet([GOOD], ("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2022",)), matcher)
    assert (problems.items, parsed.unit.code) == ([], "thi-xa-duc-pho")
    parsed, _ = read(task_sheet([GOOD], ("UBND XÃ PHỔ AN", "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2022")), matcher)
    assert parsed.unit.code == "xa-pho-an"


@pytest.mark.parametrize(
    ("written", "completed", "status", "late"),
    [
        ("Đã hoàn thành", "15/03/2022", "done", False),
        ("Hoàn thành", "02/04/2022", "done", True),  # the dates say late
        ("Xong", None, "done", None),  # a dated deadline and no completion day: cannot tell
        ("Hoàn thành (trễ hạn)", None, "done", True),
        ("Hoàn thành chậm", None, "done", True),
        ("Hoàn thành đúng hạn", None, "done", False),
        ("Đã hoàn thành (Kế hoạch số 45/KH-UBND)", None, "done", None),
        ("Đang thực hiện", None, "in_progress", None),
        ("Đang triển khai", None, "in_progress", None),
        ("Chưa thực hiện", None, "not_started", None),
        ("Chưa triển khai", None, "not_started", None),
        ("", None, "not_started", None),
    ],
)
def test_statuses_as_people_write_them(matcher, written, completed, status, late):
    row = ["1", "Nhiệm vụ", "Phòng Tư pháp", "", "", "Quý I năm 2022", written, completed]
    parsed, problems = read(task_sheet([row]), matcher)
    assert problems.items == []
    assert (parsed.records[0]["status"], parsed.records[0]["done_late"]) == (status, late)


@pytest.mark.parametrize(
    ("status", "marker", "deadline", "completed", "expected"),
    [
        ("done", None, Deadline("date", date(2022, 3, 31), "Quý I"), date(2022, 3, 31), False),
        ("done", None, Deadline("date", date(2022, 3, 31), "Quý I"), date(2022, 4, 1), True),
        ("done", True, Deadline("date", date(2022, 3, 31), "Quý I"), None, True),
        ("done", None, Deadline("ongoing", None, "Thường xuyên"), None, False),
        ("done", None, Deadline("none", None, "Theo kế hoạch"), None, None),
        ("done", True, Deadline("none", None, "Theo kế hoạch"), None, True),
        ("in_progress", None, Deadline("date", date(2022, 3, 31), "Quý I"), None, None),
    ],
)
def test_done_late(status, marker, deadline, completed, expected):
    assert tasks_sheet.done_late(status, marker, deadline, completed) == expected


@pytest.mark.parametrize(
    ("lead", "code"),
    [
        ("Phòng Tư pháp", "phong-tu-phap"),
        ("P. Tư pháp", "phong-tu-phap"),
        ("Cơ quan Tổ chức - Nội vụ", "co-quan-tc-nv"),
        ("Giao Phòng Tài chính - Kế hoạch", "phong-tckh"),
        ("UBND xã Phổ An", "xa-pho-an"),
        ("Các phòng, ban chuyên môn thuộc UBND thị xã", "thi-xa-duc-pho"),
        ("UBND các xã, phường", "thi-xa-duc-pho"),
        ("UBND các xã, phường; Phòng Y tế", "phong-y-te"),  # a named unit wins over a collective lead
        ("Sở Nội vụ", None),
        ("UBND tỉnh Quảng Ngãi", None),
        ("Văn phòng UBND tỉnh", None),
        ("Ban Dân tộc tỉnh", None),
        ("Chi cục Thuế khu vực Đức Phổ - Ba Tơ", None),
        ("Công an thị xã", None),
        ("Sở Nội vụ; Phòng Tư pháp", "phong-tu-phap"),
        ("HĐND, UBND các xã, phường", "thi-xa-duc-pho"),
    ],
)
def test_lead_agencies(matcher, lead, code):
    problems = Problems()
    unit_id = tasks_sheet.resolve_lead(lead, matcher, None, problems, sheet="s", cell="C5")
    assert (code_of(matcher, unit_id), problems.items) == (code, [])


def test_an_unknown_lead_is_an_error_with_suggestions(matcher):
    row = ["1", "Nhiệm vụ", "Văn phòng Thị ủy; UBND các xã, phường", "", "", "Quý I năm 2022", ""]
    parsed, problems = read(task_sheet([row]), matcher)
    [error] = problems.errors
    assert (error.code, error.cell, error.value) == ("unknown_unit", "C5", "Văn phòng Thị ủy")
    assert "Văn phòng HĐND và UBND thị xã" in error.message
    assert parsed.records == []


@pytest.mark.parametrize(
    ("row", "code", "cell"),
    [
        (["1", "Nhiệm vụ", "Phòng Tư pháp", "", "", "càng sớm càng tốt", ""], "bad_deadline", "F5"),
        (["1", "Nhiệm vụ", "Phòng Tư pháp", "", "", "31/02/2022", ""], "bad_deadline", "F5"),
        (["1", "Nhiệm vụ", "Phòng Tư pháp", "", "", "Quý V năm 2022", ""], "bad_deadline", "F5"),
        (["1", "Nhiệm vụ", "Phòng Tư pháp", "", "", "Quý I năm 2022", "Tạm dừng"], "bad_status", "G5"),
        (
            ["1", "Nhiệm vụ", "Phòng Tư pháp", "", "", "Quý I năm 2022", "Xong", "32/03/2022"],
            "bad_date",
            "H5",
        ),
        (["1", "Nhiệm vụ", "", "", "", "Quý I năm 2022", ""], "missing_lead", "C5"),
        (["1", "", "Phòng Tư pháp", "", "", "Quý I năm 2022", ""], "missing_title", "B5"),
    ],
)
def test_bad_cells_are_errors_naming_the_cell(matcher, row, code, cell):
    parsed, problems = read(task_sheet([row]), matcher)
    [error] = problems.items
    assert (error.severity, error.code, error.sheet, error.cell) == ("error", code, "Nhiệm vụ", cell)
    assert parsed.records == []


def test_a_bad_status_lists_the_accepted_values(matcher):
    row = ["1", "Nhiệm vụ", "Phòng Tư pháp", "", "", "Quý I năm 2022", "Tạm dừng"]
    _, problems = read(task_sheet([row]), matcher)
    assert (
        "Đang thực hiện" in problems.errors[0].message
        and "Hoàn thành (trễ hạn)" in problems.errors[0].message
    )


def test_a_missing_required_column_and_a_missing_year(matcher):
    header = [h for h in HEADER if h != "Thời gian thực hiện"]
    _, problems = read(task_sheet([GOOD[:5] + GOOD[6:]], header=header), matcher)
    assert [(p.code, p.cell) for p in problems.errors] == [("missing_column", "dòng 4")]
    _, problems = read(task_sheet([GOOD], ("UBND THỊ XÃ ĐỨC PHỔ", "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH")), matcher)
    assert [p.code for p in problems.errors] == ["no_period"]
    assert "NĂM 2022" in problems.errors[0].message


@pytest.mark.parametrize(
    ("row", "code"),
    [
        (GOOD, "duplicate_task"),
        (
            ["2", GOOD[1], GOOD[2], "", "", "Quý I năm 2022", "Chưa thực hiện", "15/03/2022"],
            "completed_not_done",
        ),
        (
            ["2", "Khác", "Phòng Tư pháp", "", "", "Quý I năm 2022", "Hoàn thành (trễ hạn)", "15/03/2022"],
            "late_conflict",
        ),
    ],
)
def test_doubtful_rows_are_warnings(matcher, row, code):
    rows = [GOOD, row] if code == "duplicate_task" else [row]
    parsed, problems = read(task_sheet(rows), matcher)
    assert [(p.severity, p.code) for p in problems.items] == [("warning", code)]
    assert len(parsed.records) == len(rows)


def test_bad_inputs_store_nothing(seeded, tasks_loader):
    rows = [GOOD, ["2", "Nhiệm vụ", "Phòng Không Có", "", "", "càng sớm càng tốt", "Tạm dừng"]]
    result = import_file(task_sheet(rows), "nv.xlsx", engine=seeded, user="test")
    assert not result.stored
    assert sorted(p.code for p in result.problems.errors) == ["bad_deadline", "bad_status", "unknown_unit"]


def test_other_kinds_do_not_take_a_task_sheet_and_this_one_takes_no_dossier_report(make_report):
    tasks = open_workbook(task_sheet([GOOD]), "nv.xlsx", get_settings()).sheets[0]
    assert dossier_report.looks_like(tasks) is None
    assert dossier_list.looks_like(tasks) is None
    report = open_workbook(make_report(), "r.xlsx", get_settings()).sheets[0]
    assert tasks_sheet.looks_like(report) is None


def test_the_writer_layout_reads_back(matcher):
    out = io.BytesIO()
    lines = [
        TaskLine("I", "CẢI CÁCH THỂ CHẾ", heading=True),
        TaskLine(
            "1",
            "Nhiệm vụ",
            "Phòng Tư pháp",
            deadline="Quý I năm 2022",
            status="Xong",
            completed=date(2022, 3, 1),
        ),
    ]
    write_tasks(out, title_lines=["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2022"], lines=lines)
    parsed, problems = read(out.getvalue(), matcher)
    assert problems.items == []
    assert [(r["area"], r["completed_on"], r["done_late"]) for r in parsed.records] == [
        ("CẢI CÁCH THỂ CHẾ", date(2022, 3, 1), False)
    ]


def test_the_empty_template_asks_for_the_year(matcher):
    out = io.BytesIO()
    write_tasks_template(out, ["Phòng Tư pháp", "Phổ An"])
    book = open_workbook(out.getvalue(), "mau.xlsx", get_settings())
    assert [s.name for s in book.sheets] == ["Nhiệm vụ", "Hướng dẫn", "DanhMuc"]
    assert [tasks_sheet.looks_like(s) is not None for s in book.sheets] == [True, False, False]
    problems = Problems()
    header = tasks_sheet.looks_like(book.sheets[0])
    assert header is not None
    parsed = tasks_sheet.read_sheet(book.sheets[0], header, matcher, problems)
    assert (parsed.records, [p.code for p in problems.items]) == ([], ["no_period"])


def test_the_samples_import_without_any_problem(seeded, tasks_loader, tmp_path):
    for path in generate_tasks_samples(tmp_path, random.Random(2023)):
        result = import_file(path.read_bytes(), path.name, engine=seeded, user="test")
        assert result.stored and result.problems.items == [], [
            p.line(path.name) for p in result.problems.items
        ]
        [sheet] = result.sheets
        done = sum(r["status"] == "done" for r in sheet.records)
        expected = {"nhiem_vu_cchc_2022.xlsx": (45, 24), "nhiem_vu_ket_luan_2023_06.xlsx": (13, 4)}[path.name]
        assert (len(sheet.records), done) == expected


def test_a_first_task_whose_lead_is_a_header_word_is_a_task_not_a_header(matcher):
    """Without STT, a first task naming 'Cơ quan Tổ chức – Nội vụ' (one header word among data) stays a task."""
    header = [
        "Nội dung công việc / Nhiệm vụ",
        "Thời gian thực hiện",
        "Cơ quan phối hợp",
        "Sản phẩm đầu ra",
        "Cơ quan chủ trì thực hiện",
    ]
    rows = [
        [
            "Báo cáo kết quả rà soát văn bản",
            "Thường xuyên",
            "Các phòng, ban liên quan",
            "Báo cáo",
            "Cơ quan Tổ chức – Nội vụ",
        ],
        [
            "Xây dựng kế hoạch kiểm tra",
            "Thường xuyên",
            "Các phòng, ban liên quan",
            "Quyết định",
            "Phòng Tư pháp",
        ],
    ]
    parsed, _problems = read(task_sheet(rows, header=header), matcher)
    assert [r["title"] for r in parsed.records] == [
        "Báo cáo kết quả rà soát văn bản",
        "Xây dựng kế hoạch kiểm tra",
    ]
