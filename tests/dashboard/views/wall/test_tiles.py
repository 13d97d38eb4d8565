"""Tile data: ranking and paging units (pure), and every tile built from stored sample reports (numbers from the KPIs)."""

from dataclasses import replace
from datetime import date

import pytest
from sqlmodel import Session

from dashboard.importing.importer import import_file
from dashboard.queries.kpi_report import kpi_report
from dashboard.settings import PROJECT_ROOT
from dashboard.views.wall import tiles
from dashboard.views.wall.config import PanelConfig, parse_wall_config
from dashboard.views.wall.dossier_tiles import (
    HeadlineData,
    UnitRow,
    headline_alerts,
    known_target,
    late_ranking,
    online_ranking,
    scorecard_pages,
)
from dashboard.views.wall.finance_tiles import RevenueItem, largest_items
from dashboard.views.wall.model import Alert, Rated, top_alerts
from dashboard.views.wall.tiles import build_wall

SAMPLES = PROJECT_ROOT / "sample_data"
TODAY = date(2023, 6, 10)


def label(tile):
    assert tile.window is not None
    return tile.window.label


def row(name, kind="commune", online=None, target=None, status=None, late=None, overdue=None, unit_id=1):
    return UnitRow(unit_id, name, kind, Rated(online, target, status), Rated(None), late, overdue)


# --- pure shaping ----------------------------------------------------------------------------------------------


def test_online_ranking_furthest_behind_first_and_only_known_rates():
    rows = [
        row("Phổ An", online=44.2),
        row("Phổ Châu", online=None),
        row("Phổ Khánh", online=20.5),
        row("Phổ Hòa", "ward", 90.0),
    ]
    assert [r.name for r in online_ranking(rows, "commune")] == ["Phổ Khánh", "Phổ An"]
    assert [r.name for r in online_ranking(rows, "ward")] == ["Phổ Hòa"]


def test_late_ranking_most_first_without_zeros_and_at_most_a_dozen():
    rows = [row(f"Đơn vị {i:02d}", late=i, overdue=1 if i % 2 else None) for i in range(20)]
    rows.append(row("Không trễ", late=0, overdue=0))
    ranked = late_ranking(rows, limit=15)
    assert len(ranked) == 12
    assert ranked[0].name == "Đơn vị 19" and ranked[0].late_and_overdue == 20
    assert all(r.late_and_overdue > 0 for r in ranked)


@pytest.mark.parametrize(("units", "sizes"), [(0, []), (7, [7]), (12, [12]), (13, [7, 6]), (25, [9, 9, 7])])
def test_scorecard_pages_split_evenly_in_registry_order(units, sizes):
    rows = [row(f"Phòng {i}", "office") for i in range(units)] + [row("Phổ An")]
    pages = scorecard_pages(rows, "office")
    assert [len(p) for p in pages] == sizes
    assert [r.name for p in pages for r in p] == [f"Phòng {i}" for i in range(units)]


def test_known_target_only_when_every_unit_shares_it():
    assert known_target([row("a", target=100.0), row("b", target=100.0)]) == 100.0
    assert known_target([row("a", target=100.0), row("b", target=80.0)]) is None


def test_largest_items_keep_the_biggest_estimates_then_sort_by_rate():
    items = [RevenueItem(f"Khoản {i}", float(i), 1.0, float(100 - i), None) for i in range(1, 16)]
    items.append(RevenueItem("Không có dự toán", None, 5.0, None, None))
    shown = largest_items(items)
    assert len(shown) == 12
    assert {i.name for i in shown} == {f"Khoản {i}" for i in range(4, 16)}
    assert [i.pct for i in shown] == sorted(i.pct or 0.0 for i in shown)


def test_headline_alerts_name_rates_behind_and_the_overdue_backlog():
    data = HeadlineData(100, 40, 90, 10, 3, Rated(40.0, 100.0, "behind"), Rated(96.0, 95.0, "met"))
    assert headline_alerts(data) == [
        Alert("behind", "Tỷ lệ nộp trực tuyến 40,00%, chỉ tiêu 100%"),
        Alert("behind", "3 hồ sơ đang giải quyết quá hạn"),
    ]
    assert headline_alerts(replace(data, overdue=0, online=Rated(40.0))) == []


def test_top_alerts_red_first_unique_and_capped():
    alerts = [Alert("close", "a"), Alert("behind", "b"), Alert("close", "a"), Alert("met", "c")]
    alerts += [Alert("behind", f"x{i}") for i in range(6)]
    top = top_alerts(alerts, limit=5)
    assert [a.severity for a in top] == ["behind"] * 5
    assert top[0].text == "b"
    assert top_alerts([Alert("close", "a"), Alert("close", "a")]) == [Alert("close", "a")]


# --- built from stored reports -----------------------------------------------------------------------------------


def _import(engine, *names):
    for name in names:
        result = import_file(
            (SAMPLES / name).read_bytes(), name, engine=engine, user="test", accept_warnings=True
        )
        assert result.stored, [p.message for p in result.problems.items]


