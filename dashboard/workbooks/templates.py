"""Blank upload templates: the layout to fill, a sheet of instructions and drop-downs of the registry's units."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dashboard.workbooks import budget as budget_writer
from dashboard.workbooks import dossiers as rw
from dashboard.workbooks import investment as investment_writer
from dashboard.workbooks import tasks as tasks_writer
from dashboard.workbooks.dropdowns import drop_down, guide_and_lists

# The other areas' layouts live with their writers; every kind the importer reads has a template.
_AREA_WRITERS: dict[str, Callable[[rw.Target, Sequence[str]], None]] = {
    "budget_revenue": budget_writer.write_budget_revenue_template,
    "budget_expenditure": budget_writer.write_budget_expenditure_template,
    "disbursement": investment_writer.write_disbursement_template,
    "targets": investment_writer.write_targets_template,
    "tasks": tasks_writer.write_tasks_template,
}
TEMPLATE_KINDS: dict[str, str] = {
    "dossier_report": "Biểu II.06a – Tình hình, kết quả giải quyết TTHC (số liệu tổng hợp)",
    "dossier_list": "Danh sách hồ sơ TTHC (mỗi dòng một hồ sơ)",
    "budget_revenue": "Báo cáo thu ngân sách nhà nước (tháng, lũy kế, dự toán, cùng kỳ)",
    "budget_expenditure": "Báo cáo chi ngân sách (tháng, lũy kế, dự toán, cùng kỳ)",
    "disbursement": "Báo cáo giải ngân vốn đầu tư công (theo dự án, nguồn vốn, chủ đầu tư)",
    "targets": "Chỉ tiêu (tỷ lệ giải ngân theo mốc, nộp trực tuyến, đúng hạn …)",
    "tasks": "Danh sách nhiệm vụ (kế hoạch, thông báo kết luận)",
}
CHANNELS = ("Trực tuyến", "Trực tiếp", "Dịch vụ bưu chính")
STATUSES = ("Đã trả kết quả", "Đang xử lý", "Chờ bổ sung", "Công dân rút", "Từ chối")
BLANK_ROWS = 15
LIST_BLANK_ROWS = 30
VALIDATED_ROWS = 2000  # rows of the list template that keep the drop-downs

_COMMON_END = (
    "SỐ LIỆU",
    "• Mọi số là số nguyên (số hồ sơ): không ghi số thập phân, không ghi chữ như “hồ sơ” trong ô.",
    "• Ô nào chưa có số liệu thì ĐỂ TRỐNG. Không ghi số 0 khi chưa biết: số 0 nghĩa là “không có hồ sơ nào”, "
    "còn ô trống nghĩa là “chưa có số liệu”.",
    "• Không thêm, xóa hay gộp ô ở các dòng tiêu đề cột; không đổi tên trang tính.",
    "",
    "CÁCH TẢI LÊN",
    "1. Lưu tệp dạng Excel (.xlsx). Nếu có công thức, hãy mở bằng Excel và nhấn Lưu (Ctrl+S) trước khi tải lên.",
    "2. Mở trang “Tải lên báo cáo” của bảng điều hành (cần tài khoản cập nhật số liệu), chọn tệp để tải lên.",
    "3. Hệ thống kiểm tra từng ô và báo lỗi hoặc cảnh báo kèm vị trí ô (ví dụ “F12”). Sửa đúng ô đó rồi tải lên lại.",
    "4. Tải lên lại báo cáo của cùng đơn vị, cùng kỳ sẽ thay thế báo cáo cũ; không bị cộng trùng.",
)
_REPORT_TEXT = (
    "HƯỚNG DẪN ĐIỀN BIỂU II.06a – TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
    "",
    "PHẦN TIÊU ĐỀ",
    "• Dòng “Kỳ báo cáo” ghi theo một trong các dạng: “Kỳ báo cáo: Tháng 5/2023”, “Kỳ báo cáo: Quý II/2023”, "
    "“Kỳ báo cáo: 6 tháng đầu năm 2023”, “Kỳ báo cáo: Năm 2023” hoặc "
    "“Kỳ báo cáo: Từ ngày 01/01/2023 đến ngày 20/07/2023”. Ngày ghi dạng ngày/tháng/năm.",
    "• Dòng “Đơn vị báo cáo” ghi tên đơn vị, ví dụ “Đơn vị báo cáo: UBND xã Phổ An”.",
    "",
    "CÁC CỘT",
    "• Cột (2) Tên đơn vị: bấm vào ô rồi chọn tên trong danh sách thả xuống; mỗi đơn vị một dòng. Nếu báo cáo "
    "theo lĩnh vực (Hộ tịch, Chứng thực, Đất đai…), đổi tiêu đề cột thành “Lĩnh vực giải quyết” và ghi tên lĩnh vực.",
    "• Cột (3) Tổng số hồ sơ nhận giải quyết = cột (4) + cột (5) + cột (6).",
    "• Cột (4) Số kỳ trước chuyển qua: hồ sơ chưa giải quyết xong ở cuối kỳ trước.",
    "• Cột (5) Trực tuyến: hồ sơ mới nộp trong kỳ qua Cổng dịch vụ công.",
    "• Cột (6) Trực tiếp, dịch vụ bưu chính: hồ sơ mới nộp trong kỳ tại Bộ phận Một cửa hoặc qua bưu điện.",
    "• Cột (7) Tổng số đã giải quyết = cột (8) + cột (9) + cột (10): hồ sơ trả trước hạn, đúng hạn, quá hạn.",
    "• Cột (11) Tổng số đang giải quyết = cột (12) trong hạn + cột (13) quá hạn, tính đến ngày cuối kỳ.",
    "• Cột (14) Số hồ sơ rút, trả lại: hồ sơ công dân xin rút hoặc bị trả lại trong kỳ.",
    "• Kiểm tra: cột (3) = cột (7) + cột (11) + cột (14).",
    "• Dòng “Tổng cộng” bằng tổng các dòng phía trên; hệ thống tự kiểm tra và báo nếu lệch.",
    "",
    *_COMMON_END,
)
_LIST_TEXT = (
    "HƯỚNG DẪN ĐIỀN DANH SÁCH HỒ SƠ TIẾP NHẬN (MỖI DÒNG MỘT HỒ SƠ)",
    "",
    "PHẦN TIÊU ĐỀ",
    "• Có thể ghi thêm dòng kỳ, ví dụ “Kỳ báo cáo: Từ ngày 01/01/2023 đến ngày 31/12/2023”. Nếu không ghi, "
    "kỳ được lấy theo ngày tiếp nhận sớm nhất và muộn nhất.",
    "",
    "CÁC CỘT",
    "• Mã hồ sơ: mã trên giấy tiếp nhận, ví dụ 000.00.22.H48-230105-0001. Mỗi hồ sơ chỉ một dòng.",
    "• Tên thủ tục hành chính, Lĩnh vực: ghi như trên phần mềm một cửa.",
    "• Đơn vị tiếp nhận: chọn trong danh sách thả xuống.",
    "• Hình thức nộp: chọn Trực tuyến, Trực tiếp hoặc Dịch vụ bưu chính.",
    "• Ngày tiếp nhận, Hạn xử lý, Ngày trả kết quả: ghi dạng ngày/tháng/năm giờ:phút, ví dụ 05/01/2023 08:15. "
    "Hồ sơ chưa trả kết quả thì để trống cột Ngày trả kết quả.",
    "• Trạng thái: chọn Đã trả kết quả, Đang xử lý, Chờ bổ sung, Công dân rút hoặc Từ chối. Hồ sơ "
    "“Đã trả kết quả” phải có ngày trả kết quả.",
    "",
    *_COMMON_END,
)


def write_template(target: rw.Target, kind: str, unit_names: Sequence[str]) -> None:
    """Write an empty upload template of this kind (see TEMPLATE_KINDS) for the given registry units."""
    if kind not in TEMPLATE_KINDS:
        raise ValueError(f"Unknown template kind {kind!r}; choose one of: {', '.join(TEMPLATE_KINDS)}")
    if kind in _AREA_WRITERS:
        _AREA_WRITERS[kind](target, unit_names)
        return
    book = rw.new_workbook(target)
    fmt = rw.formats(book)
    if kind == "dossier_report":
        blank = [rw.Line(str(i), "", {}, "item") for i in range(1, BLANK_ROWS + 1)]
        sheet, first = rw.official_sheet(
            book,
            fmt,
            lines=[*blank, rw.Line("", rw.TOTAL_LABEL, {}, "total")],
            period_line="Kỳ báo cáo: Tháng …/…… (hoặc: Từ ngày …/…/…… đến ngày …/…/……)",
            heading_unit=None,
            unit_line="Đơn vị báo cáo: ……………………",
            by="unit",
        )
        drop_down(sheet, first, first + BLANK_ROWS - 1, 1, "A", len(unit_names), "Tên đơn vị")
        text: tuple[str, ...] = _REPORT_TEXT
    else:
        sheet, header = rw.list_sheet(
            book, fmt, dossiers=[], period_line="Kỳ báo cáo: ……………………", unit_title=None, text_dates=False
        )
        for row in range(header + 1, header + 1 + LIST_BLANK_ROWS):
            for col in range(len(rw.LIST_HEADERS)):
                sheet.write_blank(row, col, None, fmt["datetime" if 6 <= col <= 8 else "cell"])
        first, last = header + 1, header + VALIDATED_ROWS
        drop_down(sheet, first, last, 4, "A", len(unit_names), "Đơn vị tiếp nhận")
        drop_down(sheet, first, last, 5, "B", len(CHANNELS), "Hình thức nộp")
        drop_down(sheet, first, last, 9, "C", len(STATUSES), "Trạng thái")
        text = _LIST_TEXT
    guide_and_lists(book, text, (unit_names, CHANNELS, STATUSES))
    sheet.activate()
    book.close()
