"""`report --send-due`: send every scheduled report whose slot has come (or an admin's test send), once.

Several senders may run at the same moment (two timers, two servers): each due row is claimed by a conditional
UPDATE that only one of them can win — it sets `claimed_until` only where no live claim exists — on SQLite and
PostgreSQL alike, and each claim is its own short transaction. A claim expires after CLAIM_MINUTES, so a sender
that dies mid-way does not hold its report for ever. A failed delivery is tried again at the next runs after
settings.report_retry_minutes × 2^(n − 1), up to settings.report_max_attempts, then waits for its next slot.
Every outcome is a line in the audit log.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, and_, or_, update
from sqlmodel import Session, col, select

from base import periods
from base.formatting import VIETNAM, vn_datetime
from dashboard.reports.delivery import (
    PDF_MIME,
    XLSX_MIME,
    Attachment,
    DeliveryError,
    parse_recipients,
    post_webhook,
    send_email,
)
from dashboard.reports.files import ReportFiles, build_report_files
from dashboard.reports.schedule import latest_period, next_slot, period_of_slot, retry_at
from dashboard.settings import Settings
from dashboard.store.audit import record
from dashboard.store.models import ReportSchedule
from dashboard.store.units import UnitMatcher

CLAIM_MINUTES = 15
SENDER = "hệ thống"  # the audit log's user for what the timer sends
SENT, RETRYING, FAILED = "sent", "retrying", "failed"
EMAIL, WEBHOOK = "email", "webhook"
DELIVERY_LABELS = {SENT: "Đã gửi", RETRYING: "Lỗi, sẽ gửi lại", FAILED: "Lỗi, chờ kỳ sau"}


@dataclass(frozen=True)
class Outcome:
    schedule_id: int
    name: str
    period_label: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'OK' if self.ok else 'FAILED'} #{self.schedule_id} {self.name} — {self.period_label}: {self.detail}"


def due_ids(engine: Engine, now: datetime) -> list[int]:
    with Session(engine) as session:
        rows = session.exec(
            select(ReportSchedule.id).where(
                or_(
                    and_(col(ReportSchedule.active), col(ReportSchedule.next_run_at) <= now),
                    col(ReportSchedule.send_now),
                )
            )
        ).all()
    return sorted(i for i in rows if i is not None)


def claim(engine: Engine, schedule_id: int, now: datetime, token: str) -> bool:
    """Take the row for this sender if it is still due and nobody holds a live claim on it."""
    with engine.begin() as conn:
        result = conn.execute(
            update(ReportSchedule)
            .where(
                col(ReportSchedule.id) == schedule_id,
                or_(
                    and_(col(ReportSchedule.active), col(ReportSchedule.next_run_at) <= now),
                    col(ReportSchedule.send_now),
                ),
                or_(col(ReportSchedule.claimed_until).is_(None), col(ReportSchedule.claimed_until) < now),
            )
            .values(claimed_by=token, claimed_until=now + timedelta(minutes=CLAIM_MINUTES))
        )
        return bool(result.rowcount == 1)


class PartialDelivery(DeliveryError):
    """Some channels went through: a retry sends only the others (a leader gets one e-mail, not one a try)."""

    def __init__(self, message: str, channels: list[str]) -> None:
        super().__init__(message)
        self.channels = channels


def deliver(
    settings: Settings,
    row: ReportSchedule,
    files: ReportFiles,
    *,
    test: bool,
    skip: frozenset[str] = frozenset(),
) -> list[str]:
    """Send by every channel the row names except those in `skip` (already sent for this period); returns what
    went through, raises with every channel's failure."""
    report = files.report
    recipients = parse_recipients(row.recipients)
    if not recipients and not row.webhook_url:
        raise DeliveryError("Chưa có người nhận: hãy nhập địa chỉ thư hoặc webhook.")
    subject = f"{'[Gửi thử] ' if test else ''}{report.title} — {report.unit_label} — {report.period.label}"
    lines = report.summary_lines()
    done: list[str] = []
    failures: list[str] = []
    channels: list[str] = []
    if recipients and EMAIL not in skip:
        body = "\n".join(
            [
                *lines,
                "",
                f"Xem trên bảng điều khiển: {report.dashboard_link}" if report.dashboard_link else "",
                "Đính kèm: báo cáo (PDF) và bảng số liệu (Excel).",
            ]
        )
        try:
            send_email(
                settings,
                recipients=recipients,
                subject=subject,
                body=body,
                attachments=[
                    Attachment(f"{files.stem}.pdf", files.pdf, PDF_MIME),
                    Attachment(f"{files.stem}.xlsx", files.xlsx, XLSX_MIME),
                ],
            )
            done.append(f"thư tới {len(recipients)} địa chỉ")
            channels.append(EMAIL)
        except DeliveryError as exc:
            failures.append(f"thư: {exc}")
    if row.webhook_url and WEBHOOK not in skip:
        payload = {
            "title": subject,
            "unit": report.unit_label,
            "unit_code": report.unit_code,
            "period": report.period.label,
            "period_token": report.period.token,
            "as_of": report.as_of.isoformat(),
            "summary": lines,
            "link": report.dashboard_link,
            "test": test,
        }
        try:
            post_webhook(settings, row.webhook_url, payload)
            done.append("webhook")
            channels.append(WEBHOOK)
        except DeliveryError as exc:
            failures.append(f"webhook: {exc}")
    if failures:
        message = "; ".join(failures) + (f" (đã gửi: {', '.join(done)})" if done else "")
        raise PartialDelivery(message, channels) if channels else DeliveryError(message)
    return done


