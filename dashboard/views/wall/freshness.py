"""How fresh each dataset is: its age against the expected cycle turns it amber, then red."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from base.formatting import NOT_REPORTED
from base.units import with_type_word
from dashboard.kpis.common import Status
from dashboard.queries.data_extent import DATASET_KINDS
from dashboard.queries.reporting_status import overdue_reports
from dashboard.views.wall.config import FreshnessRule
from dashboard.views.wall.model import Alert
from dashboard.views.wall.scope import DatasetDates
from dashboard.views.wall.text import FRESHNESS_WORDS


@dataclass(frozen=True)
class Freshness:
    """One dataset's line on the wall: up to which day it has data, its age in days and its status."""

    kind: str
    label: str
    latest_period_end: date | None
    latest_upload: date | None
    age_days: int | None
    status: Status | None  # met: within its cycle; close: amber; behind: red; None: no data at all
    # Units owing the newest due month's report that sent none (dashboard.queries.reporting_status), "xã Phổ An"…
    not_reported: tuple[str, ...] = ()
    not_reported_month: str = ""  # "tháng 11/2026"


def freshness_status(age_days: int, rule: FreshnessRule) -> Status:
    """Met up to `amber_days`, close (amber) up to `red_days`, behind (red) after."""
    if age_days > rule.red_days:
        return "behind"
    return "close" if age_days > rule.amber_days else "met"


def dataset_freshness(
    dates: dict[str, DatasetDates],
    rules: tuple[FreshnessRule, ...],
    today: date,
    missing: Mapping[str, tuple[str, tuple[str, ...]]] | None = None,
) -> list[Freshness]:
    """A Freshness per configured dataset, in the configured order.

    `missing` (batch kind -> (month, unit names)) adds the units that owed the newest due report and sent none.
    """
    out = []
    for rule in rules:
        found = dates.get(rule.kind)
        uploaded = found.latest_upload.date() if found and found.latest_upload else None
        period_end = found.latest_period_end if found else None
        since = uploaded if rule.basis == "uploaded" else (period_end or uploaded)
        age = None if since is None else max((today - since).days, 0)
        status = None if age is None else freshness_status(age, rule)
        month, names = (missing or {}).get(rule.kind, ("", ()))
        out.append(Freshness(rule.kind, rule.label, period_end, uploaded, age, status, names, month))
    return out


def missing_reports(
    rules: tuple[FreshnessRule, ...], today: date, *, session: Session
) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Batch kind -> (month, names of the units) whose newest due report is missing, for the rules' datasets."""
    dataset_of = {kind: dataset for dataset, kinds in DATASET_KINDS.items() for kind in kinds}
    out, seen = {}, set()
    for rule in rules:
        dataset = dataset_of.get(rule.kind)
        if dataset is None or dataset in seen:
            continue  # a report and a list of dossiers are one dataset: its missing units are named once
        seen.add(dataset)
        owed = overdue_reports(session=session, dataset=dataset, today=today)
        if owed:
            out[rule.kind] = (
                f"tháng {owed[0].month}/{owed[0].year}",
                tuple(with_type_word(s.unit) for s in owed),
            )
    return out


def stale_alerts(items: list[Freshness] | tuple[Freshness, ...]) -> list[Alert]:
    """One alert per severity naming the datasets past their cycle: 'Quá hạn cập nhật: Báo cáo TTHC, Thu ngân sách'."""
    out = []
    for severity in ("behind", "close"):
        names = [f.label for f in items if f.status == severity]
        if names:
            out.append(Alert(severity, f"{FRESHNESS_WORDS[severity]}: {', '.join(names)}"))
    for f in items:  # a report owed and not sent is named with its units, never left silent
        if f.not_reported:
            out.append(
                Alert("close", f"{f.label} {f.not_reported_month} {NOT_REPORTED}: {_names(f.not_reported)}")
            )
    return out


def _names(units: tuple[str, ...], shown: int = 3) -> str:
    """'xã Phổ An, xã Phổ Châu' or 'xã A, xã B, xã C và 4 đơn vị khác'."""
    more = len(units) - shown
    return ", ".join(units[:shown]) + (f" và {more} đơn vị khác" if more > 0 else "")
