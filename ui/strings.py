"""The user-visible Vietnamese texts of the pages (pages/*.py) and their widgets (ui/*.py).

Grouped by the module that shows them; a name says the module, what the text is (TITLE, HEADING, CAPTION,
INFO, WARNING, ERROR, BUTTON, LABEL, HELP, …) and its first words. Texts that carry values are functions
taking the values already formatted (keyword-only). Keep the wording here: tests assert it as shown."""

from __future__ import annotations

# Shared: the same text on several pages.
COMMON_ERROR_TAI_KHOAN_CUA_BAN = "Tài khoản của bạn không còn quyền quản trị; chưa thay đổi gì."
COMMON_PLACEHOLDER_CHON_DON_VI = "Chọn đơn vị"
COMMON_LABEL_DON_VI = "Đơn vị"
COMMON_LABEL_NAM = "Năm"
COMMON_BUTTON_TAI_EXCEL = "Tải Excel"
COMMON_HEADING_DANG_NHAP = "Đăng nhập"


# pages/admin.py — Quản trị
ADMIN_TITLE_QUAN_TRI = "Quản trị"
ADMIN_TAB_TAI_KHOAN = "Tài khoản"
ADMIN_TAB_DANH_MUC_DON_VI = "Danh mục đơn vị"
ADMIN_TAB_CHI_TIEU = "Chỉ tiêu"
ADMIN_TAB_LICH_BAO_CAO = "Lịch báo cáo"
ADMIN_TAB_MAN_HINH_IOC = "Màn hình IOC"
ADMIN_TAB_MAU_COT = "Mẫu cột"
ADMIN_TAB_BAO_CAO_DINH_KY = "Báo cáo định kỳ"
ADMIN_CAPTION_MAT_KHAU_CHI_DUOC = (
    "Mật khẩu chỉ được lưu dưới dạng băm argon2id; không ai (kể cả quản trị) xem được mật khẩu. "
    "Không có mật khẩu mặc định: mỗi tài khoản được đặt mật khẩu riêng, ít nhất 10 ký tự."
)
ADMIN_CAPTION_CHI_TIEU_DUOC_NHAP = (
    "Chỉ tiêu được nhập bằng cách tải lên bảng chỉ tiêu (như mọi báo cáo khác), nên mỗi thay đổi đều "
    "có lô, người tải, tệp gốc và có thể hoàn tác."
)
ADMIN_LINK_TAI_LEN_BANG_CHI = "Tải lên bảng chỉ tiêu mới (trang Tải lên báo cáo)"
ADMIN_TEXT_TAO_TAI_KHOAN = "**Tạo tài khoản**"
ADMIN_LABEL_TEN_DANG_NHAP_HOAC = "Tên đăng nhập (hoặc e-mail nếu đăng nhập qua OIDC)"
ADMIN_LABEL_HO_VA_TEN = "Họ và tên"
ADMIN_LABEL_VAI_TRO = "Vai trò"
ADMIN_LABEL_DON_VI_DUOC_CAP = "Đơn vị được cập nhật số liệu (với vai trò cập nhật số liệu)"
ADMIN_LABEL_CHI_DANG_NHAP_QUA = "Chỉ đăng nhập qua nhà cung cấp định danh (OIDC), không dùng mật khẩu"
ADMIN_LABEL_MAT_KHAU_IT_NHAT = "Mật khẩu (ít nhất 10 ký tự)"
ADMIN_LABEL_NHAP_LAI_MAT_KHAU = "Nhập lại mật khẩu"
ADMIN_ERROR_HAI_LAN_NHAP_MAT = "Hai lần nhập mật khẩu không khớp."
ADMIN_TEXT_SUA_VAI_TRO_DON = "**Sửa vai trò, đơn vị, khóa tài khoản**"
ADMIN_TEXT_DAT_LAI_MAT_KHAU = "**Đặt lại mật khẩu**"
ADMIN_LABEL_MAT_KHAU_MOI_IT = "Mật khẩu mới (ít nhất 10 ký tự)"
ADMIN_LABEL_NHAP_LAI_MAT_KHAU_MOI = "Nhập lại mật khẩu mới"
ADMIN_TEXT_THEM_TEN_GOI_KHAC = "**Thêm tên gọi khác (alias)**"
ADMIN_CAPTION_KHI_TEP_GHI_TEN = (
    "Khi tệp ghi tên đơn vị theo cách hệ thống chưa biết, thêm cách viết đó ở đây."
)
ADMIN_LABEL_TEN_GOI_KHAC = "Tên gọi khác"
ADMIN_TEXT_SAP_NHAP_DON_VI = "**Sáp nhập đơn vị**"
ADMIN_CAPTION_CAC_DON_VI_CU = (
    "Các đơn vị cũ hết hiệu lực từ hôm trước ngày sáp nhập; số liệu cũ của chúng được xem dưới đơn vị mới."
)
ADMIN_LABEL_CAC_DON_VI_CU = "Các đơn vị cũ"
ADMIN_LABEL_SAP_NHAP_VAO = "Sáp nhập vào"
ADMIN_LABEL_NGAY_SAP_NHAP_CO = "Ngày sáp nhập có hiệu lực"
ADMIN_ERROR_HAY_CHON_IT_NHAT = "Hãy chọn ít nhất một đơn vị cũ."
ADMIN_TEXT_NAP_DANH_MUC_DON = "**Nạp danh mục đơn vị từ tệp CSV**"
ADMIN_LABEL_TEP_DANH_MUC_CSV = "Tệp danh mục (.csv)"
ADMIN_ERROR_HAY_CHON_TEP_CSV = "Hãy chọn tệp CSV danh mục đơn vị."
ADMIN_INFO_CHUA_CO_CHI_TIEU = "Chưa có chỉ tiêu nào."


