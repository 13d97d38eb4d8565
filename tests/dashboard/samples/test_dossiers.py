"""The generated sample workbooks: importable without a single warning, and faithful to the Phổ An seed."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from dashboard.importing.importer import import_file
from dashboard.samples.dossiers import LIST_UNITS, OUT_DIR, generate
from dashboard.store.models import Dossier, DossierFigure, DossierMonthly, Unit
from dashboard.store.units import seed_units

# Seed 002: Phổ An, 01/01–20/07/2023.
PHO_AN_SEED = {
    "received_total": 2098,
    "received_carried_over": 43,
    "received_new": 2055,
    "received_online": 909,
    "received_direct_or_postal": 1146,
    "resolved_total": 2049,
    "resolved_early": 1739,
    "resolved_on_time": 0,
    "resolved_in_time": 1739,
    "resolved_late": 310,
    "pending_total": 20,
    "pending_within_deadline": 20,
    "pending_overdue": 0,
    "withdrawn": 29,
}


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return generate(tmp_path_factory.mktemp("sample_data"))


def test_sample_files_are_named_and_small(sample_files: list[Path]) -> None:
    names = [p.name for p in sample_files]
    monthly = [f"tthc_thi_xa_{y}_{m:02d}.xlsx" for y in (2022, 2023) for m in range(1, 13)]
    assert names[: len(monthly) + 3] == [
        *monthly,
        "tthc_pho_an_2023_7thang.xlsx",
        "tthc_nam_2021_phan_mem_cu.xlsx",
        "ds_ho_so_mot_cua_2023.xlsx",
    ]
    assert {n.split("_20")[0] for n in names[len(monthly) + 3 :]} == {
        "thu_ngan_sach_thi_xa",
        "chi_ngan_sach_thi_xa",
        "thu_ngan_sach_pho_an",
        "thu_ngan_sach_pho_chau",
        "thu_ngan_sach_pho_cuong",
        "thu_ngan_sach_pho_khanh",
        "giai_ngan_dtc",
        "chi_tieu",
        "nhiem_vu_cchc",
        "nhiem_vu_ket_luan",
    }
    assert sum(p.stat().st_size for p in sample_files) < 3 * 1024 * 1024


def test_sample_data_is_reproducible(sample_files: list[Path], tmp_path: Path) -> None:
    again = generate(tmp_path)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in sample_files]
    other = generate(tmp_path / "other", seed=7)
    assert other[0].read_bytes() != sample_files[0].read_bytes()


def test_committed_sample_data_is_up_to_date(sample_files: list[Path]) -> None:
    committed = {p.name: p.read_bytes() for p in OUT_DIR.glob("*.xlsx")}
    stale = [p.name for p in sample_files if committed.get(p.name) != p.read_bytes()]
    assert stale == [], "run `python -m dashboard.samples.dossiers` to regenerate sample_data/"


def test_sample_data_imports_without_problems(engine: Engine, sample_files: list[Path]) -> None:
    with Session(engine) as session:
        seed_units(session=session)
        session.commit()
    for path in sample_files:
        result = import_file(path.read_bytes(), path.name, engine=engine, user="test", accept_warnings=False)
        assert [p.line(path.name) for p in result.problems.items] == []
        assert result.stored and not result.blocked_by_warnings

    with Session(engine) as session:
        units = {u.code: u for u in session.exec(select(Unit)).all()}
        figures = session.exec(select(DossierFigure)).all()
        pho_an = [f for f in figures if f.unit_id == units["xa-pho-an"].id and f.sector == ""]
        seven_months = [f for f in pho_an if f.period_start == date(2023, 1, 1)]
        assert len(seven_months) == 1
        assert seven_months[0].period_end == date(2023, 7, 20)
        assert {name: getattr(seven_months[0], name) for name in PHO_AN_SEED} == PHO_AN_SEED
        sectors = {f.sector for f in figures if f.batch_id == seven_months[0].batch_id}
        assert sectors == {"", "Hộ tịch", "Chứng thực", "Đất đai", "Bảo trợ xã hội", "Khác"}
        # Phổ An's next monthly row carries over what its own report left pending.
        august = next(f for f in pho_an if f.period_start == date(2023, 8, 1))
        assert august.received_carried_over == 20

        # No unit-month is covered twice: report periods never overlap, lists own their units' 2023.
        spans = defaultdict(list)
        for f in figures:
            if f.sector == "":
                spans[f.unit_id].append((f.period_start, f.period_end))
        for unit_spans in spans.values():
            ordered = sorted(unit_spans)
            assert all(a[1] < b[0] for a, b in itertools.pairwise(ordered))
        list_ids = {units[code].id for code in LIST_UNITS}
        assert not [f for f in figures if f.unit_id in list_ids and f.period_end >= date(2023, 1, 1)]
        assert {u for (u,) in session.execute(select(Dossier.unit_id).distinct()).all()} == list_ids
        months = session.exec(
            select(DossierMonthly).where(
                col(DossierMonthly.sector) == "", col(DossierMonthly.unit_id).in_(list_ids)
            )
        ).all()
        assert len(months) == 24
        december = [m for m in months if m.period_start == date(2023, 12, 1)]
        assert sum(m.pending_overdue or 0 for m in december) >= 10  # an overdue backlog to list
        assert 20 <= sum(m.resolved_late or 0 for m in months) <= 100  # a few dozen late dossiers

        # Every monthly town report of 2022–2023 is there, one row per unit, and 2021 in the old layout.
        town = [
            f for f in figures if f.period_start.year >= 2022 and f.period_end.month == f.period_start.month
        ]
        per_month = defaultdict(set)
        for f in town:
            per_month[(f.period_start.year, f.period_start.month)].add(f.unit_id)
        assert len(per_month) == 24
        assert len(per_month[(2022, 6)]) == 28 and len(per_month[(2023, 6)]) == 25
        year_2021 = [
            f for f in figures if f.period_start == date(2021, 1, 1) and f.period_end == date(2021, 12, 31)
        ]
        assert len(year_2021) == 28
        assert all(f.resolved_early is None and f.resolved_in_time is not None for f in year_2021)
