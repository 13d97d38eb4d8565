"""Writes task lists (a reform plan, a meeting conclusion): the layout, the upload template and the samples."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from base.text import normalize
from dashboard.workbooks import dossiers as rw
from dashboard.workbooks.dropdowns import drop_down, guide_and_lists
from data_loaders.deadlines import parse_deadline
from data_loaders.tasks_sheet import STATUSES

TASKS_SHEET = "Nhiệm vụ"
HEADERS = (
    "STT",
    "Nội dung công việc / Nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Sản phẩm",
    "Thời gian thực hiện",
    "Tình trạng",
    "Ngày hoàn thành",
)
WIDTHS = (6, 60, 28, 28, 30, 24, 20, 14)
STATUS_CHOICES = ("Đã hoàn thành", "Hoàn thành (trễ hạn)", "Đang thực hiện", "Chưa thực hiện")
BLANK_ROWS = 30
VALIDATED_ROWS = 500

_GUIDE = (
    "HƯỚNG DẪN ĐIỀN DANH SÁCH NHIỆM VỤ (KẾ HOẠCH, THÔNG BÁO KẾT LUẬN)",
    "",
    "PHẦN TIÊU ĐỀ",
    "• Dòng tên văn bản phải có năm, ví dụ “KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2022”; với thông báo kết luận, ghi "
    "ngày họp, ví dụ “THÔNG BÁO KẾT LUẬN của Chủ tịch UBND thị xã tại phiên họp ngày 12/6/2023”.",
    "• Dòng đầu ghi cơ quan ban hành, ví dụ “UBND THỊ XÃ ĐỨC PHỔ”; nếu bỏ trống, danh sách được tính là của thị xã.",
    "",
    "CÁC DÒNG",
    "• Dòng nhóm (lĩnh vực) như “I | CẢI CÁCH THỂ CHẾ”: chỉ ghi STT và tên nhóm, để trống các cột còn lại. Các "
    "nhiệm vụ bên dưới thuộc nhóm đó.",
    "• Mỗi nhiệm vụ một dòng, đánh số 1, 2, 3… trong nhóm.",
    "",
    "CÁC CỘT",
    "• Cơ quan chủ trì: chọn trong danh sách thả xuống. Nhiều cơ quan thì ngăn cách bằng dấu chấm phẩy; cơ quan "
    "ghi đầu tiên được tính là cơ quan chủ trì. Ghi “Các phòng, ban…” hoặc “UBND các xã, phường” thì nhiệm vụ tính "
    "cho toàn thị xã. Cơ quan ngoài thị xã (Sở …, UBND tỉnh, Chi cục …, Công an …) được giữ nguyên tên.",
    "• Thời gian thực hiện: ghi như thường viết — “Quý I năm 2022”, “Quý II, III năm 2022”, “Tháng 10/2022”, "
    "“trước ngày 30/6/2023”, “chậm nhất trong ngày 22/6/2023”, “Thường xuyên trong năm”, “Theo kế hoạch của Sở Nội "
    "vụ”. Thời hạn một quý hoặc một tháng được tính đến ngày cuối của quý, tháng đó.",
    "• Tình trạng: Đã hoàn thành (hoặc Hoàn thành, Xong), Hoàn thành (trễ hạn) (hoặc Hoàn thành chậm), Đang thực "
    "hiện (hoặc Đang triển khai), Chưa thực hiện (hoặc để trống).",
    "• Ngày hoàn thành: ngày/tháng/năm, chỉ ghi khi đã hoàn thành. Có ngày này thì hệ thống tự biết hoàn thành đúng "
    "hạn hay trễ hạn.",
    "",
    "CÁCH TẢI LÊN",
    "1. Lưu tệp dạng Excel (.xlsx) rồi tải lên ở trang “Tải lên báo cáo”.",
    "2. Hệ thống báo lỗi kèm vị trí ô (ví dụ “F12”); sửa đúng ô đó rồi tải lên lại.",
    "3. Tải lên lại cùng kế hoạch (cùng năm) hoặc cùng thông báo kết luận (cùng ngày họp) sẽ thay thế danh sách cũ.",
)


@dataclass(frozen=True)
class TaskLine:
    """A row to write: a group heading (STT and title only) or a task."""

    stt: str
    title: str
    lead: str = ""
    coordinating: str = ""
    product: str = ""
    deadline: str = ""
    status: str = ""
    completed: date | None = None
    heading: bool = False


def tasks_sheet(
    book: Any, fmt: dict[str, rw.Format], *, title_lines: Sequence[str], lines: Sequence[TaskLine]
) -> tuple[rw.Sheet, int]:
    """The task table on a new sheet under the issuer and title lines; returns the sheet and its first data row."""
    sheet = book.add_worksheet(TASKS_SHEET)
    last = len(HEADERS) - 1
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    rw.office_heading(sheet, fmt, split=3, last=last)
    for i, text in enumerate(title_lines):
        sheet.merge_range(3 + i, 0, 3 + i, last, text, fmt["title" if i == 0 else "period"])
    header = 4 + len(title_lines)
    for col, text in enumerate(HEADERS):
        sheet.write_string(header, col, text, fmt["header"])
    day = book.add_format({**_BORDER, "num_format": "dd/mm/yyyy", "align": "center"})
    row = header + 1
    for line in lines:
        style = "group_text" if line.heading else "text"
        cells = (line.stt, line.title, line.lead, line.coordinating, line.product, line.deadline, line.status)
        for col, text in enumerate(cells):
            cell_fmt = fmt[("group_" if line.heading else "") + "stt"] if col == 0 else fmt[style]
            sheet.write_string(row, col, text, cell_fmt) if text else sheet.write_blank(
                row, col, None, cell_fmt
            )
        if line.completed is not None:
            sheet.write_datetime(row, last, datetime.combine(line.completed, datetime.min.time()), day)
        else:
            sheet.write_blank(row, last, None, day)
        row += 1
    sheet.freeze_panes(header + 1, 2)
    sheet.merge_range(row + 1, 5, row + 1, last, "Đức Phổ, ngày … tháng … năm …", fmt["sign_date"])
    sheet.merge_range(row + 2, 0, row + 2, 2, "Nơi nhận:", fmt["left"])
    sheet.merge_range(row + 2, 5, row + 2, last, "CHỦ TỊCH", fmt["sign"])
    return sheet, header + 1


_BORDER = {"border": 1, "valign": "vcenter", "font_name": "Times New Roman", "font_size": 10}


def write_tasks(
    target: rw.Target,
    *,
    title_lines: Sequence[str],
    lines: Sequence[TaskLine],
    created: datetime | None = None,
) -> None:
    """A task list workbook of one sheet."""
    book = rw.new_workbook(target, created=created)
    tasks_sheet(book, rw.formats(book), title_lines=title_lines, lines=lines)
    book.close()


def write_tasks_template(target: rw.Target, unit_names: Sequence[str]) -> None:
    """An empty task list to fill, with drop-downs of the registry's units and the statuses, and a guide."""
    book = rw.new_workbook(target)
    fmt = rw.formats(book)
    title = ["KẾ HOẠCH … NĂM ……", "(hoặc: THÔNG BÁO KẾT LUẬN … tại phiên họp ngày …/…/……)"]
    blank = [TaskLine(str(i), "") for i in range(1, BLANK_ROWS + 1)]
    sheet, first = tasks_sheet(book, fmt, title_lines=title, lines=blank)
    for col, source, count, what in ((2, "A", len(unit_names), "Cơ quan chủ trì"), (6, "B", 4, "Tình trạng")):
        drop_down(sheet, first, first + VALIDATED_ROWS, col, source, count, what, advice="Hãy kiểm tra lại.")
    guide_and_lists(book, _GUIDE, (unit_names, STATUS_CHOICES))
    sheet.activate()
    book.close()


