"""The kinds of report the app reads: each kind's key as stored with its batches, and its Vietnamese title."""

SERVICE_INDEX = "service_index"
DOSSIER_LIST = "dossier_list"
DOSSIER_REPORT = "dossier_report"
TASKS = "tasks"
TARGETS = "targets"
DISBURSEMENT = "disbursement"
BUDGET_REVENUE = "budget_revenue"
BUDGET_EXPENDITURE = "budget_expenditure"

# In the order a reader tries them (and the upload page lists them).
KIND_TITLES: dict[str, str] = {
    SERVICE_INDEX: "Bộ chỉ số 766 – điểm phục vụ người dân, doanh nghiệp (xuất từ Cổng Dịch vụ công quốc gia)",
    DOSSIER_LIST: "Danh sách hồ sơ TTHC (xuất từ hệ thống một cửa)",
    DOSSIER_REPORT: "Báo cáo tình hình, kết quả giải quyết TTHC (Biểu II.06a)",
    TASKS: "Danh sách nhiệm vụ được giao (kế hoạch, thông báo kết luận)",
    TARGETS: "Bảng chỉ tiêu (theo chỉ số, năm, đơn vị, mốc thời gian)",
    DISBURSEMENT: "Báo cáo tình hình giải ngân vốn đầu tư công (theo dự án, tại một ngày)",
    BUDGET_REVENUE: "Báo cáo thu ngân sách nhà nước (tháng, lũy kế, so dự toán, so cùng kỳ)",
    BUDGET_EXPENDITURE: "Báo cáo chi ngân sách địa phương (tháng, lũy kế, so dự toán, so cùng kỳ)",
}
