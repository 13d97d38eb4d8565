"""The text parts of the tiles as HTML. Every value from data (unit names, task titles…) is escaped here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from html import escape

from base.formatting import MISSING, NOT_REPORTED, vn_date, vn_number, vn_percent
from base.formatting import vn_billions as billions
from dashboard.views.wall.dossier_tiles import HeadlineData, UnitRow
from dashboard.views.wall.finance_tiles import DisbursementData, Investor, RevenueData, TasksData, money_pair
from dashboard.views.wall.freshness import Freshness
from dashboard.views.wall.model import Alert, Rated
from dashboard.views.wall.text import (
    DATABASE_LOST,
    FRESHNESS_WORDS,
    NO_ALERTS,
    NO_DATA,
    NO_TARGET,
    SERVER_LOST,
    days_text,
    status_icon,
    status_word,
    weekday_date,
)


def badge(status: str | None, word: str | None = None) -> str:
    """A coloured label with an icon and a word (never colour alone); '' without a status."""
    if status is None:
        return ""
    text = word if word is not None else status_word(status)
    return f'<span class="wall-badge wall-{status}">{status_icon(status)} {escape(text)}</span>'


def tile(title: str, subtitle: str, body: str, *, chart: bool = False) -> str:
    """A tile's heading and body; `chart` marks a view whose figure follows (tests and the benchmark wait for it)."""
    mark = ' data-wall-chart="1"' if chart else ""
    return (
        f'<div class="wall-tile"{mark}><div class="wall-head"><div class="wall-title">{escape(title)}</div>'
        f'<div class="wall-sub">{escape(subtitle)}</div></div>{body}</div>'
    )


def empty(message: str = NO_DATA) -> str:
    return f'<div class="wall-empty">{escape(message)}</div>'


def _target_note(measure: Rated) -> str:
    if measure.target is None:
        return f'<span class="wall-muted">{escape(NO_TARGET)}</span>'
    return f"{badge(measure.status)}<span>chỉ tiêu {escape(vn_percent(measure.target, 0))}</span>"


def _card(label: str, value: str, note: str) -> str:
    return (
        f'<div class="wall-card"><div class="wall-label">{escape(label)}</div>'
        f'<div class="wall-big">{escape(value)}</div><div class="wall-note">{note}</div></div>'
    )


def headline_body(d: HeadlineData) -> str:
    """Four big figures: received, resolved, online rate and on-time rate (the last two against targets)."""
    online_note = f"trực tuyến {vn_number(d.received_online)}" if d.received_online is not None else ""
    pending = f"đang giải quyết {vn_number(d.pending)}, quá hạn {vn_number(d.overdue)}"
    cards = [
        _card("Hồ sơ tiếp nhận", vn_number(d.received), escape(online_note)),
        _card("Đã giải quyết", vn_number(d.resolved), escape(pending)),
        _card("Tỷ lệ nộp trực tuyến", vn_percent(d.online.value), _target_note(d.online)),
        _card("Tỷ lệ giải quyết đúng hạn", vn_percent(d.on_time.value), _target_note(d.on_time)),
    ]
    return f'<div class="wall-cards">{"".join(cards)}</div>'


def status_body(
    *,
    title: str,
    subtitle: str,
    now: datetime,
    freshness: Sequence[Freshness],
    alerts: Sequence[Alert],
    database_lost: bool = False,
) -> str:
    """Title, date and clock (ticked by the page's script), each dataset's freshness, the current alerts.

    The server-lost note shows only while the page's script cannot reach the server; the database-lost one
    while the page draws the last figures it had.
    """
    rows = "".join(_freshness_row(f) for f in freshness)
    items = "".join(f"<li>{badge(a.severity, '')}<span>{escape(a.text)}</span></li>" for a in alerts)
    lost = f'<div class="wall-lost">✖ {escape(DATABASE_LOST)}</div>' if database_lost else ""
    none = f'<li><span class="wall-muted">{escape(NO_ALERTS)}</span></li>'
    return (
        '<div class="wall-tile">'
        f'<div><div class="wall-brand">{escape(title)}</div><div class="wall-brand-sub">{escape(subtitle)}</div></div>'
        f'<div class="wall-now"><span class="wall-date">{escape(weekday_date(now.date()))}</span>'
        f'<span class="wall-clock" data-wall-clock="1">{now:%H:%M}</span></div>'
        f'<div class="wall-offline-note">✖ {escape(SERVER_LOST)}</div>{lost}'
        '<div class="wall-section">Số liệu</div>'
        '<table class="wall-table"><colgroup><col style="width:36%"><col style="width:24%"><col style="width:40%">'
        f"</colgroup><tbody>{rows}</tbody></table>"
        f'<div class="wall-section">Cảnh báo</div><ul class="wall-list">'
        f"{items or none}</ul></div>"
    )


def _freshness_row(f: Freshness) -> str:
    if f.status is None:
        state = f'<span class="wall-muted">{escape(NO_DATA)}</span>'
    else:
        age = f" · {days_text(f.age_days)}" if f.age_days is not None and f.status != "met" else ""
        state = badge(f.status, FRESHNESS_WORDS[f.status] + age)
    if f.not_reported:  # units that owed the newest due report and sent none
        state += f' <span class="wall-muted">· {vn_number(len(f.not_reported))} {escape(NOT_REPORTED)}</span>'
    until = f"đến {vn_date(f.latest_period_end)}" if f.latest_period_end else MISSING
    return f"<tr><td>{escape(f.label)}</td><td>{escape(until)}</td><td>{state}</td></tr>"


