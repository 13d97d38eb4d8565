"""Sending the leaders' report: a real SMTP server (aiosmtpd) and a real HTTP server in the test, retries with
back-off, the audit log, a hanging relay, the webhook allow-list, and two senders at once sending each report once."""

from __future__ import annotations

import email
import io
import json
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from dashboard.reports.delivery import DeliveryError, check_webhook_url, parse_recipients
from dashboard.reports.runner import claim, send_due
from dashboard.reports.schedule import VIETNAM_TZ
from dashboard.reports.subscriptions import NewSchedule, ScheduleError, add_schedule, request_test_send
from dashboard.settings import Settings
from dashboard.store.models import AuditEvent, ReportSchedule
from tests.pdf_text import pdf_text

ROOT = Path(__file__).resolve().parents[3]
# Monday 30/11/2026 07:00 in Vietnam: the weekly report's slot.
SLOT = datetime(2026, 11, 30, 7, 0, tzinfo=VIETNAM_TZ).astimezone(UTC)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Mailbox:
    """An aiosmtpd handler keeping every message; `refuse` makes it refuse recipients like a strict relay."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse = False

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if self.refuse:
            return "550 5.7.1 Relaying denied"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 Message accepted"


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box, port = Mailbox(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


class Hook:
    """What the HTTP server received; `failing` makes it answer 503 like a receiver that is down."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.failing = False
        self.redirect_to = ""


@pytest.fixture
def hook() -> Iterator[tuple[Hook, int]]:
    state = Hook()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # where a followed 302 would land
            state.received.append({"followed": self.path})
            self.send_response(204)
            self.end_headers()

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if state.redirect_to and self.path != "/inside":
                self.send_response(302)
                self.send_header("Location", state.redirect_to)
            elif state.failing:
                self.send_response(503)
            else:
                state.received.append(json.loads(body))
                self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def settings_for(smtp_port: int, *, hook_port: int | None = None, **extra: Any) -> Settings:
    return Settings(
        smtp_host="127.0.0.1",
        smtp_port=smtp_port,
        smtp_starttls=False,
        smtp_timeout_s=2.0,
        smtp_sender="ioc@ducpho.gov.vn",
        report_webhook_hosts=f"127.0.0.1:{hook_port}" if hook_port else "",
        dashboard_url="http://ioc.ducpho.gov.vn",
        **extra,
    )


def weekly(
    engine: Engine, settings: Settings, *, recipients: str = "chutich@ducpho.gov.vn", hook: str = ""
) -> int:
    """A weekly report, Mondays 07:00, whose first slot is SLOT."""
    with Session(engine) as session:
        add_schedule(
            NewSchedule("Báo cáo tuần gửi Chủ tịch", "weekly", 0, None, 7, None, recipients, hook),
            settings,
            session=session,
            by="quantri",
            now=SLOT - timedelta(days=1),
        )
        session.commit()
        row = session.exec(select(ReportSchedule).order_by(col(ReportSchedule.id).desc())).first()
        assert row is not None and row.id is not None and row.next_run_at == SLOT
        return row.id


def audit(engine: Engine, action: str) -> list[AuditEvent]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def row_of(engine: Engine, schedule_id: int) -> ReportSchedule:
    with Session(engine) as session:
        row = session.get(ReportSchedule, schedule_id)
        assert row is not None
        return row


def test_due_report_arrives_with_both_attachments_and_the_webhook_gets_json(engine, mailbox, hook):
    box, smtp_port = mailbox
    receiver, hook_port = hook
    received = receiver.received
    settings = settings_for(smtp_port, hook_port=hook_port)
    sid = weekly(
        engine,
        settings,
        recipients="chutich@ducpho.gov.vn, pct@ducpho.gov.vn",
        hook=f"http://127.0.0.1:{hook_port}/ioc",
    )
    assert send_due(engine, settings, now=SLOT - timedelta(minutes=1)) == []  # not yet due
    [outcome] = send_due(engine, settings, now=SLOT + timedelta(minutes=2))
    assert outcome.ok, outcome.detail
    [message] = box.messages
    assert message["To"] == "chutich@ducpho.gov.vn, pct@ducpho.gov.vn"
    assert message["Subject"].startswith("Báo cáo tuần — ")
    assert "23/11/2026 – 29/11/2026" in message["Subject"]
    files = {part.get_filename(): part for part in message.iter_attachments()}
    stem = "bao-cao-c2026-11-23_2026-11-29-toan-dia-ban"
    assert set(files) == {f"{stem}.pdf", f"{stem}.xlsx"}
    assert files[f"{stem}.pdf"].get_content_type() == "application/pdf"
    assert "BÁO CÁO TUẦN" in pdf_text(files[f"{stem}.pdf"].get_content())
    book = openpyxl.load_workbook(io.BytesIO(files[f"{stem}.xlsx"].get_content()))
    assert book.sheetnames[0] == "Chỉ số chính"
    body = message.get_body(("plain",))
    assert body is not None and "http://ioc.ducpho.gov.vn/?ky=c2026-11-23_2026-11-29" in body.get_content()
    [payload] = received
    assert payload["period_token"] == "c2026-11-23_2026-11-29" and payload["test"] is False
    assert payload["summary"][0].startswith("Báo cáo tuần") and payload["link"].startswith(
        "http://ioc.ducpho"
    )
    row = row_of(engine, sid)
    assert row.last_status == "sent" and row.attempts == 0 and row.claimed_by is None
    assert row.next_run_at == SLOT + timedelta(days=7)
    [logged] = audit(engine, "report_sent")
    assert "Báo cáo tuần gửi Chủ tịch" in logged.detail and "thư tới 2 địa chỉ, webhook" in logged.detail
    assert send_due(engine, settings, now=SLOT + timedelta(minutes=3)) == []  # sent once, not again