def admin_caption_bo_cuc_man_hinh(*, name: object) -> str:
    return (
        f"Bố cục màn hình IOC (ô nào trên tấm màn hình nào) nằm trong tệp {name} trên máy chủ. Để đổi: "
        "sửa tệp đó (quản trị hệ thống), màn hình tự nạp lại ở lần làm mới kế tiếp. Trang này chỉ hiển "
        "thị, không sửa được, để màn hình không bị thay đổi ngoài ý muốn."
    )


ADMIN_INFO_CHUA_CO_TEP_BO = "Chưa có tệp bố cục; màn hình dùng bố cục mặc định."
ADMIN_BUTTON_TAO_TAI_KHOAN = "Tạo tài khoản"
ADMIN_LABEL_DON_VI_DUOC_CAP_NHAT_SO = "Đơn vị được cập nhật số liệu"
ADMIN_LABEL_TRANG_THAI = "Trạng thái"
ADMIN_BUTTON_KIEM_TRA_VA_NAP = "Kiểm tra và nạp"
ADMIN_BUTTON_LUU_THAY_DOI = "Lưu thay đổi"
ADMIN_BUTTON_DAT_LAI_MAT_KHAU = "Đặt lại mật khẩu"
ADMIN_BUTTON_THEM_TEN_GOI = "Thêm tên gọi"
ADMIN_BUTTON_SAP_NHAP = "Sáp nhập"


# pages/data.py — Dữ liệu
DATA_TITLE_DU_LIEU_DA_TAI = "Dữ liệu đã tải lên"
DATA_CAPTION_MOI_LAN_TAI_LEN = (
    "Mỗi lần tải lên là một lô. Lịch sử và nhật ký chỉ để xem: không ai sửa hay xóa được từ giao "
    "diện. Tải lên lại báo cáo cùng đơn vị, cùng kỳ sẽ thay thế lô cũ; hoàn tác một lô thì lô cũ "
    "được dùng lại."
)
DATA_HEADING_LICH_SU_TAI_LEN = "Lịch sử tải lên"
DATA_HEADING_TINH_HINH_GUI_BAO = "Tình hình gửi báo cáo"
DATA_HEADING_NHAT_KY_THAO_TAC = "Nhật ký thao tác"
DATA_TEXT_HOAN_TAC_LO_NAY = "**Hoàn tác lô này**"


def data_label_toi_chac_chan_muon(*, id: object) -> str:
    return f"Tôi chắc chắn muốn hoàn tác lô #{id}"


def data_button_hoan_tac_lo(*, id: object) -> str:
    return f"Hoàn tác lô #{id}"


DATA_LABEL_THANG = "Tháng"
DATA_LINK_TAI_LEN_BAO_CAO = "Tải lên báo cáo mới"
DATA_INFO_CHUA_CO_DU_LIEU = "Chưa có dữ liệu nào được tải lên."
DATA_HEADING_CHI_TIET_MOT_LO = "Chi tiết một lô"
DATA_LABEL_CHON_LO = "Chọn lô"
DATA_CAPTION_DANG_NHAP_DE_XEM = (
    "Đăng nhập để xem nhật ký thao tác (đăng nhập, tải lên, hoàn tác, thay đổi tài khoản)."
)


def data_text_canh_bao_nguoi_tai(*, n_warnings: object) -> str:
    return f"**Cảnh báo người tải lên đã chấp nhận ({n_warnings})**"


DATA_CAPTION_DANG_NHAP_DE_TAI = "Đăng nhập để tải tệp gốc."
DATA_BUTTON_TAI_TEP_GOC = "Tải tệp gốc"


def data_info_thang_khong_co_don(*, month: object, year: object) -> str:
    return f"Tháng {month}/{year} không có đơn vị nào phải báo cáo hoặc đã gửi báo cáo."


DATA_EXPANDER_DANG_NHAP_DE_TAI = "Đăng nhập (để tải tệp gốc, xem nhật ký, hoàn tác)"
DATA_ERROR_TAI_KHOAN_CUA_BAN = "Tài khoản của bạn không còn quyền quản trị; chưa hoàn tác gì."


# pages/dossiers.py — Thủ tục hành chính
DOSSIERS_TITLE_THU_TUC_HANH_CHINH = "Thủ tục hành chính"


