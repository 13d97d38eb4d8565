"""A column layout told once (data_loaders.saved_layout), on sheets built in memory: found again by its header and
the title's kind words, the columns guessed, and the sheet rewritten for its kind's reader."""

from __future__ import annotations

from datetime import datetime

from data_loaders import dossier_list
from data_loaders.saved_layout import (
    Layout,
    apply_layout,
    find_layout,
    guess_mapping,
    header_keys,
    likely_header,
    signature,
    title_words_above,
    used_note,
)
from data_loaders.workbook import CellValue, Sheet

HEADER: list[CellValue] = ["Số BN", "Ngày nhận HS", "Nơi nhận"]


def _sheet(*rows: list[CellValue]) -> Sheet:
    return Sheet("S", list(rows))


def _layout(title_words: tuple[str, ...] = ("ho so",), **kw) -> Layout:
    header = ("so bn", "ngay nhan hs", "noi nhan")
    values = {"mapping": {"code": 0, "received_at": 1, "unit": 2}, **kw}
    return Layout("Mẫu xã", "dossier_list", header, title_words, **values)


def test_signature_depends_on_the_header_order_and_the_set_of_title_words():
    a = signature(["a", "b"], ["ho so", "thu ngan sach"])
    assert a == signature(["a", "b"], ["thu ngan sach", "ho so", "ho so"])
    assert a != signature(["b", "a"], ["ho so", "thu ngan sach"])
    assert a != signature(["a", "b"], ["ho so"])


def test_title_words_above_the_header():
    sheet = _sheet(["DANH SÁCH HỒ SƠ TIẾP NHẬN"], ["Thu ngân sách quý I"], HEADER)
    assert title_words_above(sheet, 2) == ("ho so", "thu ngan sach")  # "thu ns" is not among its words
    assert title_words_above(sheet, 0) == ()


def test_header_keys_take_rows_of_two_texts_or_more_with_the_words_above_them():
    sheet = _sheet(["DANH SÁCH HỒ SƠ"], HEADER, ["H1", "01/05/2023", "Phổ An"])
    keys = header_keys(sheet)
    assert keys[signature(["so bn", "ngay nhan hs", "noi nhan"], ["ho so"])] == 1
    assert len(keys) == 2  # the one-cell title is no header; the data row is a candidate too


def test_a_saved_layout_is_found_under_a_title_of_the_same_kind_only():
    layout = _layout()
    found = find_layout(_sheet(["Danh sách hồ sơ tháng 5"], HEADER), [layout])
    assert found == (layout, 1)
    assert find_layout(_sheet(["Báo cáo thu ngân sách"], HEADER), [layout]) is None
    assert find_layout(_sheet(["Danh sách hồ sơ"], HEADER), []) is None


def test_likely_header_prefers_the_closest_kinds_row_else_the_fullest():
    sheet = _sheet(["Tiêu đề"], ["a", "b"], ["a", "b", "c"], ["x", "y", "z"])
    assert likely_header(sheet, 1) == 1
    assert likely_header(sheet, 0) == 2  # a one-text row is no header: the first of the most texts
    assert likely_header(_sheet(["a"], ["b"]), None) is None


def test_guess_mapping_takes_what_the_synonyms_already_name():
    cells = ((0, "Mã hồ sơ"), (1, "Ngày nhận HS"), (2, "Đơn vị tiếp nhận"), (3, "Đơn vị"))
    # "Ngày nhận HS" holds the synonym "ngày nhận"; of two unit columns the first wins
    assert guess_mapping(cells, dossier_list.FIELDS) == {"code": 0, "received_at": 1, "unit": 2}


def test_apply_layout_names_the_mapped_columns_and_adds_the_title_lines_on_a_copy():
    sheet = _sheet(["Danh sách"], HEADER, ["H1", "01/05/2023", "Phổ An"])
    layout = _layout(money_unit="triệu đồng", unit_text="UBND xã Phổ An", period_text="Tháng 5/2023")
    out = apply_layout(sheet, 1, layout, dossier_list.FIELDS)
    assert out.rows[1] == ["Mã hồ sơ", "Ngày tiếp nhận", "Đơn vị tiếp nhận"]
    assert out.rows[0] == [
        "Danh sách",
        "",
        "",
        "ĐVT: triệu đồng",
        "Đơn vị báo cáo: UBND xã Phổ An",
        "Kỳ báo cáo: Tháng 5/2023",
    ]
    assert out.rows[2] == ["H1", "01/05/2023", "Phổ An"]
    assert sheet.rows[1] == HEADER and sheet.rows[0] == ["Danh sách"]  # the upload itself is untouched
    assert dossier_list.looks_like(out) == 1


def test_a_money_unit_already_written_is_not_added_twice_and_a_first_row_header_gets_no_lines():
    sheet = _sheet(["ĐVT: đồng"], HEADER)
    out = apply_layout(sheet, 1, _layout(money_unit="triệu đồng"), dossier_list.FIELDS)
    assert out.rows[0] == ["ĐVT: đồng"]
    out = apply_layout(
        _sheet(HEADER), 0, _layout(money_unit="triệu đồng", unit_text="X"), dossier_list.FIELDS
    )
    assert out.rows == [["Mã hồ sơ", "Ngày tiếp nhận", "Đơn vị tiếp nhận"]]


def test_used_note():
    assert used_note(_layout()) == "Đọc theo cách ghép cột đang chọn “Mẫu xã” (chưa lưu)."
    saved = _layout(layout_id=3, owner="an", created_at=datetime(2023, 6, 1, 9, 0))
    assert used_note(saved) == "Dùng mẫu cột đã lưu “Mẫu xã” (lưu bởi an ngày 01/06/2023)."
    assert used_note(_layout(layout_id=3)) == "Dùng mẫu cột đã lưu “Mẫu xã” (lưu bởi không rõ)."
