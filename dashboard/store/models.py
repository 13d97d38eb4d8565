"""SQLModel tables: units and aliases, import batches with their original files, dossier figures and dossiers."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import NaiveDatetime
from sqlalchemy import Column, Index, LargeBinary, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from base import kinds

# The dossier counts of form II.06a; every one is nullable because a layout may lack the column.
DOSSIER_FIELDS: tuple[str, ...] = (
    "received_total",
    "received_carried_over",
    "received_new",
    "received_online",
    "received_direct",
    "received_postal",
    "received_direct_or_postal",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_in_time",
    "resolved_late",
    "pending_total",
    "pending_within_deadline",
    "pending_overdue",
    "withdrawn",
    "awaiting_supplement",
)

# Stocks are snapshots: over several periods take the first (carried over) or the last (pending) value.
FIRST_PERIOD_STOCKS = frozenset({"received_carried_over"})
LAST_PERIOD_STOCKS = frozenset(
    {"pending_total", "pending_within_deadline", "pending_overdue", "awaiting_supplement"}
)


class Unit(SQLModel, table=True):
    """An administrative unit: the town, an office, a ward or commune, or a unit created by a merger."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True, max_length=64)
    name: str = Field(max_length=200)
    full_name: str = Field(max_length=300)
    kind: str = Field(max_length=20)  # town | office | ward | commune | province | other
    valid_from: date | None = None
    valid_to: date | None = None
    successor_id: int | None = Field(default=None, foreign_key="unit.id")
    sort_order: int = 0


class UnitAlias(SQLModel, table=True):
    """Another spelling of a unit's name; `alias_norm` is the matching key (see base.text.normalize)."""

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    alias: str = Field(max_length=300)
    alias_norm: str = Field(unique=True, index=True, max_length=300)


class UnitPortalCode(SQLModel, table=True):
    """A unit's code on the national public-service portal (MA_COQUAN of the Bộ chỉ số 766 export).

    Kept beside the unit rather than in it: the registry's data migration (0008) writes units through this model
    file, before the revision that added the codes."""

    unit_id: int = Field(foreign_key="unit.id", primary_key=True)
    portal_code: str = Field(unique=True, index=True, max_length=40)


class StoredFile(SQLModel, table=True):
    """The original uploaded file, kept so any stored figure can be traced back to its cell."""

    sha256: str = Field(primary_key=True, max_length=64)
    size: int
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class Batch(SQLModel, table=True):
    """One imported file (or sheet): who, when, what, and whether its figures are the ones in force."""

    __table_args__ = (Index("ix_batch_kind_unit_period", "kind", "unit_id", "period_start", "period_end"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)
    status: str = Field(default="active", max_length=20, index=True)  # active | superseded | reverted
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    period_start: date | None = None
    period_end: date | None = None
    period_label: str = Field(default="", max_length=100)
    file_name: str = Field(max_length=300)
    file_sha256: str = Field(foreign_key="storedfile.sha256", max_length=64)
    file_size: int
    sheet: str = Field(default="", max_length=100)
    columns_json: str = Field(default="{}")  # field -> column letter, for tracing a figure to its cell
    user: str = Field(max_length=100)
    created_at: datetime
    row_count: int = 0
    row_counts_json: str = Field(default="{}")  # {"read": n, "stored": n, "skipped": {reason: n}}
    accepted_warnings_json: str = Field(default="[]")
    superseded_by_id: int | None = Field(default=None, foreign_key="batch.id")
    replaced_ids_json: str = Field(default="[]")


class DataVersion(SQLModel, table=True):
    """A single counter bumped by every change of stored figures; caches key on it."""

    id: int = Field(default=1, primary_key=True)
    version: int = 0
    changed_at: datetime | None = None


class DossierCounts(SQLModel):
    """The counts of DOSSIER_FIELDS, each None where the source does not give it."""

    received_total: int | None = None
    received_carried_over: int | None = None
    received_new: int | None = None
    received_online: int | None = None
    received_direct: int | None = None
    received_postal: int | None = None
    received_direct_or_postal: int | None = None
    resolved_total: int | None = None
    resolved_early: int | None = None
    resolved_on_time: int | None = None
    resolved_in_time: int | None = None
    resolved_late: int | None = None
    pending_total: int | None = None
    pending_within_deadline: int | None = None
    pending_overdue: int | None = None
    withdrawn: int | None = None
    awaiting_supplement: int | None = None


class DossierFigure(DossierCounts, table=True):
    """Dossier counts for one unit (and sector, '' = the whole unit) over one period, from a report or a list."""

    __table_args__ = (
        Index("ix_dossierfigure_unit_period", "unit_id", "sector", "period_start", "period_end"),
    )

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="batch.id", index=True)
    unit_id: int = Field(foreign_key="unit.id")
    sector: str = Field(default="", max_length=300)
    period_start: date
    period_end: date
    source: str = Field(max_length=10)  # report | list
    sheet: str = Field(default="", max_length=100)
    row: int = 0  # 1-based row in the sheet; 0 when computed (a list's monthly figure, a sum of sectors)


