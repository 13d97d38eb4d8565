"""The Vietnamese title of every reason code a problem can carry: users read the title, never the code.

The codes (data_loaders.reasons.ReasonCode) stay in the CLI's lines and the stored audit text (they are what a
developer greps for); tests/dashboard/importing/test_reason_titles.py finds every code in the source and checks that every
member has a title here.
"""

from __future__ import annotations

import re

from data_loaders.reasons import ReasonCode

REASON_TITLES: dict[ReasonCode, str] = {
    # The file as a whole
    ReasonCode.FILE_TOO_LARGE: "Tệp quá lớn",
    ReasonCode.EMPTY_FILE: "Tệp rỗng",
    ReasonCode.NOT_EXCEL: "Không phải tệp Excel hoặc tệp bị hỏng",
    ReasonCode.MACRO_FILE: "Tệp có macro",
    ReasonCode.ZIP_BOMB: "Tệp giải nén ra quá lớn",
    ReasonCode.TOO_MANY_CELLS: "Quá nhiều ô",
    ReasonCode.TOO_MUCH_TEXT: "Quá nhiều chữ",
    ReasonCode.XML_ENTITIES: "Tệp chứa khai báo không được phép",
    ReasonCode.BAD_CELL_REFERENCE: "Địa chỉ ô không hợp lệ",
    ReasonCode.TEXT_TOO_LONG: "Nội dung ô quá dài",
    ReasonCode.NO_TABLE: "Không nhận ra bảng số liệu",
    ReasonCode.NO_DATA_ROWS: "Không có dòng số liệu",
    ReasonCode.NO_ROWS: "Không có dòng số liệu",
    ReasonCode.DUPLICATE_SHEETS: "Hai trang tính cùng một báo cáo",
    ReasonCode.ALREADY_STORED: "Hồ sơ đã có trong báo cáo đã lưu",
    ReasonCode.INTERNAL_ERROR: "Lỗi hệ thống khi đọc tệp",
    ReasonCode.WORKER_TIMEOUT: "Đọc tệp quá lâu",
    ReasonCode.WORKER_CRASHED: "Đọc tệp bị dừng đột ngột",
    ReasonCode.READ_ONLY_DATABASE: "Cơ sở dữ liệu đang chỉ đọc",
    ReasonCode.IMPORT_BUSY: "Đang có tệp khác được lưu",
    # Columns and title lines
    ReasonCode.MISSING_COLUMN: "Thiếu cột bắt buộc",
    ReasonCode.DUPLICATE_COLUMN: "Cột bị trùng",
    ReasonCode.AMBIGUOUS_COLUMN: "Không rõ cột nào",
    ReasonCode.NO_PERIOD: "Không tìm thấy kỳ báo cáo",
    ReasonCode.BAD_PERIOD: "Kỳ báo cáo không hợp lệ",
    ReasonCode.PERIOD_SOURCES_DISAGREE: "Kỳ báo cáo ghi không khớp nhau",
    ReasonCode.PERIOD_MISMATCH: "Tháng ở tên tệp và trong tệp khác nhau",
    ReasonCode.IMPLAUSIBLE_PERIOD: "Kỳ báo cáo không hợp lý",
    ReasonCode.FUTURE_PERIOD: "Kỳ báo cáo ở tương lai",
    ReasonCode.OVERLAP: "Trùng kỳ với báo cáo đã lưu",
    ReasonCode.NO_UNIT: "Không tìm thấy đơn vị báo cáo",
    ReasonCode.UNIT_SOURCES_DISAGREE: "Đơn vị ghi không khớp nhau",
    ReasonCode.NO_MONEY_UNIT: "Không rõ đơn vị tiền",
    ReasonCode.NO_AS_OF: "Không rõ ngày số liệu",
    ReasonCode.FORMULA_WITHOUT_VALUE: "Công thức chưa có giá trị",
    # Units and who may upload them
    ReasonCode.UNKNOWN_UNIT: "Không nhận ra đơn vị",
    ReasonCode.MERGED_UNIT: "Đơn vị đã sáp nhập",
    ReasonCode.UNIT_NOT_ALLOWED: "Không được tải lên cho đơn vị này",
    ReasonCode.NOT_A_PLACE: "Địa điểm không phải xã, phường",
    # Cells
    ReasonCode.NOT_A_NUMBER: "Không phải là số",
    ReasonCode.NUMBER_TOO_LARGE: "Số quá lớn",
    ReasonCode.NOT_WHOLE: "Phải là số nguyên",
    ReasonCode.NEGATIVE: "Số âm không hợp lệ",
    ReasonCode.NEGATIVE_AMOUNT: "Số tiền âm",
    ReasonCode.OUT_OF_RANGE: "Giá trị ngoài khoảng cho phép",
    ReasonCode.TINY_VALUE: "Giá trị quá nhỏ, có thể ghi nhầm đơn vị",
    ReasonCode.BAD_SAVED_VALUE: "Ô lưu giá trị không hợp lệ",
    ReasonCode.FORMULA_ERROR: "Ô có lỗi công thức",
    ReasonCode.BAD_DATE: "Ngày không hợp lệ",
    ReasonCode.BAD_DATES: "Ngày không hợp lệ",
    ReasonCode.FUTURE_DATE: "Ngày ở tương lai",
    ReasonCode.IMPLAUSIBLE_DATE: "Ngày không hợp lý",
    ReasonCode.BAD_YEAR: "Năm không hợp lệ",
    ReasonCode.BAD_DEADLINE: "Thời hạn không đọc được",
    ReasonCode.MISSING_VALUE: "Thiếu giá trị",
    ReasonCode.MISSING_LABEL: "Thiếu tên khoản mục hoặc đơn vị",
    ReasonCode.DUPLICATE_KEY: "Số thứ tự hoặc mã bị trùng",
    ReasonCode.BAD_CHANNEL: "Hình thức nộp không hợp lệ",
    ReasonCode.BAD_STATUS: "Trạng thái không hợp lệ",
    ReasonCode.BAD_RANK: "Thứ hạng không hợp lệ",
    ReasonCode.UNKNOWN_LEVEL: "Không rõ cấp đơn vị",
    # Totals and identities
    ReasonCode.IDENTITY_MISMATCH: "Số liệu không khớp nhau",
    ReasonCode.TOTAL_MISMATCH: "Tổng không khớp với các dòng",
    ReasonCode.PERCENT_MISMATCH: "Tỷ lệ không khớp với số liệu",
    ReasonCode.PCT_MISMATCH: "Tỷ lệ không khớp với số liệu",
    ReasonCode.PLAN_MISMATCH: "Kế hoạch vốn không khớp",
    ReasonCode.OVER_PLAN: "Giải ngân vượt kế hoạch",
    ReasonCode.UNNUMBERED_GROUPS: "Không rõ dòng nhóm (thiếu cột STT)",
    ReasonCode.UNKNOWN_BUDGET_KIND: "Không rõ thu hay chi ngân sách",
    ReasonCode.REPLACES_WITH_LESS: "Báo cáo mới ít số liệu hơn báo cáo cũ",
    # Tasks and targets
    ReasonCode.MISSING_TITLE: "Thiếu tên nhiệm vụ",
    ReasonCode.MISSING_LEAD: "Thiếu cơ quan chủ trì",
    ReasonCode.DUPLICATE_TASK: "Nhiệm vụ bị trùng",
    ReasonCode.COMPLETED_NOT_DONE: "Có ngày hoàn thành nhưng chưa xong",
    ReasonCode.LATE_CONFLICT: "Trạng thái trễ hạn mâu thuẫn",
    ReasonCode.UNKNOWN_INDICATOR: "Không rõ chỉ tiêu",
    ReasonCode.UNKNOWN_SOURCE: "Không rõ nguồn vốn",
    ReasonCode.SOURCE_NOT_ALLOWED: "Nguồn vốn không dùng cho chỉ tiêu này",
    # The unit registry (Quản trị › Danh mục đơn vị)
    ReasonCode.NOT_UTF8: "Tệp không mã hóa UTF-8",
    ReasonCode.NO_UNITS: "Tệp không có đơn vị nào",
    ReasonCode.BAD_CODE: "Mã đơn vị không hợp lệ",
    ReasonCode.BAD_NAME: "Tên đơn vị không hợp lệ",
    ReasonCode.BAD_KIND: "Loại đơn vị không hợp lệ",
    ReasonCode.BAD_SORT_ORDER: "Thứ tự hiển thị không hợp lệ",
    ReasonCode.BAD_SUCCESSOR: "Đơn vị kế thừa không hợp lệ",
    ReasonCode.UNKNOWN_SUCCESSOR: "Không có đơn vị kế thừa này",
    ReasonCode.SUCCESSOR_WITHOUT_END: "Thiếu ngày hết hiệu lực",
    ReasonCode.DUPLICATE_CODE: "Mã đơn vị bị trùng",
}
OTHER = "Vấn đề khác"  # a code without a title still never reaches the user raw
_LINE = re.compile(r"^(ERROR|WARNING) (.*?) \[([a-z0-9_]+)\] (.*)$", re.DOTALL)


def reason_title(code: str) -> str:
    """The title users read for a reason code (a member or its string, as stored lines carry it)."""
    try:
        return REASON_TITLES[ReasonCode(code)]
    except ValueError:
        return OTHER


def readable_line(line: str) -> str:
    """A stored CLI-style problem line ('WARNING file › sheet › cell [code] message') as users read it."""
    found = _LINE.match(line)
    if found is None:
        return line
    _severity, where, code, message = found.groups()
    return f"{where} — {reason_title(code)}: {message}"