def dossiers_caption_ho_so_qua_han(*, unit_label: object, label: object, as_of: object) -> str:
    return f"{unit_label} · {label} · hồ sơ quá hạn tính đến ngày {as_of}"


DOSSIERS_HEADING_DIEN_BIEN_THEO_THANG = "Diễn biến theo tháng"
DOSSIERS_HEADING_HO_SO_DANG_GIAI = "Hồ sơ đang giải quyết quá hạn theo đơn vị"
DOSSIERS_HEADING_HO_SO_TRE_HAN = "Hồ sơ trễ hạn và quá hạn"
DOSSIERS_PLACEHOLDER_TAT_CA = "Tất cả"
DOSSIERS_LABEL_LINH_VUC = "Lĩnh vực"
DOSSIERS_LABEL_TINH_TRANG = "Tình trạng"
DOSSIERS_LABEL_TIM_THEO_MA_HO = "Tìm theo mã hồ sơ hoặc tên thủ tục"


def dossiers_caption_ho_so_qua_han_tinh_den(
    *, n_rows: object, n_late: object, more: object, as_of: object
) -> str:
    return f"{n_rows} / {n_late} hồ sơ{more}; quá hạn tính đến {as_of}"


def dossiers_info_chua_co_du_lieu(*, unit_label: object, label: object) -> str:
    return f"Chưa có dữ liệu thủ tục hành chính của {unit_label} trong kỳ {label}."


DOSSIERS_SUCCESS_KHONG_CO_HO_SO = "Không có hồ sơ đang giải quyết quá hạn ở cuối kỳ đang xem."


def dossiers_info_chua_co_so_lieu(*, title: object) -> str:
    return f"Chưa có số liệu {title} trong kỳ đang xem."


def dossiers_expander_bang_so_lieu(*, title: object) -> str:
    return f"Bảng số liệu {title}"


DOSSIERS_INFO_KHONG_CO_HO_SO = (
    "Không có hồ sơ trễ hạn hoặc quá hạn trong danh sách hồ sơ đã tải lên cho kỳ đang xem."
)


# pages/investment.py — Giải ngân đầu tư công
INVESTMENT_TITLE_GIAI_NGAN_DAU_TU = "Giải ngân đầu tư công"


def investment_caption_moc_tinh_den_ngay(
    *, unit_label: object, label: object, shown: object, as_of: object
) -> str:
    return f"{unit_label} · {label} · {shown} · mốc tính đến ngày {as_of}"


def investment_export_title_giai_ngan_von_dau(*, what: object, unit_label: object) -> str:
    return f"Giải ngân vốn đầu tư công theo {what} — {unit_label}"


INVESTMENT_DEFINITION_MOC_DAU_TIEN_CO = (
    "Mốc đầu tiên có ngày từ ngày xem trở đi, do lãnh đạo giao (tệp chỉ tiêu đã tải lên)"
)
INVESTMENT_HEADING_THEO_NGUON_VON = "Theo nguồn vốn"
INVESTMENT_HEADING_CHU_DAU_TU_CHAM = "Chủ đầu tư chậm nhất so với mốc"
INVESTMENT_HEADING_DU_AN_CHAM_NHAT = "Dự án chậm nhất so với mốc"
INVESTMENT_CAPTION_MOI_DU_AN_SO = "Mỗi dự án so với mốc kế tiếp của nguồn vốn của nó; chậm nhất ở đầu bảng."
INVESTMENT_HEADING_THEO_XA_PHUONG_DIA = "Theo xã, phường (địa điểm dự án)"


def investment_info_chua_co_bao_cao(*, label: object, no_data: object, hint: object) -> str:
    return f"Chưa có báo cáo giải ngân trong kỳ {label}: {no_data}.{hint}"


def investment_caption_chi_tieu_ke_hoach(*, target: object, days: object) -> str:
    return f"Chỉ tiêu {target} kế hoạch vốn · {days}"


def investment_warning_chu_dau_tu_duoi(
    *, n_lagging: object, n_rows: object, reference: object, named: object
) -> str:
    return f"{n_lagging}/{n_rows} chủ đầu tư dưới {reference}. Chậm nhất: {named}."


# pages/overview.py — Tổng quan
OVERVIEW_TITLE_TONG_QUAN = "Tổng quan"
OVERVIEW_BUTTON_BAN_TOM_TAT_DE = "Bản tóm tắt để in (HTML)"
OVERVIEW_HEADING_5_VIEC_CHAM_NHAT = "5 việc chậm nhất"
OVERVIEW_HEADING_TINH_HINH_CAC_DON = "Tình hình các đơn vị theo lĩnh vực"


def overview_caption_so_lieu_tinh_den(*, unit_label: object, period_label: object, as_of: object) -> str:
    return f"{unit_label} · {period_label} · số liệu tính đến ngày {as_of}"


def overview_caption_tong_so_ho_so(*, count_text: object, count_text_2: object) -> str:
    return f"Tổng số hồ sơ nhận giải quyết: {count_text} · đã giải quyết: {count_text_2}"