class DossierMonthly(DossierCounts, table=True):
    """Monthly counts per unit and sector ('' = whole unit) computed from the active dossier lists.

    Maintained at import and revert for the units touched, so no page ever scans the dossiers.
    """

    __table_args__ = (Index("ix_dossiermonthly_unit_period", "unit_id", "sector", "period_start"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id")
    sector: str = Field(default="", max_length=300)
    period_start: date
    period_end: date


LATE_ROWS = text("status = 'done' AND finished_at > due_at")
OPEN_ROWS = text("status IN ('processing', 'supplement')")


class Dossier(SQLModel, table=True):
    """One dossier from a one-stop system export; the source of the late and overdue lists."""

    __table_args__ = (
        UniqueConstraint("batch_id", "code", name="uq_dossier_batch_code"),
        Index("ix_dossier_unit_due", "unit_id", "due_at"),
        Index("ix_dossier_code", "code"),
        # Small partial indexes over the few late and still-open dossiers: the late list of any period is then
        # read from them instead of scanning a million rows (the planner needs table statistics to prefer them).
        Index("ix_dossier_late", "finished_at", sqlite_where=LATE_ROWS, postgresql_where=LATE_ROWS),
        Index("ix_dossier_open_due", "due_at", sqlite_where=OPEN_ROWS, postgresql_where=OPEN_ROWS),
    )

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="batch.id", index=True)
    code: str = Field(max_length=100)
    unit_id: int = Field(foreign_key="unit.id")
    sector: str = Field(default="", max_length=300)
    procedure: str = Field(default="", max_length=1000)
    channel: str | None = Field(default=None, max_length=10)  # online | direct | postal
    status: str = Field(max_length=20)  # done | processing | supplement | withdrawn | rejected
    # Local (Vietnam) wall-clock times as the one-stop system writes them, hence naive.
    received_at: NaiveDatetime
    due_at: NaiveDatetime | None = None
    finished_at: NaiveDatetime | None = None
    row: int = 0


class BudgetLine(SQLModel, table=True):
    """One row of a revenue or expenditure report as it states it, money in triệu đồng (million VND).

    `role` says which: an item (a leaf), a group or the report's total row. Groups and totals keep the figures
    the report wrote even where their items do not add up to them (a partial breakdown, a missing line): what a
    report states is what it reports. `dashboard.queries.budget` shows the difference as "chưa phân bổ".
    "Trong đó" rows are a part of the row above: only a revenue part that is land-use fees is stored ("part"),
    never added, so revenue can be read without those fees.
    """

    __table_args__ = (Index("ix_budgetline_unit_kind_period", "unit_id", "kind", "year", "month"),)

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="batch.id", index=True)
    unit_id: int = Field(foreign_key="unit.id")
    kind: str = Field(max_length=12)  # revenue | expenditure
    year: int
    month: int  # the report's month: `month_amount` is this month's, `ytd_amount` from January to its end
    item_path: str = Field(max_length=60)  # STT path such as "I.1.2", for order and grouping
    role: str = Field(
        default="item", max_length=12, sa_column_kwargs={"server_default": "item"}
    )  # item | group | total (whose item_path is "") | part
    parent_path: str = Field(
        default="", max_length=60, sa_column_kwargs={"server_default": ""}
    )  # item_path of the nearest stored group above; "" for top-level rows and the total
    item_name: str = Field(max_length=500)
    group_name: str = Field(default="", max_length=500)  # the top-level group the item belongs to
    is_land_use: bool = False  # tiền sử dụng đất: leaders look at revenue with and without it
    estimate_province: float | None = None
    estimate_council: float | None = None  # "dự toán HĐND giao": the estimate KPIs use
    month_amount: float | None = None
    ytd_amount: float | None = None
    same_period_last_year: float | None = None
    derived: str = Field(default="", max_length=20)  # "" | month | ytd: which amount was derived, not read
    row: int = 0