def test_refused_delivery_is_retried_with_back_off_for_the_same_period_and_logged(engine, mailbox):
    box, smtp_port = mailbox
    settings = settings_for(smtp_port, report_retry_minutes=15, report_max_attempts=3)
    sid = weekly(engine, settings)
    box.refuse = True
    [first] = send_due(engine, settings, now=SLOT)
    assert not first.ok and "550" in first.detail
    row = row_of(engine, sid)
    assert (row.last_status, row.attempts, row.period_token) == ("retrying", 1, "c2026-11-23_2026-11-29")
    assert row.next_run_at == SLOT + timedelta(minutes=15)
    [second] = send_due(engine, settings, now=SLOT + timedelta(minutes=16))
    assert not second.ok
    assert row_of(engine, sid).next_run_at == SLOT + timedelta(minutes=16 + 30)  # the wait doubled
    assert send_due(engine, settings, now=SLOT + timedelta(minutes=40)) == []  # not before then
    box.refuse = False
    # A week later than planned would be the next slot: the retry still sends the period it was for.
    [third] = send_due(engine, settings, now=SLOT + timedelta(minutes=47))
    assert third.ok and third.period_label == "23/11/2026 – 29/11/2026"
    assert "23/11/2026 – 29/11/2026" in box.messages[0]["Subject"]
    row = row_of(engine, sid)
    assert (row.last_status, row.attempts, row.period_token, row.last_error) == ("sent", 0, None, "")
    assert row.next_run_at == SLOT + timedelta(days=7)
    failed = audit(engine, "report_failed")
    assert len(failed) == 2 and all("550" in e.detail for e in failed)
    assert "lần thử 1" in failed[0].detail and "lần thử 2" in failed[1].detail
    assert len(audit(engine, "report_sent")) == 1


def test_a_retry_sends_only_what_failed(engine, mailbox, hook):
    """The e-mail went, the webhook was down: the retry posts to the webhook and sends no second e-mail."""
    box, smtp_port = mailbox
    receiver, hook_port = hook
    settings = settings_for(smtp_port, hook_port=hook_port)
    sid = weekly(engine, settings, hook=f"http://127.0.0.1:{hook_port}/ioc")
    receiver.failing = True
    [first] = send_due(engine, settings, now=SLOT)
    assert not first.ok and "503" in first.detail and "đã gửi: thư tới 1 địa chỉ" in first.detail
    assert row_of(engine, sid).sent_channels == "email"
    receiver.failing = False
    [second] = send_due(engine, settings, now=SLOT + timedelta(minutes=16))
    assert second.ok and second.detail == "đã gửi webhook"
    assert len(box.messages) == 1 and len(receiver.received) == 1
    row = row_of(engine, sid)
    assert (row.last_status, row.sent_channels, row.period_token) == ("sent", "", None)


def test_after_the_last_attempt_the_report_waits_for_its_next_slot(engine, mailbox):
    box, smtp_port = mailbox
    settings = settings_for(smtp_port, report_retry_minutes=1, report_max_attempts=2)
    sid = weekly(engine, settings)
    box.refuse = True
    send_due(engine, settings, now=SLOT)
    send_due(engine, settings, now=SLOT + timedelta(minutes=2))
    row = row_of(engine, sid)
    assert (row.last_status, row.attempts, row.period_token) == ("failed", 0, None)
    assert row.next_run_at == SLOT + timedelta(days=7) and "550" in row.last_error


def test_a_hanging_mail_server_fails_after_the_timeout_instead_of_blocking(engine):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)  # connections are accepted by the kernel; nobody ever answers
    try:
        settings = settings_for(silent.getsockname()[1])
        sid = weekly(engine, settings)
        started = time.monotonic()
        [outcome] = send_due(engine, settings, now=SLOT)
        elapsed = time.monotonic() - started
    finally:
        silent.close()
    assert not outcome.ok and "không trả lời sau 2 giây" in outcome.detail
    assert elapsed < 15
    assert row_of(engine, sid).last_status == "retrying"


