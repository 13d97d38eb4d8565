"""The 2025 reorganisation as registry data: who took in whom, names read by date, merged units refused, history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from base.units import UnitRef
from dashboard.importing.importer import import_file
from dashboard.queries.kpi_report import kpi_report
from dashboard.settings import get_settings
from dashboard.store.units import UnitMatcher, area_label
from data_loaders.service_index import our_unit
from tests.conftest import PHO_AN_TOTAL, SECTOR_ROWS, official_report
from tests.pages.apptest_data import captions, forget_database, fresh_db, run_page, use_data_dir

ROOT = Path(__file__).resolve().parents[3]

BEFORE, AFTER = date(2025, 6, 30), date(2025, 7, 1)
# Nghị quyết 1677/NQ-UBTVQH15: each new unit of 1/7/2025 and the old units it took in (written out from the
# resolution's list, not from the CSV, so a wrong row in the registry fails here).
SUCCESSORS = {
    "phuong-duc-pho": (
        "phuong-nguyen-nghiem",
        "phuong-pho-hoa",
        "phuong-pho-minh",
        "phuong-pho-vinh",
        "phuong-pho-ninh",
    ),
    "phuong-sa-huynh": ("phuong-pho-thanh", "xa-pho-chau"),
    "phuong-tra-cau": ("phuong-pho-van", "phuong-pho-quang", "xa-pho-an", "xa-pho-thuan"),
    "xa-nguyen-nghiem": ("xa-pho-nhon", "xa-pho-phong"),
    "xa-khanh-cuong": ("xa-pho-khanh", "xa-pho-cuong"),
}


def _matcher(engine: Engine) -> UnitMatcher:
    with Session(engine) as session:
        return UnitMatcher.load(session=session)


def _by_code(matcher: UnitMatcher, code: str) -> UnitRef:
    return next(u for u in matcher.all() if u.code == code)


@pytest.mark.parametrize(("new", "olds"), SUCCESSORS.items())
def test_each_new_unit_took_in_the_units_of_the_resolution(
    seeded: Engine, new: str, olds: tuple[str, ...]
) -> None:
    matcher = _matcher(seeded)
    unit = _by_code(matcher, new)
    assert unit.valid_from == AFTER and unit.valid_to is None
    assert {matcher.by_id(i).code for i in matcher.family(unit.id)} == {new, *olds}
    for old in olds:
        ref = _by_code(matcher, old)
        assert (ref.valid_to, ref.successor_id) == (BEFORE, unit.id)


def test_the_offices_end_with_the_district_level_and_the_town_does_not(seeded: Engine) -> None:
    units = _matcher(seeded).all()
    offices = [u for u in units if u.kind == "office"]
    assert len(offices) == 13
    assert {(u.valid_to, u.successor_id) for u in offices} == {(BEFORE, None)}
    [town] = [u for u in units if u.kind == "town"]
    assert (town.code, town.valid_to, town.successor_id) == ("thi-xa-duc-pho", None, None)
    in_force = {u.code for u in units if u.valid_on(date(2026, 1, 1)) and u.kind != "town"}
    assert in_force == set(SUCCESSORS)


@pytest.mark.parametrize(
    ("name", "on", "code"),
    [
        ("Nguyễn Nghiêm", BEFORE, "phuong-nguyen-nghiem"),
        ("Nguyễn Nghiêm", AFTER, "xa-nguyen-nghiem"),
        ("UBND xã Nguyễn Nghiêm", date(2026, 3, 1), "xa-nguyen-nghiem"),
        ("UBND phường Nguyễn Nghiêm", date(2023, 5, 31), "phuong-nguyen-nghiem"),
        ("UBND PHƯỜNG TRÀ CÂU", date(2026, 3, 1), "phuong-tra-cau"),
        ("P. Sa Huỳnh", date(2026, 3, 1), "phuong-sa-huynh"),
        ("xã Khánh Cường", date(2026, 3, 1), "xa-khanh-cuong"),
        ("UBND thị xã Đức Phổ", date(2023, 5, 31), "thi-xa-duc-pho"),
        ("phường Đức Phổ", date(2026, 3, 1), "phuong-duc-pho"),
    ],
)
def test_names_are_read_by_date(seeded: Engine, name: str, on: date, code: str) -> None:
    found = _matcher(seeded).match(name, on)
    assert found is not None and found.code == code


def _import(engine: Engine, content: bytes, name: str = "bao_cao.xlsx"):
    return import_file(content, name, engine=engine, user="test", accept_warnings=True)


def test_a_2026_report_naming_an_abolished_commune_is_refused_naming_its_successor(seeded: Engine) -> None:
    period = "Kỳ báo cáo: Từ ngày 01/01/2026 đến ngày 31/03/2026"
    result = _import(seeded, official_report(period_line=period))
    assert not result.stored
    [problem] = result.problems.errors
    assert problem.code == "merged_unit" and problem.sheet == "Biểu II.06a"
    assert problem.message.startswith(
        "Xã Phổ An đã sáp nhập vào phường Trà Câu từ 01/07/2025 — hãy báo cáo dưới tên phường Trà Câu."
    )
    renamed = _import(seeded, official_report(title_unit="UBND PHƯỜNG TRÀ CÂU", period_line=period))
    assert renamed.stored, [p.message for p in renamed.problems.items]


@pytest.mark.parametrize(
    "period",
    [
        "Kỳ báo cáo: Từ ngày 01/01/2023 đến ngày 20/07/2023",
        "Kỳ báo cáo: Từ ngày 01/01/2025 đến ngày 31/07/2025",  # began before the merger: read as before
    ],
)
def test_reports_of_periods_begun_before_the_merger_keep_the_old_name(seeded: Engine, period: str) -> None:
    result = _import(seeded, official_report(period_line=period))
    assert result.stored, [p.message for p in result.problems.items]


def test_a_successors_series_includes_its_predecessors_months_and_says_so(seeded: Engine) -> None:
    assert _import(seeded, official_report()).stored  # Phổ An, 01/01–20/07/2023
    new_rows = [("1", "Hộ tịch", [100, 0, 60, 40, 90, 80, 0, 10, 10, 10, 0, 0])]
    trà_câu = official_report(
        new_rows,
        [100, 0, 60, 40, 90, 80, 0, 10, 10, 10, 0, 0],
        title_unit="UBND PHƯỜNG TRÀ CÂU",
        period_line="Kỳ báo cáo: Từ ngày 01/01/2026 đến ngày 31/01/2026",
    )
    assert _import(seeded, trà_câu, "tra_cau.xlsx").stored
    with Session(seeded) as session:
        unit = _by_code(UnitMatcher.load(session=session), "phuong-tra-cau")
        old = kpi_report(session=session, unit_id=unit.id, start=date(2023, 1, 1), end=date(2023, 12, 31))
        both = kpi_report(session=session, unit_id=unit.id, start=date(2023, 1, 1), end=date(2026, 1, 31))
        new = kpi_report(session=session, unit_id=unit.id, start=date(2026, 1, 1), end=date(2026, 1, 31))
    assert old["scope"]["units_with_data"] == ["Phổ An"]
    assert old["dossiers"]["received_total"] == PHO_AN_TOTAL[0] == sum(r[2][0] for r in SECTOR_ROWS)
    assert both["scope"]["units_with_data"] == ["Phổ An", "Trà Câu"]
    assert both["dossiers"]["received_total"] == PHO_AN_TOTAL[0] + 100
    assert new["dossiers"]["received_total"] == 100
    expected = "gồm số liệu của các đơn vị trước sáp nhập: Phổ Quang, Phổ Văn, Phổ An, Phổ Thuận"
    assert old["scope"]["includes"] == new["scope"]["includes"] == expected


def test_a_unit_without_predecessors_has_no_such_line(seeded: Engine) -> None:
    with Session(seeded) as session:
        unit = _by_code(UnitMatcher.load(session=session), "xa-pho-an")
        report = kpi_report(session=session, unit_id=unit.id, start=date(2023, 1, 1), end=date(2023, 12, 31))
        town = kpi_report(session=session, unit_id=None, start=date(2023, 1, 1), end=date(2023, 12, 31))
    assert report["scope"]["includes"] is None and town["scope"]["includes"] is None


def _ref(code: str, name: str, full_name: str, kind: str) -> UnitRef:
    return UnitRef(1, code, name, full_name, kind, None, None, None)


@pytest.mark.parametrize(
    ("root", "label"),
    [
        (_ref("thi-xa-duc-pho", "Thị xã Đức Phổ", "UBND thị xã Đức Phổ", "town"), "Toàn thị xã"),
        (_ref("tinh-quang-ngai", "Quảng Ngãi", "UBND tỉnh Quảng Ngãi", "province"), "Toàn tỉnh"),
        (_ref("phuong-tra-cau", "Trà Câu", "UBND phường Trà Câu", "ward"), "Toàn phường"),
        (_ref("tp-hue", "Thành phố Huế", "UBND Thành phố Huế", "other"), "Toàn thành phố"),
        (_ref("xa-a", "A", "A", "commune"), "Toàn xã"),  # no type word written: the kind says it
    ],
)
def test_the_whole_area_label_comes_from_the_root_unit(root: UnitRef, label: str) -> None:
    other = _ref("xa-pho-an", "Phổ An", "UBND xã Phổ An", "commune")
    assert area_label([other, root], root.code) == label
    assert area_label([other], root.code) == "Toàn địa bàn"  # the root is not in the registry


@pytest.mark.parametrize(
    ("root", "label"), [("thi-xa-duc-pho", "Toàn thị xã"), ("phuong-tra-cau", "Toàn phường")]
)
def test_the_reports_whole_area_follows_the_root_setting(
    seeded: Engine, monkeypatch: pytest.MonkeyPatch, root: str, label: str
) -> None:
    monkeypatch.setenv("IOC_ROOT_UNIT", root)
    get_settings.cache_clear()
    try:
        with Session(seeded) as session:
            report = kpi_report(session=session, unit_id=None, start=date(2023, 1, 1), end=date(2023, 12, 31))
    finally:
        get_settings.cache_clear()
    assert report["scope"]["unit"] == label


def test_a_successors_page_labels_its_predecessors_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_data_dir(monkeypatch, tmp_path)
    try:
        fresh_db([("pho_an_2023.xlsx", official_report())])
        successor = run_page(str(ROOT / "pages" / "dossiers.py"), ky="y2023", dv="phuong-tra-cau")
        before = run_page(str(ROOT / "pages" / "dossiers.py"), ky="y2023", dv="xa-pho-an")
    finally:
        forget_database()
    note = "Gồm số liệu của các đơn vị trước sáp nhập: Phổ Quang, Phổ Văn, Phổ An, Phổ Thuận."
    assert note in captions(successor) and not any("trước sáp nhập" in c for c in captions(before))
    assert not any("Chưa có dữ liệu" in i.value for i in successor.info)  # Phổ An's 2023 figures show


@pytest.mark.parametrize(
    ("portal_name", "code"),
    [
        ("UBND phường Trà Câu - tỉnh Quảng Ngãi", "phuong-tra-cau"),
        ("UBND xã Nguyễn Nghiêm - tỉnh Quảng Ngãi", "xa-nguyen-nghiem"),
        ("UBND phường Đức Phổ - tỉnh Quảng Ngãi", "phuong-duc-pho"),
        ("UBND xã Khánh Cường - tỉnh Quảng Ngãi", "xa-khanh-cuong"),
    ],
)
def test_the_766_commune_tab_of_october_2025_finds_the_new_units(
    seeded: Engine, portal_name: str, code: str
) -> None:
    matcher = _matcher(seeded)
    unit_id = our_unit(portal_name, "commune", matcher, date(2025, 10, 31))
    assert unit_id is not None and matcher.by_id(unit_id).code == code
