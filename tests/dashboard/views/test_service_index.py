"""The 766 page's data: whose scores (a scored unit, else the home province), which period, our rows marked."""

from datetime import date

import pytest
from sqlmodel import Session

from dashboard.importing.importer import import_file
from dashboard.queries.service_index import ScoreRow
from dashboard.store.units import UnitMatcher
from dashboard.views.service_index import (
    OURS,
    has_scores,
    levels_of,
    overview,
    pick,
    rank_text,
    ranking_rows,
    source,
)
from tests.data_loaders.test_service_index import QUANG_NGAI, export, score_row


def row(kind: str, year: int, number: int) -> ScoreRow:
    return ScoreRow(kind, year, number, "province", "X", "H48", None, {}, 80.0, 1)


@pytest.mark.parametrize(
    ("rank", "of", "text"),
    [(25, 34, "hạng 25/34"), (117, None, "hạng 117"), (None, 34, ""), (1, 1, "hạng 1/1")],
)
def test_rank_text(rank, of, text):
    assert rank_text(rank, of) == text


MONTHS = [row("month", 2025, 8), row("month", 2025, 9), row("month", 2025, 10)]


@pytest.mark.parametrize(
    ("start", "end", "picked", "inside"),
    [
        (date(2025, 9, 1), date(2025, 9, 30), 9, True),
        (date(2025, 1, 1), date(2025, 12, 31), 10, True),  # the latest month of a longer period
        (date(2025, 7, 1), date(2025, 9, 30), 9, True),
        (date(2026, 3, 1), date(2026, 3, 31), 10, False),  # the latest before, flagged
        (date(2024, 1, 1), date(2024, 12, 31), None, False),
    ],
)
def test_pick(start, end, picked, inside):
    found, flag = pick(MONTHS, start, end)
    assert (found.period_no if found else None, flag) == (picked, inside)


def _import(engine, content, name):
    result = import_file(content, name, engine=engine, user="test")
    assert result.stored, [p.message for p in result.problems.items]


def test_a_scored_unit_of_ours_is_its_own_subject_and_marked(seeded):
    pho_an = ["19", "18", "20", "9", "8", "18", "92"]
    book = export(
        {
            "Điểm tháng": [
                score_row("UBND tỉnh Bắc Ninh", "H05", ["19", "18", "19", "9", "8", "18", "91"], 1),
                score_row("UBND tỉnh Quảng Ngãi", "H48", QUANG_NGAI, 2),
            ],
            "Xã Phường": [score_row("UBND xã Phổ An - tỉnh Quảng Ngãi", "H48.1", pho_an, 7, "3")],
        }
    )
    with Session(seeded) as s:
        assert not has_scores(session=s)
    _import(seeded, book, "766_scores_2025-10_export.xlsx")
    with Session(seeded) as s:
        assert has_scores(session=s)
        unit = UnitMatcher.load(session=s).match("Phổ An")
        assert unit is not None
        pho_an_id = unit.id
        own = overview(session=s, unit_id=pho_an_id, start=date(2025, 10, 1), end=date(2025, 10, 31))
        town = overview(session=s, unit_id=None, start=date(2025, 10, 1), end=date(2025, 10, 31))
        provinces = ranking_rows(session=s, period_kind="month", year=2025, period_no=10, level="province")
        communes = ranking_rows(session=s, period_kind="month", year=2025, period_no=10, level="commune")
        levels = levels_of(session=s, period_kind="month", year=2025, period_no=10)
        line = source(session=s, period_kind="month", year=2025, period_no=10, level="commune")
    assert (own["subject"], own["month"]["total"], own["month"]["rank_text"]) == (
        "UBND xã Phổ An - tỉnh Quảng Ngãi",
        92.0,
        "hạng 7",  # the export lists only part of the communes' ranking
    )
    # The town is not the province: its own score is missing, never the province's in its place.
    assert (town["subject"], town["who"], town["coded"]) == (None, "thị xã Đức Phổ", False)
    assert [s["period"] for s in town["snapshots"]] == ["Tháng 10/2025"]  # the ranking still has its month
    assert [r["ours"] for r in provinces] == ["", OURS]
    assert [r["ours"] for r in communes] == [OURS]
    assert levels == ["province", "commune"]
    assert line.startswith("Nguồn: 766_scores_2025-10_export.xlsx (lô #") and "và" not in line


def test_without_the_province_or_the_unit_there_is_no_subject(seeded):
    _import(
        seeded,
        export({"Điểm tháng": [score_row("UBND tỉnh Bắc Ninh", "H05", QUANG_NGAI, 1)]}),
        "766_scores_2025-10_export.xlsx",
    )
    with Session(seeded) as s:
        found = overview(session=s, unit_id=None, start=date(2025, 10, 1), end=date(2025, 10, 31))
    assert (found["subject"], [s["period"] for s in found["snapshots"]]) == (None, ["Tháng 10/2025"])
