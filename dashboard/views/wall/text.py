"""The wall's Vietnamese words in one place: status icons and words, dataset states, weekdays."""

from __future__ import annotations

from datetime import date

from base import formatting
from base.formatting import vn_number
from dashboard.kpis import STATUS_LABELS

# Plain glyphs that every sans-serif font with Vietnamese has (the wall PC may have no emoji font);
# the words are the KPI module's own (STATUS_LABELS).
STATUS_ICONS: dict[str, str] = {"met": "✔", "close": "▲", "behind": "✖"}
NO_STATUS_ICON = "–"
FRESHNESS_WORDS: dict[str, str] = {"met": "Kịp thời", "close": "Chậm cập nhật", "behind": "Quá hạn cập nhật"}
NO_DATA = formatting.NO_DATA.capitalize()
NO_TARGET = "chưa có chỉ tiêu"
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def status_icon(status: str | None) -> str:
    return STATUS_ICONS.get(status or "", NO_STATUS_ICON)


def status_word(status: str | None) -> str:
    """'Đạt', 'Gần đạt', 'Chậm' (dashboard.kpis.STATUS_LABELS), or '' without a status."""
    return STATUS_LABELS[status][1] if status in STATUS_LABELS else ""


def weekday_date(day: date) -> str:
    """'Thứ Bảy, 22/11/2025'."""
    return f"{WEEKDAYS[day.weekday()]}, {day:%d/%m/%Y}"


def days_text(days: int) -> str:
    return f"{vn_number(days)} ngày"


TITLES: dict[str, str] = {
    "dossier_headline": "HỒ SƠ THỦ TỤC HÀNH CHÍNH",
    "status_board": "TRUNG TÂM ĐIỀU HÀNH THÔNG MINH",
    "online_rate_by_commune": "TỶ LỆ NỘP HỒ SƠ TRỰC TUYẾN",
    "late_by_unit": "HỒ SƠ TRỄ HẠN VÀ QUÁ HẠN",
    "unit_scorecard": "KẾT QUẢ CÁC ĐƠN VỊ",
    "revenue_progress": "THU NGÂN SÁCH NHÀ NƯỚC",
    "revenue_items": "THU NGÂN SÁCH THEO KHOẢN THU",
    "disbursement": "GIẢI NGÂN VỐN ĐẦU TƯ CÔNG",
    "laggards": "CHỦ ĐẦU TƯ VÀ NHIỆM VỤ CHẬM NHẤT",
    "investors": "CHỦ ĐẦU TƯ GIẢI NGÂN CHẬM NHẤT",
    "tasks": "NHIỆM VỤ QUÁ HẠN",
}
NO_DATA_NOTES: dict[str, str] = {
    "dossiers": "Chưa có dữ liệu hồ sơ thủ tục hành chính",
    "revenue": "Chưa có dữ liệu thu ngân sách",
    "disbursement": "Chưa có dữ liệu giải ngân đầu tư công",
    "tasks": "Chưa có dữ liệu nhiệm vụ",
}
TILE_FAILED = "Không tải được số liệu của ô này"
NO_LATE = "Không có hồ sơ trễ hạn hay quá hạn"
WAITING = "Đang chờ kết nối cơ sở dữ liệu"
NO_ALERTS = "Không có cảnh báo"
DATABASE_LOST = "Mất kết nối cơ sở dữ liệu – đang hiển thị số liệu lần cập nhật trước"
SERVER_LOST = "Mất kết nối máy chủ – đang kết nối lại"