def _period(row: ReportSchedule, now: datetime, test: bool) -> periods.Selected:
    if test:
        return latest_period(row.frequency, now)
    return periods.from_token(row.period_token) or period_of_slot(row.frequency, row.next_run_at)


def run_one(
    engine: Engine, settings: Settings, schedule_id: int, now: datetime, token: str
) -> Outcome | None:
    """Build and send one claimed report, then record the outcome and the next slot; None if not claimed."""
    if not claim(engine, schedule_id, now, token):
        return None
    with Session(engine, expire_on_commit=False) as session:
        row = session.get(ReportSchedule, schedule_id)
        assert row is not None
        test = row.send_now
        period = _period(row, now, test)
        try:
            unit_id = None
            if row.unit_code:
                unit = next(
                    (u for u in UnitMatcher.load(session=session).all() if u.code == row.unit_code), None
                )
                if unit is None:
                    raise DeliveryError(f"Đơn vị “{row.unit_code}” không còn trong danh mục.")
                unit_id = unit.id
            local = (now.astimezone(UTC) + VIETNAM).replace(tzinfo=None)
            files = build_report_files(
                session=session,
                period=period,
                unit_id=unit_id,
                today=local.date(),
                generated_at=local,
                dashboard_url=settings.dashboard_url,
            )
            skip = frozenset() if test else frozenset(c for c in row.sent_channels.split(",") if c)
            done = deliver(settings, row, files, test=test, skip=skip)
            ok, detail, sent_now = True, "đã gửi " + ", ".join(done), []
        except PartialDelivery as exc:
            ok, detail, sent_now = False, str(exc), exc.channels
        except DeliveryError as exc:
            ok, detail, sent_now = False, str(exc), []
        except Exception as exc:
            ok, detail, sent_now = False, f"Không lập được báo cáo: {type(exc).__name__}: {exc}", []
        session.rollback()  # the build only read: start the bookkeeping on a fresh transaction
        row = session.exec(
            select(ReportSchedule).where(ReportSchedule.id == schedule_id, ReportSchedule.claimed_by == token)
        ).one()
        attempt = row.attempts + 1
        _record_outcome(row, settings, now, period, ok=ok, detail=detail, test=test, sent=sent_now)
        action = "report_sent" if ok else "report_failed"
        kind = "gửi thử" if test else f"theo lịch, lần thử {attempt}"
        record(
            SENDER,
            action,
            session=session,
            detail=f"“{row.name}” — {period.label} ({kind}): {detail}",
            at=now,
        )
        session.commit()
        return Outcome(schedule_id, row.name, period.label, ok, detail)


def _record_outcome(
    row: ReportSchedule,
    settings: Settings,
    now: datetime,
    period: periods.Selected,
    *,
    ok: bool,
    detail: str,
    test: bool,
    sent: list[str],
) -> None:
    """Next slot on success; a retry with back-off on failure (same period, only the channels that failed), or
    give up until the next slot."""
    row.claimed_by, row.claimed_until, row.last_run_at = None, None, now
    row.last_error = "" if ok else detail[:2000]
    if test:
        row.send_now = False
        row.last_status = SENT if ok else FAILED
        return
    after = max(now, row.next_run_at)
    if ok:
        row.attempts, row.period_token, row.sent_channels, row.last_status = 0, None, "", SENT
        row.next_run_at = next_slot(
            row.frequency, weekday=row.weekday, day=row.day, hour=row.hour, after=after
        )
        return
    row.attempts += 1
    if row.attempts < settings.report_max_attempts:
        row.last_status, row.period_token = RETRYING, period.token
        row.sent_channels = ",".join(sorted({c for c in row.sent_channels.split(",") if c} | set(sent)))
        row.next_run_at = retry_at(now, row.attempts, settings.report_retry_minutes)
        row.last_error = f"{detail} — gửi lại lúc {vn_datetime(row.next_run_at)}"[:2000]
        return
    row.attempts, row.period_token, row.sent_channels, row.last_status = 0, None, "", FAILED
    row.next_run_at = next_slot(row.frequency, weekday=row.weekday, day=row.day, hour=row.hour, after=after)


def send_due(engine: Engine, settings: Settings, *, now: datetime | None = None) -> list[Outcome]:
    """Send what is due now; the outcomes of the reports this sender claimed."""
    now = now or datetime.now(UTC)
    token = uuid.uuid4().hex
    outcomes = []
    for schedule_id in due_ids(engine, now):
        outcome = run_one(engine, settings, schedule_id, now, token)
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes
