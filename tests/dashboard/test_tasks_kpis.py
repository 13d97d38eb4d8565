"""Task KPIs as pure functions: completion, on-time and late, overdue on the as-of day, due soon, by lead agency."""

from datetime import date

import pytest

from dashboard.kpis.tasks import (
    TASK_COUNT_LABELS,
    TASK_KPIS,
    TaskFacts,
    by_lead,
    due_soon,
    is_overdue,
    overdue,
    task_kpis,
)

MARCH_31 = date(2022, 3, 31)


def task(
    status="not_started", kind="date", deadline=MARCH_31, late=None, lead="Phòng Tư pháp", title="Nhiệm vụ"
):
    return TaskFacts(title, lead, status, kind, deadline if kind == "date" else None, late)


def test_seed_000_24_of_45_tasks_done_is_53_33_percent():
    tasks = [task("done", late=False)] * 20 + [task("done", late=True)] * 4 + [task("in_progress")] * 21
    k = task_kpis(tasks, date(2022, 6, 15))
    assert (k["total"], k["done"], k["done_on_time"], k["done_late"]) == (45, 24, 20, 4)
    assert k["completion_rate"] == pytest.approx(53.33, abs=0.005)
    assert k["overdue"] == 21  # every unfinished task was due on 31/03/2022


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(date(2022, 3, 30), False), (MARCH_31, False), (date(2022, 4, 1), True)],
)
def test_a_task_is_overdue_only_after_its_deadline_day(as_of, expected):
    assert is_overdue(task("in_progress"), as_of) is expected


@pytest.mark.parametrize(
    "item",
    [
        task("done", late=True),  # finished, even if late
        task(kind="ongoing"),  # "Thường xuyên": nothing to miss
        task(kind="none"),  # "Theo kế hoạch của Sở Nội vụ": no date known
    ],
)
def test_never_overdue(item):
    assert not is_overdue(item, date(2030, 1, 1))


def test_no_deadline_counts_ongoing_and_undated_tasks():
    k = task_kpis(
        [task(kind="ongoing"), task(kind="none"), task("done", kind="ongoing", late=False), task()], MARCH_31
    )
    assert (k["no_deadline"], k["done"], k["done_on_time"], k["overdue"]) == (3, 1, 1, 0)


def test_no_tasks_has_no_rate_not_zero():
    k = task_kpis([], MARCH_31)
    assert (k["total"], k["completion_rate"]) == (0, None)


def test_due_soon_is_the_next_14_days_unfinished_soonest_first():
    tasks = [
        task(deadline=date(2022, 4, 14), title="biên"),
        task(deadline=date(2022, 4, 15), title="ngoài"),
        task(deadline=date(2022, 4, 2), title="sớm"),
        task("done", deadline=date(2022, 4, 3), title="xong"),
        task(deadline=date(2022, 3, 30), title="quá hạn"),
    ]
    soon = due_soon(tasks, date(2022, 3, 31))
    assert [(t["title"], t["days_left"]) for t in soon] == [("sớm", 2), ("biên", 14)]
    assert [(t["title"], t["days_left"]) for t in overdue(tasks, date(2022, 3, 31))] == [("quá hạn", -1)]


def test_by_lead_puts_the_most_overdue_first():
    tasks = [
        task("done", lead="Phòng Y tế"),
        task(lead="Phòng Y tế", deadline=date(2022, 5, 1)),
        task(lead="Phòng Tư pháp"),
        task(lead="Phòng Tư pháp"),
        task("done", lead="Sở Nội vụ", kind="none"),
    ]
    rows = by_lead(tasks, date(2022, 4, 1))
    assert [(r["lead"], r["total"], r["done"], r["overdue"], r["completion_rate"]) for r in rows] == [
        ("Phòng Tư pháp", 2, 0, 2, 0.0),
        ("Phòng Y tế", 2, 1, 0, 50.0),
        ("Sở Nội vụ", 1, 1, 0, 100.0),
    ]


def test_every_figure_has_a_label_and_a_definition():
    for label, formula in TASK_COUNT_LABELS.values():
        assert label and formula
    assert TASK_KPIS["completion_rate"].formula == "Số nhiệm vụ đã hoàn thành ÷ tổng số nhiệm vụ"