OVERVIEW_SUCCESS_KHONG_CO_VIEC_NAO = "Không có việc nào chậm so với chỉ tiêu trong kỳ đang xem."
OVERVIEW_INFO_CHUA_CO_DON_VI = "Chưa có đơn vị nào có số liệu hoặc phải báo cáo trong kỳ đang xem."


# pages/service_index.py — Bộ chỉ số 766
SERVICE_INDEX_TITLE_BO_CHI_SO_766 = "Bộ chỉ số 766 — phục vụ người dân, doanh nghiệp"
SERVICE_INDEX_HEADING_BANG_XEP_HANG = "Bảng xếp hạng"
SERVICE_INDEX_LABEL_KY_CHAM_DIEM = "Kỳ chấm điểm"
SERVICE_INDEX_LABEL_CAP = "Cấp"


def service_index_export_title_bang_xep_hang_bo(*, level_labels: object) -> str:
    return f"Bảng xếp hạng Bộ chỉ số 766 — {level_labels}"


SERVICE_INDEX_HEADING_DON_VI_CUA_TA = "Đơn vị của ta"


def service_index_caption_don_vi_trong_ky(*, n_units: object, coded: object) -> str:
    return (
        f"{n_units} đơn vị trong kỳ; {coded} có mã trên Cổng Dịch vụ công (danh mục đơn vị, cột "
        "portal_code). Bấm vào một đơn vị để xem điểm của đơn vị đó."
    )


SERVICE_INDEX_WARNING_CHUA_CO_DU_LIEU = (
    "Chưa có dữ liệu Bộ chỉ số 766 — tải lên tệp xuất từ Cổng dịch vụ công (bảng điểm xuất từ Cổng "
    "Dịch vụ công quốc gia, ví dụ 766_scores_2025-10_export.xlsx)."
)


def service_index_info_bang_xep_hang_cho(*, no_data: object, period: object) -> str:
    return f"{no_data} bảng xếp hạng cho {period}."


def service_index_kpi_diem(*, period: object, suffix: object) -> str:
    return f"Điểm {period}{suffix}"


def service_index_kpi_xep_hang(*, period: object, suffix: object) -> str:
    return f"Xếp hạng {period}{suffix}"


def service_index_caption_diem(*, score: object, max: object) -> str:
    return f"{score}/{max} điểm"


SERVICE_INDEX_LINK_TAI_LEN_TEP_XUAT = "Tải lên tệp xuất (trang Tải lên báo cáo)"


def service_index_info_cong_dich_vu_cong(*, who: object, why: object) -> str:
    return (
        f"Cổng Dịch vụ công không chấm điểm riêng {who} trong các tệp đã tải lên{why}: chưa có điểm Bộ "
        "chỉ số 766 của đơn vị này. Điểm của tỉnh và các đơn vị khác ở bảng xếp hạng bên dưới."
    )


SERVICE_INDEX_TEXT_DIEM_VA_XEP_HANG = "**Điểm và xếp hạng qua các kỳ**"


def service_index_info_bang_xep_hang_den(*, no_data: object, label: object) -> str:
    return f"{no_data} bảng xếp hạng đến hết kỳ {label}."


def service_index_info_bo_chi_so_766(*, no_data: object, label: object) -> str:
    return f"{no_data} Bộ chỉ số 766 đến hết kỳ {label}."


def service_index_info_ky_chua_co_diem(*, label: object, period: object) -> str:
    return f"Kỳ {label} chưa có điểm; đang hiện kỳ chấm điểm gần nhất trước đó: {period}."


# pages/sign_in.py — Đăng nhập
SIGN_IN_TITLE_TAI_KHOAN_CAN_BO = "Tài khoản cán bộ"
SIGN_IN_CAPTION_CAN_BO_CAP_NHAT = (
    "Cán bộ cập nhật số liệu và quản trị viên đăng nhập để tải lên báo cáo và quản trị hệ thống."
)
SIGN_IN_LINK_VE_TRANG_TONG_QUAN = "Về trang Tổng quan"


def sign_in_success_da_dang_nhap(*, value: object) -> str:
    return f"Đã đăng nhập: {value}."


# pages/tasks.py — Nhiệm vụ
TASKS_TITLE_NHIEM_VU_DUOC_GIAO = "Nhiệm vụ được giao"
TASKS_HEADING_HOAN_THANH_THEO_CO = "Hoàn thành theo cơ quan chủ trì"


def tasks_export_title_ty_le_hoan_thanh(*, unit_label: object) -> str:
    return f"Tỷ lệ hoàn thành nhiệm vụ theo cơ quan chủ trì — {unit_label}"


