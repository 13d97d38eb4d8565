"""The national service index (Bộ chỉ số 766): its six component groups and their maximum points, and the
province whose scores stand for ours. Why these maxima: see dashboard/kpis/service_index.py."""

from __future__ import annotations

from dataclasses import dataclass

HOME_PROVINCE = "Quảng Ngãi"


@dataclass(frozen=True)
class Component:
    """A score group: the model field, the export's column, its Vietnamese label and maximum points."""

    key: str
    column: str
    label: str
    max_points: float


COMPONENTS: tuple[Component, ...] = (
    Component("tdgq", "TDGQ", "Tiến độ giải quyết", 20.0),
    Component("mdhl", "MDHL", "Mức độ hài lòng", 18.0),
    Component("mdsh", "MDSH", "Mức độ số hóa", 22.0),
    Component("tttt", "TTTT", "Thanh toán trực tuyến", 10.0),
    Component("clgq", "CLGQ", "Chất lượng giải quyết", 10.0),
    Component("ckmb", "CKMB", "Công khai, minh bạch", 18.0),
)
TOTAL = Component("total", "TONG_SCORE", "Tổng điểm", 100.0)
COMPONENT_BY_KEY: dict[str, Component] = {c.key: c for c in (*COMPONENTS, TOTAL)}
