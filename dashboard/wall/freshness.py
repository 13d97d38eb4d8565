"""How fresh each dataset is: its age against the expected cycle turns it amber, then red."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dashboard.kpis.common import Status
from dashboard.wall.config import FreshnessRule
from dashboard.wall.model import Alert
from dashboard.wall.scope import DatasetDates
from dashboard.wall.text import FRESHNESS_WORDS


@dataclass(frozen=True)
class Freshness:
    """One dataset's line on the wall: up to which day it has data, its age in days and its status."""

    kind: str
    label: str
    latest_period_end: date | None
    latest_upload: date | None
    age_days: int | None
    status: Status | None  # met: within its cycle; close: amber; behind: red; None: no data at all


def freshness_status(age_days: int, rule: FreshnessRule) -> Status:
    """Met up to `amber_days`, close (amber) up to `red_days`, behind (red) after."""
    if age_days > rule.red_days:
        return "behind"
    return "close" if age_days > rule.amber_days else "met"


def dataset_freshness(
    dates: dict[str, DatasetDates], rules: tuple[FreshnessRule, ...], today: date
) -> list[Freshness]:
    """A Freshness per configured dataset, in the configured order."""
    out = []
    for rule in rules:
        found = dates.get(rule.kind)
        uploaded = found.latest_upload.date() if found and found.latest_upload else None
        period_end = found.latest_period_end if found else None
        since = uploaded if rule.basis == "uploaded" else (period_end or uploaded)
        age = None if since is None else max((today - since).days, 0)
        status = None if age is None else freshness_status(age, rule)
        out.append(Freshness(rule.kind, rule.label, period_end, uploaded, age, status))
    return out


def stale_alerts(items: list[Freshness] | tuple[Freshness, ...]) -> list[Alert]:
    """One alert per severity naming the datasets past their cycle: 'Quá hạn cập nhật: Báo cáo TTHC, Thu ngân sách'."""
    out = []
    for severity in ("behind", "close"):
        names = [f.label for f in items if f.status == severity]
        if names:
            out.append(Alert(severity, f"{FRESHNESS_WORDS[severity]}: {', '.join(names)}"))
    return out