TASKS_HEADING_NHIEM_VU_QUA_HAN = "Nhiệm vụ quá hạn và sắp đến hạn"
TASKS_LABEL_CO_QUAN_CHU_TRI = "Cơ quan chủ trì"
TASKS_PLACEHOLDER_MOI_CO_QUAN = "Mọi cơ quan"
TASKS_LABEL_TIM_TRONG_NHIEM_VU = "Tìm trong nhiệm vụ, sản phẩm"
TASKS_LABEL_TINH_QUA_HAN_DEN = "Tính quá hạn đến ngày"
TASKS_HELP_NHIEM_VU_CHUA_HOAN = (
    "Nhiệm vụ chưa hoàn thành mà thời hạn đã qua trước ngày này được tính là quá hạn."
)


def tasks_text_nhiem_vu(*, heading: object, n_rows: object) -> str:
    return f"**{heading}: {n_rows} nhiệm vụ**"


def tasks_export_title_nhiem_vu(*, heading: object, unit_label: object) -> str:
    return f"Nhiệm vụ {heading} — {unit_label}"


def tasks_info_nhiem_vu_cho_chua(*, no_data: object, unit_label: object, label: object) -> str:
    return (
        f"{no_data} nhiệm vụ cho {unit_label}, {label}: chưa có danh sách nhiệm vụ (kế hoạch, thông báo "
        "kết luận) nào thuộc kỳ này. Hãy chọn kỳ khác hoặc tải lên danh sách nhiệm vụ."
    )


def tasks_definition_danh_gia(*, formula: object, reason: object) -> str:
    return f"{formula}. Đánh giá: {reason}"


# pages/upload.py — Tải lên báo cáo
UPLOAD_TITLE_TAI_LEN_BAO_CAO = "Tải lên báo cáo"
UPLOAD_TAB_TAI_LEN = "Tải lên"
UPLOAD_TAB_MAU_BAO_CAO_VA = "Mẫu báo cáo và hướng dẫn"
UPLOAD_PROGRESS_DANG_KIEM_TRA_TEP = "Đang kiểm tra tệp…"


def upload_progress_da_kiem_tra_tep(*, n_files: object) -> str:
    return f"Đã kiểm tra {n_files} tệp. Chưa có gì được lưu."


UPLOAD_LABEL_CHON_MOT_HOAC_NHIEU = "Chọn một hoặc nhiều tệp báo cáo Excel (.xlsx, .xls)"


def upload_help_moi_tep_toi_da(*, limit: object) -> str:
    return f"Mỗi tệp tối đa {limit} MB. Tệp có macro (.xlsm, .xlsb) không được nhận."


def upload_heading_tep(*, number: object, name: object) -> str:
    return f"Tệp {number}: {name}"


def upload_text_loi_phai_sua_truoc(*, n_errors: object) -> str:
    return f"**Lỗi — phải sửa trước khi lưu ({n_errors})**"


def upload_text_canh_bao_can_ban(*, n_warnings: object) -> str:
    return f"**Cảnh báo — cần bạn xác nhận ({n_warnings})**"


UPLOAD_LABEL_TOI_DA_DOC_CAC = "Tôi đã đọc các cảnh báo trên và xác nhận số liệu đúng; vẫn lưu tệp này."
UPLOAD_INFO_CHON_TEP_DE_KIEM = "Chọn tệp để kiểm tra. Chưa có gì được lưu cho đến khi bạn bấm “Lưu”."


def upload_caption_tep_chua_the_luu(*, blocked: object) -> str:
    return f"{blocked} tệp chưa thể lưu (có lỗi, hoặc cảnh báo chưa được xác nhận)."


UPLOAD_LINK_XEM_LICH_SU_TAI = "Xem lịch sử tải lên (trang Dữ liệu)"
UPLOAD_LINK_XEM_CHI_SO_TRANG = "Xem chỉ số (trang Tổng quan)"


def upload_error_khong_duoc_luu_tep(*, refused_units: object) -> str:
    return (
        f"Không được lưu: tệp có số liệu của {refused_units}, không thuộc các đơn vị bạn phụ trách (xem "
        "bảng lỗi)."
    )


def upload_error_loi_tep_nay_se(*, n_errors: object, refusal: object) -> str:
    return f"{n_errors} lỗi: tệp này sẽ KHÔNG được lưu. {refusal}"


def upload_expander_ghi_chu_khi_doc(*, n_notes: object) -> str:
    return f"Ghi chú khi đọc tệp ({n_notes})"


def upload_text_thay_the_so_lieu(*, sheet: object, batches: object) -> str:
    return f"Thay thế số liệu đang dùng — trang “{sheet}”: {batches}"


UPLOAD_INFO_SO_LIEU_MOI_GIONG = (
    "Số liệu mới giống hệt số liệu đang dùng: lưu lại không làm thay đổi chỉ số nào."
)
UPLOAD_SPINNER_DANG_LUU_XIN_DUNG = "Đang lưu… Xin đừng đóng trang."
UPLOAD_BUTTON_TAI_MAU_TRONG_XLSX = "Tải mẫu trống (.xlsx)"
UPLOAD_CAPTION_TRANG_HUONG_DAN_TRONG = (
    "Trang “Hướng dẫn” trong tệp mẫu giải thích từng cột; tên đơn vị chọn trong danh sách thả xuống."
)


