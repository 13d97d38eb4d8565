"""The arithmetic a sound dossier report satisfies: its identities per row, and groups/totals vs their rows."""

from __future__ import annotations

from data_loaders.base import vn_int
from data_loaders.problems import Problems, cell_ref
from data_loaders.reasons import ReasonCode
from data_loaders.sum_checks import Mismatch, check_group_sums
from data_loaders.table import Row

# (whole, parts, plain-language rule) — DOMAIN.md's identities; withdrawn joins the last one where present.
IDENTITIES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "received_total",
        ("received_carried_over", "received_new"),
        "Tổng số nhận = kỳ trước chuyển qua + mới tiếp nhận",
    ),
    (
        "received_new",
        ("received_online", "received_direct_or_postal"),
        "Mới tiếp nhận = trực tuyến + trực tiếp, bưu chính",
    ),
    (
        "resolved_total",
        ("resolved_in_time", "resolved_late"),
        "Đã giải quyết = trước hạn + đúng hạn + quá hạn",
    ),
    (
        "pending_total",
        ("pending_within_deadline", "pending_overdue"),
        "Đang giải quyết = trong hạn + quá hạn",
    ),
    (
        "received_total",
        ("resolved_total", "pending_total", "withdrawn"),
        "Tổng số nhận = đã giải quyết + đang giải quyết + rút/trả lại",
    ),
)
_OPTIONAL_PARTS = frozenset({"withdrawn"})


def check_identities(
    row: Row, values: dict[str, int | None], fields: dict[str, int], problems: Problems, sheet: str
) -> None:
    """Warn, naming the row and the numbers, where a row's own figures do not add up."""
    for whole, parts, rule in IDENTITIES:
        # An optional column the layout lacks drops out; an empty cell in a column it has makes the check moot.
        if any(p in _OPTIONAL_PARTS and values.get(p) is None and p in fields for p in parts):
            continue
        used = [p for p in parts if not (p in _OPTIONAL_PARTS and values.get(p) is None)]
        numbers = [values.get(p) for p in used]
        stated = values.get(whole)
        if stated is None or any(n is None for n in numbers):
            continue
        computed = sum(n for n in numbers if n is not None)
        if computed != stated:
            terms = " + ".join(vn_int(n) for n in numbers)
            problems.warning(
                ReasonCode.IDENTITY_MISMATCH,
                f"Dòng {row.index + 1} ({row.label or 'Tổng cộng'}): {rule} không khớp — {vn_int(stated)} ≠ "
                f"{terms} = {vn_int(computed)} (lệch {vn_int(abs(stated - computed))}). "
                "Hãy kiểm tra lại các ô này trong báo cáo gốc.",
                sheet=sheet,
                cell=", ".join(cell_ref(row.index, fields[f]) for f in (whole, *used) if f in fields),
                value=f"{vn_int(stated)} ≠ {vn_int(computed)}",
            )


def check_sums(
    rows: list[Row],
    values: dict[int, dict[str, int | None]],
    fields: dict[str, int],
    problems: Problems,
    sheet: str,
) -> None:
    """Warn where a group row or the total row differs from the sum of the rows it stands for."""

    def describe(m: Mismatch) -> tuple[str, str]:
        stated, computed = vn_int(int(m.stated)), vn_int(int(m.computed))
        return (
            f"{m.what} ở dòng {m.row.index + 1}: {stated} khác tổng các dòng thành phần {computed} ({m.items}). "
            "Hãy sửa số của dòng tổng hoặc của các dòng thành phần.",
            f"{stated} ≠ {computed}",
        )

    check_group_sums(rows, values, fields, problems, sheet, describe=describe, every_item=True)
