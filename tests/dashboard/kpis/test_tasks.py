"""Task KPIs as pure functions: completion, on-time and late, overdue on the as-of day, due soon, by lead agency."""

from datetime import date

import pytest

from dashboard.kpis.tasks import (
    TASK_COUNT_KPIS,
    TASK_KPIS,
    TaskFacts,
    by_lead,
    due_soon,
    is_overdue,
    overdue,
    task_counts,
    task_kpis,
    task_verdict,
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
    for label, formula in ((k.label, k.formula) for k in TASK_COUNT_KPIS.values()):
        assert label and formula
    assert TASK_KPIS["completion_rate"].formula == "Số nhiệm vụ đã hoàn thành ÷ tổng số nhiệm vụ"


APRIL_15 = date(2022, 4, 15)


@pytest.mark.parametrize(
    ("tasks", "target", "status", "text"),
    [
        # Công an thị xã on the issue: one task, not yet due — no verdict, never "Chậm".
        ([task("in_progress", deadline=date(2022, 12, 31))], 100.0, None, "— chưa đến hạn"),
        ([task("not_started", kind="ongoing")], 100.0, None, "— chưa đến hạn"),
        # Done early counts as done; the task not yet due is left out: 1/1 due = 100%.
        (
            [task("done", late=False), task("in_progress", deadline=date(2022, 12, 31))],
            100.0,
            "met",
            "✅ Đạt",
        ),
        # 1 done of 2 due (one overdue) = 50% against 100%: behind, whatever is not yet due.
        (
            [task("done", late=True), task("in_progress"), task("not_started", kind="none")],
            100.0,
            "behind",
            "🔴 Chậm",
        ),
        # 19 of 20 due = 95% against 100% with 5 points' tolerance: close.
        ([task("done", late=False)] * 19 + [task("in_progress")], 100.0, "close", "⚠️ Gần đạt"),
        # Tasks due but no target: nothing to judge against.
        ([task("done", late=False)], None, None, "—"),
    ],
)
def test_a_task_verdict_is_judged_on_what_is_due(tasks, target, status, text):
    verdict = task_verdict(task_counts(tasks, APRIL_15), target)
    assert (verdict.status, verdict.text) == (status, text)


def test_the_verdict_gives_its_reason():
    tasks = [task("done", late=True), task("in_progress"), task("in_progress", deadline=date(2022, 12, 31))]
    reason = task_verdict(task_counts(tasks, APRIL_15), 100.0).reason
    assert reason == (
        "Đã hoàn thành 1/2 nhiệm vụ đã đến hạn (50,00%; 1 trễ hạn, 1 quá hạn), chỉ tiêu 100%; "
        "1 nhiệm vụ chưa đến hạn không tính"
    )
    nothing_due = task_verdict(task_counts(tasks[2:], APRIL_15), 100.0).reason
    assert (
        nothing_due
        == "Chưa đến hạn: chưa có nhiệm vụ nào hoàn thành hoặc quá hạn (1 nhiệm vụ chưa đến hạn không tính)"
    )


def test_the_completion_rate_stays_done_over_all_while_the_status_counts_only_due_tasks():
    # 4 of 13 done (30,77%, the headline); 1 overdue, 8 not yet due: 4/5 due = 80% — behind 100%.
    later = date(2023, 12, 31)
    tasks = [task("done", late=False)] * 4 + [task("in_progress")] + [task("in_progress", deadline=later)] * 8
    k = task_kpis(tasks, APRIL_15)
    assert k["completion_rate"] == pytest.approx(100 * 4 / 13)
    assert (k["due"], k["not_due"]) == (5, 8)
    assert k["due_completion_rate"] == pytest.approx(80.0)
    assert task_verdict(k, 100.0).status == "behind"
    assert task_verdict(k, 80.0).status == "met"  # judged on 80%, not on 30,77%
    assert task_verdict(k, 85.0).status == "close"


def test_by_lead_rows_carry_what_the_verdict_needs():
    police = task("in_progress", deadline=date(2022, 12, 31), lead="Công an thị xã")
    rows = {r["lead"]: r for r in by_lead([police, task("done", late=False)], APRIL_15)}
    assert {k: rows["Công an thị xã"][k] for k in ("total", "done", "overdue", "due", "not_due")} == {
        "total": 1,
        "done": 0,
        "overdue": 0,
        "due": 0,
        "not_due": 1,
    }
    assert rows["Công an thị xã"]["completion_rate"] == 0.0
    assert task_verdict(rows["Công an thị xã"], 100.0).text == "— chưa đến hạn"
    assert task_verdict(rows["Phòng Tư pháp"], 100.0).text == "✅ Đạt"
