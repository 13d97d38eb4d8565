"""Group rows of a table without STT numbers, told the way a person tells them: by the figures they add up.

A report's group row ("Thu nội địa", a capital source) states the sum of the rows below it, up to the next row
of its own level. Without numbers in an STT column the reader sees that sum: a row whose figures equal those of
the rows (or groups) right below it is their group. Where the figures cannot tell (one row below with the same
figures and a name that is no known group, a known group name its rows do not add up to, a "Trong đó:" list whose
end is unknown) the table is refused rather than guessed: a group stored as an item counts its money twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from base.text import normalize
from data_loaders.problems import Problems, cell_ref
from data_loaders.reasons import ReasonCode
from data_loaders.table import RANK_ROMAN, Row, Table, link_hierarchy

Values = Mapping[str, float | None]
# Ranks given by depth: top-level rows at the Roman-numeral rank, their children one below, down to "1.1.1.1"
# (table.RANK_ARABIC + 3), above the letter and bullet ranks that "Trong đó" lists use.
_DEEPEST = 5
_OPENS_LIST = re.compile(r"\btrong do$")


@dataclass
class Node:
    """A row and the rows it adds up (empty for an item)."""

    row: Row
    values: Values
    children: list[Node] = field(default_factory=list)


@dataclass
class Ambiguity:
    """The row the figures cannot place, and why (Vietnamese, for the error message)."""

    row: Row
    reason: str


def settled(
    problems: Problems, table: Table, ambiguity: Ambiguity | None, *, harm: str, numbering: str
) -> bool:
    """True when every row found its place; else the one error for the row the figures cannot place (`harm` says
    what storing it would do, `numbering` which numbers to write in the STT column for this kind of report)."""
    if ambiguity is None:
        return True
    row = ambiguity.row
    problems.error(
        ReasonCode.UNNUMBERED_GROUPS,
        f"Dòng {row.index + 1} (“{row.label}”) {ambiguity.reason}: bảng không có cột STT. Lưu sai sẽ {harm}. "
        f"Hãy thêm cột STT ({numbering}) rồi tải lên lại.",
        sheet=table.sheet.name,
        cell=cell_ref(row.index, table.label_col or 0),
        value=row.label,
    )
    return False


def is_unnumbered(rows: list[Row]) -> bool:
    """No row carries an STT token: the table's levels are not written down."""
    return bool(rows) and not any(r.stt for r in rows)


def infer_groups(
    rows: list[Row],
    values: Mapping[int, Values],
    *,
    tolerance: Callable[[int], float],
    is_group_name: Callable[[Row], bool],
) -> Ambiguity | None:
    """Give each row of an unnumbered table the rank of its depth and link the rows into groups by it.

    `values` holds each row's amounts (the fields a group adds up, nothing else); `tolerance(n)` is how far the
    sum of n rows may be from a stated group figure (rounding of the written figures). Totals and "Trong đó"
    rows keep their own handling. Returns the first row the figures cannot place: the table is then refused.
    """
    lines = [r for r in rows if not r.is_total and not r.is_breakdown]
    for row in rows:
        if _opens_unended_list(row, values):
            return Ambiguity(
                row,
                "dòng “Trong đó” không có số thứ tự nên không biết danh sách chi tiết của nó kết thúc ở dòng nào",
            )
    nodes: list[Node] = []  # the top-level nodes below the row being read, nearest first
    for row in reversed(lines):
        own = {k: v for k, v in values.get(row.index, {}).items() if v is not None}
        count = _group_size(own, nodes, tolerance) if any(own.values()) else None
        if count == 1 and not is_group_name(row):
            return Ambiguity(
                row,
                f"có cùng số liệu với dòng {nodes[0].row.index + 1} ngay dưới nên không biết đó là dòng nhóm hay "
                "một khoản riêng",
            )
        if count is None and nodes and any(own.values()) and is_group_name(row):
            # A named group ("Thu nội địa") whose rows below detail only part of it: they are its parts or
            # items of their own, and only the STT can say which.
            return Ambiguity(
                row,
                "là tên một dòng nhóm nhưng số liệu không bằng tổng các dòng ngay dưới nó, nên không biết dòng "
                "nào thuộc nhóm",
            )
        if count is None:
            nodes.insert(0, Node(row, own))
        else:
            nodes[:count] = [Node(row, own, nodes[:count])]
    ambiguity = _rank(nodes, RANK_ROMAN)
    if ambiguity is None:
        for row in rows:
            row.parent, row.children = None, []
        link_hierarchy(rows)
    return ambiguity


def _opens_unended_list(row: Row, values: Mapping[int, Values]) -> bool:
    """A bare "Trong đó:" line, or a label ending in "trong đó": its parts are rows of no rank of their own."""
    label = normalize(row.label)
    bare = row.is_breakdown and not any(v is not None for v in values.get(row.index, {}).values())
    return bare or (not row.is_breakdown and bool(_OPENS_LIST.search(label)))


def _group_size(own: dict[str, float], nodes: list[Node], tolerance: Callable[[int], float]) -> int | None:
    """How many nodes right below add up to `own` in every field they state (the fewest that do); None if none."""
    running = dict.fromkeys(own, 0.0)
    known = dict.fromkeys(own, False)
    for count, node in enumerate(nodes, start=1):
        for k in own:
            value = node.values.get(k)
            if value is not None:
                running[k] += value
                known[k] = True
        checked = [k for k in own if known[k]]
        if (
            checked
            and any(own[k] for k in checked)
            and all(abs(running[k] - own[k]) <= tolerance(count) for k in checked)
        ):
            return count
    return None


def _rank(nodes: list[Node], rank: int) -> Ambiguity | None:
    for node in nodes:
        if rank > _DEEPEST:
            return Ambiguity(
                node.row, "nằm quá sâu trong các nhóm (hơn 5 cấp) để xếp đúng nhóm khi không có STT"
            )
        node.row.rank = rank
        found = _rank(node.children, rank + 1)
        if found is not None:
            return found
    return None


__all__ = ["Ambiguity", "infer_groups", "is_unnumbered"]
