"""When a scheduled report is due and which period it reports, on Vietnam's wall clock (Asia/Ho_Chi_Minh).

Weekly: on a weekday at an hour, reporting the seven days before that day (Monday 7:00 → last Monday–Sunday).
Monthly: on a day at an hour (the month's last day when the month is shorter: 31 → 30/4, 28/2), reporting the
last complete month before that day. Retries wait `retry_minutes` × 2^(attempt − 1).
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from base import periods

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FREQUENCIES = {"weekly": "Hằng tuần", "monthly": "Hằng tháng"}
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def _slot_on(day: date, hour: int) -> datetime:
    """The moment `hour`:00 of a Vietnamese calendar day, in UTC."""
    return datetime.combine(day, time(hour), tzinfo=VIETNAM_TZ).astimezone(UTC)


def monthly_day(year: int, month: int, day: int) -> date:
    """The day of the month, or the month's last day when it has fewer days."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def next_slot(
    frequency: str, *, weekday: int | None, day: int | None, hour: int, after: datetime
) -> datetime:
    """The first slot strictly after `after` (aware), in UTC."""
    local = after.astimezone(VIETNAM_TZ).date()
    if frequency == "weekly":
        if weekday is None:
            raise ValueError("a weekly report needs its weekday")
        for offset in range(8):
            candidate = local + timedelta(days=offset)
            if candidate.weekday() == weekday and _slot_on(candidate, hour) > after:
                return _slot_on(candidate, hour)
    elif frequency == "monthly":
        if day is None:
            raise ValueError("a monthly report needs its day")
        year, month = local.year, local.month
        for _ in range(3):
            slot = _slot_on(monthly_day(year, month, day), hour)
            if slot > after:
                return slot
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise ValueError(f"unknown frequency {frequency!r}")


def period_of_slot(frequency: str, slot: datetime) -> periods.Selected:
    """What a slot reports: the seven days before its day (weekly) or the last complete month (monthly)."""
    day = slot.astimezone(VIETNAM_TZ).date()
    if frequency == "weekly":
        return periods.custom(day - timedelta(days=7), day - timedelta(days=1))
    last = day.replace(day=1) - timedelta(days=1)
    return periods.month(last.year, last.month)


def latest_period(frequency: str, now: datetime) -> periods.Selected:
    """The period a report sent right now would cover (an admin's test send)."""
    return period_of_slot(frequency, now)


def retry_at(now: datetime, attempts: int, retry_minutes: float) -> datetime:
    """When to try again after the `attempts`-th failure: the wait doubles each time."""
    return now + timedelta(minutes=retry_minutes * 2 ** max(0, attempts - 1))


def describe(frequency: str, weekday: int | None, day: int | None, hour: int) -> str:
    """'Thứ Hai hằng tuần, 07:00' / 'Ngày 31 hằng tháng (ngày cuối tháng nếu tháng ngắn hơn), 07:00'."""
    if frequency == "weekly" and weekday is not None:
        return f"{WEEKDAYS[weekday]} hằng tuần, {hour:02d}:00"
    note = " (ngày cuối tháng nếu tháng ngắn hơn)" if day and day > 28 else ""
    return f"Ngày {day} hằng tháng{note}, {hour:02d}:00"
