"""Output that cannot lie: file names, user names and cell texts cannot forge a line; the CLI starts fast."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session, col

from dashboard.importing.importer import import_file
from dashboard.store.models import AuditEvent, Batch
from tests.dashboard.cli.test_bad_inputs import (
    app_db,  # noqa: F401  (fixture)
    clean_dossiers,
    dossier,
    list_xlsx,
    report_xlsx,
    run_import,
)

ROOT = Path(__file__).resolve().parents[3]
FORGED = "OK gia_mao.xlsx: đã lưu lô #999."
LINE_STARTS = ("INFO ", "ERROR ", "WARNING ", "OK ", "FAILED ")

HOSTILE_NAMES = [
    pytest.param(f"x.xlsx\n{FORGED}", id="newline"),
    pytest.param(f"x.xlsx\r{FORGED}", id="carriage-return"),
    pytest.param(f"x.xlsx\x1b[2K\r{FORGED}", id="erase-line"),
    pytest.param("\x1b[32mOK\x1b[0m x.xlsx", id="ansi-colour"),
    pytest.param(f"x.xlsx\x85{FORGED}", id="c1-next-line"),
    pytest.param(f"x.xlsx\u2028{FORGED}", id="line-separator"),
]


def _assert_honest(out: str) -> None:
    """Every line is one the CLI writes; only the last is an outcome; no escape or control character."""
    lines = out.split("\n")
    assert lines[-1] == ""
    lines = lines[:-1]
    assert all(line.startswith(LINE_STARTS) for line in lines), lines
    assert [line for line in lines if line.startswith(("OK ", "FAILED "))] == lines[-1:]
    assert not any(ch in out for ch in "\x1b\r\x85\u2028\x9b"), repr(out)
    assert not any(line.startswith(FORGED) for line in lines)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize(
    ("content", "outcome"),
    [
        pytest.param(list_xlsx(clean_dossiers()), "OK", id="good"),
        pytest.param(list_xlsx([dossier(1, channel="Fax")]), "FAILED", id="bad"),
    ],
)
def test_a_hostile_file_name_cannot_forge_a_line(
    name: str,
    content: bytes,
    outcome: str,
    app_db: Engine,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / name
    path.write_bytes(content)

    run = run_import(capsys, path)

    _assert_honest(run.out)
    assert run.lines[-1].startswith(f"{outcome} ")
    with Session(app_db) as s:
        names = s.execute(select(col(Batch.file_name))).scalars().all()
        details = s.execute(select(col(AuditEvent.detail))).scalars().all()
    assert all(n.isprintable() for n in [*names, *details]), names


def test_a_cell_text_cannot_forge_a_line(
    app_db: Engine,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "ds.xlsx"
    path.write_bytes(list_xlsx([dossier(1, channel=f"Fax\n{FORGED}"), dossier(2, status=f"Lạ\r\n{FORGED}")]))

    run = run_import(capsys, path)

    _assert_honest(run.out)
    assert run.lines[-1].startswith("FAILED ds.xlsx")
    assert sum("[bad_channel]" in line or "[bad_status]" in line for line in run.lines) == 2


def test_a_user_name_is_stored_and_printed_clean(
    app_db: Engine,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "ds.xlsx"
    path.write_bytes(list_xlsx(clean_dossiers()))

    run = run_import(capsys, path, "--user", f"an\n{FORGED}\x1b[0m")

    _assert_honest(run.out)
    with Session(app_db) as s:
        (user,) = s.execute(select(col(Batch.user))).scalars().all()
    assert user == f"an {FORGED}"


def test_a_user_name_longer_than_its_column_is_refused(app_db: Engine) -> None:  # noqa: F811
    result = import_file(report_xlsx(), "bc.xlsx", engine=app_db, user="a" * 101, accept_warnings=True)

    assert "text_too_long" in [p.code for p in result.problems.errors]
    assert not result.stored


def test_a_very_long_file_name_is_shortened_and_the_file_kept_whole(app_db: Engine) -> None:  # noqa: F811
    """Linux file names stop at 255 bytes, but an upload's name does not: the stored one is cut for display."""
    content = list_xlsx(clean_dossiers())
    name = "Báo cáo " + "x" * 100_000 + ".xlsx"

    result = import_file(content, name, engine=app_db, user="an")

    assert result.stored, result.problems.items
    with Session(app_db) as s:
        batch = s.get(Batch, result.batch_ids[0])
        assert batch is not None
        assert len(batch.file_name) == 300 and batch.file_name.endswith("…")
        assert batch.file_name.startswith("Báo cáo xxx")
        assert batch.file_sha256 == hashlib.sha256(content).hexdigest()
        (detail,) = s.execute(select(col(AuditEvent.detail))).scalars().all()
    assert len(detail) < 2000


@pytest.mark.parametrize("argv", [["--help"], ["import", "--help"], ["kpis", "--help"], ["nonsense"]])
def test_the_cli_parses_without_loading_the_database_or_pandas(argv: list[str]) -> None:
    """What made `--help` take 2.4 s: SQLAlchemy, pandas and every loader imported before parsing."""
    probe = (
        "import sys\n"
        "from dashboard.cli.commands import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        "heavy = ['pandas', 'sqlalchemy', 'sqlmodel', 'openpyxl', 'python_calamine', 'pydantic', 'streamlit']\n"
        "print(json.dumps(sorted(m for m in heavy if m in sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", "import json\n" + probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
