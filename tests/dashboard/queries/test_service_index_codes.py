"""Our units on the 766 portal: the registry's portal codes (taken from the real export, never guessed), a score
matched to its unit by code, the scope's own score only — the province's only when the scope is the province."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import Session, select

from dashboard import settings
from dashboard.importing.importer import import_file
from dashboard.queries.service_index import service_index_section
from dashboard.store.models import Unit
from dashboard.store.portal_codes import portal_code_of, record_portal_codes
from dashboard.store.units import REGISTRY_CSV, read_registry_csv, seed_units
from dashboard.views.overview import service_index_cards
from dashboard.views.service_index import OURS, our_units, overview, ranking_rows
from tests.data_files import REAL_766_EXPORT
from tests.data_loaders.test_service_index import QUANG_NGAI, export, score_row

OCTOBER = (date(2025, 10, 1), date(2025, 10, 31))
DUC_PHO = ["19", "18", "20", "9", "8", "18", "92"]


def _real_codes() -> dict[str, str]:
    """MA_COQUAN by portal name, every score sheet of the real October 2025 export."""
    book = openpyxl.load_workbook(REAL_766_EXPORT, read_only=True)
    codes: dict[str, str] = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        if rows and "MA_COQUAN" in rows[0]:
            name, code = rows[0].index("TEN"), rows[0].index("MA_COQUAN")
            codes.update({str(r[name]): str(r[code]) for r in rows[1:] if r[name]})
    return codes


def test_the_shipped_registry_holds_exactly_the_codes_the_real_export_gives_our_units():
    """The real export scores Quảng Ngãi (H48) and An Giang's agencies and communes, none of the town's units:
    so no shipped unit has a code. A code in the CSV must be one the export gives that unit's portal name."""
    real = _real_codes()
    assert real["UBND tỉnh Quảng Ngãi"] == "H48"
    ours = [n for n in real if n.endswith("tỉnh Quảng Ngãi") and n != "UBND tỉnh Quảng Ngãi"]
    assert ours == []
    shipped = read_registry_csv(REGISTRY_CSV.read_text(encoding="utf-8-sig"))
    assert {row["code"]: row["portal_code"] for row in shipped if row["portal_code"]} == {}
    assert set(REGISTRY_CSV.read_text(encoding="utf-8").splitlines()[0].split(",")) >= {"portal_code"}


def _stored(engine, content: bytes, name: str = "766_scores_2025-10_export.xlsx") -> None:
    result = import_file(content, name, engine=engine, user="test")
    assert result.stored, [p.message for p in result.problems.items]


