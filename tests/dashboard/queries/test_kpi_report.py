"""`kpis` without dates: each section for the newest month of its own data, saying so in its own scope."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from dashboard.importing.importer import import_file
from dashboard.queries.kpi_report import latest_kpi_report

ROOT = Path(__file__).resolve().parents[3]
FILES = ["thu_ngan_sach_thi_xa_2023_05.xlsx", "tthc_thi_xa_2023_12.xlsx"]


def _load(engine: Engine) -> None:
    for name in FILES:
        result = import_file((ROOT / "sample_data" / name).read_bytes(), name, engine=engine, user="t")
        assert result.stored, [p.line(name) for p in result.problems.items]


def test_each_section_takes_its_own_newest_month(seeded: Engine) -> None:
    _load(seeded)
    with Session(seeded) as session:
        report = latest_kpi_report(session=session, unit_id=None)
    assert report["dossiers"]["scope"]["from"] == "2023-12-01"
    assert report["dossiers"]["scope"]["to"] == "2023-12-31"
    assert report["dossiers"]["received_total"] is not None
    assert report["revenue"]["scope"]["to"] == "2023-05-31"
    assert report["revenue"]["scope"]["as_of"] == "2023-05-31"
    assert report["revenue"]["scope"]["basis"] == "newest month with data: Tháng 5/2023"
    assert report["revenue"]["ytd"] == 70264  # seed 001: Jan–May 2023, triệu đồng
    assert report["expenditure"]["scope"]["basis"] == "no data"
    assert report["tasks"]["scope"]["from"] is None


def test_the_cli_without_dates_prints_the_per_section_scopes(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOC_")}
    env["IOC_DATA_DIR"] = str(tmp_path)
    paths = [str(ROOT / "sample_data" / n) for n in FILES]
    seed_units = "from dashboard.store.db import get_engine, session_scope; from dashboard.store.units import seed_units\n"
    seed_units += "with session_scope(get_engine()) as s: seed_units(session=s)"
    subprocess.run([sys.executable, "-c", seed_units], cwd=ROOT, env=env, check=True)
    run = subprocess.run(
        [sys.executable, "-m", "dashboard", "import", *paths],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    out = subprocess.run(
        [sys.executable, "-m", "dashboard", "kpis", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    report = json.loads(out)
    assert report["revenue"]["scope"]["to"] == "2023-05-31"
    assert report["dossiers"]["scope"]["to"] == "2023-12-31"
