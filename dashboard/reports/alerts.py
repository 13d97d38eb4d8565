"""Alerts to the leaders: a headline KPI turning red ("Chậm"), or something new among the five most behind.

`report --send-due` evaluates them after the scheduled reports: the whole area's overview at the newest month
with data (as the overview page opens), compared with what each subscribed schedule last saw (its `alert_state`).
Only what changed is sent — a KPI that stays red, or a unit that stays among the five, is not sent again — through
the schedule's own recipients and webhook (report_delivery). The first evaluation of a schedule only records what
is red now: an alert says what turned red, not what has been red for months.

Two senders at once: the new state is written by a conditional UPDATE on the old one, so only one of them sends;
if every channel fails the old state is put back and the next run tries again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from base import periods
from base.formatting import VIETNAM
from dashboard.kpis import STATUS_LABELS
from dashboard.queries.data_extent import DATASET_KINDS, data_extents, latest_month, own_months
from dashboard.reports.delivery import DeliveryError, parse_recipients, post_webhook, send_email
from dashboard.reports.runner import SENDER, Outcome
from dashboard.settings import Settings
from dashboard.store.audit import record
from dashboard.store.models import ReportSchedule
from dashboard.views.overview import AREA_PAGES, Overview, build_overview

RED = "behind"


@dataclass(frozen=True)
class AlertState:
    """What was red and what was among the five, each by a stable key, with the line an alert would say."""

    period_label: str
    red: dict[
        str, str
    ]  # 'area:key' -> 'Thủ tục hành chính — Tỷ lệ nộp trực tuyến: 38,24% (Chậm; Chỉ tiêu 50%)'
    behind: dict[str, str]  # the item's label (names the unit) -> 'label: figure'

    def stored(self) -> str:
        return json.dumps({"red": sorted(self.red), "behind": sorted(self.behind)}, ensure_ascii=False)


def newest_period(*, session: Session) -> periods.Selected | None:
    """The dossiers' newest month (the overview page's default), else the newest month of any dataset."""
    extents = data_extents(session=session)
    months = [m for m in (latest_month(extents, d) for d in DATASET_KINDS) if m is not None]
    return latest_month(extents, "dossiers") or max(months, key=lambda m: m.end, default=None)


def evaluate(today: date, *, session: Session) -> AlertState | None:
    """The whole area's headline statuses and five most behind now; None without any data."""
    period = newest_period(session=session)
    if period is None:
        return None
    own = own_months(data_extents(session=session), period, "dossiers")
    model = build_overview(
        session=session, period=period, unit_id=None, query={"ky": period.token}, today=today, own_months=own
    )
    return state_of(model)


def state_of(model: Overview) -> AlertState:
    red = {}
    for c in model.cards:
        if c.status == RED:
            area = AREA_PAGES[c.area][2] if c.area in AREA_PAGES else c.area
            month = f", {model.area_periods[c.area]}" if c.area in model.area_periods else ""
            target = f"; {c.target_text}" if c.target_text else ""
            red[f"{c.area}:{c.key}"] = (
                f"{area} — {c.label}: {c.value_text} ({STATUS_LABELS[RED][1]}{target}{month})"
            )
    behind = {b.label: f"{b.label}: {b.figure}" for b in model.behind}
    return AlertState(model.period_label, red, behind)


def _keys(stored: str | None) -> tuple[set[str], set[str]]:
    data = json.loads(stored) if stored else {}
    return set(data.get("red", [])), set(data.get("behind", []))


def message_lines(state: AlertState, turned_red: list[str], entered: list[str]) -> list[str]:
    lines = [f"Cảnh báo từ Trung tâm điều hành — toàn địa bàn, {state.period_label}"]
    if turned_red:
        lines += ["", "Chỉ số chính chuyển sang Chậm:", *(f"- {state.red[k]}" for k in turned_red)]
    if entered:
        lines += ["", "Mới vào nhóm 5 việc chậm nhất:", *(f"- {state.behind[k]}" for k in entered)]
    return lines


