"""The dossier list reader's own steps, on small sheets built in memory: header row, column synonyms, row
parsing (channels, statuses, dates, units), the period taken from the dates and the rows it refuses."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import pytest

from base.periods import Period
from data_loaders import dossier_list
from data_loaders.date_window import SKIP_IMPLAUSIBLE_DATE
from data_loaders.problems import Problems
from data_loaders.row_counts import SKIP_ERROR, SKIP_TOTAL
from data_loaders.table import read_table
from data_loaders.workbook import Sheet

HEADER = [
    "STT",
    "Mã hồ sơ",
    "Đơn vị tiếp nhận",
    "Hình thức nộp",
    "Ngày tiếp nhận",
    "Hạn xử lý",
    "Ngày trả kết quả",
    "Trạng thái",
]


def _sheet(rows: Sequence[Sequence[object]], name: str = "DS") -> Sheet:
    width = max(len(r) for r in rows)
    return Sheet(name, [list(r) + [""] * (width - len(r)) for r in rows])  # type: ignore[misc]


def _list_sheet(*rows: list[object], title: tuple[str, ...] = ("Kỳ báo cáo: Tháng 5/2023",)) -> Sheet:
    return _sheet([*([t] for t in title), HEADER, *rows])


def _read(sheet: Sheet, matcher):
    header = dossier_list.looks_like(sheet)
    assert header is not None
    problems = Problems()
    return dossier_list.read_sheet(sheet, header, matcher, problems), problems


def _codes(problems: Problems, severity: str = "error") -> list[tuple[str, str]]:
    return [(p.code, p.cell) for p in problems.items if p.severity == severity]


# --- the header row and the columns ------------------------------------------------------------------------


def test_looks_like_finds_the_row_with_code_and_received_headers():
    sheet = _sheet(
        [["UBND xã Phổ An"], ["Danh sách hồ sơ"], ["", "Số biên nhận", "Ngày nộp"], ["", "X1", "01/05/2023"]]
    )
    assert dossier_list.looks_like(sheet) == 2


def test_looks_like_needs_two_of_its_headers():
    assert dossier_list.looks_like(_sheet([["Mã hồ sơ", "Tên thủ tục", "Lĩnh vực"]])) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ma ho so", True), ("ngay tiep nhan", True), ("ma ho so 000.12", False), ("pho an", False)],
)
def test_is_header_text_is_an_exact_synonym(text, expected):
    assert dossier_list.is_header_text(text) is expected


def test_map_columns_reads_synonyms_of_other_systems():
    sheet = _sheet(
        [
            [
                "Số biên nhận",
                "Tên thủ tục hành chính",
                "Lĩnh vực",
                "Cơ quan tiếp nhận",
                "Kênh nộp",
                "Ngày nộp",
                "Ngày hẹn trả",
                "Ngày hoàn thành",
                "Tình trạng",
            ]
        ]
    )
    problems = Problems()
    cols = dossier_list.map_columns(read_table(sheet, 0), problems)
    assert cols == {
        "code": 0,
        "procedure": 1,
        "sector": 2,
        "unit": 3,
        "channel": 4,
        "received_at": 5,
        "due_at": 6,
        "finished_at": 7,
        "status": 8,
    }
    assert problems.items == []


def test_map_columns_prefers_the_unit_over_the_department():
    # "Phòng ban" stands later in the unit's synonyms than "Đơn vị": the receiving unit wins wherever it stands.
    sheet = _sheet([["Mã hồ sơ", "Phòng ban", "Đơn vị", "Ngày tiếp nhận"]])
    cols = dossier_list.map_columns(read_table(sheet, 0), Problems())
    assert cols["unit"] == 2


def test_map_columns_reports_each_missing_required_column_on_the_header_line():
    sheet = _sheet([["Kỳ báo cáo: Tháng 5/2023"], ["Mã hồ sơ", "Đơn vị", "Trạng thái"]])
    problems = Problems()
    cols = dossier_list.map_columns(read_table(sheet, 1), problems)
    assert "received_at" not in cols
    assert _codes(problems) == [("missing_column", "dòng 2")]
    assert "Ngày tiếp nhận" in problems.items[0].message


# --- rows ----------------------------------------------------------------------------------------------------


def test_rows_become_one_frame_row_each_with_codes_for_channel_and_status(matcher):
    sheet = _list_sheet(
        [1, "H01", "Phổ An", "Trực tuyến", "02/05/2023 08:30", "10/05/2023", "08/05/2023", "Đã trả kết quả"],
        [
            2,
            "H02",
            "UBND xã Phổ Châu",
            "Dịch vụ bưu chính công ích",
            "03/05/2023",
            "12/05/2023",
            "",
            "Đang xử lý",
        ],
        [3, "H03", "Phổ An", "Trực tiếp", "04/05/2023", "", "", "Chờ bổ sung"],
        [4, "H04", "Phổ An", "Qua mạng", "05/05/2023", "", "06/05/2023", "Công dân rút"],
    )
    parsed, problems = _read(sheet, matcher)
    assert problems.items == []
    frame = parsed.extra["frame"]
    assert list(frame["code"]) == ["H01", "H02", "H03", "H04"]
    assert list(frame["row"]) == [3, 4, 5, 6]  # 1-based sheet rows: title, header, then the data
    assert list(frame["channel"]) == ["online", "postal", "direct", "online"]
    assert list(frame["status"]) == ["done", "processing", "supplement", "withdrawn"]
    pho_an, pho_chau = matcher.match("Phổ An", date(2023, 5, 1)), matcher.match("Phổ Châu", date(2023, 5, 1))
    assert list(frame["unit_id"]) == [pho_an.id, pho_chau.id, pho_an.id, pho_an.id]
    assert frame["received_at"][0] == datetime(2023, 5, 2, 8, 30)
    assert frame["due_at"][1] == datetime(2023, 5, 12)
    assert frame["finished_at"].isna().tolist() == [False, True, True, False]
    assert parsed.period == Period(date(2023, 5, 1), date(2023, 5, 31), parsed.period.label)
    assert parsed.extra["has_due"] and parsed.extra["has_channel"]
    assert parsed.extra["skipped_rows"] == 0
    assert (parsed.rows.read, dict(parsed.rows.skipped)) == (4, {})


def test_real_excel_dates_are_taken_as_they_are(matcher):
    sheet = _list_sheet([1, "H01", "Phổ An", "Trực tuyến", datetime(2023, 5, 2, 14, 5), "", "", ""])
    parsed, problems = _read(sheet, matcher)
    assert problems.items == []
    assert parsed.extra["frame"]["received_at"][0] == datetime(2023, 5, 2, 14, 5)


def test_status_left_empty_follows_the_finish_date(matcher):
    sheet = _list_sheet(
        [1, "H01", "Phổ An", "", "02/05/2023", "", "09/05/2023", ""],
        [2, "H02", "Phổ An", "", "02/05/2023", "", "", ""],
    )
    parsed, problems = _read(sheet, matcher)
    assert problems.items == []
    assert list(parsed.extra["frame"]["status"]) == ["done", "processing"]
    assert list(parsed.extra["frame"]["channel"]) == [None, None]


def test_a_total_row_is_counted_as_skipped_not_read_as_a_dossier(matcher):
    sheet = _list_sheet(
        [1, "H01", "Phổ An", "Trực tuyến", "02/05/2023", "", "", ""],
        [2, "H02", "Phổ An", "Trực tiếp", "03/05/2023", "", "", ""],
        ["", "Tổng cộng", "", "", 2],
    )
    parsed, problems = _read(sheet, matcher)
    assert problems.items == []
    assert list(parsed.extra["frame"]["code"]) == ["H01", "H02"]
    assert (parsed.rows.read, dict(parsed.rows.skipped)) == (3, {SKIP_TOTAL: 1})


def test_wrong_rows_are_errors_at_their_cells(matcher):
    sheet = _list_sheet(
        [1, "H01", "Phổ An", "Trực tuyến", "02/05/2023", "", "", ""],
        [2, "H01", "Phổ An", "Trực tuyến", "03/05/2023", "", "", ""],  # duplicate code
        [3, "", "Phổ An", "Trực tuyến", "03/05/2023", "", "", ""],  # no code
        [4, "H04", "Phổ An", "Fax", "03/05/2023", "", "", ""],  # unknown channel
        [5, "H05", "Phổ An", "", "03/05/2023", "", "", "Lưu kho"],  # unknown status
        [6, "H06", "Phổ An", "", "32/05/2023", "", "", ""],  # no such day
        [7, "H07", "Phổ An", "", "10/05/2023", "", "09/05/2023", ""],  # finished before received
        [8, "H08", "Phổ An", "", "10/05/2023", "", "", "Đã trả kết quả"],  # done without a finish date
        [9, "H09", "Phổ An", "", "", "", "", ""],  # no received date
    )
    parsed, problems = _read(sheet, matcher)
    assert _codes(problems) == [
        ("duplicate_key", "B4"),
        ("missing_value", "B5"),
        ("bad_channel", "D6"),
        ("bad_status", "H7"),
        ("bad_date", "E8"),
        ("bad_dates", "G9"),
        ("missing_value", "G10"),
        ("missing_value", "E11"),
    ]
    assert "dòng 3 và 4" in problems.items[0].message  # the first row of the code, then the twin
    assert "frame" not in parsed.extra  # nothing is kept from a sheet with errors
    # 9 rows read: the duplicate, the codeless, the dateless and the bad-date rows are errors, never stored
    assert parsed.rows.read == 9
    assert parsed.rows.skipped[SKIP_ERROR] == 4


def test_unknown_unit_is_an_error_and_its_row_is_left_out(matcher):
    sheet = _list_sheet(
        [1, "H01", "Phổ An", "", "02/05/2023", "", "", ""],
        [2, "H02", "Xã Không Tồn Tại", "", "02/05/2023", "", "", ""],
    )
    _parsed, problems = _read(sheet, matcher)
    assert _codes(problems) == [("unknown_unit", "C4")]
    assert problems.items[0].value == "Xã Không Tồn Tại"


def test_a_unit_name_is_matched_as_of_each_dossiers_day(matcher):
    # Nguyễn Nghiêm was a ward until 30/6/2025 and is a commune from 1/7/2025.
    sheet = _list_sheet(
        [1, "H01", "Nguyễn Nghiêm", "", "30/06/2025", "", "", ""],
        [2, "H02", "Nguyễn Nghiêm", "", "01/07/2025", "", "", ""],
        title=("Danh sách hồ sơ",),
    )
    parsed, problems = _read(sheet, matcher)
    assert problems.items == []
    ward = matcher.match("Nguyễn Nghiêm", date(2025, 6, 30))
    commune = matcher.match("Nguyễn Nghiêm", date(2025, 7, 1))
    assert (ward.code, commune.code) == ("phuong-nguyen-nghiem", "xa-nguyen-nghiem")
    assert list(parsed.extra["frame"]["unit_id"]) == [ward.id, commune.id]


def test_dates_outside_the_plausible_window_are_skipped_with_one_warning(matcher):
    sheet = _list_sheet(
        [1, "H01", "Phổ An", "", "02/05/2023", "", "", ""],
        [2, "H02", "Phổ An", "", "02/05/1900", "", "", ""],
        [3, "H03", "Phổ An", "", "02/05/2023", "02/05/9999", "", ""],
    )
    parsed, problems = _read(sheet, matcher)
    assert _codes(problems, "warning") == [("implausible_date", "dòng 4")]
    assert problems.items[0].value == "02/05/1900"
    assert "2 hồ sơ" in problems.items[0].message
    assert list(parsed.extra["frame"]["code"]) == ["H01"]
    assert parsed.extra["skipped_rows"] == 2
    assert parsed.rows.skipped[SKIP_IMPLAUSIBLE_DATE] == 2
    assert any("Bỏ qua 2 dòng" in n for n in parsed.notes)


# --- unit, period and notes from around the table ----------------------------------------------------------


def test_without_a_period_the_list_spans_the_months_of_its_received_dates(matcher):
    sheet = _list_sheet(
        [1, "H01", "Phổ An", "", "15/04/2023", "", "", ""],
        [2, "H02", "Phổ An", "", "02/06/2023", "", "", ""],
        title=("Danh sách hồ sơ",),
    )
    parsed, problems = _read(sheet, matcher)
    assert problems.items == []
    assert parsed.period == Period(date(2023, 4, 1), date(2023, 6, 30), "01/04/2023 – 30/06/2023")
    assert "Kỳ của danh sách lấy theo ngày tiếp nhận: 01/04/2023 – 30/06/2023." in parsed.notes


def test_the_title_unit_serves_a_list_without_a_unit_column(matcher):
    sheet = _sheet(
        [
            ["UBND xã Phổ An"],
            ["Kỳ báo cáo: Tháng 5/2023"],
            ["Mã hồ sơ", "Ngày tiếp nhận"],
            ["H01", "02/05/2023"],
            ["H02", "03/05/2023"],
        ]
    )
    parsed, problems = _read(sheet, matcher)
    assert problems.items == []
    pho_an = matcher.match("Phổ An", date(2023, 5, 31))
    assert parsed.unit == pho_an
    assert list(parsed.extra["frame"]["unit_id"]) == [pho_an.id, pho_an.id]
    assert not parsed.extra["has_due"] and not parsed.extra["has_channel"]
    assert "Không có cột hạn xử lý: không tính được trước hạn/đúng hạn/quá hạn." in parsed.notes


def test_no_unit_column_and_no_unit_in_the_title_is_an_error(matcher):
    sheet = _sheet([["Kỳ báo cáo: Tháng 5/2023"], ["Mã hồ sơ", "Ngày tiếp nhận"], ["H01", "02/05/2023"]])
    parsed, problems = _read(sheet, matcher)
    assert _codes(problems) == [("no_unit", "")]
    assert "frame" not in parsed.extra


def test_columns_are_named_by_their_letters(matcher):
    sheet = _list_sheet([1, "H01", "Phổ An", "", "02/05/2023", "", "", ""])
    parsed, _problems = _read(sheet, matcher)
    assert parsed.columns == {
        "code": "B",
        "unit": "C",
        "channel": "D",
        "received_at": "E",
        "due_at": "F",
        "finished_at": "G",
        "status": "H",
    }


def test_month_periods_clips_the_first_and_last_month():
    period = Period(date(2023, 1, 15), date(2023, 3, 10), "")
    assert dossier_list.month_periods(period) == [
        (date(2023, 1, 15), date(2023, 1, 31)),
        (date(2023, 2, 1), date(2023, 2, 28)),
        (date(2023, 3, 1), date(2023, 3, 10)),
    ]


def test_month_periods_of_one_whole_month():
    period = Period(date(2024, 2, 1), date(2024, 2, 29), "")
    assert dossier_list.month_periods(period) == [(date(2024, 2, 1), date(2024, 2, 29))]
