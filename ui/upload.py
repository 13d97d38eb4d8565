"""Widgets of the staff's pages: sign-in gate, literal text, tables, and checking then storing uploaded files."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from streamlit.errors import StreamlitPageNotFoundError

from base.formatting import vn_number
from dashboard.access.auth import ROLES, Account, to_account
from dashboard.access.web_sessions import COOKIE_NAME
from dashboard.importing import upload_jobs
from dashboard.importing.importer import ImportPlan, warning_lines
from dashboard.importing.parse_worker import WorkerLost, WorkerPool, get_pool
from dashboard.importing.result import ImportResult
from dashboard.importing.upload_jobs import Database
from dashboard.importing.upload_preview import Replacement, SheetPreview
from dashboard.settings import get_settings
from dashboard.store.models import User
from dashboard.views.exports import neutralise
from data_loaders.problems import Problems
from data_loaders.saved_layout import Layout
from ui import strings as txt
from ui.session import current_account, here, require_role, sign_out_everywhere

log = logging.getLogger(__name__)
# Every ASCII punctuation mark CommonMark lets a backslash escape, so data can never become markup.
_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&\"'=%@^])")
TABLE_ROWS = 60  # up to this many rows a static table (wrapped, readable text); beyond, a scrolling grid


def literal(text: object) -> str:
    """Text for Streamlit's Markdown (alerts, tables, labels) that shows exactly as written, never as markup."""
    return _MARKUP.sub(r"\\\1", str(text)).replace("\r", " ").replace("\n", " ")


def export_safe(value: object) -> str:
    """A cell as text that a spreadsheet opening the grid's CSV export cannot run as a formula."""
    return neutralise(str(value))


def grid(rows: Sequence[Mapping[str, object]], *, key: str) -> None:
    """A scrolling, read-only grid of rows whose text cells are safe in its CSV export."""
    frame = pd.DataFrame(list(rows))
    st.dataframe(frame.map(export_safe) if len(frame) else frame, hide_index=True, key=key)


def show_table(rows: Sequence[Mapping[str, str]], *, key: str) -> None:
    """Rows of text as a table: every cell literal; long lists scroll in a grid."""
    if not rows:
        return
    if len(rows) <= TABLE_ROWS:
        frame = pd.DataFrame(list(rows))
        st.table(frame.map(literal).rename(columns=literal), hide_index=True)
    else:
        grid(rows, key=key)


def page_link(page: str, label: str) -> None:
    """A link to another page of the app (plain text where the page is not registered, as in AppTest)."""
    try:
        st.page_link(page, label=label)
    except StreamlitPageNotFoundError:
        st.caption(literal(label))


def fresh_account(engine: Engine, account: Account) -> Account | None:
    """The account as the database has it now (an admin may have locked it or changed its units)."""
    with Session(engine) as session:
        user = session.exec(select(User).where(col(User.username) == account.username)).first()
    return to_account(user) if user is not None and user.active else None


def oidc_configured() -> bool:
    """Whether the deployment's secrets name an identity provider for st.login (an [auth] section)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises rather than answer False
        return False


def _oidc_email() -> str | None:
    """The identity provider's e-mail of a browser signed in with st.login, if any."""
    try:
        return str(st.user.get("email", "")) or None if st.user.is_logged_in else None
    except Exception:
        return None


def oidc_sign_in() -> None:
    """The organisation's sign-in button (when configured), and why an IdP user without an account gets nothing."""
    if not oidc_configured():
        return
    email = _oidc_email()
    if email:
        st.warning(literal(txt.upload_check_warning_tai_khoan_to_chuc(email=email)))
        return
    st.button(txt.UPLOAD_CHECK_BUTTON_DANG_NHAP_BANG_TAI, on_click=st.login, icon=":material/key:")


def staff_gate(*roles: str) -> Account:
    """The signed-in account with one of the roles, or the sign-in form (or a refusal) and stop."""
    if current_account() is None:
        oidc_sign_in()
    account = require_role(*roles)
    if account is None:
        st.stop()
    # Just signed in with the form: no rerun, which would drop the redirect that fetches the cookie; the page
    # the browser comes back to has the new role's menu.
    return account


def account_box(account: Account | None, sign_in_page: st.Page | None = None) -> None:
    """On every page's sidebar: who is signed in with “Đăng xuất”, or the way to “Đăng nhập”."""
    box = st.sidebar.container(border=True)
    if account is None:
        if sign_in_page is not None:
            box.page_link(
                sign_in_page,
                label=txt.COMMON_HEADING_DANG_NHAP,
                icon=":material/login:",
                query_params={"tiep": here()},
            )
        return
    box.caption(
        literal(
            txt.upload_check_caption_dang_nhap(
                value=account.full_name or account.username, roles=ROLES[account.role]
            )
        )
    )
    if box.button(txt.UPLOAD_CHECK_BUTTON_DANG_XUAT, key="ioc_sign_out", icon=":material/logout:"):
        local = st.session_state.get("ioc_account") is not None or bool(st.context.cookies.get(COOKIE_NAME))
        sign_out_everywhere(account.username)
        if not local and _oidc_email():
            st.logout()  # an identity-provider session: end it too
        st.rerun()


