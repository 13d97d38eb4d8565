"""The table reader: header rows, column-number rows, STT hierarchy, totals and the signature block."""

import pytest

from dashboard.workbooks.dossiers import roman
from data_loaders.table import (
    RANK_ARABIC,
    RANK_BULLET,
    RANK_LETTER,
    RANK_LOWER,
    RANK_NONE,
    RANK_ROMAN,
    read_table,
    stt_rank,
    top_level,
)
from data_loaders.workbook import Sheet


@pytest.mark.parametrize(
    ("stt", "rank"),
    [
        ("A", RANK_LETTER),
        ("B", RANK_LETTER),
        ("I", RANK_ROMAN),
        ("IV", RANK_ROMAN),
        ("XII", RANK_ROMAN),
        ("XXXIX", RANK_ROMAN),
        ("XL", RANK_ROMAN),
        ("XLIV", RANK_ROMAN),
        ("LXXXIX", RANK_ROMAN),
        ("L", RANK_LETTER),
        ("C", RANK_LETTER),
        ("1", RANK_ARABIC),
        ("12.", RANK_ARABIC),
        ("1.1", RANK_ARABIC + 1),
        ("2.3.1", RANK_ARABIC + 2),
        ("a", RANK_LOWER),
        ("b)", RANK_LOWER),
        ("-", RANK_BULLET),
        ("+", RANK_BULLET),
        ("", RANK_NONE),
        ("Ghi chú", RANK_NONE),
    ],
)
def test_stt_rank(stt, rank):
    assert stt_rank(stt) == rank


def _sheet(rows, merged=()):
    width = max(len(r) for r in rows)
    return Sheet("S", [list(r) + [""] * (width - len(r)) for r in rows], list(merged))


def test_merged_group_headers_are_joined_and_column_numbers_skipped():
    sheet = _sheet(
        [
            ["UBND XÃ PHỔ AN", "", "", ""],
            ["STT", "Lĩnh vực", "Số hồ sơ nhận giải quyết", ""],
            ["", "", "Tổng số", "Trực tuyến"],
            ["(1)", "(2)", "(3)", "(4)"],
            ["1", "Hộ tịch", 10, 4],
            ["2", "Chứng thực", 5, 1],
            ["", "Tổng cộng", 15, 5],
            ["", "", "", ""],
            ["", "NGƯỜI LẬP BIỂU", "", ""],
        ],
        merged=[((1, 2), (1, 3)), ((1, 0), (2, 0)), ((1, 1), (2, 1))],
    )
    table = read_table(sheet, 1)
    assert table.header_end == 3
    assert table.columns[3].segments == ("so ho so nhan giai quyet", "truc tuyen")
    assert table.columns[2].leaf == "tong so"
    assert [r.label for r in table.rows] == ["Hộ tịch", "Chứng thực", "Tổng cộng"]
    assert table.rows[-1].is_total
    assert table.title_lines == ["UBND XÃ PHỔ AN"]


def test_groups_take_their_children_and_a_first_total_stands_apart():
    sheet = _sheet(
        [
            ["STT", "Đơn vị", "Tổng số", "Khác"],
            ["", "Tổng cộng", 6, 0],
            ["I", "Cấp thị xã", 3, 0],
            ["1", "Phòng Tư pháp", 1, 0],
            ["2", "Phòng Y tế", 2, 0],
            ["II", "Cấp xã", 3, 0],
            ["1", "Phổ An", 3, 0],
            ["a", "Trong đó: trực tuyến", 1, 0],
        ]
    )
    table = read_table(sheet, 0)
    by_label = {r.label: r for r in table.rows}
    assert [c.label for c in by_label["Cấp thị xã"].children] == ["Phòng Tư pháp", "Phòng Y tế"]
    assert by_label["Trong đó: trực tuyến"].is_breakdown
    assert not by_label["Trong đó: trực tuyến"].is_leaf
    assert by_label["Phổ An"].is_leaf  # a "Trong đó" child is a subset, so Phổ An is still a leaf
    assert [r.label for r in top_level(table.rows)] == ["Cấp thị xã", "Cấp xã"]
    assert by_label["Tổng cộng"].is_total and by_label["Tổng cộng"].parent is None


def test_group_numbers_of_long_reports_read_as_roman():
    # A by-sector report of a town can have 40 and more groups; "L" alone is read as a letter, so 50 is not.
    numbers = [roman(n) for n in range(1, 90) if n != 50]
    assert numbers[39] == "XL" and numbers[-1] == "LXXXIX"
    assert [stt_rank(n) for n in numbers] == [RANK_ROMAN] * len(numbers)