def upload_text_dang_kiem_tra_tep(*, number: object, n_files: object, name: object) -> str:
    return f"Đang kiểm tra tệp {number}/{n_files}: {name}"


def upload_error_loi_tep_nay_se_khong_duoc(*, n_errors: object) -> str:
    return f"{n_errors} lỗi: tệp này sẽ KHÔNG được lưu. Sửa đúng các ô nêu trong bảng lỗi rồi tải lên lại."


UPLOAD_SUCCESS_TEP_HOP_LE_SAN = "Tệp hợp lệ, sẵn sàng lưu."


def upload_warning_canh_bao_hay_doc(*, n_warnings: object) -> str:
    return f"{n_warnings} cảnh báo: hãy đọc kỹ. Nếu số liệu đúng, đánh dấu ô xác nhận bên dưới rồi bấm Lưu."


def upload_caption_trang(*, sheet: object, message: object) -> str:
    return f"Trang “{sheet}”: {message}"


# pages/wall.py — Màn hình IOC


def wall_error_khong_co_man_hinh(*, raw: object, panel_count: object) -> str:
    return f"Không có màn hình số “{raw}”: dùng /wall?panel=1 … /wall?panel={panel_count}."


# ui/components.py — Page building blocks


# ui/finance.py — The budget pages (Thu ngân sách, Chi ngân sách — one layout, two kinds) and the …
BUDGET_KPI_SO_VOI_TIEN_DO = "So với tiến độ thời gian"


def budget_heading_cac_so_voi_du(*, item: object) -> str:
    return f"Các {item} so với dự toán"


def budget_export_title_theo(*, title: object, item: object, unit_label: object) -> str:
    return f"{title} theo {item} — {unit_label}"


def budget_heading_cac_xa_phuong(*, title: object) -> str:
    return f"{title} các xã, phường"


def budget_export_title_cac_xa_phuong(*, title: object) -> str:
    return f"{title} các xã, phường"


BUDGET_LABEL_LOAI_TRU_TIEN_SU = "Loại trừ tiền sử dụng đất"
BUDGET_HELP_TIEN_SU_DUNG_DAT = "Tiền sử dụng đất lớn và thất thường: xem số thu khi không kể khoản này."
BUDGET_CAPTION_CAC_SO_DUOI_DAY = "Các số dưới đây không kể tiền sử dụng đất (SDĐ)."


def budget_caption_chi_tieu_nam_du(*, value: object) -> str:
    return f"Chỉ tiêu năm: {value} dự toán"


def budget_caption_chua_co_bao_cao(*, year: object, unit_label: object, year_2: object) -> str:
    return f"Chưa có báo cáo từng tháng năm {year} của {unit_label}: chỉ vẽ năm {year_2}."


def budget_info_chua_co_xa_phuong(*, title: object, year: object, no_data: object) -> str:
    return f"Chưa có xã, phường nào gửi báo cáo {title} năm {year}: {no_data}."


def budget_info_chua_co_du_lieu(*, title: object, unit_label: object, label: object) -> str:
    return f"Chưa có dữ liệu {title} của {unit_label} trong kỳ {label}."


# ui/layout_form.py — The upload page's question for a sheet the reader cannot tell
LAYOUT_FORM_LABEL_LOAI_BAO_CAO = "Loại báo cáo"
LAYOUT_FORM_PLACEHOLDER_CHON_LOAI_BAO_CAO = "— chọn loại báo cáo —"
LAYOUT_FORM_LABEL_DON_VI_BAO_CAO = "Đơn vị báo cáo (chỉ khi tệp không ghi; không lưu vào mẫu)"
LAYOUT_FORM_PLACEHOLDER_THEO_TIEU_DE_TRONG = "— theo tiêu đề trong tệp —"
LAYOUT_FORM_LABEL_KY_BAO_CAO_CHI = (
    "Kỳ báo cáo (chỉ khi tệp không ghi, ví dụ “Tháng 3/2026”; không lưu vào mẫu)"
)
LAYOUT_FORM_LABEL_TEN_MAU_COT = "Tên mẫu cột"
LAYOUT_FORM_BUTTON_LUU_MAU_COT_VA = "Lưu mẫu cột và kiểm tra lại"


def layout_form_text_he_thong_chua_nhan(*, sheet: object) -> str:
    return f"Hệ thống chưa nhận ra bảng ở trang “{sheet}”. Hãy cho biết cách đọc một lần:"


def layout_form_text_dong_tieu_de_tim(*, number: object, cells: object) -> str:
    return f"Dòng tiêu đề tìm thấy (dòng {number}): {cells}"


LAYOUT_FORM_PLACEHOLDER_CHON_COT = "— chọn cột —"
LAYOUT_FORM_LABEL_DON_VI_TIEN_KHI = "Đơn vị tiền (khi tệp không có dòng “ĐVT”)"
LAYOUT_FORM_PLACEHOLDER_THEO_DONG_DVT_TRONG = "— theo dòng ĐVT trong tệp —"


