"""Problems of an uploaded file: A1 references, the CLI line, the cap per reason code and unknown names merged."""

from __future__ import annotations

import pytest

from data_loaders.problems import Problem, Problems, cell_ref, column_letter
from data_loaders.reasons import ReasonCode


@pytest.mark.parametrize(
    ("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letter(index, letters):
    assert column_letter(index) == letters


def test_cell_ref_is_one_based():
    assert cell_ref(0, 0) == "A1"
    assert cell_ref(11, 5) == "F12"


def test_location_and_cli_line():
    problem = Problem("error", "bad_date", "Ngày sai.", "Biểu 1", "E9", "32/05/2023")
    assert problem.location() == "Biểu 1 › E9"
    assert problem.line("bao_cao.xlsx") == "ERROR bao_cao.xlsx › Biểu 1 › E9 [bad_date] Ngày sai."
    whole_file = Problem("warning", "future_date", "Kỳ ở tương lai.")
    assert whole_file.location() == ""
    assert whole_file.line("a.xlsx") == "WARNING a.xlsx [future_date] Kỳ ở tương lai."


def test_each_code_is_listed_up_to_the_cap_then_counted():
    problems = Problems(cap_per_code=2)
    for row in range(5):
        problems.error(ReasonCode.BAD_DATE, "x", cell=f"E{row}")
    problems.warning(ReasonCode.BAD_DATE, "w")  # another severity: its own count
    problems.error(ReasonCode.MISSING_VALUE, "y")
    assert [(p.severity, p.code) for p in problems.items] == [
        ("error", "bad_date"),
        ("error", "bad_date"),
        ("warning", "bad_date"),
        ("error", "missing_value"),
    ]
    assert dict(problems.suppressed) == {("error", "bad_date"): 3}
    assert problems.summary_lines() == ["ERROR … và 3 lỗi khác cùng loại [bad_date] không liệt kê."]


def test_suppressed_warnings_still_count_as_warnings():
    problems = Problems(cap_per_code=0)
    problems.warning(ReasonCode.TOTAL_MISMATCH, "x")
    assert problems.items == [] and problems.has_warnings() and not problems.has_errors()
    assert problems.summary_lines() == [
        "WARNING … và 1 cảnh báo khác cùng loại [total_mismatch] không liệt kê."
    ]


def test_one_unknown_name_is_one_problem_listing_its_cells():
    problems = Problems()
    for row in range(3, 16):  # 13 cells
        problems.error(
            ReasonCode.UNKNOWN_UNIT, "Không biết “Phổ Lợi”.", sheet="DS", cell=f"C{row}", value="Phổ Lợi"
        )
    problems.error(ReasonCode.UNKNOWN_UNIT, "Không biết “Phổ X”.", sheet="DS", cell="C20", value="Phổ X")
    problems.error(
        ReasonCode.UNKNOWN_UNIT, "", sheet="Khác", cell="C3", value="Phổ Lợi"
    )  # another sheet: its own
    assert [(p.sheet, p.value) for p in problems.items] == [
        ("DS", "Phổ Lợi"),
        ("DS", "Phổ X"),
        ("Khác", "Phổ Lợi"),
    ]
    first = problems.items[0]
    assert first.cell == "C3, C4, C5, C6, C7, C8, C9, C10, C11, C12 và 3 ô khác"
    assert first.message == "Không biết “Phổ Lợi”."


def test_the_same_cell_twice_is_listed_once():
    problems = Problems()
    for _ in range(2):
        problems.error(ReasonCode.UNKNOWN_UNIT, "m", cell="C3", value="Phổ Lợi")
    problems.error(ReasonCode.UNKNOWN_UNIT, "m", cell="C4", value="Phổ Lợi")
    assert [p.cell for p in problems.items] == ["C3, C4"]


def test_extend_takes_problems_and_counts_and_errors_and_warnings_split():
    a, b = Problems(), Problems(cap_per_code=1)
    b.error(ReasonCode.BAD_DATE, "1")
    b.error(ReasonCode.BAD_DATE, "2")
    b.warning(ReasonCode.FUTURE_DATE, "3")
    a.extend(b)
    assert [p.message for p in a.errors] == ["1"]
    assert [p.message for p in a.warnings] == ["3"]
    assert dict(a.suppressed) == {("error", "bad_date"): 1}
    assert a.has_errors() and a.has_warnings()


def test_values_are_shown_short():
    problems = Problems()
    problems.error(ReasonCode.BAD_DATE, "m", value=None)
    problems.error(ReasonCode.NEGATIVE, "m", value=12.5)
    problems.error(ReasonCode.TEXT_TOO_LONG, "m", value="x" * 100)
    assert [p.value for p in problems.items] == ["", "12.5", "x" * 77 + "…"]
