"""The wall's dossier tiles (dashboard.views.wall.dossier_tiles): rankings by online rate and by late dossiers,
scorecards split into even pages, units that sent nothing, and the one shared target line."""

from __future__ import annotations

from dashboard.views.wall.dossier_tiles import (
    MAX_ROWS,
    UnitRow,
    known_target,
    late_ranking,
    not_reported_online,
    online_ranking,
    scorecard_pages,
)
from dashboard.views.wall.model import Rated


def _row(
    name: str,
    online: float | None = None,
    *,
    kind: str = "commune",
    late: int | None = None,
    overdue: int | None = None,
    target: float | None = 50.0,
    not_reported: str = "",
) -> UnitRow:
    return UnitRow(1, name, kind, Rated(online, target), Rated(None), late, overdue, not_reported)


def _names(rows: list[UnitRow]) -> list[str]:
    return [r.name for r in rows]


def test_row_has_figures_and_adds_late_and_overdue():
    assert not _row("A").has_figures
    assert _row("A", late=0).has_figures  # a real 0 is a figure
    assert _row("A", late=3, overdue=None).late_and_overdue == 3
    assert _row("A", late=3, overdue=4).late_and_overdue == 7


def test_online_ranking_furthest_behind_first_of_one_kind_ties_by_name():
    rows = [
        _row("Phổ Châu", 40.0),
        _row("Phổ An", 40.0),
        _row("Phổ Khánh", 10.0),
        _row("Phổ Cường"),
        _row("Phổ Hòa", 5.0, kind="ward"),
    ]
    assert _names(online_ranking(rows, "commune")) == ["Phổ Khánh", "Phổ An", "Phổ Châu"]


def test_online_ranking_is_capped():
    rows = [_row(f"Xã {i:02d}", float(i)) for i in range(20)]
    assert _names(online_ranking(rows, "commune")) == [f"Xã {i:02d}" for i in range(MAX_ROWS)]


def test_late_ranking_most_first_none_with_zero_and_capped():
    rows = [
        _row("A", late=1, overdue=1),
        _row("B", late=5),
        _row("C", late=0, overdue=0),
        _row("D", overdue=2),
        _row("E"),
    ]
    assert _names(late_ranking(rows)) == ["B", "A", "D"]  # A and D tie at 2: by name
    assert _names(late_ranking(rows, limit=1)) == ["B"]


def test_scorecard_pages_are_as_even_as_possible_in_the_order_given():
    rows = [_row(f"X{i}") for i in range(13)] + [_row("P", kind="ward")]
    pages = scorecard_pages(rows, "commune")
    assert [len(p) for p in pages] == [7, 6]  # 13 over two pages, not 12 + 1
    assert _names(pages[0])[:2] == ["X0", "X1"]
    assert [len(p) for p in scorecard_pages(rows, "commune", max_rows=5)] == [5, 5, 3]
    assert scorecard_pages(rows, "office") == []
    assert [len(p) for p in scorecard_pages(rows, "ward")] == [1]


def test_not_reported_online_names_units_without_a_rate_as_room_allows():
    rows = [
        _row("A", not_reported="chưa báo cáo tháng 5/2023"),
        _row("B", 30.0, not_reported="chưa báo cáo tháng 5/2023"),  # has a rate: shown as a bar
        _row("C"),  # nothing owed
        _row("D", not_reported="chưa báo cáo tháng 5/2023"),
        _row("E", kind="ward", not_reported="chưa báo cáo tháng 5/2023"),
    ]
    assert not_reported_online(rows, "commune", room=5) == ["A", "D"]
    assert not_reported_online(rows, "commune", room=1) == ["A"]
    assert not_reported_online(rows, "commune", room=-2) == []


def test_known_target_only_when_every_unit_shares_it():
    assert known_target([_row("A", target=50.0), _row("B", target=50.0)]) == 50.0
    assert known_target([_row("A", target=50.0), _row("B", target=60.0)]) is None
    assert known_target([_row("A", target=None)]) is None
    assert known_target([]) is None
