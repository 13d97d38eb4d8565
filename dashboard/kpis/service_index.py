"""The national service index (Bộ chỉ số 766): its six component groups, their maximum points, the weakest group.

Maximum points. QĐ 766/QĐ-TTg (23/6/2022) scores out of 100: công khai, minh bạch 18; tiến độ giải quyết 20;
số hóa hồ sơ 22; thanh toán trực tuyến 10; mức độ hài lòng 18; and a sixth group of 12 in the 2022 text (dịch vụ
trực tuyến). The portal's 2025 export calls its sixth group CLGQ (chất lượng giải quyết), and in the October 2025
export no unit of any level scores above 10 in it while a dozen agencies sit at exactly 10.00 — so we take 10 as its
maximum, which makes the components add up to 98, not 100. This is inferred from the data, not from a published
text: if the portal publishes CLGQ's maximum, change it here (only the weakest-group pick depends on it).
"""

from __future__ import annotations

from collections.abc import Mapping

from base.service_index import COMPONENTS, Component
from dashboard.kpis.common import POINTS, Kpi, percent

SERVICE_INDEX_KPIS: dict[str, Kpi] = {
    k.key: k
    for k in (
        Kpi(
            "total",
            "Điểm Bộ chỉ số 766",
            "Tổng điểm sáu nhóm chỉ số do Cổng Dịch vụ công quốc gia chấm (tối đa 100)",
            unit=POINTS,
            decimals=2,
        ),
        Kpi(
            "rank",
            "Xếp hạng",
            "Thứ hạng (ROW_STT) trong bảng điểm cùng cấp, cùng kỳ của Cổng Dịch vụ công quốc gia",
            unit="",
            higher_is_better=False,
            decimals=0,
        ),
        Kpi("share_of_max", "Tỷ lệ đạt của nhóm", "Điểm của nhóm ÷ điểm tối đa của nhóm"),
        Kpi(
            "weakest",
            "Nhóm chỉ số yếu nhất",
            "Nhóm có tỷ lệ điểm ÷ điểm tối đa thấp nhất (Tiến độ 20, Hài lòng 18, Số hóa 22, Thanh toán 10, Chất "
            "lượng 10, Công khai 18)",
            unit="",
        ),
    )
}


def share_of_max(score: float | None, component: Component) -> float | None:
    """The score as a percentage of the group's maximum; None when missing."""
    return percent(score, component.max_points)


def weakest(scores: Mapping[str, float | None]) -> Component | None:
    """The group with the lowest score ÷ maximum among those scored (the first in COMPONENTS on a tie)."""
    scored = [(share, c) for c in COMPONENTS if (share := share_of_max(scores.get(c.key), c)) is not None]
    return min(scored, key=lambda pair: pair[0])[1] if scored else None
