"""Why a sheet was not read: the kind it came closest to, where, and the columns that kind still lacks."""

from __future__ import annotations

from dashboard.importing.sheet_notes import near_miss_text, unrecognised
from data_loaders.registry import NearMiss
from data_loaders.workbook import Sheet


def test_near_miss_names_the_kind_the_row_and_each_missing_column():
    near = NearMiss("Danh sách hồ sơ TTHC", 2, 3, ["Mã hồ sơ", "Ngày tiếp nhận"])
    assert near_miss_text(Sheet("DS", []), near) == (
        "Gần nhất là Danh sách hồ sơ TTHC (trang “DS”, dòng 3 khớp 3 cột tiêu đề), "
        "còn thiếu cột: “Mã hồ sơ”, “Ngày tiếp nhận”."
    )


def test_near_miss_with_every_column_found_blames_the_layout():
    near = NearMiss("Bảng chỉ tiêu", 0, 4, [])
    assert near_miss_text(Sheet("CT", []), near) == (
        "Gần nhất là Bảng chỉ tiêu (trang “CT”, dòng 1 khớp 4 cột tiêu đề), nhưng bố cục bảng không đúng mẫu."
    )


def test_a_sheet_of_no_known_headers_is_simply_not_a_report():
    sheet = Sheet("Ghi chú", [["Danh bạ"], ["Họ tên", "Điện thoại"], ["Nguyễn Văn A", "0901"]])
    assert unrecognised(sheet) == "không nhận ra bảng số liệu nào (không phải báo cáo hệ thống nhận)."


def test_a_dossier_list_without_its_received_date_names_that_column():
    sheet = Sheet(
        "DS", [["Danh sách"], ["Mã hồ sơ", "Tên thủ tục", "Lĩnh vực", "Trạng thái"], ["H1", "A", "B", ""]]
    )
    text = unrecognised(sheet)
    assert text.startswith(
        "không nhận ra bảng số liệu. Gần nhất là Danh sách hồ sơ TTHC (xuất từ hệ thống một cửa)"
    )
    # a row is counted with the row below it (two-row headers), so the title line above already reaches them all
    assert "(trang “DS”, dòng 1 khớp 4 cột tiêu đề)" in text
    assert text.endswith("còn thiếu cột: “Ngày tiếp nhận”.")
