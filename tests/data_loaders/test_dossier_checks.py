"""The arithmetic of a sound dossier report: each row's identities, and groups and totals against their rows."""

from __future__ import annotations

from data_loaders.dossier_checks import check_identities, check_sums
from data_loaders.problems import Problems
from data_loaders.table import Row, read_table
from data_loaders.workbook import Sheet


def _row(label: str = "Phổ An", index: int = 5) -> Row:
    return Row(index, "1", 2, label, [])


def _warnings(problems: Problems) -> list[tuple[str, str, str]]:
    assert problems.errors == []
    return [(p.code, p.cell, p.value) for p in problems.warnings]


FIELDS = {
    "received_total": 2,
    "received_carried_over": 3,
    "received_new": 4,
    "received_online": 5,
    "received_direct_or_postal": 6,
    "resolved_total": 7,
    "resolved_in_time": 8,
    "resolved_late": 9,
    "pending_total": 10,
    "pending_within_deadline": 11,
    "pending_overdue": 12,
}
SOUND = {
    "received_total": 20,
    "received_carried_over": 4,
    "received_new": 16,
    "received_online": 10,
    "received_direct_or_postal": 6,
    "resolved_total": 15,
    "resolved_in_time": 13,
    "resolved_late": 2,
    "pending_total": 5,
    "pending_within_deadline": 4,
    "pending_overdue": 1,
}


def test_a_sound_row_has_no_warning():
    problems = Problems()
    check_identities(_row(), dict(SOUND), FIELDS, problems, "S")
    assert problems.items == []


def test_each_identity_that_fails_is_a_warning_naming_its_cells_and_numbers():
    values: dict[str, int | None] = {**SOUND, "received_online": 11, "pending_overdue": 2}
    problems = Problems()
    check_identities(_row(), values, FIELDS, problems, "S")
    assert _warnings(problems) == [
        ("identity_mismatch", "E6, F6, G6", "16 ≠ 17"),  # new = online + direct/postal: 11 + 6
        ("identity_mismatch", "K6, L6, M6", "5 ≠ 6"),  # pending = within + overdue: 4 + 2
    ]
    assert (
        "Dòng 6 (Phổ An): Mới tiếp nhận = trực tuyến + trực tiếp, bưu chính không khớp — 16 ≠ 11 + 6 = 17 (lệch 1)"
        in (problems.warnings[0].message)
    )


def test_withdrawn_joins_the_last_identity_when_the_layout_has_it():
    fields = {**FIELDS, "withdrawn": 13}
    values: dict[str, int | None] = {
        **SOUND,
        "received_total": 22,
        "received_carried_over": 6,
        "withdrawn": 2,
    }
    problems = Problems()
    check_identities(_row(), values, fields, problems, "S")
    assert problems.items == []  # 22 = 15 resolved + 5 pending + 2 withdrawn
    # a withdrawn column left empty makes that identity moot
    values["withdrawn"] = None
    check_identities(_row(), values, fields, problems, "S")
    assert problems.items == []


def test_a_missing_figure_leaves_its_identities_unchecked():
    values: dict[str, int | None] = {**SOUND, "received_online": None, "pending_total": None}
    values["received_new"] = 99
    problems = Problems()
    check_identities(_row(), values, FIELDS, problems, "S")
    # new = online + … is moot; total = carried + new is checked: 20 ≠ 4 + 99
    assert _warnings(problems) == [("identity_mismatch", "C6, D6, E6", "20 ≠ 103")]


def _table(*rows: list[object]):
    sheet = Sheet("S", [["STT", "Tên", "Tổng số", "Trực tuyến"], *rows])  # type: ignore[list-item]
    table = read_table(sheet, 0)
    values = {r.index: {"received_total": r.cells[2], "received_online": r.cells[3]} for r in table.rows}
    return table.rows, values


def test_groups_and_the_total_row_are_checked_against_their_rows():
    rows, values = _table(
        ["I", "Khối xã", 30, 12],
        ["1", "Phổ An", 20, 8],
        ["2", "Phổ Châu", 9, 4],  # 20 + 9 = 29, not the group's 30
        ["II", "Khối phòng", 5, 1],
        ["", "Tổng cộng", 35, 14],  # the groups: 30 + 5 = 35 and 12 + 1 = 13, not 14
    )
    problems = Problems()
    check_sums(rows, values, {"received_total": 2, "received_online": 3}, problems, "S")
    assert _warnings(problems) == [
        ("total_mismatch", "C2", "30 ≠ 29"),
        ("total_mismatch", "D6", "14 ≠ 13"),
    ]
    assert problems.warnings[0].message.startswith(
        "Dòng nhóm I (Khối xã) ở dòng 2: 30 khác tổng các dòng thành phần 29 (dòng 3–4)."
    )
    assert problems.warnings[1].message.startswith(
        "Dòng tổng ở dòng 6: 14 khác tổng các dòng thành phần 13 (dòng 2–5)."
    )


def test_an_empty_part_leaves_the_sum_unchecked():
    rows, values = _table(["I", "Khối xã", 30, 12], ["1", "Phổ An", 20, None], ["2", "Phổ Châu", 9, 4])
    problems = Problems()
    check_sums(rows, values, {"received_total": 2, "received_online": 3}, problems, "S")
    assert _warnings(problems) == [("total_mismatch", "C2", "30 ≠ 29")]
