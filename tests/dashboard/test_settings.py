"""The one settings object: IOC_ environment variables override the defaults, typed; unknown ones are ignored;
every option says what it is for."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from dashboard.settings import PROJECT_ROOT, Settings


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """No .env file and no IOC_ variables but the test's own."""
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith("IOC_")]:
        monkeypatch.delenv(name)
    return monkeypatch


def test_defaults(env: pytest.MonkeyPatch):
    settings = Settings()
    assert settings.database_url == ""
    assert settings.data_dir == PROJECT_ROOT / "data"
    assert settings.plausible_date_from == date(2000, 1, 1)
    assert settings.root_unit == "thi-xa-duc-pho"
    assert settings.wall_config == PROJECT_ROOT / "streamlit_config" / "wall.toml"


def test_environment_variables_override_typed(env: pytest.MonkeyPatch):
    env.setenv("IOC_MAX_CELLS", "1234")
    env.setenv("IOC_MAX_UPLOAD_MB", "2.5")
    env.setenv("IOC_DATABASE_READ_ONLY", "true")
    env.setenv("IOC_PLAUSIBLE_DATE_FROM", "2010-01-01")
    env.setenv("IOC_NO_SUCH_OPTION", "x")  # ignored
    settings = Settings()
    assert (settings.max_cells, settings.max_upload_mb, settings.database_read_only) == (1234, 2.5, True)
    assert settings.plausible_date_from == date(2010, 1, 1)
    assert not hasattr(settings, "no_such_option")


def test_a_dotenv_file_in_the_working_folder_is_read(env: pytest.MonkeyPatch, tmp_path: Path):
    (tmp_path / ".env").write_text("IOC_SMTP_PORT=2525\nIOC_SMTP_HOST=relay.example\n", encoding="utf-8")
    settings = Settings()
    assert (settings.smtp_host, settings.smtp_port) == ("relay.example", 2525)


def test_a_value_of_the_wrong_type_is_refused(env: pytest.MonkeyPatch):
    env.setenv("IOC_MAX_CELLS", "nhiều")
    with pytest.raises(ValidationError):
        Settings()


def test_every_option_has_a_help_line():
    missing = [name for name, f in Settings.model_fields.items() if not (f.description or "").strip()]
    assert missing == []