def layout_form_success_da_luu_mau_cot(*, name: object) -> str:
    return f"Đã lưu mẫu cột “{name}”: các tệp sau có cùng dòng tiêu đề sẽ được đọc tự động."


def layout_form_label_cot(*, label: object) -> str:
    return f"Cột “{label}”"


def layout_form_info_con_phai_chon_cot(*, missing: object) -> str:
    return f"Còn phải chọn cột: {missing}."


# ui/layouts_admin.py — The admin page's saved column layouts
LAYOUTS_ADMIN_CAPTION_MAU_COT_DO_NGUOI = (
    "Mẫu cột do người tải lên lưu khi hệ thống không tự nhận ra bảng. Mẫu của người tải lên chỉ dùng "
    "cho các đơn vị của người đó; mẫu của quản trị viên dùng cho mọi đơn vị. Xóa một mẫu thì lần tải "
    "lên sau hệ thống sẽ hỏi lại."
)
LAYOUTS_ADMIN_LABEL_CHON_MAU_COT_DE = "Chọn mẫu cột để xóa"
LAYOUTS_ADMIN_PLACEHOLDER_CHON_MAU = "— chọn mẫu —"


def layouts_admin_button_xoa_mau_cot(*, chosen: object) -> str:
    return f"Xóa mẫu cột #{chosen}"


LAYOUTS_ADMIN_INFO_CHUA_CO_MAU_COT = "Chưa có mẫu cột nào được lưu."


def layouts_admin_label_toi_chac_chan_muon(*, chosen: object) -> str:
    return f"Tôi chắc chắn muốn xóa mẫu cột #{chosen}"


# ui/report_admin.py — The admin page's scheduled reports
REPORT_ADMIN_LABEL_CHON_BAO_CAO = "Chọn báo cáo"
REPORT_ADMIN_PLACEHOLDER_CHON_BAO_CAO = "— chọn báo cáo —"
REPORT_ADMIN_BUTTON_GUI_THU = "Gửi thử"
REPORT_ADMIN_BUTTON_XOA = "Xóa"
REPORT_ADMIN_CAPTION_BAO_CAO_TUAN_THANG = (
    "Báo cáo tuần/tháng gửi lãnh đạo (PDF và Excel) qua thư và/hoặc webhook. Việc gửi chạy nền theo "
    "lịch (`python -m dashboard report --send-due` mỗi vài phút), không làm chậm trang; gửi lỗi được "
    "thử lại với thời gian chờ tăng dần. Báo cáo có “Gửi cảnh báo” còn báo ngay khi một chỉ số chính "
    "của toàn địa bàn chuyển sang Chậm hoặc một đơn vị mới vào nhóm 5 việc chậm nhất (kỳ mới nhất có "
    "số liệu; mỗi thay đổi gửi một lần, tính từ lúc bật)."
)
REPORT_ADMIN_HEADING_NHAT_KY_GUI_BAO = "Nhật ký gửi báo cáo"
REPORT_ADMIN_BUTTON_LAM_MOI = "Làm mới"
REPORT_ADMIN_EXPANDER_THEM_BAO_CAO_DINH = "Thêm báo cáo định kỳ"
REPORT_ADMIN_LABEL_TEN_BAO_CAO = "Tên báo cáo"
REPORT_ADMIN_PLACEHOLDER_BAO_CAO_TUAN_GUI = "Báo cáo tuần gửi Chủ tịch UBND"
REPORT_ADMIN_LABEL_TAN_SUAT = "Tần suất"
REPORT_ADMIN_LABEL_GIO_GUI_GIO_VIET = "Giờ gửi (giờ Việt Nam, 0–23)"
REPORT_ADMIN_LABEL_PHAM_VI = "Phạm vi"
REPORT_ADMIN_LABEL_DIA_CHI_THU_NHAN = "Địa chỉ thư nhận (cách nhau bởi dấu phẩy)"
REPORT_ADMIN_LABEL_WEBHOOK_KHONG_BAT_BUOC = "Webhook (không bắt buộc; chỉ máy chủ trong danh sách được phép)"
REPORT_ADMIN_LABEL_GUI_CANH_BAO = "Gửi cảnh báo"
REPORT_ADMIN_HELP_GUI_NGAY_CHO_CUNG = (
    "Gửi ngay cho cùng người nhận khi một chỉ số chính của toàn địa bàn chuyển sang Chậm hoặc một "
    "đơn vị mới vào nhóm 5 việc chậm nhất (mỗi thay đổi gửi một lần)."
)
REPORT_ADMIN_BUTTON_LUU_BAO_CAO_DINH = "Lưu báo cáo định kỳ"


def report_admin_label_chac_chan_xoa(*, chosen: object) -> str:
    return f"Chắc chắn xóa #{chosen}"


