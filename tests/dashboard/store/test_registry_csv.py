"""A locality's registry CSV loaded by an admin: every bad row reported, nothing half-loaded, known codes kept."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, col, select

from dashboard.store.models import Unit
from dashboard.store.registry_csv import load_registry_csv
from dashboard.store.units import UnitMatcher, area_label

HEADER = "code,name,full_name,kind,valid_from,valid_to,successor_code,sort_order,aliases\n"
PROVINCE = (
    HEADER + "tinh-quang-ngai,Quảng Ngãi,UBND tỉnh Quảng Ngãi,province,,,,0,Tỉnh Quảng Ngãi\n"
    "so-tu-phap,Sở Tư pháp,Sở Tư pháp tỉnh Quảng Ngãi,office,2025-03-01,,,10,STP\n"
    "xa-cu,Xã Cũ,UBND xã Xã Cũ,commune,,2025-06-30,xa-moi,200,\n"
    "xa-moi,Xã Mới,UBND xã Xã Mới,commune,2025-07-01,,,201,\n"
)


def _codes(session: Session) -> set[str]:
    return set(session.exec(select(Unit.code)).all())


def test_a_province_registry_is_loaded_with_its_successors_and_root(session: Session) -> None:
    loaded = load_registry_csv(session=session, content=PROVINCE.encode("utf-8-sig"), file_name="tinh.csv")
    assert (loaded.added, loaded.kept, loaded.problems.items) == (4, [], [])
    session.commit()
    matcher = UnitMatcher.load(session=session)
    new = next(u for u in matcher.all() if u.code == "xa-moi")
    old = next(u for u in matcher.all() if u.code == "xa-cu")
    assert matcher.family(new.id) == {new.id, old.id} and old.valid_to == date(2025, 6, 30)
    found = matcher.match("STP", date(2026, 1, 1))
    assert found is not None and found.code == "so-tu-phap"
    assert area_label(matcher.all(), "tinh-quang-ngai") == "Toàn tỉnh"


def test_codes_already_there_are_kept_as_the_admin_left_them(session: Session) -> None:
    load_registry_csv(session=session, content=PROVINCE.encode(), file_name="tinh.csv")
    unit = session.exec(select(Unit).where(col(Unit.code) == "so-tu-phap")).one()
    unit.full_name = "Sở Tư pháp (đã sửa)"
    session.add(unit)
    again = load_registry_csv(session=session, content=PROVINCE.encode(), file_name="tinh.csv")
    assert again.added == 0 and set(again.kept) == {"tinh-quang-ngai", "so-tu-phap", "xa-cu", "xa-moi"}
    assert (
        session.exec(select(Unit).where(col(Unit.code) == "so-tu-phap")).one().full_name.endswith("(đã sửa)")
    )


BAD_ROWS = [  # (row, reason code, cell)
    ("Xa Moi,Xã Mới,,commune,,,,,", "bad_code", "dòng 3"),
    ("xa-b,,,commune,,,,,", "bad_name", "dòng 3"),
    ("xa-b,B,,huyen,,,,,", "bad_kind", "dòng 3"),
    ("xa-b,B,,commune,01/07/2025,,,,", "bad_date", "dòng 3"),
    ("xa-b,B,,commune,2025-07-01,2025-06-30,,,", "bad_dates", "dòng 3"),
    ("xa-b,B,,commune,,,,một,", "bad_sort_order", "dòng 3"),
    ("xa-b,B,,commune,,2025-06-30,xa-khong-co,,", "unknown_successor", "dòng 3"),
    ("xa-b,B,,commune,,2025-06-30,xa-b,,", "bad_successor", "dòng 3"),
    ("xa-b,B,,commune,,,xa-a,,", "successor_without_end", "dòng 3"),
    ("xa-a,A lần hai,,commune,,,,,", "duplicate_code", "dòng 3"),
]


@pytest.mark.parametrize(("row", "code", "cell"), BAD_ROWS)
def test_a_bad_row_is_reported_where_it_is_and_nothing_is_loaded(
    session: Session, row: str, code: str, cell: str
) -> None:
    content = f"{HEADER}xa-a,A,UBND xã A,commune,,,,,\n{row}\n".encode()
    loaded = load_registry_csv(session=session, content=content, file_name="dv.csv")
    assert loaded.added == 0 and _codes(session) == set()
    assert [(p.code, p.cell, p.sheet) for p in loaded.problems.errors] == [(code, cell, "dv.csv")]
    assert "chưa có đơn vị nào được thêm" in loaded.problems.errors[0].message


def test_every_bad_row_is_reported_at_once(session: Session) -> None:
    rows = "".join(
        f"{row.replace('xa-b,', f'xa-b{i},')}\n" for i, (row, _code, _cell) in enumerate(BAD_ROWS[:4])
    )
    loaded = load_registry_csv(session=session, content=f"{HEADER}{rows}".encode(), file_name="dv.csv")
    assert [(p.cell, p.code) for p in loaded.problems.errors] == [
        ("dòng 2", "bad_code"),
        ("dòng 3", "bad_name"),
        ("dòng 4", "bad_kind"),
        ("dòng 5", "bad_date"),
    ]
    assert _codes(session) == set()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "missing_column"),
        (b"ma,ten\nxa-a,A\n", "missing_column"),
        (HEADER.encode(), "no_units"),
        ((HEADER + "xa-a,Phổ An,,commune,,,,,\n").encode("utf-16"), "not_utf8"),  # Excel "Unicode text"
    ],
)
def test_a_file_that_is_not_a_registry_is_refused(session: Session, content: bytes, code: str) -> None:
    loaded = load_registry_csv(session=session, content=content, file_name="dv.csv")
    assert [p.code for p in loaded.problems.errors] == [code] and loaded.added == 0