class DisbursementProject(SQLModel, table=True):
    """One project's capital plan and disbursement at a snapshot date, money in triệu đồng."""

    __table_args__ = (Index("ix_disbursement_unit_asof", "unit_id", "as_of"),)

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="batch.id", index=True)
    unit_id: int = Field(foreign_key="unit.id")  # the reporting unit (the town for its investment report)
    year: int
    as_of: date
    source: str = Field(max_length=300)  # capital source (nguồn vốn)
    source_group: str = Field(default="", max_length=40)  # normalised source family, e.g. "ctmtqg"
    investor: str = Field(default="", max_length=300)  # chủ đầu tư as written
    investor_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    commune_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    project: str = Field(max_length=1000)
    plan: float | None = None
    plan_extended: float | None = None  # the previous year's plan carried into this year, where given
    disbursed: float | None = None
    row: int = 0


class Task(SQLModel, table=True):
    """An assigned task from a plan or a meeting conclusion, with its parsed deadline and status."""

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="batch.id", index=True)
    area: str = Field(default="", max_length=500)
    title: str = Field(max_length=2000)
    lead_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    lead_text: str = Field(default="", max_length=500)
    coordinating: str = Field(default="", max_length=1000)
    product: str = Field(default="", max_length=1000)
    deadline_text: str = Field(default="", max_length=300)
    deadline_kind: str = Field(max_length=10)  # date | ongoing | none
    deadline: date | None = None
    status: str = Field(max_length=20)  # done | in_progress | not_started
    completed_on: date | None = None
    done_late: bool | None = None  # None when it cannot be told
    row: int = 0


class Target(SQLModel, table=True):
    """A target (chỉ tiêu) for one KPI: a year, a unit or all units, optionally a date and a capital source."""

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="batch.id", index=True)
    indicator: str = Field(max_length=60)  # a KPI key, e.g. online_rate, disbursement_pct
    year: int
    unit_id: int | None = Field(default=None, foreign_key="unit.id")  # None: every unit
    source_group: str = Field(default="", max_length=40)  # for disbursement milestones by source family
    due: date | None = None  # a milestone date; None: the whole year
    value: float
    tolerance: float = 5.0  # points below the target still "close" (amber)
    row: int = 0


class ServiceIndexScore(SQLModel, table=True):
    """A national service-index score (Bộ chỉ số 766) of one portal unit for one period."""

    __table_args__ = (Index("ix_score766_period", "period_kind", "year", "period_no"),)

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="batch.id", index=True)
    period_kind: str = Field(max_length=10)  # year | quarter | month
    year: int
    period_no: int = 0  # month or quarter number; 0 for a year
    level: str = Field(max_length=20)  # province | agency | commune | trend
    portal_id: str = Field(default="", max_length=40)
    portal_code: str = Field(default="", max_length=40)
    portal_name: str = Field(default="", max_length=300)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")  # when the name is in our registry
    tdgq: float | None = None  # tiến độ giải quyết
    mdhl: float | None = None  # mức độ hài lòng
    mdsh: float | None = None  # mức độ số hóa
    tttt: float | None = None  # thanh toán trực tuyến
    clgq: float | None = None  # chất lượng giải quyết
    ckmb: float | None = None  # công khai, minh bạch
    total: float | None = None
    rank: int | None = None
    row: int = 0


class User(SQLModel, table=True):
    """A local account: viewer, uploader (for the units it answers for) or admin. Only a hash is stored."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True, max_length=100)
    full_name: str = Field(default="", max_length=200)
    password_hash: str = Field(
        default="", max_length=300
    )  # argon2id; empty for accounts that sign in via OIDC
    role: str = Field(max_length=10)  # viewer | uploader | admin
    unit_codes_json: str = Field(default="[]")  # units an uploader may report for
    active: bool = True
    created_at: datetime
    failed_logins: int = 0
    locked_until: datetime | None = None
    last_login_at: datetime | None = None


class AuditEvent(SQLModel, table=True):
    """An append-only log line: who did what, when (imports, reverts, sign-ins, account changes)."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    user: str = Field(max_length=100)
    action: str = Field(max_length=30)
    batch_id: int | None = Field(default=None, foreign_key="batch.id")
    detail: str = Field(default="", max_length=2000)
    address: str | None = Field(default=None, max_length=64, index=True)  # sign-ins: the client's address