REPORT_ADMIN_INFO_CHUA_CO_BAO_CAO = "Chưa có báo cáo định kỳ nào."
REPORT_ADMIN_CAPTION_CHUA_CO_LAN_GUI = "Chưa có lần gửi nào."
REPORT_ADMIN_LABEL_NGAY_TRONG_TUAN = "Ngày trong tuần"
REPORT_ADMIN_LABEL_NGAY_TRONG_THANG_THANG = "Ngày trong tháng (tháng ngắn hơn: ngày cuối tháng)"


def report_admin_warning_bao_cao_gui_loi(*, name: object, last_error: object) -> str:
    return f"Báo cáo “{name}” gửi lỗi: {last_error}"


# ui/report_download.py — The overview's download block


def report_download_text_gui_lanh_dao(*, report_title: object) -> str:
    return f"**{report_title} gửi lãnh đạo**"


REPORT_DOWNLOAD_BUTTON_TAI_BAO_CAO_PDF = "Tải báo cáo (PDF)"
REPORT_DOWNLOAD_BUTTON_TAI_BANG_SO_LIEU = "Tải bảng số liệu (Excel)"


# ui/reporting_calendar_admin.py — The admin page's reporting calendar


def reporting_calendar_admin_caption_lich_bao_cao_cho(*, default_due_day: object) -> str:
    return (
        "Lịch báo cáo cho biết đơn vị nào phải gửi báo cáo hằng tháng của từng loại số liệu và hạn nộp. "
        "Trang Tổng quan, trang Dữ liệu và màn hình IOC dựa vào đây để ghi đúng hạn, nộp muộn hay chưa "
        f"báo cáo. Mặc định: các đơn vị đã gửi báo cáo đó trong 3 tháng trước, hạn ngày {default_due_day} "
        "tháng sau."
    )


REPORTING_CALENDAR_ADMIN_TEXT_SUA_LICH_CUA_MOT = "**Sửa lịch của một loại số liệu**"
REPORTING_CALENDAR_ADMIN_LABEL_LOAI_SO_LIEU = "Loại số liệu"
REPORTING_CALENDAR_ADMIN_LABEL_DON_VI_PHAI_BAO = "Đơn vị phải báo cáo"
REPORTING_CALENDAR_ADMIN_LABEL_CAC_DON_VI_KHI = "Các đơn vị (khi quản trị chọn)"
REPORTING_CALENDAR_ADMIN_LABEL_HAN_NOP_NGAY_CUA = "Hạn nộp: ngày của tháng sau kỳ báo cáo"
REPORTING_CALENDAR_ADMIN_ERROR_HAY_CHON_IT_NHAT = (
    "Hãy chọn ít nhất một đơn vị, hoặc chọn lại danh sách mặc định."
)
REPORTING_CALENDAR_ADMIN_BUTTON_LUU_LICH_BAO_CAO = "Lưu lịch báo cáo"


# ui/scope.py — The period and unit every page shares, kept in the URL …
SCOPE_TEXT_PHAM_VI = "**Phạm vi**"
SCOPE_LABEL_KY = "Kỳ"
SCOPE_HELP_VE_SO_LIEU_TOAN = "Về số liệu toàn địa bàn, cùng kỳ"
SCOPE_LABEL_TU_NGAY_DEN_NGAY = "Từ ngày – đến ngày"
SCOPE_LABEL_QUY = "Quý"


def scope_text_so_lieu_moi_nhat(*, label: object) -> str:
    return f"Số liệu mới nhất: {label}."


# ui/session.py — Who is using the app
SESSION_WARNING_CAN_DANG_NHAP_DE = "Cần đăng nhập để xem bảng điều khiển."
SESSION_INFO_PHIEN_LAM_VIEC_DA = "Phiên làm việc đã hết hạn; hãy đăng nhập lại."
SESSION_INFO_DANG_DANG_XUAT = "Đang đăng xuất…"
SESSION_LABEL_TEN_DANG_NHAP = "Tên đăng nhập"
SESSION_LABEL_MAT_KHAU = "Mật khẩu"
SESSION_WARNING_TRANG_NAY_CAN_DANG = "Trang này cần đăng nhập."
SESSION_ERROR_TAI_KHOAN_CUA_BAN = "Tài khoản của bạn không có quyền dùng trang này."
SESSION_INFO_PHIEN_LAM_VIEC_DA_HET_HAN = "Phiên làm việc đã hết hạn hoặc đã đóng; hãy đăng nhập lại."


# ui/upload.py — Widgets of the staff's pages
UPLOAD_CHECK_BUTTON_DANG_NHAP_BANG_TAI = "Đăng nhập bằng tài khoản của cơ quan (SSO)"
UPLOAD_CHECK_BUTTON_DANG_XUAT = "Đăng xuất"


def upload_check_caption_dang_nhap(*, value: object, roles: object) -> str:
    return f"Đăng nhập: {value} ({roles})"


def upload_check_warning_tai_khoan_to_chuc(*, email: object) -> str:
    return (
        f"Tài khoản tổ chức {email} chưa được cấp quyền trong hệ thống. Hãy nhờ quản trị viên tạo tài "
        "khoản với tên đăng nhập là chính e-mail này."
    )