def sample_lines(
    tasks: Sequence[SampleRow], rng: random.Random, *, start: date, as_of: date
) -> list[TaskLine]:
    """Headings numbered I, II…, tasks 1, 2… within them; a done task with a dated deadline gets a completion day.

    On time: up to three weeks before the deadline; late: one to six weeks after it; never after `as_of`.
    """
    lines: list[TaskLine] = []
    group, number = 0, 0
    for task in tasks:
        if len(task) == 1:
            group, number = group + 1, 0
            lines.append(TaskLine(rw.roman(group), task[0], heading=True))
            continue
        title, lead, coordinating, product, deadline, status = task
        number += 1
        due = parse_deadline(deadline).due
        state, late = STATUSES.get(normalize(status), ("not_started", None))
        completed = None
        if state == "done" and due is not None:
            if late:
                completed = min(due + timedelta(days=rng.randint(7, 42)), as_of - timedelta(days=1))
            else:
                completed = max(start, min(due, as_of) - timedelta(days=rng.randint(0, 21)))
        lines.append(TaskLine(str(number), title, lead, coordinating, product, deadline, status, completed))
    return lines


def generate_tasks_samples(out_dir: Path, rng: random.Random) -> list[Path]:
    """The 2022 reform plan (45 tasks, 24 done) and the June 2023 meeting conclusion, reproducibly."""
    out_dir.mkdir(parents=True, exist_ok=True)
    plan = out_dir / "nhiem_vu_cchc_2022.xlsx"
    write_tasks(
        plan,
        title_lines=[
            "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2022 THỊ XÃ ĐỨC PHỔ",
            "(Ban hành kèm theo Quyết định số 14215/QĐ-UBND ngày 31/12/2021 của Chủ tịch UBND thị xã Đức Phổ)",
            "(Tình hình thực hiện, cập nhật ngày 15/6/2022)",
        ],
        lines=sample_lines(PLAN_2022, rng, start=date(2022, 1, 1), as_of=date(2022, 6, 15)),
        created=datetime(2022, 6, 16, 8),
    )
    conclusion = out_dir / "nhiem_vu_ket_luan_2023_06.xlsx"
    write_tasks(
        conclusion,
        title_lines=[
            "THÔNG BÁO KẾT LUẬN của Chủ tịch UBND thị xã tại phiên họp thường kỳ ngày 12/6/2023",
            "(Tình hình thực hiện các nhiệm vụ được giao, cập nhật ngày 10/7/2023)",
        ],
        lines=sample_lines(CONCLUSION_2023, rng, start=date(2023, 6, 12), as_of=date(2023, 7, 10)),
        created=datetime(2023, 7, 10, 8),
    )
    return [plan, conclusion]


# --- the samples: seed 003's 2022 plan (45 tasks, 24 done by mid-June, seed 000) and seed 001's conclusions --------

SampleRow = (
    tuple[str] | tuple[str, str, str, str, str, str]
)  # a heading, or (task, lead, with, product, deadline, status)
TCNV, TP, VP, TCKH, VHTT = (
    "Cơ quan Tổ chức - Nội vụ",
    "Phòng Tư pháp",
    "Văn phòng HĐND và UBND thị xã",
    "Phòng Tài chính – Kế hoạch",
    "Phòng Văn hóa và Thông tin",
)
OFFICES, ALL_UNITS = "Các phòng, ban chuyên môn thuộc UBND thị xã", "Các cơ quan, đơn vị; UBND các xã, phường"
COMMUNES, RELATED = "UBND các xã, phường", "Các cơ quan, đơn vị có liên quan"
Q1, Q2, Q3, Q4, YEAR = (
    "Quý I năm 2022",
    "Quý II năm 2022",
    "Quý III năm 2022",
    "Quý IV năm 2022",
    "Thường xuyên trong năm",
)
WHEN_ASKED = "Khi có đề nghị của cơ quan soạn thảo văn bản QPPL"
# fmt: off
PLAN_2022: tuple[SampleRow, ...] = (
    ("CẢI CÁCH THỂ CHẾ",),
    ("Tham mưu ban hành kế hoạch kiểm tra, rà soát văn bản QPPL năm 2022", TP, OFFICES, "Kế hoạch kiểm tra, rà soát văn bản QPPL năm 2022", Q1, "Đã hoàn thành"),
    ("Rà soát, tham mưu công bố danh mục văn bản QPPL hết hiệu lực năm 2021", TP, OFFICES, "Quyết định công bố danh mục văn bản QPPL hết hiệu lực", Q1, "Hoàn thành (trễ hạn)"),
    ("Tự kiểm tra, rà soát văn bản QPPL của HĐND, UBND thị xã và xử lý sau rà soát", OFFICES, TP, "Báo cáo kết quả tự kiểm tra, rà soát", "Thường xuyên", "Đang thực hiện"),
    ("Kiểm tra văn bản tại HĐND, UBND 03 xã, phường", TP, "HĐND, UBND các xã, phường được kiểm tra", "Thông báo kết luận kiểm tra", "Quý II, III năm 2022", "Đang triển khai"),
    ("Thẩm định dự thảo văn bản QPPL", TP, "Các phòng, ban thuộc UBND thị xã", "Báo cáo thẩm định", WHEN_ASKED, "Hoàn thành"),
    ("Góp ý dự thảo văn bản QPPL", OFFICES, "Ủy ban MTTQ Việt Nam thị xã; UBND các xã, phường", "Công văn góp ý", WHEN_ASKED, "Xong"),
    ("Xây dựng kế hoạch theo dõi tình hình thi hành pháp luật năm 2022", TP, RELATED, "Kế hoạch của UBND thị xã", "Sau khi có kế hoạch của UBND tỉnh", "Đang thực hiện"),
    ("Kiểm tra công tác theo dõi tình hình thi hành pháp luật", TP, COMMUNES, "Thông báo kết luận kiểm tra", "Quý II, III năm 2022", "Chưa thực hiện"),
    ("Khảo sát tình hình thi hành pháp luật trên địa bàn thị xã", "Sở Tư pháp", "Phòng Tư pháp; UBND các xã, phường", "Phiếu khảo sát", "Theo kế hoạch của Sở Tư pháp và các sở, ngành của tỉnh", "Đang thực hiện"),
    ("Thu thập, xử lý kết quả theo dõi tình hình thi hành pháp luật", TP, COMMUNES, "Báo cáo và kiến nghị xử lý", "Theo kế hoạch hoặc yêu cầu của UBND tỉnh", ""),
    ("CẢI CÁCH THỦ TỤC HÀNH CHÍNH",),
    ("Ban hành Kế hoạch kiểm soát TTHC; Kế hoạch rà soát, đánh giá TTHC năm 2022", VP, ALL_UNITS, "Các Kế hoạch của Chủ tịch UBND thị xã", "Quý I/2022", "Đã hoàn thành"),
    ("Rà soát, đơn giản hóa TTHC nội bộ giữa các cơ quan hành chính nhà nước", f"{VP}; {COMMUNES}", RELATED, "Báo cáo kết quả thực hiện", YEAR, "Đang thực hiện"),
    ("Rà soát, kiến nghị phân cấp trong giải quyết TTHC", VP, RELATED, "Văn bản kiến nghị", YEAR, "Hoàn thành"),
    ("Niêm yết, đăng tải công khai TTHC trên Trang thông tin điện tử thị xã và các xã, phường", ALL_UNITS, f"{VP}, {VHTT}", "TTHC được đăng tải đầy đủ, kịp thời", YEAR, "Đã hoàn thành"),
    ("Niêm yết thông báo hướng dẫn tiếp nhận phản ánh, kiến nghị về quy định hành chính", ALL_UNITS, VP, "Thông báo được niêm yết, đăng tải", "trước ngày 31/3/2022", "Đã hoàn thành"),
    ("Vận hành, khai thác Cơ sở dữ liệu TTHC trên Cổng Dịch vụ công quốc gia", f"{VP}; {COMMUNES}", RELATED, "Hồ sơ điện tử trên hệ thống", YEAR, "Đang thực hiện"),
    ("Triển khai Đề án đổi mới cơ chế một cửa, một cửa liên thông (Quyết định số 468/QĐ-TTg)", VP, RELATED, "Kết quả theo Kế hoạch số 140/KH-UBND của UBND tỉnh", "Theo Kế hoạch số 140/KH-UBND ngày 14/10/2021 của UBND tỉnh", "Đang triển khai"),
    ("Nâng cao hiệu quả hoạt động của Bộ phận tiếp nhận và trả kết quả phường", "UBND phường Nguyễn Nghiêm", VP, "Báo cáo kết quả thực hiện", Q2, "Hoàn thành"),
    ("Đánh giá việc giải quyết TTHC theo cơ chế một cửa, một cửa liên thông tại xã", "UBND xã Phổ An", VP, "Báo cáo đánh giá", "trước ngày 30/6/2022", "Chưa triển khai"),
    ("Tiếp nhận, xử lý phản ánh, kiến nghị của người dân, doanh nghiệp về TTHC", ALL_UNITS, RELATED, "Văn bản trả lời kết quả xử lý", YEAR, "Xong"),
    ("Kiểm tra, giám sát việc thực hiện cải cách TTHC tại các cơ quan, đơn vị", VP, COMMUNES, "Kế hoạch; báo cáo kết quả kiểm tra", "Quý I năm 2022 ban hành kế hoạch", "Đang thực hiện"),
    ("CẢI CÁCH TỔ CHỨC BỘ MÁY",),
    ("Sắp xếp, kiện toàn các cơ quan chuyên môn theo Nghị định số 108/2020/NĐ-CP", TCNV, RELATED, "Nghị quyết của HĐND thị xã", YEAR, "Hoàn thành"),
    ("Sắp xếp các đơn vị sự nghiệp công lập theo Nghị định số 120/2020/NĐ-CP", TCNV, RELATED, "Quyết định sắp xếp tổ chức", Q2, "Đã hoàn thành"),
    ("Sửa đổi quy định chức năng, nhiệm vụ, cơ cấu tổ chức của các cơ quan chuyên môn", "Các cơ quan chuyên môn thuộc UBND thị xã", f"{TCNV}, {TP}", "Quyết định của UBND thị xã", Q3, "Đang thực hiện"),
    ("Xây dựng lại đề án vị trí việc làm của các cơ quan, đơn vị", TCNV, RELATED, "Đề án vị trí việc làm", "Theo hướng dẫn của cấp có thẩm quyền", "Chưa thực hiện"),
    ("Trình bổ sung đối tượng tinh giản biên chế năm 2022", TCNV, COMMUNES, "Văn bản đề nghị", "Trong tháng 3 năm 2022", "Hoàn thành chậm"),
    ("CẢI CÁCH CHẾ ĐỘ CÔNG VỤ",),
    ("Bố trí công chức, viên chức theo Đề án vị trí việc làm được phê duyệt", TCNV, RELATED, "Báo cáo kết quả thực hiện", YEAR, "Đã hoàn thành"),
    ("Ban hành kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm 2022", TCNV, COMMUNES, "Kế hoạch của UBND thị xã", Q1, "Đã hoàn thành"),
    ("Ban hành kế hoạch chuyển đổi vị trí công tác (Nghị định số 59/2019/NĐ-CP)", TCNV, COMMUNES, "Kế hoạch của UBND thị xã", Q1, "Chưa thực hiện"),
    ("Đánh giá, xếp loại cán bộ, công chức, viên chức", TCNV, ALL_UNITS, "Thông báo kết quả đánh giá", YEAR, "Đang thực hiện"),
    ("Kiểm tra kỷ luật, kỷ cương hành chính trong cán bộ, công chức, viên chức", TCNV, RELATED, "Kế hoạch kiểm tra; báo cáo kết quả", Q2, "Hoàn thành"),
    ("CẢI CÁCH TÀI CHÍNH CÔNG",),
    ("Triển khai cơ chế tự chủ của đơn vị sự nghiệp công lập (Nghị định số 60/2021/NĐ-CP)", TCKH, "Các đơn vị sự nghiệp thuộc UBND thị xã", "Quyết định giao quyền tự chủ", "Thường xuyên trong năm 2022", "Đang thực hiện"),
    ("Phân bổ, điều hành ngân sách thời kỳ ổn định 2022 – 2025", TCKH, "Chi cục Thuế khu vực Đức Phổ - Ba Tơ, Kho bạc Nhà nước thị xã", "Quyết định giao dự toán", Q1, "Đã hoàn thành"),
    ("XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ",),
    ("Tập huấn kỹ năng ứng dụng CNTT, chuyển đổi số cho cán bộ, công chức", VHTT, COMMUNES, "Lớp tập huấn", Q1, "Hoàn thành (trễ hạn)"),
    ("Bồi dưỡng kỹ năng an toàn thông tin trên môi trường số", VHTT, COMMUNES, "Lớp bồi dưỡng", "Quý II năm 2022", "Đang triển khai"),
    ("Ban hành kế hoạch ứng dụng công nghệ thông tin năm 2022", VHTT, VP, "Kế hoạch của UBND thị xã", Q1, "Đã hoàn thành"),
    ("Cung cấp dịch vụ công trực tuyến mức độ 3, 4", VP, COMMUNES, "Hồ sơ trực tuyến được tiếp nhận, giải quyết", YEAR, "Hoàn thành"),
    ("Tiếp nhận hồ sơ, trả kết quả qua dịch vụ bưu chính công ích", f"{VP}; {COMMUNES}", RELATED, "Hồ sơ qua bưu chính công ích", YEAR, "Xong"),
    ("Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN 9001:2015", "Phòng Kinh tế", COMMUNES, "Kết quả đánh giá nội bộ năm 2022", Q4, "Đang thực hiện"),
    ("CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",),
    ("Công khai TTHC, dịch vụ công trực tuyến trên Trang thông tin điện tử thị xã", VHTT, COMMUNES, "TTHC được công khai đầy đủ", YEAR, "Đã hoàn thành"),
    ("Kiểm tra công tác nội vụ năm 2022", TCNV, "Các cơ quan, đơn vị được kiểm tra", "Báo cáo kết quả kiểm tra", Q3, "Chưa thực hiện"),
    ("Công bố Chỉ số cải cách hành chính của UBND các xã, phường năm 2021", TCNV, COMMUNES, "Quyết định công bố Chỉ số", Q1, "Hoàn thành chậm"),
    ("Xây dựng kế hoạch cải cách hành chính thị xã năm 2023", TCNV, RELATED, "Quyết định ban hành Kế hoạch", Q4, "Chưa thực hiện"),
    ("Thẩm định, chấm điểm Chỉ số cải cách hành chính năm 2022 của thị xã", "Sở Nội vụ", TCNV, "Kết quả chấm điểm", "Theo kế hoạch của Sở Nội vụ", "Chưa thực hiện"),
    ("Kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị, xã, phường", TCNV, ALL_UNITS, "Kế hoạch kiểm tra", Q1, "Đã hoàn thành"),
)
BAN_QLDA = "Ban Quản lý dự án ĐTXD và Phát triển quỹ đất thị xã"
CONCLUSION_2023: tuple[SampleRow, ...] = (
    ("THU, CHI NGÂN SÁCH",),
    ("Rà soát việc thu các sắc thuế, nhất là 05 sắc thuế chưa đạt kế hoạch; làm rõ nguyên nhân", TCKH, "Chi cục Thuế khu vực Đức Phổ - Ba Tơ", "Báo cáo rà soát", "trước ngày 30/6/2023", "Đã hoàn thành"),
    ("Rà soát kế hoạch thu tiền sử dụng đất, đấu giá quyền sử dụng đất năm 2023", TCKH, BAN_QLDA, "Kế hoạch chi tiết đấu giá", "Quý III năm 2023", "Đang thực hiện"),
    ("Rà soát công tác chi ngân sách, tiết kiệm chi thường xuyên", TCKH, RELATED, "Báo cáo UBND thị xã", "Thường xuyên", "Đang thực hiện"),
    ("Hoàn chỉnh Tờ trình bổ sung kế hoạch vốn dự án Cầu Thanh Đức", TCKH, RELATED, "Tờ trình", "trước ngày 30/6/2023", "Hoàn thành"),
    ("GIẢI NGÂN VỐN ĐẦU TƯ CÔNG",),
    ("Đẩy nhanh tiến độ giải ngân, đạt khoảng 60% kế hoạch vốn giao", BAN_QLDA, "Các chủ đầu tư", "Giải ngân 60% kế hoạch vốn", "đến ngày 30/6/2023", "Đang thực hiện"),
    ("Giải ngân 100% kế hoạch vốn đầu tư công năm 2023", BAN_QLDA, "Các chủ đầu tư", "Giải ngân 100% kế hoạch vốn", "đến ngày 31/12/2023", "Đang thực hiện"),
    ("Giải ngân vốn các Chương trình mục tiêu quốc gia đạt khoảng 40% kế hoạch", "Phòng Kinh tế; Phòng Lao động – Thương binh và Xã hội", COMMUNES, "Giải ngân 40% kế hoạch vốn", "đến ngày 30/6/2023", "Đang triển khai"),
    ("Báo cáo tiến độ từng dự án kèm kết quả lựa chọn nhà thầu, gửi Phòng Tài chính – Kế hoạch", f"{BAN_QLDA}; Phòng Kinh tế; Phòng Lao động – Thương binh và Xã hội; {COMMUNES}", RELATED, "Báo cáo tiến độ dự án", "chậm nhất trong ngày 22/6/2023", "Hoàn thành (trễ hạn)"),
    ("Tổng hợp, tham mưu UBND thị xã báo cáo UBND tỉnh (qua Sở Kế hoạch và Đầu tư) tình hình giải ngân", TCKH, RELATED, "Báo cáo của UBND thị xã", "trước ngày 25/6/2023", "Chưa thực hiện"),
    ("Tổng hợp số liệu giải ngân, tham mưu xử lý trách nhiệm người đứng đầu chậm giải ngân", TCNV, TCKH, "Văn bản tham mưu", "Quý III năm 2023", "Chưa thực hiện"),
    ("CẢI CÁCH HÀNH CHÍNH, CHUYỂN ĐỔI SỐ",),
    ("Bàn giao, vận hành Trung tâm điều hành thông minh (IOC) thị xã", VP, "Trung tâm kinh doanh VNPT Quảng Ngãi", "Biên bản bàn giao", "trước ngày 30/6/2023", "Xong"),
    ("Tập huấn chuyển đổi số cho cán bộ, công chức và tổ công nghệ số cộng đồng", VHTT, COMMUNES, "Kế hoạch tập huấn", "Quý III năm 2023", "Đang thực hiện"),
    ("Đăng ký, kích hoạt tài khoản định danh điện tử mức 2 (Đề án 06)", "Công an thị xã", COMMUNES, "Tài khoản định danh được kích hoạt", "Thường xuyên", "Đang thực hiện"),
)
# fmt: on
