"""Sending a built report: by e-mail through the organisation's SMTP relay, and as JSON to a webhook.

Every exchange has a timeout (settings.smtp_timeout_s), so a relay that hangs fails the delivery instead of
holding the sender. A webhook may only point at a host listed in settings.report_webhook_hosts: an admin cannot
turn the server into a probe of the LAN. Redirects are not followed for the same reason.
"""

from __future__ import annotations

import json
import os
import smtplib
import ssl
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

from dashboard.settings import Settings

PDF_MIME = ("application", "pdf")
XLSX_MIME = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PASSWORD_VARIABLE = "IOC_SMTP_PASSWORD"  # never a setting in a file: only the server's environment holds it


class DeliveryError(Exception):
    """A delivery that did not go through, with a Vietnamese reason for the admin page and the audit log."""


@dataclass(frozen=True)
class Attachment:
    file_name: str
    content: bytes
    mime: tuple[str, str]


def parse_recipients(text: str) -> list[str]:
    """Addresses separated by commas, semicolons or new lines; a malformed one is an error naming it."""
    found = []
    for part in text.replace(";", ",").replace("\n", ",").split(","):
        address = part.strip()
        if not address:
            continue
        _name, parsed = parseaddr(address)
        local, _, domain = parsed.partition("@")
        if parsed != address or not local or "." not in domain or " " in address:
            raise DeliveryError(f"Địa chỉ thư “{address}” không hợp lệ (ví dụ đúng: lanhdao@ducpho.gov.vn).")
        found.append(address)
    return found


def allowed_hosts(settings: Settings) -> set[str]:
    return {h.strip().lower() for h in settings.report_webhook_hosts.split(",") if h.strip()}


def check_webhook_url(url: str, settings: Settings) -> None:
    """Refuse anything but http(s) to a host (or host:port) listed in the settings."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DeliveryError(f"Địa chỉ webhook “{url}” không hợp lệ: cần dạng https://máy-chủ/đường-dẫn.")
    host = parts.hostname.lower()
    with_port = f"{host}:{parts.port}" if parts.port else host
    allowed = allowed_hosts(settings)
    if host not in allowed and with_port not in allowed:
        listed = ", ".join(sorted(allowed)) or "chưa có máy chủ nào"
        raise DeliveryError(
            f"Máy chủ “{with_port}” của webhook không nằm trong danh sách được phép (IOC_REPORT_WEBHOOK_HOSTS: "
            f"{listed}). Hãy nhờ quản trị hệ thống thêm vào nếu đúng là máy chủ của cơ quan."
        )


def send_email(
    settings: Settings,
    *,
    recipients: Sequence[str],
    subject: str,
    body: str,
    attachments: Sequence[Attachment],
) -> None:
    """One message to every recipient through the relay (STARTTLS and sign-in when configured)."""
    if not settings.smtp_host:
        raise DeliveryError("Chưa cấu hình máy chủ thư (IOC_SMTP_HOST); không gửi được thư.")
    message = EmailMessage()
    message["From"] = settings.smtp_sender
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    message.set_content(body)
    for a in attachments:
        message.add_attachment(a.content, maintype=a.mime[0], subtype=a.mime[1], filename=a.file_name)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_s) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, os.environ.get(PASSWORD_VARIABLE, ""))
            refused = smtp.send_message(message)
    except (TimeoutError, smtplib.SMTPServerDisconnected) as exc:
        # smtplib reports a reply that never came as a disconnection caused by the timeout.
        if isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
            raise DeliveryError(
                f"Máy chủ thư {settings.smtp_host}:{settings.smtp_port} không trả lời sau "
                f"{settings.smtp_timeout_s:g} giây."
            ) from exc
        raise DeliveryError(f"Máy chủ thư ngắt kết nối: {exc}") from exc
    except smtplib.SMTPException as exc:
        raise DeliveryError(f"Máy chủ thư từ chối: {_reason(exc)}") from exc
    except OSError as exc:
        raise DeliveryError(
            f"Không kết nối được máy chủ thư {settings.smtp_host}:{settings.smtp_port}: {exc.strerror or exc}."
        ) from exc
    if refused:
        raise DeliveryError(f"Máy chủ thư từ chối các địa chỉ: {', '.join(sorted(refused))}.")


def _reason(exc: smtplib.SMTPException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = (
            exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        )
        return f"{exc.smtp_code} {text}"
    return str(exc) or type(exc).__name__


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect could lead anywhere on the LAN: the answer is taken as a failure instead


def post_webhook(settings: Settings, url: str, payload: dict[str, Any]) -> int:
    """POST the JSON payload; any status outside 2xx is a failure. Returns the status."""
    check_webhook_url(url, settings)
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    opener = urllib.request.build_opener(_NoRedirects())
    try:
        with opener.open(request, timeout=settings.smtp_timeout_s) as response:
            status = int(response.status)
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"Webhook trả lời lỗi {exc.code} {exc.reason}.") from exc
    except TimeoutError as exc:
        raise DeliveryError(f"Webhook không trả lời sau {settings.smtp_timeout_s:g} giây.") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(f"Không gửi được tới webhook: {reason}.") from exc
    if not 200 <= status < 300:
        raise DeliveryError(f"Webhook trả lời {status}, không phải 2xx.")
    return status
