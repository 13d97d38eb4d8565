"""One settings object for the whole app: every option has a default and a one-line help (env prefix IOC_)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from base.limits import DEFAULTS
from base.units import DEFAULT_ROOT_CODE

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Deployment options, read from the environment (IOC_*) or an ignored `.env` file."""

    model_config = SettingsConfigDict(env_prefix="IOC_", env_file=".env", extra="ignore")

    database_url: str = Field("", description="SQLAlchemy URL; empty means the SQLite file data/ioc.db.")
    data_dir: Path = Field(PROJECT_ROOT / "data", description="Folder for the SQLite file and local state.")
    database_read_only: bool = Field(
        False, description="Open the SQLite file read-only (viewing, kpis, dry runs); imports are refused."
    )
    sqlite_busy_timeout_ms: int = Field(
        15_000, description="How long SQLite waits for a lock before failing."
    )
    max_upload_mb: float = Field(
        DEFAULTS.max_upload_mb, description="Largest Excel file accepted, in MB (compressed)."
    )
    max_uncompressed_mb: float = Field(
        DEFAULTS.max_uncompressed_mb, description="Largest total size of an xlsx once unzipped, in MB."
    )
    max_compression_ratio: float = Field(
        DEFAULTS.max_compression_ratio, description="Refuse xlsx parts compressed more than this."
    )
    max_cells: int = Field(
        DEFAULTS.max_cells,
        description="Most cells read from one workbook, counted from A1 to its farthest real cell.",
    )
    max_cell_chars: int = Field(
        DEFAULTS.max_cell_chars, description="Longest text in one cell (Excel's own limit), in characters."
    )
    max_text_chars: int = Field(
        DEFAULTS.max_text_chars,
        description="Most characters of text in one workbook (every text cell counted).",
    )
    max_number: float = Field(
        DEFAULTS.max_number,
        description="Largest magnitude a number cell may hold (money in đồng included); beyond it, an error.",
    )
    max_count: int = Field(
        DEFAULTS.max_count,
        description="Largest count of dossiers in one cell (stored as 32-bit integers: sums of cells must fit too).",
    )
    parse_workers: int = Field(
        1, description="Warm child processes that read uploaded files for the upload page."
    )
    parse_worker_memory_mb: float = Field(
        2048.0,
        description="Address space a file-reading child process may use, in MB (the server has no cap).",
    )
    parse_worker_timeout_s: float = Field(
        300.0, description="Seconds a child may spend checking or storing one file before it is replaced."
    )
    max_problems_per_code: int = Field(20, description="Problems of one kind listed per file before capping.")
    default_user: str = Field("cli", description="User recorded on batches imported without --user.")
    replace_drop_warn_pct: float = Field(
        20.0,
        description="Warn when a re-import would replace a batch with this % fewer rows or a lower total.",
    )
    future_tolerance_days: int = Field(0, description="Days a report period may end after today unwarned.")
    anonymous_viewers: bool = Field(
        True, description="Let anyone on the LAN view the dashboards without signing in."
    )
    session_minutes: int = Field(
        480, description="Minutes of inactivity after which a signed-in user is signed out."
    )
    session_max_hours: float = Field(
        12.0,
        description="Hours a sign-in cookie lasts at most, however active its browser (then sign in again).",
    )
    secret_key: str = Field(
        "",
        description="Key that signs the sign-in cookie; empty: one is generated once and kept in the database.",
    )
    import_lock_wait_seconds: float = Field(
        120.0, description="How long an import waits for another import to finish storing before giving up."
    )
    trusted_proxies: str = Field(
        "",
        description="Comma-separated addresses or networks of reverse proxies whose X-Forwarded-For is believed.",
    )
    signin_address_free_failures: int = Field(
        20, description="Wrong passwords from one address within the window before its sign-ins slow down."
    )
    signin_address_window_minutes: int = Field(
        15, description="Minutes over which wrong passwords from one address are counted."
    )
    plausible_date_from: date = Field(
        DEFAULTS.plausible_date_from,
        description="Earliest date a file may hold; older ones are warned about and left out.",
    )
    plausible_days_ahead: int = Field(
        DEFAULTS.plausible_days_ahead,
        description="Days after the import date a file's dates may reach; later ones are warned about.",
    )
    unit_registry: str = Field(
        str(PROJECT_ROOT / "dashboard" / "unit_registry.csv"),
        description="Unit registry CSV a new database starts with (loaded once, by a migration); 'none': none.",
    )
    root_unit: str = Field(
        DEFAULT_ROOT_CODE, description="Code of the unit whose whole area the dashboards show ('Toàn …')."
    )
    dashboard_url: str = Field(
        "http://localhost:8501",
        description="The dashboard's address as leaders open it (links in sent reports).",
    )
    smtp_host: str = Field(
        "", description="The organisation's SMTP relay for sent reports; empty: no e-mail."
    )
    smtp_port: int = Field(587, description="Port of the SMTP relay.")
    smtp_starttls: bool = Field(True, description="Upgrade the SMTP connection with STARTTLS before sending.")
    smtp_user: str = Field(
        "", description="SMTP user; its password only from the environment variable IOC_SMTP_PASSWORD."
    )
    smtp_sender: str = Field("ioc@localhost", description="From address of sent reports.")
    smtp_timeout_s: float = Field(
        20.0, description="Seconds an SMTP or webhook exchange may wait before failing."
    )
    report_webhook_hosts: str = Field(
        "",
        description="Comma-separated host names (host or host:port) a report webhook may point at; empty: none.",
    )
    report_max_attempts: int = Field(
        4, description="Tries of one scheduled report before it is given up until its next date."
    )
    report_retry_minutes: float = Field(
        15.0,
        description="Wait before the first retry of a failed report; doubled after each further failure.",
    )
    wall_config: Path = Field(
        PROJECT_ROOT / "streamlit_config" / "wall.toml", description="Which tile goes on which wall panel."
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached; tests build their own Settings)."""
    return Settings()
