"""The one check that a group row (or the total row) states the sum of the rows it stands for."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from data_loaders.problems import Problems, cell_ref
from data_loaders.reasons import ReasonCode
from data_loaders.table import Row, summed_children, top_level

Values = Mapping[str, float | None]


@dataclass(frozen=True)
class Mismatch:
    """A group or total row whose stated figure in one field is not the sum of its rows'."""

    row: Row
    children: list[Row]
    name: str  # the field
    stated: float
    computed: float

    @property
    def what(self) -> str:
        """'Dòng tổng' or 'Dòng nhóm II (Chi thường xuyên)'."""
        return "Dòng tổng" if self.row.is_total else f"Dòng nhóm {self.row.stt} ({self.row.label})"

    @property
    def items(self) -> str:
        """The sheet rows summed: 'dòng 12–18'."""
        return f"dòng {self.children[0].index + 1}–{self.children[-1].index + 1}"


def check_group_sums(
    rows: list[Row],
    values: Mapping[int, Values],
    fields: Mapping[str, int],
    problems: Problems,
    sheet: str,
    *,
    describe: Callable[[Mismatch], tuple[str, str]],
    tolerance: Callable[[int], float] = lambda _count: 0.0,
    every_item: bool = False,
) -> None:
    """Warn ('total_mismatch') where a group row or the total row differs from the sum of its rows.

    `fields` are the summed fields (name -> column), in the order to check; `describe` gives a mismatch's message
    and shown value; `tolerance(n)` how far the sum of n rows may be off. A blank row cell adds nothing, unless
    `every_item`: then any blank makes the check moot. With every cell blank there is nothing to check."""
    for row in rows:
        children = top_level(rows) if row.is_total else summed_children(row)
        if not children:
            continue
        for name, col in fields.items():
            stated = values[row.index].get(name)
            parts = [values.get(c.index, {}).get(name) for c in children]
            known = [p for p in parts if p is not None]
            if stated is None or not known or (every_item and len(known) < len(parts)):
                continue
            computed = sum(known)
            if abs(computed - stated) > tolerance(len(parts)):
                message, shown = describe(Mismatch(row, children, name, stated, computed))
                problems.warning(
                    ReasonCode.TOTAL_MISMATCH,
                    message,
                    sheet=sheet,
                    cell=cell_ref(row.index, col),
                    value=shown,
                )