def _swap(engine: Engine, schedule_id: int, old: str | None, new: str | None) -> bool:
    """Write the new state only where the old one is still there: one sender wins."""
    where = (
        col(ReportSchedule.alert_state).is_(None) if old is None else col(ReportSchedule.alert_state) == old
    )
    with engine.begin() as conn:
        result = conn.execute(
            update(ReportSchedule).where(col(ReportSchedule.id) == schedule_id, where).values(alert_state=new)
        )
        return bool(result.rowcount == 1)


def _deliver(
    settings: Settings, row: ReportSchedule, state: AlertState, turned_red: list[str], entered: list[str]
) -> tuple[list[str], list[str]]:
    """Send by every channel of the schedule; (what went through, each failure)."""
    lines = message_lines(state, turned_red, entered)
    done: list[str] = []
    failures: list[str] = []
    # Short: a long non-ASCII subject is folded into encoded words, and some readers drop the space at the fold.
    subject = f"[Cảnh báo] Toàn địa bàn, {state.period_label}"
    link = settings.dashboard_url.rstrip("/") + "/" if settings.dashboard_url else ""
    try:
        recipients = parse_recipients(row.recipients)
        if recipients:
            body = "\n".join([*lines, "", f"Xem trên bảng điều khiển: {link}" if link else ""])
            send_email(settings, recipients=recipients, subject=subject, body=body, attachments=[])
            done.append(f"thư tới {len(recipients)} địa chỉ")
    except DeliveryError as exc:
        failures.append(f"thư: {exc}")
    if row.webhook_url:
        payload = {
            "kind": "alert",
            "title": subject,
            "period": state.period_label,
            "turned_red": [state.red[k] for k in turned_red],
            "entered_most_behind": [state.behind[k] for k in entered],
            "summary": lines,
            "link": link,
        }
        try:
            post_webhook(settings, row.webhook_url, payload)
            done.append("webhook")
        except DeliveryError as exc:
            failures.append(f"webhook: {exc}")
    return done, failures


def send_alerts(engine: Engine, settings: Settings, *, now: datetime | None = None) -> list[Outcome]:
    """Evaluate once, then send each subscribed schedule what changed for it; the outcomes of what was sent."""
    now = now or datetime.now(UTC)
    with Session(engine) as session:
        rows = list(
            session.exec(
                select(ReportSchedule).where(col(ReportSchedule.alerts), col(ReportSchedule.active))
            ).all()
        )
        if not rows:
            return []
        state = evaluate((now.astimezone(UTC) + VIETNAM).date(), session=session)
    if state is None:
        return []
    outcomes = []
    for row in rows:
        assert row.id is not None
        red_before, behind_before = _keys(row.alert_state)
        turned_red = sorted(set(state.red) - red_before)
        entered = [k for k in state.behind if k not in behind_before]  # in the five's own order
        first = row.alert_state is None
        if not _swap(engine, row.id, row.alert_state, state.stored()):
            continue  # another sender took this change
        if first or not (turned_red or entered):
            continue
        done, failures = _deliver(settings, row, state, turned_red, entered)
        if not done:  # nothing went through: the next run tries the same alert again
            _swap(engine, row.id, state.stored(), row.alert_state)
        what = f"{len(turned_red)} chỉ số chuyển sang Chậm, {len(entered)} mới vào nhóm 5 chậm nhất"
        detail = (
            f"{what}; " + (f"đã gửi {', '.join(done)}" if done else "") + ("; " if done and failures else "")
        ) + "; ".join(failures)
        items = "; ".join([*(state.red[k] for k in turned_red), *(state.behind[k] for k in entered)])
        with Session(engine) as session:
            record(
                SENDER,
                "alert_sent" if done else "alert_failed",
                session=session,
                detail=f"Cảnh báo “{row.name}” — {state.period_label}: {detail}. {items}",
                at=now,
            )
            session.commit()
        outcomes.append(Outcome(row.id, row.name, state.period_label, not failures, f"cảnh báo: {detail}"))
    return outcomes
