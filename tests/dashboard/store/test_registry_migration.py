"""The unit registry arrives with the schema: loaded once by a data migration, from the CSV the setting names."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, delete
from sqlmodel import Session, col, select

from dashboard.store.db import MIGRATIONS_DIR, make_engine, migrate
from dashboard.store.models import Unit, UnitAlias
from dashboard.store.units import REGISTRY_CSV, UnitMatcher, add_unit, seed_units
from tests.dashboard.store.test_units import registry_before_2025


def _codes(engine: Engine) -> set[str]:
    with Session(engine) as session:
        return set(session.exec(select(Unit.code)).all())


def _shipped_codes() -> set[str]:
    lines = REGISTRY_CSV.read_text(encoding="utf-8").splitlines()[1:]
    return {line.split(",", 1)[0] for line in lines if line}


def test_a_new_database_gets_the_shipped_registry_once_and_a_removed_unit_stays_removed(
    blank_url: str,
) -> None:
    engine = make_engine(blank_url)
    migrate(engine, unit_registry=str(REGISTRY_CSV))
    assert _codes(engine) == _shipped_codes() and len(_shipped_codes()) == 34
    with Session(engine) as session:  # an admin removes a unit nobody reported for
        unit = session.exec(select(Unit).where(col(Unit.code) == "phong-y-te")).one()
        session.execute(delete(UnitAlias).where(col(UnitAlias.unit_id) == unit.id))
        session.delete(unit)
        session.commit()
    engine.dispose()

    restarted = make_engine(blank_url)  # the next start migrates again
    migrate(restarted, unit_registry=str(REGISTRY_CSV))
    assert _codes(restarted) == _shipped_codes() - {"phong-y-te"}
    with Session(restarted) as session:
        found = UnitMatcher.load(session=session).match("UBND xã Phổ An", date(2023, 5, 31))
    assert found is not None and found.code == "xa-pho-an"
    restarted.dispose()


def test_the_setting_names_the_registry_or_none(blank_url: str, tmp_path: Path) -> None:
    csv_path = tmp_path / "tinh.csv"
    csv_path.write_text(
        "code,name,full_name,kind,valid_from,valid_to,successor_code,sort_order,aliases\n"
        "tinh-quang-ngai,Quảng Ngãi,UBND tỉnh Quảng Ngãi,province,,,,0,Tỉnh Quảng Ngãi\n"
        "so-tu-phap,Sở Tư pháp,Sở Tư pháp tỉnh Quảng Ngãi,office,,,,10,STP\n",
        encoding="utf-8",
    )
    engine = make_engine(blank_url)
    migrate(engine, unit_registry=str(csv_path))
    assert _codes(engine) == {"tinh-quang-ngai", "so-tu-phap"}
    engine.dispose()


def test_none_leaves_the_registry_empty(engine: Engine) -> None:
    assert _codes(engine) == set()  # the fixture migrates with unit_registry="none"


def _installed_before_the_registry_migration(url: str) -> Engine:
    """A database at schema 0007, the last revision before the registry came with the schema."""
    engine = make_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0007_h_concur")
    return engine


def test_a_database_with_another_localitys_units_gets_none_of_ours(blank_url: str) -> None:
    engine = _installed_before_the_registry_migration(blank_url)
    with Session(engine) as session:
        add_unit(
            session=session,
            code="tinh-kon-tum",
            name="Kon Tum",
            full_name="UBND tỉnh Kon Tum",
            kind="province",
        )
        session.commit()
    migrate(engine, unit_registry=str(REGISTRY_CSV))
    assert _codes(engine) == {"tinh-kon-tum"}
    engine.dispose()


def test_a_database_seeded_before_the_reorganisation_gets_it_on_upgrade(
    blank_url: str, tmp_path: Path
) -> None:
    engine = _installed_before_the_registry_migration(blank_url)  # last year's: schema 0007, 29 units seeded
    with Session(engine) as session:
        seed_units(session=session, csv_path=registry_before_2025(tmp_path))
        pho_khanh = session.exec(select(Unit).where(col(Unit.code) == "xa-pho-khanh")).one()
        pho_khanh.valid_to = date(2025, 5, 31)  # an admin's own record of this unit is kept as it is
        session.add(pho_khanh)
        session.commit()

    migrate(engine, unit_registry=str(REGISTRY_CSV))
    with Session(engine) as session:
        units = {u.code: u for u in session.exec(select(Unit)).all()}
    assert set(units) == _shipped_codes()
    assert (units["xa-pho-an"].valid_to, units["xa-pho-an"].successor_id) == (
        date(2025, 6, 30),
        units["phuong-tra-cau"].id,
    )
    assert (
        units["phong-tu-phap"].valid_to == date(2025, 6, 30) and units["phong-tu-phap"].successor_id is None
    )
    assert (units["xa-pho-khanh"].valid_to, units["xa-pho-khanh"].successor_id) == (date(2025, 5, 31), None)
    assert units["thi-xa-duc-pho"].valid_to is None
    engine.dispose()
