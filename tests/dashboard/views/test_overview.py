"""The overview model on the sample data: headline KPIs against targets, changes, the five most behind, links."""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from base import periods
from dashboard.importing.importer import import_file
from dashboard.kpis.cards import Card, signed
from dashboard.store.db import make_engine, migrate
from dashboard.store.units import UnitMatcher, seed_units
from dashboard.views.overview import AREA_PAGES, Overview, build_overview, service_index_cards
from dashboard.views.overview_behind import Behind, Link, round_robin
from tests.conftest import POSTGRES_URL, _postgres_engine

ROOT = Path(__file__).resolve().parents[3]
SAMPLE_DIR = ROOT / "sample_data"
TODAY = date(2026, 1, 15)  # long after the sample period: nothing is "still running"


def load_samples(engine: Engine) -> Engine:
    """The unit registry and every committed sample workbook, as `python -m dashboard seed` loads them."""
    with Session(engine) as session:
        seed_units(session=session)
        session.commit()
    for path in sorted(SAMPLE_DIR.glob("*.xlsx")):
        result = import_file(path.read_bytes(), path.name, engine=engine, user="mẫu", accept_warnings=True)
        assert result.stored, [p.message for p in result.problems.items]
    return engine


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def sample_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """The sample data loaded once per module and backend."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('overview') / 'ioc.db'}")
        migrate(engine)
        yield load_samples(engine)
        engine.dispose()
        return
    if not POSTGRES_URL:
        if os.environ.get("IOC_REQUIRE_ALL_TESTS"):
            pytest.fail("IOC_TEST_POSTGRES_URL is not set but CI requires the PostgreSQL tests")
        pytest.skip("IOC_TEST_POSTGRES_URL is not set")
    for engine in _postgres_engine():
        yield load_samples(engine)


def overview(engine: Engine, token: str, unit_code: str | None = None) -> Overview:
    period = periods.from_token(token)
    assert period is not None
    with Session(engine) as session:
        unit = next((u for u in UnitMatcher.load(session=session).all() if u.code == unit_code), None)
        query = {"ky": token, **({"dv": unit_code} if unit_code else {})}
        return build_overview(
            session=session, period=period, unit_id=unit.id if unit else None, query=query, today=TODAY
        )


def cards(model: Overview) -> dict[tuple[str, str], Card]:
    return {(c.area, c.key): c for c in model.cards}


def test_may_2023_matches_the_leaders_meeting(sample_engine):
    """Seed 001: revenue 27,73% of the estimate (90,87% of last year), disbursement 24,7%, −35,3 points, 30 days."""
    model = overview(sample_engine, "m2023-05")
    by_key = cards(model)
    revenue = by_key[("revenue", "pct_of_estimate")]
    assert revenue.value_text == "27,73%"
    assert revenue.status == "behind"
    assert revenue.target_text == "Tiến độ thời gian 41,67%"
    assert "bằng 90,87% cùng kỳ" in revenue.note
    disbursement = by_key[("disbursement", "disbursement_pct")]
    assert disbursement.value_text == "24,70%"
    assert disbursement.target_text == "Mốc 60% ngày 30/06/2023"
    assert "Chênh lệch so với mốc −35,3 điểm, còn 30 ngày" in disbursement.note
    assert disbursement.status == "behind"
    assert model.period_label == "Tháng 5/2023" and model.unit_label == "Toàn thị xã"
    assert model.previous_label == "Tháng 4/2023" and model.last_year_label == "Tháng 5/2022"


def test_rates_change_in_points_against_both_earlier_periods(sample_engine):
    model = overview(sample_engine, "m2023-05")
    online = cards(model)[("dossiers", "online_rate")]
    assert (online.value_text, online.target_text, online.status) == ("38,24%", "Chỉ tiêu 50%", "behind")
    assert online.delta_previous == "+0,9 điểm"
    assert online.delta_last_year == "+17,9 điểm"
    assert online.delta == "+0,9 điểm" and online.delta_color == "normal"
    overdue = cards(model)[("dossiers", "pending_overdue")]
    assert (overdue.value_text, overdue.delta_previous, overdue.delta_color) == ("62", "+19 hồ sơ", "inverse")


def test_pho_an_seven_months(sample_engine):
    """Seed 002: Phổ An 1/1–20/7/2023, online 909 ÷ 2.055 = 44,23%, early + on time 1.739 ÷ 2.049."""
    model = overview(sample_engine, "c2023-01-01_2023-07-20", "xa-pho-an")
    by_key = cards(model)
    assert by_key[("dossiers", "online_rate")].value_text == "44,23%"
    assert by_key[("dossiers", "online_rate")].note == "909 / 2.055 hồ sơ"
    assert by_key[("dossiers", "on_time_rate")].value_text == "84,87%"
    assert model.unit_label == "Phổ An" and model.received_total == 2098
    assert "tthc_pho_an_2023_7thang.xlsx" in model.sources["dossiers"]


def test_first_months_compare_with_last_year_only(sample_engine):
    model = overview(sample_engine, "n2023-6")
    assert model.previous_label is None
    assert all(c.delta_previous is None for c in model.cards)
    online = cards(model)[("dossiers", "online_rate")]
    assert online.delta_last_year is not None and online.delta == online.delta_last_year


def test_running_totals_are_not_compared_across_new_year(sample_engine):
    """January's year-to-date revenue against December's means nothing; a dossier rate still compares."""
    model = overview(sample_engine, "m2023-01")
    assert cards(model)[("revenue", "pct_of_estimate")].delta_previous is None
    assert cards(model)[("revenue", "pct_of_estimate")].delta_last_year is not None
    assert cards(model)[("dossiers", "online_rate")].delta_previous is not None


def test_no_data_is_unknown_not_zero(sample_engine):
    model = overview(sample_engine, "y2019")
    assert {c.value_text for c in model.cards} == {"—"}
    assert all(c.value is None and c.status is None for c in model.cards)
    assert model.behind == []
    assert model.sources["dossiers"] == "Nguồn: chưa có dữ liệu"
    assert model.received_total is None


def test_five_most_behind_take_one_of_each_area_first(sample_engine):
    model = overview(sample_engine, "m2023-05")
    assert [b.category for b in model.behind] == [
        "online",
        "overdue_dossiers",
        "investors",
        "on_time",
        "revenue",
    ]
    online, overdue, investor, _on_time, revenue = model.behind
    assert online.label == "Nộp trực tuyến thấp — xã Phổ Khánh"
    assert online.figure.startswith("15,05%, chỉ tiêu 50% (−")
    assert overdue.label == "Hồ sơ quá hạn — Phòng Tài nguyên và Môi trường"
    assert investor.label == "Giải ngân chậm — UBND xã Phổ Khánh"
    assert "mốc 60% ngày 30/06/2023" in investor.figure
    assert revenue.figure.startswith("27,73% dự toán, tiến độ thời gian 41,67%")
    # Each item opens the unit it names (dv=), the period kept; the revenue item names no unit.
    assert online.link.url == "/thu-tuc-hanh-chinh?ky=m2023-05&dv=xa-pho-khanh"
    assert overdue.link.url == "/thu-tuc-hanh-chinh?ky=m2023-05&dv=phong-tnmt"
    assert (
        investor.link.url == "/giai-ngan?ky=m2023-05&dv=xa-pho-khanh"
        and investor.link.page == "investment.py"
    )
    assert revenue.link.url == "/thu-ngan-sach?ky=m2023-05"


def test_overdue_tasks_are_named_with_their_lead_and_days(sample_engine):
    model = overview(sample_engine, "n2023-7")
    tasks = [b for b in model.behind if b.category == "tasks"]
    assert tasks and tasks[0].label.startswith("Nhiệm vụ quá hạn — ")
    assert "quá hạn" in tasks[0].figure and tasks[0].link.url == "/nhiem-vu?ky=n2023-7"


def test_links_keep_the_unit(sample_engine):
    model = overview(sample_engine, "c2023-01-01_2023-07-20", "xa-pho-an")
    assert model.behind
    assert all(b.link.query == {"ky": "c2023-01-01_2023-07-20", "dv": "xa-pho-an"} for b in model.behind)
    assert model.behind[0].link.url == "/thu-tuc-hanh-chinh?ky=c2023-01-01_2023-07-20&dv=xa-pho-an"


def test_area_pages_are_the_apps_pages():
    """The links are built from AREA_PAGES: they must name app.py's scripts and URL paths."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    pages = next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "PAGES" for t in node.targets)
    )
    app_paths = {script: path for script, _title, path, _icon, _who in pages}
    for script, path, _title in AREA_PAGES.values():
        assert app_paths[script] == path


