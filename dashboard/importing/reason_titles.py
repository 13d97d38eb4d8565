"""The Vietnamese title of every reason code a problem can carry: users read the title, never the code.

The codes stay in the CLI's lines and the stored audit text (they are what a developer greps for);
tests/dashboard/test_reason_titles.py finds every code in the source and checks it has a title here.
"""

from __future__ import annotations

import re

REASON_TITLES: dict[str, str] = {
    # The file as a whole
    "file_too_large": "Tệp quá lớn",
    "empty_file": "Tệp rỗng",
    "not_excel": "Không phải tệp Excel hoặc tệp bị hỏng",
    "macro_file": "Tệp có macro",
    "zip_bomb": "Tệp giải nén ra quá lớn",
    "too_many_cells": "Quá nhiều ô",
    "too_much_text": "Quá nhiều chữ",
    "xml_entities": "Tệp chứa khai báo không được phép",
    "bad_cell_reference": "Địa chỉ ô không hợp lệ",
    "text_too_long": "Nội dung ô quá dài",
    "no_table": "Không nhận ra bảng số liệu",
    "no_data_rows": "Không có dòng số liệu",
    "no_rows": "Không có dòng số liệu",
    "duplicate_sheets": "Hai trang tính cùng một báo cáo",
    "already_stored": "Hồ sơ đã có trong báo cáo đã lưu",
    "internal_error": "Lỗi hệ thống khi đọc tệp",
    "worker_timeout": "Đọc tệp quá lâu",
    "worker_crashed": "Đọc tệp bị dừng đột ngột",
    "read_only_database": "Cơ sở dữ liệu đang chỉ đọc",
    "import_busy": "Đang có tệp khác được lưu",
    # Columns and title lines
    "missing_column": "Thiếu cột bắt buộc",
    "duplicate_column": "Cột bị trùng",
    "ambiguous_column": "Không rõ cột nào",
    "no_period": "Không tìm thấy kỳ báo cáo",
    "bad_period": "Kỳ báo cáo không hợp lệ",
    "period_sources_disagree": "Kỳ báo cáo ghi không khớp nhau",
    "period_mismatch": "Tháng ở tên tệp và trong tệp khác nhau",
    "implausible_period": "Kỳ báo cáo không hợp lý",
    "future_period": "Kỳ báo cáo ở tương lai",
    "overlap": "Trùng kỳ với báo cáo đã lưu",
    "no_unit": "Không tìm thấy đơn vị báo cáo",
    "unit_sources_disagree": "Đơn vị ghi không khớp nhau",
    "no_money_unit": "Không rõ đơn vị tiền",
    "no_as_of": "Không rõ ngày số liệu",
    "formula_without_value": "Công thức chưa có giá trị",
    # Units and who may upload them
    "unknown_unit": "Không nhận ra đơn vị",
    "merged_unit": "Đơn vị đã sáp nhập",
    "unit_not_allowed": "Không được tải lên cho đơn vị này",
    "not_a_place": "Địa điểm không phải xã, phường",
    # Cells
    "not_a_number": "Không phải là số",
    "number_too_large": "Số quá lớn",
    "not_whole": "Phải là số nguyên",
    "negative": "Số âm không hợp lệ",
    "negative_amount": "Số tiền âm",
    "out_of_range": "Giá trị ngoài khoảng cho phép",
    "tiny_value": "Giá trị quá nhỏ, có thể ghi nhầm đơn vị",
    "bad_saved_value": "Ô lưu giá trị không hợp lệ",
    "formula_error": "Ô có lỗi công thức",
    "bad_date": "Ngày không hợp lệ",
    "bad_dates": "Ngày không hợp lệ",
    "future_date": "Ngày ở tương lai",
    "implausible_date": "Ngày không hợp lý",
    "bad_year": "Năm không hợp lệ",
    "bad_deadline": "Thời hạn không đọc được",
    "missing_value": "Thiếu giá trị",
    "missing_label": "Thiếu tên khoản mục hoặc đơn vị",
    "duplicate_key": "Số thứ tự hoặc mã bị trùng",
    "bad_channel": "Hình thức nộp không hợp lệ",
    "bad_status": "Trạng thái không hợp lệ",
    "bad_rank": "Thứ hạng không hợp lệ",
    "unknown_level": "Không rõ cấp đơn vị",
    # Totals and identities
    "identity_mismatch": "Số liệu không khớp nhau",
    "total_mismatch": "Tổng không khớp với các dòng",
    "percent_mismatch": "Tỷ lệ không khớp với số liệu",
    "pct_mismatch": "Tỷ lệ không khớp với số liệu",
    "plan_mismatch": "Kế hoạch vốn không khớp",
    "over_plan": "Giải ngân vượt kế hoạch",
    "unnumbered_groups": "Không rõ dòng nhóm (thiếu cột STT)",
    "unknown_budget_kind": "Không rõ thu hay chi ngân sách",
    "replaces_with_less": "Báo cáo mới ít số liệu hơn báo cáo cũ",
    # Tasks and targets
    "missing_title": "Thiếu tên nhiệm vụ",
    "missing_lead": "Thiếu cơ quan chủ trì",
    "duplicate_task": "Nhiệm vụ bị trùng",
    "completed_not_done": "Có ngày hoàn thành nhưng chưa xong",
    "late_conflict": "Trạng thái trễ hạn mâu thuẫn",
    "unknown_indicator": "Không rõ chỉ tiêu",
    "unknown_source": "Không rõ nguồn vốn",
    "source_not_allowed": "Nguồn vốn không dùng cho chỉ tiêu này",
    # The unit registry (Quản trị › Danh mục đơn vị)
    "not_utf8": "Tệp không mã hóa UTF-8",
    "no_units": "Tệp không có đơn vị nào",
    "bad_code": "Mã đơn vị không hợp lệ",
    "bad_name": "Tên đơn vị không hợp lệ",
    "bad_kind": "Loại đơn vị không hợp lệ",
    "bad_sort_order": "Thứ tự hiển thị không hợp lệ",
    "bad_successor": "Đơn vị kế thừa không hợp lệ",
    "unknown_successor": "Không có đơn vị kế thừa này",
    "successor_without_end": "Thiếu ngày hết hiệu lực",
    "duplicate_code": "Mã đơn vị bị trùng",
}
OTHER = "Vấn đề khác"  # a code without a title still never reaches the user raw
_LINE = re.compile(r"^(ERROR|WARNING) (.*?) \[([a-z0-9_]+)\] (.*)$", re.DOTALL)


def reason_title(code: str) -> str:
    """The title users read for a reason code."""
    return REASON_TITLES.get(code, OTHER)


def readable_line(line: str) -> str:
    """A stored CLI-style problem line ('WARNING file › sheet › cell [code] message') as users read it."""
    found = _LINE.match(line)
    if found is None:
        return line
    _severity, where, code, message = found.groups()
    return f"{where} — {reason_title(code)}: {message}"