# --- Checking and storing files -------------------------------------------------------------------------------


@dataclass
class CheckedFile:
    """One uploaded file after the dry run: what it would store, replace, and every problem."""

    name: str
    content: bytes
    sha256: str
    result: ImportResult
    previews: list[SheetPreview] = field(default_factory=list)
    replaced: list[Replacement] = field(default_factory=list)
    refused_units: list[str] = field(default_factory=list)
    crashed: bool = False
    draft: Layout | None = None  # the column layout chosen on the page that this check used
    plan: ImportPlan | None = None  # what storing commits (None: the check failed)

    @property
    def has_errors(self) -> bool:
        return self.crashed or self.result.problems.has_errors()

    @property
    def has_warnings(self) -> bool:
        return self.result.problems.has_warnings()


def check_upload(
    engine: Engine, content: bytes, name: str, account: Account, draft: Layout | None = None
) -> CheckedFile:
    """Read and validate a file once, in the parse worker, storing nothing: its plan and preview."""
    sha256 = hashlib.sha256(content).hexdigest()
    settings = get_settings()
    try:
        pool = get_pool(settings)
        checked = pool.run(
            upload_jobs.check_file, Database.of(engine, settings), content, name, account, settings, draft
        )
    except WorkerLost as lost:  # a native crash, the memory cap or the time limit: the server lives on
        log.warning("checking %s lost its worker: %s", name, lost)
        result = ImportResult(name, worker_lost_problems(lost, name, pool, storing=False))
        return CheckedFile(name, content, sha256, result, crashed=True)
    except Exception:  # a bug must not show a traceback nor store anything; the log keeps the details
        log.exception("checking %s failed", name)
        result = ImportResult(name, _internal_error())
        return CheckedFile(name, content, sha256, result, crashed=True)
    plan = checked.plan
    plan.content = content  # the same bytes as the page's, not a second copy in the session
    return CheckedFile(
        name,
        content,
        sha256,
        plan.result,
        plan.previews,
        plan.replaced,
        checked.refused_units,
        draft=draft,
        plan=plan,
    )


def _internal_error() -> Problems:
    problems = Problems()
    problems.error(
        "internal_error",
        "Hệ thống gặp lỗi khi đọc tệp này; chưa có gì được lưu. Hãy thử lại; nếu vẫn lỗi, gửi tệp cho quản trị "
        "viên kèm thời điểm tải lên.",
    )
    return problems


def worker_lost_problems(lost: WorkerLost, name: str, pool: WorkerPool, *, storing: bool) -> Problems:
    """Why a file that stopped its reading process got nothing stored, and what the user can do."""
    problems = Problems()
    if lost.reason == "timeout":
        cause = f"việc {'ghi' if storing else 'đọc'} tệp chưa xong sau {vn_number(pool.timeout_s)} giây"
        code = "worker_timeout"
    else:
        cause = (
            f"quá trình {'ghi' if storing else 'đọc'} tệp bị dừng đột ngột (vượt giới hạn "
            f"{vn_number(pool.memory_mb)} MB bộ nhớ hoặc lỗi khi giải nén)"
        )
        code = "worker_crashed"
    verb = "ghi" if storing else "đọc"
    problems.error(
        code,
        f"Không {verb} được tệp “{name}”: {cause}; tệp có thể bị hỏng hoặc quá lớn. Chưa có gì được lưu"
        f"{' (xem lại trang Dữ liệu trước khi thử lại)' if storing else ''}. Hãy mở tệp bằng Excel, xóa các dòng, "
        "cột và ô thừa nằm xa bảng số liệu, lưu lại dạng .xlsx (hoặc tách thành nhiều tệp nhỏ) rồi tải lên lại; "
        "nếu vẫn lỗi, gửi tệp cho quản trị viên.",
    )
    return problems


def store_upload(engine: Engine, checked: CheckedFile, account: Account, accepted: bool) -> ImportResult:
    """Commit a checked file's plan in the parse worker, without reading the file again.

    Its warnings are stored only if accepted exactly as seen (`dashboard.importing.importer.may_store_warnings`).
    """
    if checked.plan is None:  # a check that failed offers nothing to store
        raise ValueError(f"{checked.name} has no plan to store")
    settings = get_settings()
    pool = get_pool(settings)
    seen = warning_lines(checked.result.problems)
    try:
        return pool.run(
            upload_jobs.store_file,
            Database.of(engine, settings),
            checked.plan,
            account,
            settings,
            seen,
            accepted,
        )
    except WorkerLost as lost:
        log.warning("storing %s lost its worker: %s", checked.name, lost)
        return ImportResult(checked.name, worker_lost_problems(lost, checked.name, pool, storing=True))