def test_a_test_send_goes_now_and_leaves_the_schedule_alone(engine, mailbox):
    box, smtp_port = mailbox
    settings = settings_for(smtp_port)
    sid = weekly(engine, settings)
    with Session(engine) as session:
        request_test_send(sid, session=session, by="quantri")
        session.commit()
    early = SLOT - timedelta(days=1)  # the slot has not come; the test send goes anyway
    [outcome] = send_due(engine, settings, now=early)
    assert outcome.ok
    assert box.messages[0]["Subject"].startswith("[Gửi thử] Báo cáo tuần")
    row = row_of(engine, sid)
    assert row.send_now is False and row.next_run_at == SLOT and row.last_status == "sent"
    assert "gửi thử" in audit(engine, "report_sent")[0].detail
    assert len(audit(engine, "report_test")) == 1


def test_claiming_is_one_sender_at_a_time(engine, mailbox):
    settings = settings_for(mailbox[1])
    sid = weekly(engine, settings)
    assert claim(engine, sid, SLOT, "first")
    assert not claim(engine, sid, SLOT, "second")
    # A sender that died leaves its claim to expire.
    assert claim(engine, sid, SLOT + timedelta(minutes=16), "third")


def test_two_senders_at_once_send_each_report_once(engine, mailbox):
    box, smtp_port = mailbox
    settings = settings_for(smtp_port)
    ids = [weekly(engine, settings, recipients=f"lanhdao{i}@ducpho.gov.vn") for i in range(4)]
    with Session(engine) as session:  # due since a minute ago
        for sid in ids:
            row = session.get(ReportSchedule, sid)
            assert row is not None
            row.next_run_at = datetime.now(UTC) - timedelta(minutes=1)
        session.commit()
    lines = send_due_twice_at_once(engine, smtp_port)
    assert Counter(m["To"] for m in box.messages) == {f"lanhdao{i}@ducpho.gov.vn": 1 for i in range(4)}
    assert len(audit(engine, "report_sent")) == 4
    assert sorted(line.split(" ")[1] for line in lines if line.startswith("OK")) == sorted(
        f"#{i}" for i in ids
    )


def test_webhook_hosts_outside_the_list_are_refused(engine):
    settings = Settings(report_webhook_hosts="hooks.ducpho.gov.vn, 10.0.0.5:8080")
    check_webhook_url("https://hooks.ducpho.gov.vn/ioc", settings)
    check_webhook_url("http://10.0.0.5:8080/x", settings)
    for url in (
        "http://10.0.0.5/x",
        "http://192.168.1.1/admin",
        "file:///etc/passwd",
        "https://hooks.ducpho.gov.vn.evil.io/",
    ):
        with pytest.raises(DeliveryError):
            check_webhook_url(url, settings)
    with (
        Session(engine) as session,
        pytest.raises(ScheduleError, match="không nằm trong danh sách được phép"),
    ):
        add_schedule(
            NewSchedule("Báo cáo tuần", "weekly", 0, None, 7, None, "", "http://192.168.1.1/admin"),
            settings,
            session=session,
            by="quantri",
        )


def test_a_webhook_redirect_is_not_followed(engine, hook):
    """An allowed host answering with a redirect to a LAN address does not make the server post there."""
    receiver, hook_port = hook
    receiver.redirect_to = f"http://127.0.0.1:{hook_port}/inside"  # would be received if followed
    settings = Settings(report_webhook_hosts=f"127.0.0.1:{hook_port}", smtp_timeout_s=2.0)
    sid = weekly(engine, settings, recipients="", hook=f"http://127.0.0.1:{hook_port}/ioc")
    [outcome] = send_due(engine, settings, now=SLOT)
    assert not outcome.ok and "302" in outcome.detail
    assert receiver.received == []
    assert row_of(engine, sid).last_status == "retrying"


def test_recipients_are_checked_by_name():
    assert parse_recipients("a@ducpho.gov.vn; b@ducpho.gov.vn\nc@x.vn") == [
        "a@ducpho.gov.vn",
        "b@ducpho.gov.vn",
        "c@x.vn",
    ]
    with pytest.raises(DeliveryError, match="“chutich@” không hợp lệ"):
        parse_recipients("a@ducpho.gov.vn, chutich@")


def send_due_twice_at_once(engine: Engine, smtp_port: int) -> list[str]:
    """Two `report --send-due` processes started together (as two timers would); both must succeed. Their output."""
    env = {
        "PATH": "/usr/bin:/bin",
        "IOC_DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "IOC_SMTP_HOST": "127.0.0.1",
        "IOC_SMTP_PORT": str(smtp_port),
        "IOC_SMTP_STARTTLS": "false",
    }
    command = [sys.executable, "-m", "dashboard", "report", "--send-due"]
    senders = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=180) for p in senders]
    assert all(p.returncode == 0 for p in senders), outputs
    return [line for out, _err in outputs for line in out.decode().splitlines()]
