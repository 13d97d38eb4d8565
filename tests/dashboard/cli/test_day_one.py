"""Day one as docs/deploy.md says: a new database, the first admin from the CLI, an upload accepted — no `seed`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session

from dashboard.access.auth import authenticate
from dashboard.importing.importer import import_file
from dashboard.importing.upload_preview import upload_guard
from dashboard.store.db import make_engine
from dashboard.store.units import UnitMatcher
from tests.conftest import official_report

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "Mua-thu-2023-xyz"


def _cli(url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m dashboard …` as an operator runs it: default settings but for the database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOC_")}
    env |= {"IOC_DATABASE_URL": url, "IOC_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        input=f"{PASSWORD}\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("unit", "title", "period"),
    [
        ("Phòng Tư pháp", "PHÒNG TƯ PHÁP", "Kỳ báo cáo: Từ ngày 01/01/2025 đến ngày 31/03/2025"),
        ("phường Trà Câu", "UBND PHƯỜNG TRÀ CÂU", "Kỳ báo cáo: Từ ngày 01/01/2026 đến ngày 31/03/2026"),
    ],
)
def test_a_new_installation_accepts_an_upload_on_day_one(
    blank_url: str, tmp_path: Path, unit: str, title: str, period: str
) -> None:
    first = _cli(blank_url, tmp_path, "user", "add", "admin", "--role", "admin", "--password-stdin")
    assert first.returncode == 0, first.stderr
    uploader = _cli(
        blank_url,
        tmp_path,
        "user",
        "add",
        "nguoi-nhap",
        "--role",
        "uploader",
        "--unit",
        unit,
        "--password-stdin",
    )
    assert uploader.returncode == 0, uploader.stderr  # the unit is known: the registry came with the schema

    engine = make_engine(blank_url)
    try:
        with Session(engine) as session:
            account = authenticate(session=session, username="nguoi-nhap", password=PASSWORD)
            registry = UnitMatcher.load(session=session).all()
            session.commit()
        guard = upload_guard(account, registry)
        result = import_file(
            official_report(title_unit=title, period_line=period),
            "bao_cao.xlsx",
            engine=engine,
            user="nguoi-nhap",
            allowed=guard,
        )
        assert result.stored, [p.message for p in result.problems.items]
        other = import_file(official_report(), "pho_an.xlsx", engine=engine, user="nguoi-nhap", allowed=guard)
        assert not other.stored and [p.code for p in other.problems.errors] == ["unit_not_allowed"]
    finally:
        engine.dispose()