class SavedLayout(SQLModel, table=True):
    """How to read a header the reader cannot tell by itself, as an uploader (or admin) told it once.

    Keyed on the header's normalized texts and the kind-naming words of the title (`signature`); it keeps the
    kind, the columns and the money unit, never the period or the unit: those are found again in each file.
    """

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=40)
    signature: str = Field(index=True, max_length=64)  # sha256 of header texts + title words
    header_json: str  # the normalized header texts, in order
    title_words_json: str = Field(default="[]")
    mapping_json: str  # field -> 0-based column index
    money_unit: str | None = Field(default=None, max_length=20)
    owner: str = Field(max_length=100)
    all_units: bool = False  # an admin's layout serves every unit; an uploader's only the owner's units
    created_at: datetime


class WebSession(SQLModel, table=True):
    """A browser signed in through the session cookie (dashboard/access/web_sessions.py). Only hashes are stored.

    Before the browser has its cookie the row holds the one-time exchange code's hash; afterwards the token's.
    """

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str | None = Field(default=None, unique=True, max_length=64)  # sha256 of the cookie's token
    exchange_hash: str | None = Field(default=None, unique=True, max_length=64)  # sha256 of the one-time code
    exchange_until: datetime | None = None
    address: str = Field(default="", max_length=64)  # where the password was typed; the exchange must match
    created_at: datetime
    expires_at: datetime
    last_seen_at: datetime
    revoked_at: datetime | None = None
    revoked_why: str = Field(default="", max_length=30)


class AppSecret(SQLModel, table=True):
    """A secret the app generated once for every replica to share (the cookie signing key without IOC_SECRET_KEY)."""

    name: str = Field(primary_key=True, max_length=50)
    value: str = Field(max_length=200)
    created_at: datetime


class ReportSchedule(SQLModel, table=True):
    """A report sent to the leaders on a schedule (weekly or monthly, Vietnam time), by e-mail and/or webhook.

    `next_run_at` is the next slot (UTC); `period_token` the period that slot reports, kept across retries so a
    retried delivery sends the same report. A sender claims a due row by a conditional UPDATE of `claimed_until`
    (report_runner), so two senders never send the same slot twice.
    """

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    frequency: str = Field(max_length=10)  # weekly | monthly
    weekday: int | None = None  # weekly: 0 = Monday … 6 = Sunday
    day: int | None = None  # monthly: 1…31, the month's last day when it is shorter
    hour: int = 7  # Asia/Ho_Chi_Minh wall clock
    unit_code: str | None = Field(default=None, max_length=60)  # None: the whole area
    recipients: str = Field(default="", max_length=2000)  # e-mail addresses, comma-separated
    webhook_url: str = Field(default="", max_length=500)
    active: bool = True
    send_now: bool = False  # an admin's "Gửi thử": send the latest period once, the schedule unchanged
    next_run_at: datetime
    period_token: str | None = Field(default=None, max_length=40)
    sent_channels: str = Field(default="", max_length=40)  # 'email,webhook' already sent for period_token
    attempts: int = 0
    last_status: str = Field(default="", max_length=20)  # sent | retrying | failed
    last_error: str = Field(default="", max_length=2000)
    last_run_at: datetime | None = None
    claimed_by: str | None = Field(default=None, max_length=40)
    claimed_until: datetime | None = None
    created_by: str = Field(default="", max_length=100)
    created_at: datetime
    # Alerts (report_alerts) go to the same recipients; the state is what was red / among the five last time,
    # JSON, so the same alert is never sent twice. None: not evaluated yet.
    alerts: bool = False
    alert_state: str | None = None


class ReportingCalendar(SQLModel, table=True):
    """Which units owe a dataset's monthly report, and by which day of the following month (an admin keeps it)."""

    id: int | None = Field(default=None, primary_key=True)
    dataset: str = Field(unique=True, max_length=40)  # a key of dashboard.queries.data_extent.DATASET_KINDS
    unit_codes_json: str | None = None  # a JSON list of unit codes; None: the units that reported recently
    due_day: int = 10
    updated_by: str = Field(default="", max_length=100)
    updated_at: datetime | None = None


# The table each kind of plain-table report is stored in, row per record (dossier reports and lists have their own).
ROW_MODELS: dict[str, type[BudgetLine | DisbursementProject | Task | Target | ServiceIndexScore]] = {
    kinds.BUDGET_REVENUE: BudgetLine,
    kinds.BUDGET_EXPENDITURE: BudgetLine,
    kinds.DISBURSEMENT: DisbursementProject,
    kinds.TASKS: Task,
    kinds.TARGETS: Target,
    kinds.SERVICE_INDEX: ServiceIndexScore,
}
