"""The standard rows of the budget forms (town revenue and expenditure, commune revenue) and their instructions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from base.text import normalize


@dataclass(frozen=True)
class Item:
    """A report row: leaves carry amounts (triệu đồng); groups add up their children; breakdowns are 'Trong đó'."""

    stt: str
    label: str
    values: Mapping[str, float | None] = field(default_factory=dict)
    children: tuple[Item, ...] = ()
    breakdown: tuple[Item, ...] = ()


TOWN_REVENUE_ITEMS: tuple[Item, ...] = (
    Item(
        "I",
        "Thu nội địa",
        children=(
            Item("1", "Thu từ khu vực doanh nghiệp nhà nước"),
            Item("2", "Thu từ doanh nghiệp có vốn đầu tư nước ngoài"),
            Item(
                "3",
                "Thu từ khu vực công thương nghiệp, dịch vụ ngoài quốc doanh",
                children=(
                    Item("3.1", "Thuế giá trị gia tăng"),
                    Item("3.2", "Thuế thu nhập doanh nghiệp"),
                    Item("3.3", "Thuế tài nguyên"),
                ),
            ),
            Item("4", "Lệ phí trước bạ"),
            Item(
                "5",
                "Thuế thu nhập cá nhân",
                breakdown=(Item("", "Trong đó: thu từ chuyển nhượng bất động sản"),),
            ),
            Item("6", "Thuế sử dụng đất phi nông nghiệp"),
            Item("7", "Phí và lệ phí"),
            Item("8", "Thu tiền sử dụng đất"),
            Item("9", "Tiền thuê đất"),
            Item("10", "Thu khác ngân sách"),
        ),
    ),
    Item("II", "Thu từ quỹ đất công ích, hoa lợi công sản"),
)

TOWN_EXPENDITURE_ITEMS: tuple[Item, ...] = (
    Item(
        "A",
        "Chi cân đối ngân sách địa phương",
        children=(
            Item(
                "I",
                "Chi đầu tư phát triển",
                breakdown=(Item("", "Trong đó: chi từ nguồn thu tiền sử dụng đất"),),
            ),
            Item(
                "II",
                "Chi thường xuyên",
                children=(
                    Item("1", "Chi sự nghiệp giáo dục - đào tạo và dạy nghề"),
                    Item("2", "Chi sự nghiệp y tế, dân số và gia đình"),
                    Item("3", "Chi sự nghiệp văn hóa thông tin, thể dục thể thao"),
                    Item("4", "Chi sự nghiệp bảo vệ môi trường"),
                    Item("5", "Chi các hoạt động kinh tế"),
                    Item("6", "Chi quản lý hành chính, Đảng, đoàn thể"),
                    Item("7", "Chi đảm bảo xã hội"),
                    Item("8", "Chi quốc phòng, an ninh"),
                    Item("9", "Chi khác ngân sách"),
                ),
            ),
            Item("III", "Dự phòng ngân sách"),
        ),
    ),
    Item("B", "Chi bổ sung cho ngân sách cấp xã"),
)

COMMUNE_REVENUE_ITEMS: tuple[Item, ...] = (
    Item(
        "I",
        "Các khoản thu xã hưởng 100%",
        children=(
            Item("1", "Phí, lệ phí"),
            Item("2", "Thu từ quỹ đất công ích và hoa lợi công sản"),
            Item("3", "Thu khác ngân sách"),
        ),
    ),
    Item(
        "II",
        "Các khoản thu phân chia theo tỷ lệ phần trăm",
        children=(
            Item("1", "Thuế sử dụng đất phi nông nghiệp"),
            Item("2", "Lệ phí trước bạ nhà, đất"),
            Item("3", "Thuế thu nhập cá nhân"),
        ),
    ),
    Item(
        "III",
        "Thu bổ sung từ ngân sách cấp trên",
        children=(Item("1", "Bổ sung cân đối ngân sách"), Item("2", "Bổ sung có mục tiêu")),
    ),
    Item("IV", "Thu chuyển nguồn năm trước chuyển sang"),
)

_COMMON = (
    "PHẦN TIÊU ĐỀ",
    "• Ô đầu tiên (A1): chọn tên đơn vị trong danh sách thả xuống, ví dụ “UBND thị xã Đức Phổ” hoặc "
    "“UBND xã Phổ An”. Báo cáo của thị xã là số thu, chi trên địa bàn toàn thị xã; xã, phường báo cáo số của mình.",
    "• Dòng tên báo cáo ghi rõ tháng và năm, ví dụ “… THÁNG 5 NĂM 2023” hoặc “… 5 THÁNG ĐẦU NĂM 2023”. Báo cáo "
    "được lưu theo tháng: tải lên lại báo cáo cùng đơn vị, cùng tháng sẽ thay thế báo cáo cũ.",
    "• Giữ dòng “ĐVT: triệu đồng”. Nếu ghi số theo tỷ đồng hoặc đồng, sửa dòng này thành “ĐVT: tỷ đồng” hoặc "
    "“ĐVT: đồng”; hệ thống tự quy đổi về triệu đồng. Thiếu dòng ĐVT thì báo cáo bị từ chối.",
    "",
    "CÁC CỘT",
    "• Dự toán năm: “Tỉnh giao” (xã, phường ghi “Thị xã giao”) và “HĐND … giao”. Tỷ lệ so dự toán trên bảng "
    "điều hành tính theo dự toán HĐND giao; nếu chỉ có dự toán cấp trên giao thì dùng dự toán đó.",
    "• Thực hiện tháng: số của riêng tháng báo cáo. Lũy kế từ đầu năm: từ tháng 1 đến hết tháng báo cáo. Có thể "
    "bỏ một trong hai cột; hệ thống tính cột còn lại từ báo cáo tháng trước đã tải lên (nếu có).",
    "• Cùng kỳ năm trước: lũy kế đến cùng tháng của năm trước.",
    "• Các cột so sánh (%): lũy kế ÷ dự toán và lũy kế ÷ cùng kỳ, nhân 100. Hệ thống tự tính lại và cảnh báo nếu "
    "số ghi lệch quá 0,05 điểm.",
    "",
    "CÁC DÒNG",
    "• Dòng tổng và các dòng nhóm (I, II, 1 có 1.1, 1.2…) bằng tổng các dòng con; hệ thống kiểm tra và báo dòng, "
    "cột bị lệch. Số ghi ở dòng tổng, dòng nhóm là số báo cáo: nếu các dòng con chỉ chi tiết một phần, phần còn "
    "lại hiển thị là “chưa phân bổ”.",
    "• Dòng “Trong đó: …”, và các dòng liệt kê ngay dưới dòng “Trong đó:” (hoặc dưới dòng có tên kết thúc bằng "
    "“trong đó”), là một phần của dòng trên nó, không được cộng vào tổng.",
    "• Khoản tiền sử dụng đất được nhận theo tên khoản (“Thu tiền sử dụng đất”); nhóm ghi “không kể tiền sử dụng "
    "đất” không bị tính là tiền sử dụng đất.",
    "• Có thể thêm dòng cho khoản thu, chi khác: ghi số thứ tự tiếp theo và tên khoản. Không để hai dòng cùng "
    "một số thứ tự trong cùng một nhóm.",
    "• Ô chưa có số liệu thì ĐỂ TRỐNG (hoặc ghi “-”). Không ghi số 0 khi chưa biết: 0 nghĩa là “không thu, chi "
    "đồng nào”. Không ghi chữ trong ô số. Dự toán không được âm.",
    "",
    "CÁCH TẢI LÊN",
    "1. Lưu tệp dạng Excel (.xlsx). Nếu có công thức, hãy mở bằng Excel và nhấn Lưu (Ctrl+S) trước khi tải lên.",
    "2. Mở trang “Tải lên báo cáo” của bảng điều hành (cần tài khoản cập nhật số liệu), chọn tệp để tải lên.",
    "3. Hệ thống báo lỗi hoặc cảnh báo kèm vị trí ô (ví dụ “F12”). Sửa đúng ô đó rồi tải lên lại.",
)
REVENUE_GUIDE = ("HƯỚNG DẪN ĐIỀN BÁO CÁO THU NGÂN SÁCH NHÀ NƯỚC", "", *_COMMON)
EXPENDITURE_GUIDE = ("HƯỚNG DẪN ĐIỀN BÁO CÁO CHI NGÂN SÁCH ĐỊA PHƯƠNG", "", *_COMMON)


def group_names() -> frozenset[str]:
    """The matching keys of the forms' group rows ("thu noi dia", "chi thuong xuyen"…): rows that add up others."""

    def walk(items: tuple[Item, ...]) -> list[str]:
        return [n for i in items for n in ([normalize(i.label)] if i.children else []) + walk(i.children)]

    return frozenset(walk(TOWN_REVENUE_ITEMS + TOWN_EXPENDITURE_ITEMS + COMMUNE_REVENUE_ITEMS))