@pytest.mark.parametrize(
    ("value", "decimals", "unit", "expected"),
    [
        (2.13, 1, "điểm", "+2,1 điểm"),
        (-13.54, 1, "điểm", "−13,5 điểm"),
        (-0.04, 1, "điểm", "0,0 điểm"),
        (1234.0, 0, "hồ sơ", "+1.234 hồ sơ"),
        (-3.0, 0, "hồ sơ", "−3 hồ sơ"),
        (None, 1, "điểm", None),
    ],
)
def test_signed_changes(value, decimals, unit, expected):
    assert signed(value, decimals, unit) == expected


def test_service_index_card_only_with_a_score():
    none = {"total": None}
    assert service_index_cards(none, none, none) == []
    now = {
        "total": 85.5,
        "rank": 3,
        "of": 27,
        "weakest": {"label": "Mức độ số hóa"},
        "period": "Tháng 10/2025",
    }
    (card,) = service_index_cards(now, {"total": 84.25}, {"total": None})
    assert card.value_text == "85,50"
    assert card.delta_previous == "+1,25 điểm" and card.delta_last_year is None
    assert card.note == "Xếp hạng: 3/27; nhóm yếu nhất: Mức độ số hóa; Tháng 10/2025"


def test_round_robin_names_every_area_before_a_second_of_any():
    def items(category: str, n: int) -> list[Behind]:
        return [Behind(category, f"{category}{i}", "", Link("p.py", "p", {})) for i in range(n)]

    picked = round_robin([items("a", 3), [], items("b", 1), items("c", 2)], 5)
    assert [b.label for b in picked] == ["a0", "b0", "c0", "a1", "c1"]
    assert round_robin([items("a", 2)], 5) == items("a", 2)
