"""Another locality's registry: its root unit (IOC_ROOT_UNIT), a province or a ward, is the whole area everywhere.

A province registry may hold a town below the root, so "the whole area" must follow the setting, not a unit kind.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlmodel import Session

from base.periods import Period
from base.units import UnitRef
from dashboard.access.auth import Account
from dashboard.importing.upload_preview import upload_guard
from dashboard.queries.budget import scope_unit_ids
from dashboard.settings import get_settings
from dashboard.store.registry_csv import load_registry_csv
from dashboard.store.units import UnitMatcher
from dashboard.views.wall.scope import unit_for_code, unit_label
from data_loaders import disbursement_report, targets_sheet, tasks_sheet
from data_loaders.base import ParsedSheet
from data_loaders.problems import Problems
from tests.data_loaders import test_disbursement_report as disbursement_book
from tests.data_loaders import test_targets_sheet as targets_book

HEADER = "code,name,full_name,kind,valid_from,valid_to,successor_code,sort_order,aliases\n"
PROVINCE = HEADER + (
    "tinh-quang-ngai,Quảng Ngãi,UBND tỉnh Quảng Ngãi,province,,,,0,\n"
    "thi-xa-duc-pho,Thị xã Đức Phổ,UBND thị xã Đức Phổ,town,,2025-06-30,,1,\n"
    "so-tai-chinh,Sở Tài chính,Sở Tài chính tỉnh Quảng Ngãi,office,,,,10,\n"
    "xa-pho-an,Phổ An,UBND xã Phổ An,commune,,,,200,\n"
)
WARD = HEADER + (
    "xa-cu,Hòa Lạc,UBND xã Hòa Lạc,commune,,2025-06-30,phuong-moi,200,\n"
    "phuong-moi,Bình Minh,UBND phường Bình Minh,ward,2025-07-01,,,100,\n"
    "van-phong-phuong,Văn phòng HĐND và UBND,Văn phòng HĐND và UBND phường Bình Minh,office,2025-07-01,,,10,\n"
)
REGISTRIES = {"tinh-quang-ngai": PROVINCE, "phuong-moi": WARD}
BELOW = {"tinh-quang-ngai": "thi-xa-duc-pho", "phuong-moi": "van-phong-phuong"}  # a unit under each root
ON = {"tinh-quang-ngai": date(2023, 5, 31), "phuong-moi": date(2026, 5, 31)}  # a day both units exist
MAY_2026 = Period(date(2026, 5, 1), date(2026, 5, 31), "Tháng 5/2026")


@pytest.fixture(params=list(REGISTRIES), ids=["province", "ward"])
def root_code(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The deployment's root unit, set as an operator does (IOC_ROOT_UNIT) for the settings read afresh."""
    monkeypatch.setenv("IOC_ROOT_UNIT", request.param)
    get_settings.cache_clear()
    yield request.param
    get_settings.cache_clear()


def _load(session: Session, csv: str) -> list[UnitRef]:
    loaded = load_registry_csv(session=session, content=csv.encode("utf-8"), file_name="danh_muc.csv")
    assert loaded.problems.items == [] and loaded.added == csv.count("\n") - 1
    session.commit()
    return UnitMatcher.load(session=session).all()


def _by_code(units: list[UnitRef], code: str) -> UnitRef:
    return next(u for u in units if u.code == code)


def _whole_area_sheet() -> ParsedSheet:
    """A sheet that names no unit (a one-stop list without a title): its figures are the whole area's."""
    return ParsedSheet("dossier_list", "Danh sách", MAY_2026, None, {}, [], Problems())


def test_the_wall_scope_of_the_root_code_is_the_whole_area(session: Session, root_code: str) -> None:
    units = _load(session, REGISTRIES[root_code])
    assert unit_for_code(units, root_code) is None
    assert unit_label(unit_for_code(units, root_code), units) in ("Toàn tỉnh", "Toàn phường")
    below = BELOW[root_code]
    found = unit_for_code(units, below)  # a town below a province is one unit of the area, not the whole
    assert found is not None and found.code == below


def test_the_budget_of_the_whole_area_is_the_root_units_own_reports(session: Session, root_code: str) -> None:
    units = _load(session, REGISTRIES[root_code])
    matcher = UnitMatcher.load(session=session)
    expected = matcher.family(_by_code(units, root_code).id)
    assert scope_unit_ids(matcher, None) == expected
    if root_code == "phuong-moi":  # the ward's own reports include those of the commune it took in
        assert expected == {_by_code(units, "phuong-moi").id, _by_code(units, "xa-cu").id}
    else:
        assert expected == {_by_code(units, "tinh-quang-ngai").id}


def test_only_the_root_units_uploaders_send_a_whole_area_sheet(session: Session, root_code: str) -> None:
    units = _load(session, REGISTRIES[root_code])
    below = BELOW[root_code]
    root_staff = Account("goc", "", "uploader", frozenset({root_code}))
    unit_staff = Account("duoi", "", "uploader", frozenset({below}))
    assert upload_guard(root_staff, units)(_whole_area_sheet()) is None
    refusal = upload_guard(unit_staff, units)(_whole_area_sheet())
    area = "Toàn tỉnh" if root_code == "tinh-quang-ngai" else "Toàn phường"
    assert refusal is not None and refusal.startswith(
        f"Tài khoản “duoi” không được cập nhật số liệu của: {area}."
    )


def test_a_target_for_the_root_is_every_units_and_one_below_it_is_that_units(
    session: Session, root_code: str
) -> None:
    units = _load(session, REGISTRIES[root_code])
    root, below = _by_code(units, root_code), _by_code(units, BELOW[root_code])
    year = ON[root_code].year
    rows = [
        (1, "Tỷ lệ giải ngân", year, root.full_name, "", None, 100, None),
        (2, "Tỷ lệ giải ngân", year, below.full_name, "", None, 90, None),
    ]
    parsed = targets_book.parse(targets_book.workbook(rows), UnitMatcher.load(session=session))
    assert not parsed.problems.has_errors(), [p.message for p in parsed.problems.items]
    assert [r["unit_id"] for r in parsed.records] == [None, below.id]
    assert parsed.kind == targets_sheet.KIND


def test_a_collective_lead_and_an_untitled_disbursement_report_are_the_root_units(
    session: Session, root_code: str
) -> None:
    units = _load(session, REGISTRIES[root_code])
    matcher = UnitMatcher.load(session=session)
    problems = Problems()
    lead = tasks_sheet.resolve_lead(
        "UBND các xã, phường", matcher, ON[root_code], problems, sheet="s", cell="C5"
    )
    assert (lead, problems.items) == (_by_code(units, root_code).id, [])
    as_of = ON[root_code]
    year = str(as_of.year)  # the sample header's plan year, moved to the day's year
    header = tuple(
        [c.replace("2023", year) if isinstance(c, str) else c for c in row]
        for row in disbursement_book.SPLIT_HEADER
    )
    book = disbursement_book.workbook(
        rows=[],
        header=header,
        title_lines=(
            disbursement_book.TITLE.replace("2023", year),
            f"(Tính đến ngày {as_of:%d/%m/%Y})",
            "ĐVT: triệu đồng",
        ),
    )
    parsed = disbursement_book.parse(book, matcher)
    assert parsed.kind == disbursement_report.KIND
    assert parsed.unit is not None and parsed.unit.code == root_code