def test_a_score_is_our_units_by_its_portal_code_even_under_another_name(seeded):
    """The portal writes "UBND P. Đức Phổ (Quảng Ngãi)", which no name match takes; its code does."""
    with Session(seeded) as s:
        assert (
            record_portal_codes(session=s, rows=[{"code": "phuong-duc-pho", "portal_code": "H48.900"}]) == 1
        )
        s.commit()
    _stored(
        seeded,
        export(
            {
                "Điểm tháng": [score_row("UBND tỉnh Quảng Ngãi", "H48", QUANG_NGAI, 2)],
                "Xã Phường": [
                    score_row("UBND xã Đông Thái - tỉnh An Giang", "H01.187", DUC_PHO, 1, "3"),
                    score_row("UBND P. Đức Phổ (Quảng Ngãi)", "H48.900", DUC_PHO, 5, "3"),
                ],
            }
        ),
    )
    with Session(seeded) as s:
        duc_pho = s.exec(select(Unit).where(Unit.code == "phuong-duc-pho")).one()
        own = overview(session=s, unit_id=duc_pho.id, start=OCTOBER[0], end=OCTOBER[1])
        communes = ranking_rows(session=s, period_kind="month", year=2025, period_no=10, level="commune")
        listed = {u["code"]: u for u in our_units(session=s, start=OCTOBER[0], end=OCTOBER[1])}
        section = service_index_section(
            session=s, unit_id=duc_pho.id, start=OCTOBER[0], end=OCTOBER[1], as_of=OCTOBER[1]
        )
        assert portal_code_of(session=s) == {duc_pho.id: "H48.900"}
    assert (own["subject"], own["month"]["total"], own["month"]["rank_text"]) == (
        "UBND P. Đức Phổ (Quảng Ngãi)",
        92.0,
        "hạng 5",
    )
    assert [(r["name"], r["ours"], r["unit_code"]) for r in communes] == [
        ("UBND xã Đông Thái - tỉnh An Giang", "", None),
        ("UBND P. Đức Phổ (Quảng Ngãi)", OURS, "phuong-duc-pho"),  # highlighted in the communes' tab
    ]
    assert (listed["phuong-duc-pho"]["portal_code"], listed["phuong-duc-pho"]["total"]) == ("H48.900", 92.0)
    assert (listed["xa-khanh-cuong"]["portal_code"], listed["xa-khanh-cuong"]["total"]) == (None, None)
    assert "xa-pho-an" not in listed  # merged away before October 2025
    assert (section["total"], section["province"]["total"]) == (92.0, 83.46)
    (card,) = service_index_cards(section, {}, {})  # the overview's 766 card for phường Đức Phổ
    assert card.value_text == "92,00"
    assert card.note == (
        "UBND P. Đức Phổ (Quảng Ngãi); Xếp hạng: 5; nhóm yếu nhất: Chất lượng giải quyết; Tháng 10/2025"
    )


def test_the_town_scope_gets_its_own_score_not_the_provinces(seeded):
    _stored(seeded, REAL_766_EXPORT.read_bytes(), REAL_766_EXPORT.name)
    with Session(seeded) as s:
        town = overview(session=s, unit_id=None, start=OCTOBER[0], end=OCTOBER[1])
        section = service_index_section(
            session=s, unit_id=None, start=OCTOBER[0], end=OCTOBER[1], as_of=OCTOBER[1]
        )
    assert town["subject"] is None
    assert section["total"] is None and section["rank"] is None
    assert (
        service_index_cards(section, {}, {}) == []
    )  # no 766 card for the town: the province's is not its own
    assert section["province"]["total"] == 83.46  # still reported apart, under its own key


@pytest.fixture
def province_root(engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A deployment whose whole area is the province: its registry's root unit is Quảng Ngãi."""
    registry = tmp_path / "registry.csv"
    registry.write_text(
        "code,name,full_name,kind,portal_code\n"
        "tinh-quang-ngai,Tỉnh Quảng Ngãi,UBND tỉnh Quảng Ngãi,province,H48\n"
        "xa-pho-an,Phổ An,UBND xã Phổ An,commune,\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("IOC_ROOT_UNIT", "tinh-quang-ngai")
    settings.get_settings.cache_clear()
    with Session(engine) as s:
        seed_units(session=s, csv_path=registry)
        s.commit()
    yield engine
    settings.get_settings.cache_clear()


def test_only_at_the_province_scope_the_province_score_is_the_scopes_own(province_root):
    _stored(province_root, REAL_766_EXPORT.read_bytes(), REAL_766_EXPORT.name)
    with Session(province_root) as s:
        pho_an = s.exec(select(Unit).where(Unit.code == "xa-pho-an")).one()
        whole = overview(session=s, unit_id=None, start=OCTOBER[0], end=OCTOBER[1])
        commune = overview(session=s, unit_id=pho_an.id, start=OCTOBER[0], end=OCTOBER[1])
        section = service_index_section(
            session=s, unit_id=None, start=OCTOBER[0], end=OCTOBER[1], as_of=OCTOBER[1]
        )
    assert (whole["subject"], whole["month"]["total"], whole["month"]["rank_text"]) == (
        "UBND tỉnh Quảng Ngãi",
        83.46,
        "hạng 25/34",
    )
    assert whole["year"]["total"] == 86.66
    assert commune["subject"] is None  # a commune of the province is not scored with the province's score
    assert section["total"] == 83.46
