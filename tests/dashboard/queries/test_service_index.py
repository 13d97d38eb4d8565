"""766 scores stored through the importer: rankings, a unit's series, the latest export winning, the report section."""

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, col

from base.service_index import COMPONENTS
from dashboard.importing.importer import import_file
from dashboard.kpis.service_index import share_of_max, weakest
from dashboard.queries.service_index import ranking, scores_for, service_index_section
from dashboard.store.models import Batch, ServiceIndexScore
from dashboard.store.units import UnitMatcher
from data_loaders import registry, service_index
from tests.data_files import REAL_766_EXPORT as REAL_EXPORT
from tests.data_loaders.test_service_index import QUANG_NGAI, export, score_row

AS_OF = date(2025, 11, 15)


@pytest.fixture(autouse=True)
def book_loader(monkeypatch):
    """Wire the 766 reader into the importer the way the registry will."""
    loader = registry.BookLoader(
        service_index.KIND, service_index.TITLE, service_index.looks_like_book, service_index.read_book
    )
    monkeypatch.setattr(registry, "BOOK_LOADERS", (loader,))


def _import(engine, content, name):
    result = import_file(content, name, engine=engine, user="test")
    assert result.stored, [p.line(name) for p in result.problems.items]
    return result


def _section(engine, unit=None):
    with Session(engine) as s:
        ref = UnitMatcher.load(session=s).match(unit) if unit else None
        unit_id = ref.id if ref else None
        return service_index_section(session=s, unit_id=unit_id, start=None, end=None, as_of=AS_OF)


def test_the_real_export_is_queryable_per_level_and_period(seeded):
    result = _import(seeded, REAL_EXPORT.read_bytes(), REAL_EXPORT.name)
    assert result.problems.items == []
    with Session(seeded) as s:
        month = ranking(session=s, period_kind="month", year=2025, period_no=10, level="province")
        year = ranking(session=s, period_kind="year", year=2025, period_no=0, level="province")
        communes = ranking(session=s, period_kind="month", year=2025, period_no=10, level="commune")
        agencies = ranking(session=s, period_kind="month", year=2025, period_no=10, level="agency")
        trend = scores_for(session=s, period_kind="month", level="trend")
        quarters = scores_for(session=s, period_kind="quarter", level="trend")
    assert len(month) == 34
    assert (month[0].portal_name, month[0].total, month[0].rank) == ("UBND tỉnh Bắc Ninh", 91.52, 1)
    assert (month[-1].portal_name, month[-1].total, month[-1].rank) == ("UBND Thành phố Huế", 78.89, 34)
    quang_ngai = next(r for r in month if r.portal_name == "UBND tỉnh Quảng Ngãi")
    assert (quang_ngai.rank, quang_ngai.total, quang_ngai.components["mdsh"]) == (25, 83.46, 15.0)
    assert (year[0].portal_name, year[0].total) == ("UBND tỉnh Bắc Ninh", 91.7)
    assert next(r.rank for r in year if r.portal_code == "H48") == 16
    assert (len(communes), communes[0].rank, communes[0].total) == (102, 2, 93.21)
    assert (len(agencies), agencies[-1].portal_name, agencies[-1].rank) == (
        15,
        "Thanh tra tỉnh An Giang",
        117,
    )
    assert [(r.period_no, r.total) for r in trend] == [(8, 86.2), (9, 80.8), (10, 86.7)]
    assert [r.total for r in quarters] == [37.2, 52.0, 84.2, 86.7]


def test_the_town_is_not_in_the_export_but_its_province_is(seeded):
    _import(seeded, REAL_EXPORT.read_bytes(), REAL_EXPORT.name)
    section = _section(seeded)
    assert (section["period"], section["total"], section["rank"], section["weakest"]) == (
        None,
        None,
        None,
        None,
    )
    assert section["components"] == dict.fromkeys(c.key for c in COMPONENTS)
    province = section["province"]
    assert (province["period"], province["total"], province["rank"], province["of"]) == (
        "Tháng 10/2025",
        83.46,
        25,
        34,
    )
    # Số hóa 15 of 22 (68,18%) is Quảng Ngãi's weakest group in October 2025.
    assert province["weakest"] == {
        "component": "mdsh",
        "label": "Mức độ số hóa",
        "score": 15.0,
        "max": 22.0,
        "share_of_max": 68.18,
    }


