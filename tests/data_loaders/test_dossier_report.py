"""The dossier report reader's own steps, on small II.06a sheets built in memory: which header is which field,
the combined fields derived from split ones, per-unit and per-sector records, and the rows it refuses."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from data_loaders import dossier_report
from data_loaders.dossier_report import FigureRecord, classify, derive
from data_loaders.problems import Problems
from data_loaders.table import Column, read_table
from data_loaders.workbook import Sheet

GROUPS = [
    "STT",
    "Tên đơn vị",
    "Số hồ sơ nhận giải quyết",
    "",
    "",
    "Số hồ sơ đã giải quyết",
    "",
    "",
    "",
    "Số hồ sơ đang giải quyết",
    "",
    "",
]
LEAVES = [
    "",
    "",
    "Tổng số",
    "Trực tuyến",
    "Trực tiếp và bưu chính",
    "Tổng số",
    "Trước hạn",
    "Đúng hạn",
    "Quá hạn",
    "Tổng số",
    "Trong hạn",
    "Quá hạn",
]
# STT and label span both header rows; each group spans its leaves.
MERGES = [((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (0, 4)), ((0, 5), (0, 8)), ((0, 9), (0, 11))]
PHO_AN = [1, "Phổ An", 10, 6, 4, 8, 3, 4, 1, 2, 1, 1]
PHO_CHAU = [2, "Phổ Châu", 5, 2, 3, 4, 2, 1, 1, 1, 1, 0]
TOTAL = ["", "Tổng cộng", 15, 8, 7, 12, 5, 5, 2, 3, 2, 1]


def _sheet(
    title: list[str], header: Sequence[Sequence[object]], rows: Sequence[Sequence[object]], merges=MERGES
) -> Sheet:
    """Title lines (one cell each), then the header rows and the data rows; merges are given header-relative."""
    lines: list[list[object]] = [[t] for t in title]
    lines += [list(r) for r in (*header, *rows)]
    width = max(len(r) for r in lines)
    shift = len(title)
    merged = [((r0 + shift, c0), (r1 + shift, c1)) for (r0, c0), (r1, c1) in merges]
    return Sheet("II.06a", [list(r) + [""] * (width - len(r)) for r in lines], merged)  # type: ignore[misc]


def _form(*rows: list[object], title: tuple[str, ...] = ("Kỳ báo cáo: Tháng 5/2023",)) -> Sheet:
    return _sheet(list(title), [GROUPS, LEAVES], list(rows))


def _read(sheet: Sheet, matcher):
    header = dossier_report.looks_like(sheet)
    assert header is not None
    problems = Problems()
    return dossier_report.read_sheet(sheet, header, matcher, problems), problems


def _codes(problems: Problems, severity: str = "error") -> list[tuple[str, str]]:
    return [(p.code, p.cell) for p in problems.items if p.severity == severity]


# --- classify: one header column to one field ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("segments", "field"),
    [
        (("so ho so nhan giai quyet", "tong so"), "received_total"),
        (("so ho so nhan giai quyet", "truc tuyen"), "received_online"),
        (("so ho so nhan giai quyet", "truc tiep"), "received_direct"),
        (("so ho so nhan giai quyet", "qua buu chinh"), "received_postal"),
        (("so ho so nhan giai quyet", "truc tiep va buu chinh"), "received_direct_or_postal"),
        (("so ho so nhan giai quyet", "ky truoc chuyen qua"), "received_carried_over"),
        (("so ho so nhan giai quyet", "moi tiep nhan"), "received_new"),
        (("so ho so da giai quyet", "tong so"), "resolved_total"),
        (("so ho so da giai quyet", "tra truoc han"), "resolved_early"),
        (("so ho so da giai quyet", "tra dung han"), "resolved_on_time"),
        (("so ho so da giai quyet", "truoc han va dung han"), "resolved_in_time"),
        (("so ho so da giai quyet", "tre han"), "resolved_late"),
        (("so ho so dang giai quyet", "tong so"), "pending_total"),
        (("so ho so dang giai quyet", "chua den han"), "pending_within_deadline"),
        (("so ho so dang giai quyet", "qua han"), "pending_overdue"),
        # one-row headers say group and leaf in one text; a group text alone is the group's total
        (("so ho so tiep nhan truc tuyen",), "received_online"),
        (("so ho so da giai quyet",), "resolved_total"),
        (("so ho so dang giai quyet qua han",), "pending_overdue"),
        # carried-over dossiers name their group only by meaning
        (("so ho so ky truoc chuyen qua",), "received_carried_over"),
        (("rut ho so",), "withdrawn"),
        (("so ho so tra lai",), "withdrawn"),
        (("cho bo sung",), "awaiting_supplement"),
        (("ghi chu",), None),
        (("ten don vi",), None),
        (("so ho so da giai quyet", "ghi chu"), None),
    ],
)
def test_classify(segments, field):
    assert classify(Column(4, segments, segments)) == field


# --- derive: combined fields from split ones ---------------------------------------------------------------


def test_derive_adds_the_split_parts_into_their_wholes():
    values: dict[str, int | None] = {
        "resolved_early": 3,
        "resolved_on_time": 4,
        "received_direct": 2,
        "received_postal": 1,
    }
    values["received_online"] = 5
    out = derive(values)
    assert out["resolved_in_time"] == 7
    assert out["received_direct_or_postal"] == 3
    assert out["received_new"] == 8  # 5 online + (2 direct + 1 postal)
    assert values.get("resolved_in_time") is None  # the input is left as it was


def test_derive_keeps_a_stated_whole_and_never_splits_one():
    out = derive({"resolved_in_time": 9, "resolved_early": 3, "resolved_on_time": 4})
    assert out["resolved_in_time"] == 9
    out = derive({"resolved_in_time": 9})
    assert "resolved_early" not in out and "resolved_on_time" not in out


def test_derive_needs_every_part():
    out = derive({"resolved_early": 3, "resolved_on_time": None, "received_online": 5})
    assert out.get("resolved_in_time") is None
    assert out.get("received_new") is None  # direct-or-postal unknown


# --- map_columns ------------------------------------------------------------------------------------------


def _map(sheet: Sheet) -> tuple[dict[str, int], Problems]:
    problems = Problems()
    header = dossier_report.looks_like(sheet)
    assert header is not None
    table = read_table(
        sheet, header, is_label_header=lambda t: t.startswith(("ten don vi", "linh vuc")), is_header_text=None
    )
    return dossier_report.map_columns(table, problems), problems


def test_map_columns_of_the_official_form():
    fields, problems = _map(_form(PHO_AN))
    assert problems.items == []
    assert fields == {
        "received_total": 2,
        "received_online": 3,
        "received_direct_or_postal": 4,
        "resolved_total": 5,
        "resolved_early": 6,
        "resolved_on_time": 7,
        "resolved_late": 8,
        "pending_total": 9,
        "pending_within_deadline": 10,
        "pending_overdue": 11,
    }


def test_on_time_without_an_early_column_is_early_and_on_time_together():
    groups = ["STT", "Tên đơn vị", "Số hồ sơ nhận giải quyết", "Số hồ sơ đã giải quyết", "", ""]
    leaves = ["", "", "Tổng số", "Tổng số", "Trả đúng thời hạn", "Quá hạn"]
    merges = [((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (1, 2)), ((0, 3), (0, 5))]
    fields, problems = _map(_sheet(["Tháng 5/2023"], [groups, leaves], [[1, "Phổ An", 4, 4, 3, 1]], merges))
    assert problems.items == []
    assert fields == {"received_total": 2, "resolved_total": 3, "resolved_in_time": 4, "resolved_late": 5}


def test_two_columns_of_one_field_is_an_error_at_the_second():
    groups = ["STT", "Tên đơn vị", "Số hồ sơ nhận giải quyết", "", "", "Số hồ sơ đã giải quyết"]
    leaves = ["", "", "Tổng số", "Trực tuyến", "Trực tuyến", ""]
    merges = [((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (0, 4)), ((0, 5), (1, 5))]
    fields, problems = _map(_sheet(["Tháng 5/2023"], [groups, leaves], [[1, "Phổ An", 4, 2, 2, 4]], merges))
    assert fields["received_online"] == 3
    assert _codes(problems) == [("duplicate_column", "E2")]  # header row 2 of the sheet, column E


def test_a_form_without_the_resolved_group_misses_a_required_column():
    groups = ["STT", "Tên đơn vị", "Số hồ sơ nhận giải quyết", "", "Số hồ sơ đang giải quyết"]
    leaves = ["", "", "Tổng số", "Trực tuyến", ""]
    merges = [((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (0, 3)), ((0, 4), (1, 4))]
    fields, problems = _map(_sheet(["Tháng 5/2023"], [groups, leaves], [[1, "Phổ An", 4, 2, 2]], merges))
    assert "resolved_total" not in fields
    assert _codes(problems) == [("missing_column", "dòng 2")]


# --- read_sheet: per-unit tables --------------------------------------------------------------------------


def test_a_table_of_units_gives_one_record_per_unit_with_derived_fields(matcher):
    parsed, problems = _read(_form(PHO_AN, PHO_CHAU, TOTAL), matcher)
    assert problems.items == []
    assert parsed.period is not None and (parsed.period.start, parsed.period.end) == (
        date(2023, 5, 1),
        date(2023, 5, 31),
    )
    on = date(2023, 5, 31)
    assert [(r.unit, r.sector, r.row) for r in parsed.records] == [
        (matcher.match("Phổ An", on), "", 4),
        (matcher.match("Phổ Châu", on), "", 5),
    ]
    first = parsed.records[0].values
    assert (first["received_total"], first["received_online"], first["resolved_late"]) == (10, 6, 1)
    assert first["resolved_in_time"] == 7  # 3 early + 4 on time
    assert first["received_new"] == 10  # 6 online + 4 direct or postal
    assert parsed.records[1].values["resolved_in_time"] == 3
    assert parsed.columns["received_total"] == "C" and parsed.columns["pending_overdue"] == "L"
    assert parsed.notes == []
    assert parsed.rows.read == 3


def test_figures_that_do_not_add_up_are_warnings_naming_the_cells(matcher):
    wrong = list(PHO_AN)
    wrong[2] = 11  # received 11, but 8 resolved + 2 pending
    parsed, problems = _read(_form(wrong, PHO_CHAU, TOTAL), matcher)
    assert _codes(problems) == []
    warnings = [(p.code, p.cell, p.value) for p in problems.warnings]
    assert ("identity_mismatch", "C4, F4, J4", "11 ≠ 10") in warnings
    # and the total row's 15 received is no longer the 11 + 5 of its rows
    assert ("total_mismatch", "C6", "15 ≠ 16") in warnings
    assert len(parsed.records) == 2  # warnings do not drop records


def test_a_unit_written_twice_is_an_error(matcher):
    twice = list(PHO_AN)
    twice[0] = 2
    _parsed, problems = _read(_form(PHO_AN, twice), matcher)
    assert _codes(problems) == [("duplicate_key", "dòng 5")]
    assert "dòng: 4 và 5" in problems.errors[0].message


def test_an_unknown_unit_among_known_ones_is_an_error_naming_it(matcher):
    unknown = [3, "Xã Không Tồn Tại", 1, 1, 0, 1, 1, 0, 0, 0, 0, 0]
    parsed, problems = _read(_form(PHO_AN, PHO_CHAU, unknown), matcher)
    assert [(p.code, p.value) for p in problems.errors] == [("unknown_unit", "Xã Không Tồn Tại")]
    assert len(parsed.records) == 2


@pytest.mark.parametrize(
    ("cell", "code"),
    [(-1, "negative"), (2.5, "not_whole"), ("nhiều", "not_a_number")],
)
def test_a_count_that_is_not_a_whole_non_negative_number_is_an_error_at_its_cell(matcher, cell, code):
    row = list(PHO_AN)
    row[3] = cell  # online
    _parsed, problems = _read(_form(row), matcher)
    assert _codes(problems) == [(code, "D4")]


def test_numbers_without_a_label_are_an_error(matcher):
    nameless = [3, "", 1, 1, 0, 1, 1, 0, 0, 0, 0, 0]
    _parsed, problems = _read(_form(PHO_AN, nameless), matcher)
    assert _codes(problems) == [("missing_label", "B5")]


def test_a_form_without_online_split_or_early_column_says_so(matcher):
    groups = ["STT", "Tên đơn vị", "Số hồ sơ nhận giải quyết", "Số hồ sơ đã giải quyết", "", ""]
    leaves = ["", "", "Tổng số", "Tổng số", "Đúng hạn", "Quá hạn"]
    merges = [((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (1, 2)), ((0, 3), (0, 5))]
    sheet = _sheet(["Kỳ báo cáo: Tháng 5/2023"], [groups, leaves], [[1, "Phổ An", 4, 4, 3, 1]], merges)
    parsed, problems = _read(sheet, matcher)
    assert problems.items == []
    assert parsed.notes == [
        "Mẫu gộp “trả trước hạn và đúng hạn” thành một cột: tỷ lệ trước hạn để trống.",
        "Mẫu không tách hồ sơ trực tuyến/trực tiếp: tỷ lệ nộp trực tuyến để trống.",
    ]
    assert parsed.records[0].values == {
        "received_total": 4,
        "resolved_total": 4,
        "resolved_in_time": 3,
        "resolved_late": 1,
    }


def test_without_a_period_the_sheet_is_an_error_but_still_read(matcher):
    parsed, problems = _read(_form(PHO_AN, title=("Báo cáo kết quả giải quyết TTHC",)), matcher)
    assert _codes(problems) == [("no_period", "")]
    assert parsed.period is None


# --- read_sheet: per-sector tables of one unit --------------------------------------------------------------

SECTOR_GROUPS = [
    "STT",
    "Lĩnh vực",
    "Số hồ sơ nhận giải quyết",
    "Số hồ sơ đã giải quyết",
    "Số hồ sơ đang giải quyết",
]
SECTOR_MERGES = [((0, 0), (0, 0))]


def _sectors(*rows: list[object], unit_line: str = "UBND xã Phổ An") -> Sheet:
    title = [unit_line, "Kỳ báo cáo: Tháng 5/2023"] if unit_line else ["Kỳ báo cáo: Tháng 5/2023"]
    return _sheet(title, [SECTOR_GROUPS], list(rows), merges=[])


def test_sectors_of_one_unit_with_no_total_row_get_a_computed_unit_total(matcher):
    sheet = _sectors([1, "Hộ tịch", 30, 25, 5], [2, "Chứng thực", 12, 12, 0])
    parsed, problems = _read(sheet, matcher)
    assert problems.items == []
    pho_an = matcher.match("Phổ An", date(2023, 5, 31))
    assert parsed.unit == pho_an
    assert parsed.records == [
        FigureRecord(pho_an, "Hộ tịch", {"received_total": 30, "resolved_total": 25, "pending_total": 5}, 4),
        FigureRecord(
            pho_an, "Chứng thực", {"received_total": 12, "resolved_total": 12, "pending_total": 0}, 5
        ),
        FigureRecord(pho_an, "", {"received_total": 42, "resolved_total": 37, "pending_total": 5}, 0),
    ]


def test_a_field_one_sector_leaves_empty_is_missing_from_the_computed_total(matcher):
    sheet = _sectors([1, "Hộ tịch", 30, 25, 5], [2, "Chứng thực", 12, 12, ""])
    parsed, _problems = _read(sheet, matcher)
    assert parsed.records[-1].values == {"received_total": 42, "resolved_total": 37, "pending_total": None}


def test_a_stated_total_row_is_the_unit_total(matcher):
    sheet = _sectors([1, "Hộ tịch", 30, 25, 5], [2, "Chứng thực", 12, 12, 0], ["", "Tổng cộng", 42, 37, 5])
    parsed, problems = _read(sheet, matcher)
    assert problems.items == []
    assert (parsed.records[-1].sector, parsed.records[-1].row) == ("", 6)
    assert parsed.records[-1].values["received_total"] == 42


def test_a_sector_twice_in_other_spellings_is_one_sector_written_twice(matcher):
    nfd = "Ho\u0302\u0323 ti\u0323ch"  # "Hộ tịch" in decomposed form
    sheet = _sectors([1, "Hộ tịch", 30, 25, 5], [2, nfd, 1, 1, 0])
    _parsed, problems = _read(sheet, matcher)
    assert _codes(problems) == [("duplicate_key", "dòng 5")]


def test_sectors_without_a_unit_in_the_title_are_an_error(matcher):
    sheet = _sectors([1, "Hộ tịch", 30, 25, 5], unit_line="")
    parsed, problems = _read(sheet, matcher)
    assert _codes(problems) == [("no_unit", "")]
    assert parsed.records == []
