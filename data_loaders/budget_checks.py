"""Checked, not trusted: a budget report's group and total rows against their items, and its own % columns."""

from __future__ import annotations

from collections.abc import Mapping

from base.formatting import vn_number
from data_loaders.problems import Problems, cell_ref
from data_loaders.table import Row, summed_children, top_level

Values = Mapping[str, float | None]  # field -> triệu đồng (amounts) or the percentage as written (rates)
PERCENT_TOLERANCE = 0.05  # points: a report's rounded percentage may differ from ours by this much

AMOUNT_LABELS: dict[str, str] = {
    "estimate_province": "Dự toán cấp trên giao",
    "estimate_council": "Dự toán HĐND giao",
    "month_amount": "Thực hiện tháng",
    "ytd_amount": "Lũy kế từ đầu năm",
    "same_period_last_year": "Cùng kỳ năm trước",
}
PERCENT_LABELS: dict[str, str] = {
    "pct_estimate_province": "% so dự toán cấp trên giao",
    "pct_estimate_council": "% so dự toán HĐND giao",
    "pct_estimate": "% so dự toán",
    "pct_last_year": "% so cùng kỳ",
}


def _figure(value: float | None) -> str:
    """A figure in Vietnamese format with up to 3 decimals (70.264 / 7.722,4), '—' when missing."""
    return vn_number(value, 3, trim=True)


def check_sums(
    rows: list[Row],
    values: Mapping[int, Values],
    fields: Mapping[str, int],
    problems: Problems,
    sheet: str,
    factor: float,
) -> None:
    """Warn where a group row or the total row differs from the sum of its items (shown in the report's unit).

    The stated figure is kept either way ("Trong đó" rows are never among the items summed)."""
    for row in rows:
        children = top_level(rows) if row.is_total else summed_children(row)
        if not children:
            continue
        for name, col in fields.items():
            if name not in AMOUNT_LABELS:
                continue
            stated = values[row.index].get(name)
            parts = [values.get(c.index, {}).get(name) for c in children]
            known = [p for p in parts if p is not None]
            if stated is None or not known:
                continue  # a blank item cell means nothing collected; all blank means nothing to check
            computed = sum(known)
            # Items written rounded (3 decimals of tỷ đồng) may miss the total by half a unit each.
            tolerance = max(1e-6, 0.0005 * factor * len(parts))
            if abs(computed - stated) > tolerance:
                what = "Dòng tổng" if row.is_total else f"Dòng nhóm {row.stt} ({row.label})"
                shown, total = _figure(stated / factor), _figure(computed / factor)
                problems.warning(
                    "total_mismatch",
                    f"{what} ở dòng {row.index + 1}, cột “{AMOUNT_LABELS[name]}”: báo cáo ghi {shown}, khác tổng "
                    f"các dòng thành phần {total} (dòng {children[0].index + 1}–{children[-1].index + 1}). Số "
                    f"ghi {shown} được giữ; phần chênh lệch hiển thị là “chưa phân bổ”. Nếu số ghi sai, hãy sửa "
                    "số của dòng này hoặc của các dòng thành phần.",
                    sheet=sheet,
                    cell=cell_ref(row.index, col),
                    value=f"{shown} ≠ {total}",
                )


def _base(name: str, values: Values) -> float | None:
    """The denominator a percentage column is measured against."""
    if name == "pct_last_year":
        return values.get("same_period_last_year")
    if name == "pct_estimate_province":
        return values.get("estimate_province")
    council = values.get("estimate_council")
    if name == "pct_estimate_council" or council is not None:
        return council
    return values.get("estimate_province")


def check_percentages(
    row: Row,
    values: Values,
    percents: Values,
    fields: Mapping[str, int],
    problems: Problems,
    sheet: str,
) -> None:
    """Warn where a row's own % column differs from year to date ÷ its base by more than 0.05 points."""
    ytd = values.get("ytd_amount")
    for name, stated in percents.items():
        base = _base(name, values)
        if stated is None or ytd is None or not base:
            continue
        computed = 100.0 * ytd / base
        # Written as 27,73 or kept by Excel as 0.2773; "so cùng kỳ" is sometimes the growth (+18,02).
        candidates = [stated, stated * 100]
        if name == "pct_last_year":
            candidates += [stated + 100, stated * 100 + 100]
        if all(abs(c - computed) > PERCENT_TOLERANCE for c in candidates):
            problems.warning(
                "percent_mismatch",
                f"Dòng {row.index + 1} ({row.label or 'Tổng'}), cột “{PERCENT_LABELS[name]}”: báo cáo ghi "
                f"{_figure(stated)}% nhưng tính lại từ số liệu được {_figure(round(computed, 2))}% (lệch hơn "
                f"{_figure(PERCENT_TOLERANCE)} điểm). Hãy kiểm tra lại công thức hoặc số liệu của dòng này.",
                sheet=sheet,
                cell=cell_ref(row.index, fields[name]),
                value=f"{_figure(stated)} ≠ {_figure(round(computed, 2))}",
            )