@pytest.fixture
def stored(seeded):
    """Town reports of April–May 2023 with revenue, disbursement (to 31/5), targets and tasks."""
    _import(
        seeded,
        "tthc_thi_xa_2023_04.xlsx",
        "tthc_thi_xa_2023_05.xlsx",
        "thu_ngan_sach_thi_xa_2023_05.xlsx",
        "giai_ngan_dtc_2023_03_31.xlsx",
        "giai_ngan_dtc_2023_04_30.xlsx",
        "giai_ngan_dtc_2023_05_31.xlsx",
        "chi_tieu_2022_2023.xlsx",
        "nhiem_vu_ket_luan_2023_06.xlsx",
    )
    return seeded


def _config(**wall):
    return parse_wall_config({"wall": wall}, PROJECT_ROOT / "wall.toml", {})


def test_every_tile_of_the_default_wall_from_the_samples(stored):
    with Session(stored) as session:
        wall = build_wall(_config(), TODAY, session=session)
        report = kpi_report(session=session, unit_id=None, start=date(2023, 5, 1), end=date(2023, 5, 31))[
            "dossiers"
        ]
    assert not [t.problem for t in wall.tiles.values() if t.problem]
    headline = wall.tiles[1].payload
    assert label(wall.tiles[1]) == "Tháng 5/2023"  # the latest month with data, not a fixed one
    assert (headline.received, headline.resolved, headline.online.value) == (
        report["received_total"],
        report["resolved_total"],
        report["online_rate"],
    )
    assert headline.online.target == 50.0  # the mid-year milestone of the targets file is the one in force
    assert label(wall.tiles[4]) == "Từ đầu năm đến tháng 5/2023"
    assert {r.kind for r in wall.tiles[5].payload} == {"office", "ward", "commune"}

    revenue = wall.tiles[6].payload  # seed 001: Jan–May 2023 70,264 tỷ = 27,73% of the estimate
    assert (revenue.year, revenue.month, revenue.ytd, revenue.pct_of_estimate) == (2023, 5, 70264.0, 27.73)
    assert (revenue.time_progress, revenue.status) == (41.67, "behind")
    assert len(wall.tiles[7].payload.items) <= 12

    money = wall.tiles[8].payload  # seed 001: 24,7% by 31/5, milestone 60% on 30/6, 30 days left
    assert (money.as_of, money.pct) == (date(2023, 5, 31), 24.7)
    assert (money.next_milestone["target_pct"], money.next_milestone["days_left"]) == (60, 30)
    assert [p[0] for p in money.total.points] == [date(2023, 3, 31), date(2023, 4, 30), date(2023, 5, 31)]
    assert {m.target for m in money.milestones if not m.source_group} == {60, 100}
    assert any(m.source_group and m.target == 40 for m in money.milestones)
    assert len(money.sources) + 1 <= 12

    laggards = wall.tiles[9].payload
    investors = laggards["investors"].investors
    assert [i.pct for i in investors] == sorted(i.pct for i in investors)
    assert laggards["tasks"] is not None
    assert wall.alerts and all(a.severity in ("behind", "close") for a in wall.alerts)


def test_an_empty_database_shows_no_data_on_every_tile(seeded):
    with Session(seeded) as session:
        wall = build_wall(_config(), TODAY, session=session)
    assert all(t.payload is None or t.panel.tile == "laggards" for t in wall.tiles.values())
    assert wall.tiles[9].payload == {"investors": None, "tasks": None}
    assert all(f.status is None for f in wall.freshness)


def test_a_failing_tile_says_so_and_the_others_still_draw(stored, monkeypatch):
    def broken(*_args):
        raise RuntimeError("boom")

    monkeypatch.setitem(tiles._BUILDERS, "revenue_progress", broken)
    with Session(stored) as session:
        wall = build_wall(_config(), TODAY, session=session)
    assert wall.tiles[6].problem == "Không tải được số liệu của ô này"
    assert wall.tiles[1].payload is not None and not wall.tiles[1].problem


def test_an_unknown_unit_code_is_named_on_its_tile(stored):
    config = _config()
    panels = list(config.panels)
    panels[0] = PanelConfig(1, "dossier_headline", unit="xa-khong-co")
    with Session(stored) as session:
        wall = build_wall(replace(config, panels=tuple(panels)), TODAY, session=session)
    assert "xa-khong-co" in wall.tiles[1].problem


def test_a_unit_tile_shows_that_unit(stored):
    config = _config(unit="phuong-nguyen-nghiem", period="m2023-04")
    with Session(stored) as session:
        wall = build_wall(config, TODAY, session=session)
        unit_id = next(r.unit_id for r in wall.tiles[5].payload if r.name == "Nguyễn Nghiêm")
        own = kpi_report(session=session, unit_id=unit_id, start=date(2023, 4, 1), end=date(2023, 4, 30))[
            "dossiers"
        ]
    headline = wall.tiles[1].payload
    assert (wall.tiles[1].unit_label, label(wall.tiles[1])) == ("Nguyễn Nghiêm", "Tháng 4/2023")
    assert (headline.received, headline.online.value) == (own["received_total"], own["online_rate"])