def test_importing_the_same_export_again_replaces_it(seeded):
    _import(seeded, REAL_EXPORT.read_bytes(), REAL_EXPORT.name)
    _import(seeded, REAL_EXPORT.read_bytes(), REAL_EXPORT.name)
    with Session(seeded) as s:
        statuses = s.execute(select(col(Batch.status), func.count()).group_by(Batch.status)).all()
        assert dict(statuses) == {"active": 6, "superseded": 6}
        assert len(ranking(session=s, period_kind="month", year=2025, period_no=10, level="province")) == 34


def test_a_later_export_wins_for_the_year_to_date(seeded):
    october = ["19", "17", "15", "7", "8", "17", "83"]
    november = ["19", "17", "16", "8", "8", "17", "85"]
    _import(
        seeded,
        export({"Điểm năm": [score_row("UBND tỉnh Quảng Ngãi", "H48", october, 16)]}, None),
        "766_2025-10.xlsx",
    )
    _import(
        seeded,
        export({"Điểm năm": [score_row("UBND tỉnh Quảng Ngãi", "H48", november, 14)]}, None),
        "766_2025-11.xlsx",
    )
    with Session(seeded) as s:
        year = ranking(session=s, period_kind="year", year=2025, period_no=0, level="province")
        stored = s.execute(select(func.count()).select_from(ServiceIndexScore)).scalar_one()
    assert stored == 2  # both snapshots are kept (their periods differ: up to October, up to November) …
    assert [(r.total, r.rank) for r in year] == [(85.0, 14)]  # … and the later one is the year's score


def test_a_commune_of_ours_gets_its_score_and_rank(seeded):
    rows = [
        score_row(
            "UBND xã Phổ Châu - tỉnh Quảng Ngãi", "H48.20", ["20", "18", "20", "8", "8", "18", "92"], 1, "3"
        ),
        score_row("UBND xã Phổ An - tỉnh Quảng Ngãi", "H48.21", QUANG_NGAI, 2, "3"),
    ]
    _import(seeded, export({"Xã Phường": rows}), "766_scores_2025-10_export.xlsx")
    section = _section(seeded, "Phổ An")
    assert (section["period"], section["total"], section["rank"], section["of"]) == (
        "Tháng 10/2025",
        83.46,
        2,
        2,
    )
    assert section["weakest"]["component"] == "mdsh"
    with Session(seeded) as s:
        pho_an = UnitMatcher.load(session=s).match("Phổ An")
        assert pho_an is not None
        series = scores_for(session=s, unit_id=pho_an.id)
        by_code = scores_for(session=s, portal_code="H48.20")
        scored = (
            s.execute(
                select(col(ServiceIndexScore.unit_id)).where(col(ServiceIndexScore.unit_id).is_not(None))
            )
            .scalars()
            .all()
        )
    assert [(r.period_label, r.total) for r in series] == [("Tháng 10/2025", 83.46)]
    assert [r.portal_name for r in by_code] == ["UBND xã Phổ Châu - tỉnh Quảng Ngãi"]
    assert len(scored) == 2
    assert _section(seeded, "Phổ An")["province"]["total"] is None  # no province sheet in this export


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({"tdgq": 20, "mdhl": 18, "mdsh": 22, "tttt": 5, "clgq": 10, "ckmb": 18}, "tttt"),
        ({"tdgq": 10, "mdhl": 18, "mdsh": 22, "tttt": 10, "clgq": 10, "ckmb": 18}, "tdgq"),
        ({"tdgq": None, "mdhl": 9, "mdsh": None}, "mdhl"),
        ({}, None),
    ],
)
def test_the_weakest_group_is_the_lowest_share_of_its_maximum(scores, expected):
    found = weakest(scores)
    assert (found.key if found else None) == expected


def test_share_of_max_is_missing_without_a_score():
    assert share_of_max(None, COMPONENTS[0]) is None
    assert share_of_max(15.0, COMPONENTS[2]) == pytest.approx(68.1818, abs=1e-4)