def _rate_cell(measure: Rated) -> str:
    text = escape(vn_percent(measure.value, 1))
    return f"{badge(measure.status, text)}" if measure.status else text


def scorecard_body(rows: Iterable[UnitRow]) -> str:
    """Units × key KPIs: online and on-time rates with their status, late and overdue counts. A unit that owed
    the newest due report and sent none says so: across its row when it has no figures (never a row of 0 or
    blanks), after its name when its figures are from earlier months."""
    lines = "".join(_scorecard_row(r) for r in rows)
    return (
        '<table class="wall-table"><colgroup><col style="width:40%"><col style="width:16%"><col style="width:16%">'
        '<col style="width:14%"><col style="width:14%"></colgroup>'
        "<thead><tr><th>Đơn vị</th><th>Trực tuyến</th><th>Đúng hạn</th><th>Trả quá hạn</th><th>Đang quá hạn</th></tr>"
        f"</thead><tbody>{lines}</tbody></table>"
    )


def _scorecard_row(r: UnitRow) -> str:
    name = escape(r.name)
    if r.not_reported and not r.has_figures:
        return f'<tr><td>{name}</td><td colspan="4" class="wall-muted">{escape(r.not_reported)}</td></tr>'
    if r.not_reported:
        name += f' <span class="wall-muted">· {escape(r.not_reported)}</span>'
    return (
        f"<tr><td>{name}</td><td>{_rate_cell(r.online)}</td><td>{_rate_cell(r.on_time)}</td>"
        f"<td>{escape(vn_number(r.late))}</td><td>{escape(vn_number(r.overdue))}</td></tr>"
    )


def late_summary(rows: Sequence[UnitRow], area: str) -> str:
    late = sum(r.late or 0 for r in rows)
    overdue = sum(r.overdue or 0 for r in rows)
    return (
        f'<div class="wall-note">{escape(area)}: {escape(vn_number(late))} hồ sơ trả quá hạn, '
        f"{escape(vn_number(overdue))} hồ sơ đang giải quyết quá hạn</div>"
    )


def revenue_kpi(d: RevenueData) -> str:
    """Year to date in tỷ đồng, its share of the estimate, the time gone by and last year's comparison."""
    return (
        f'<div class="wall-kpi"><div class="wall-big">{escape(billions(d.ytd))}</div><div class="wall-notes">'
        f"<div>{badge(d.status)} {escape(vn_percent(d.pct_of_estimate))} dự toán {escape(billions(d.estimate))}</div>"
        f"<div>Tiến độ thời gian {escape(vn_percent(d.time_progress))}</div>"
        f"<div>So cùng kỳ năm trước {escape(vn_percent(d.pct_vs_last_year))}</div></div></div>"
    )


def disbursement_kpi(d: DisbursementData) -> str:
    """The rate, disbursed over plan, and the gap to the next milestone with the days left."""
    notes = [f"<div>Đã giải ngân {escape(money_pair(d.disbursed, d.plan))} đồng</div>"]
    m = d.next_milestone
    if m:
        gap = m.get("gap_pts")
        gap_text = MISSING if gap is None else f"{'+' if gap >= 0 else '−'}{vn_number(abs(gap), 1)} điểm"
        notes.append(
            f"<div>{badge(m.get('status'))} Mốc {escape(vn_percent(m['target_pct'], 0))} ngày "
            f"{escape(vn_date(date.fromisoformat(m['date'])))}: {escape(gap_text)}, còn {escape(days_text(m['days_left']))}</div>"
        )
    return f'<div class="wall-kpi"><div class="wall-big">{escape(vn_percent(d.pct, 1))}</div><div class="wall-notes">{"".join(notes)}</div></div>'


def investors_body(investors: Sequence[Investor]) -> str:
    """The investors furthest behind: rate (with status against the next milestone) and money."""
    lines = "".join(
        f"<tr><td>{escape(i.name)}</td><td>{_rate_cell(Rated(i.pct, None, i.status))}</td>"
        f"<td>{escape(money_pair(i.disbursed, i.plan))}</td></tr>"
        for i in investors
    )
    return (
        '<table class="wall-table"><colgroup><col style="width:46%"><col style="width:20%"><col style="width:34%">'
        "</colgroup><thead><tr><th>Chủ đầu tư</th><th>Tỷ lệ</th><th>Đã giải ngân / kế hoạch</th></tr></thead>"
        f"<tbody>{lines}</tbody></table>"
    )


def tasks_body(d: TasksData) -> str:
    """How many tasks are overdue, the completion rate, and the longest-overdue tasks with their lead agency."""
    summary = (
        f'<div class="wall-note">{badge("behind" if d.overdue else "met", "")}'
        f"{escape(vn_number(d.overdue))}/{escape(vn_number(d.total))} nhiệm vụ quá hạn · hoàn thành "
        f"{escape(vn_percent(d.completion_rate))}</div>"
    )
    tasks = "".join(
        f'<div class="wall-task"><div class="wall-task-title">{escape(t.title)}</div><div class="wall-task-meta">'
        f"{badge('behind', 'quá hạn ' + days_text(t.days_overdue))}<span>{escape(t.lead)} · hạn {escape(vn_date(t.deadline))}</span>"
        "</div></div>"
        for t in d.longest_overdue
    )
    return summary + tasks


def heartbeat(beat: str) -> str:
    """An invisible mark that changes on every refresh: the page's watchdog reloads when it stops changing."""
    return f'<div data-wall-beat="{escape(beat)}"></div>'


def rotation_mark(seconds: float) -> str:
    """Tells the page's script to show the panel's views in turn, `seconds` each."""
    return f'<span hidden data-wall-rotate="{seconds:g}"></span>'
