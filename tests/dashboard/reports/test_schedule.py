"""When scheduled reports fall due, on Vietnam's clock: weekly, monthly on the 31st (short months), retries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dashboard.reports.schedule import VIETNAM_TZ, next_slot, period_of_slot, retry_at


def vn(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VIETNAM_TZ)


def test_weekly_slot_is_the_weekday_and_hour_in_vietnam_time():
    """Monday 07:00 in Vietnam is Monday 00:00 UTC; asked on Monday at 06:59 it is that same morning."""
    slot = next_slot("weekly", weekday=0, day=None, hour=7, after=vn(2026, 11, 30, 6, 59))
    assert slot == datetime(2026, 11, 30, 0, 0, tzinfo=UTC)
    assert slot.astimezone(VIETNAM_TZ).weekday() == 0


def test_weekly_slot_just_passed_moves_a_week_on():
    slot = next_slot("weekly", weekday=0, day=None, hour=7, after=vn(2026, 11, 30, 7, 0))
    assert slot.astimezone(VIETNAM_TZ) == vn(2026, 12, 7, 7, 0)


def test_the_vietnamese_day_decides_not_the_utc_one():
    """Tuesday 01:00 in Vietnam is still Monday in UTC: a Tuesday 06:00 report is due hours later, not in a week."""
    after = vn(2026, 12, 1, 1, 0)
    assert after.astimezone(UTC).weekday() == 0
    slot = next_slot("weekly", weekday=1, day=None, hour=6, after=after)
    assert slot.astimezone(VIETNAM_TZ) == vn(2026, 12, 1, 6, 0)


def test_monthly_on_the_31st_falls_on_each_months_last_day():
    after = vn(2027, 1, 31, 8, 0)  # January's slot has just passed
    seen = []
    for _ in range(4):
        after = next_slot("monthly", weekday=None, day=31, hour=8, after=after)
        seen.append(after.astimezone(VIETNAM_TZ).date().isoformat())
    assert seen == ["2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31"]


def test_monthly_on_the_31st_in_a_leap_february():
    slot = next_slot("monthly", weekday=None, day=31, hour=8, after=vn(2028, 2, 1, 0, 0))
    assert slot.astimezone(VIETNAM_TZ) == vn(2028, 2, 29, 8, 0)


def test_monthly_slot_in_december_moves_to_january():
    slot = next_slot("monthly", weekday=None, day=5, hour=7, after=vn(2026, 12, 5, 7, 30))
    assert slot.astimezone(VIETNAM_TZ) == vn(2027, 1, 5, 7, 0)


def test_weekly_report_covers_the_seven_days_before_its_day():
    period = period_of_slot("weekly", vn(2026, 11, 30, 7, 0).astimezone(UTC))
    assert (period.start.isoformat(), period.end.isoformat()) == ("2026-11-23", "2026-11-29")
    assert period.token == "c2026-11-23_2026-11-29"


def test_monthly_report_covers_the_last_complete_month():
    assert period_of_slot("monthly", vn(2027, 1, 5, 7, 0)).token == "m2026-12"
    # Sent at 07:00 on 1 March in Vietnam (still 28 February in UTC): February is the month reported.
    assert period_of_slot("monthly", vn(2027, 3, 1, 0, 30).astimezone(UTC)).token == "m2027-02"


def test_retries_wait_twice_as_long_each_time():
    now = datetime(2026, 12, 2, tzinfo=UTC)
    waits = [retry_at(now, n, 15) - now for n in (1, 2, 3)]
    assert waits == [timedelta(minutes=15), timedelta(minutes=30), timedelta(minutes=60)]
