"""Task KPIs: completion, on-time and late completion, overdue and due-soon tasks, overall and by lead agency."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from base.formatting import vn_number, vn_percent
from dashboard.kpis.common import NOT_DUE, Kpi, Verdict, percent, status

DUE_SOON_DAYS = 14
TASKS = "nhiệm vụ"


@dataclass(frozen=True)
class TaskFacts:
    """What the KPIs need of one stored task."""

    title: str
    lead: str  # the lead unit's name, or the lead agency as written when it is outside the registry
    status: str  # done | in_progress | not_started
    deadline_kind: str  # date | ongoing | none
    deadline: date | None
    done_late: bool | None
    deadline_text: str = ""


TASK_COUNT_KPIS: dict[str, Kpi] = {  # the counts, each with its label and definition (the tooltip)
    k.key: k
    for k in (
        Kpi(
            "total",
            "Tổng số nhiệm vụ",
            "Mọi nhiệm vụ trong các danh sách (kế hoạch, kết luận) thuộc kỳ đang xem",
            unit=TASKS,
            decimals=0,
        ),
        Kpi(
            "done",
            "Đã hoàn thành",
            "Nhiệm vụ có tình trạng hoàn thành (kể cả hoàn thành trễ hạn)",
            unit=TASKS,
            decimals=0,
        ),
        Kpi(
            "done_on_time",
            "Hoàn thành đúng hạn",
            "Đã hoàn thành, không trễ: ngày hoàn thành không sau thời hạn, hoặc nhiệm vụ thường xuyên",
            unit=TASKS,
            decimals=0,
        ),
        Kpi(
            "done_late",
            "Hoàn thành trễ hạn",
            "Đã hoàn thành sau thời hạn (theo ngày hoàn thành, hoặc ghi “trễ hạn”, “chậm”)",
            unit=TASKS,
            decimals=0,
        ),
        Kpi(
            "in_progress",
            "Đang thực hiện",
            "Nhiệm vụ có tình trạng đang thực hiện, đang triển khai",
            unit=TASKS,
            decimals=0,
        ),
        Kpi(
            "overdue",
            "Quá hạn",
            "Chưa hoàn thành và thời hạn (một ngày cụ thể) đã qua trước ngày xem số liệu",
            unit=TASKS,
            decimals=0,
            higher_is_better=False,
        ),
        Kpi(
            "no_deadline",
            "Không có thời hạn cụ thể",
            "Thời hạn “Thường xuyên” hoặc không ghi ngày (“Theo kế hoạch của …”, để trống)",
            unit=TASKS,
            decimals=0,
        ),
        Kpi(
            "due",
            "Đã đến hạn",
            "Nhiệm vụ đã hoàn thành (đúng hạn hoặc trễ hạn) cộng nhiệm vụ quá hạn: những nhiệm vụ đã phải xong",
            unit=TASKS,
            decimals=0,
        ),
        Kpi(
            "not_due",
            "Chưa đến hạn",
            "Chưa hoàn thành và chưa quá hạn (thời hạn chưa tới, thường xuyên hoặc không ghi ngày): chưa đánh giá",
            unit=TASKS,
            decimals=0,
        ),
    )
}

TASK_KPIS: dict[str, Kpi] = {
    "completion_rate": Kpi(
        "completion_rate",
        "Tỷ lệ hoàn thành nhiệm vụ",
        "Số nhiệm vụ đã hoàn thành ÷ tổng số nhiệm vụ",
        numerator=lambda c: c.get("done"),
        denominator=lambda c: c.get("total"),
    ),
    # What the status is judged on: a task not yet due is not behind, so it is left out of the judgement.
    "due_completion_rate": Kpi(
        "due_completion_rate",
        "Tỷ lệ hoàn thành nhiệm vụ đã đến hạn",
        "Số nhiệm vụ đã hoàn thành ÷ (đã hoàn thành + quá hạn)",
        numerator=lambda c: c.get("done"),
        denominator=lambda c: c.get("due"),
    ),
}


def is_done(task: TaskFacts) -> bool:
    """Whether the task is finished (on time or late)."""
    return task.status == "done"


def is_overdue(task: TaskFacts, as_of: date) -> bool:
    """Not done and its dated deadline passed before `as_of` (the deadline day itself is still in time)."""
    return (
        not is_done(task)
        and task.deadline_kind == "date"
        and task.deadline is not None
        and task.deadline < as_of
    )


def task_counts(tasks: Iterable[TaskFacts], as_of: date) -> dict[str, int]:
    """The counts of TASK_COUNT_KPIS over the tasks, as of a day."""
    counts = dict.fromkeys(TASK_COUNT_KPIS, 0)
    for task in tasks:
        counts["total"] += 1
        counts["done"] += is_done(task)
        counts["done_on_time"] += is_done(task) and task.done_late is False
        counts["done_late"] += is_done(task) and task.done_late is True
        counts["in_progress"] += task.status == "in_progress"
        counts["overdue"] += is_overdue(task, as_of)
        counts["no_deadline"] += task.deadline_kind in ("ongoing", "none")
    counts["due"] = counts["done"] + counts["overdue"]
    counts["not_due"] = counts["total"] - counts["due"]
    return counts


def task_verdict(counts: Mapping[str, Any], target: float | None, *, tolerance: float = 5.0) -> Verdict:
    """The one rule for a task status: tasks due by the as-of day (done on time, done late, overdue) against the
    completion target; nothing due yet is no verdict, never 'Chậm'."""
    not_due = f"{vn_number(counts['not_due'])} nhiệm vụ chưa đến hạn không tính" if counts["not_due"] else ""
    if not counts["due"]:
        why = f"{NOT_DUE.capitalize()}: chưa có nhiệm vụ nào hoàn thành hoặc quá hạn"
        return Verdict(None, f"{why} ({not_due})" if not_due else why)
    rate = percent(counts["done"], counts["due"])
    judged = (
        f"Đã hoàn thành {vn_number(counts['done'])}/{vn_number(counts['due'])} nhiệm vụ đã đến hạn "
        f"({vn_percent(rate)}; {vn_number(counts['done_late'])} trễ hạn, {vn_number(counts['overdue'])} quá hạn)"
    )
    if target is None:
        return Verdict(None, "; ".join(b for b in (f"{judged}, chưa có chỉ tiêu", not_due) if b))
    verdict = status(rate, target, tolerance=tolerance)
    return Verdict(
        verdict, "; ".join(b for b in (f"{judged}, chỉ tiêu {vn_percent(target, 0)}", not_due) if b)
    )


def task_kpis(tasks: Sequence[TaskFacts], as_of: date) -> dict[str, int | float | None]:
    """Counts and the completion rate (percent, None without tasks)."""
    counts = task_counts(tasks, as_of)
    result: dict[str, int | float | None] = dict(counts)
    for key, kpi in TASK_KPIS.items():
        result[key] = kpi.rate_of(counts)
    return result


def by_lead(tasks: Sequence[TaskFacts], as_of: date) -> list[dict[str, Any]]:
    """Per lead agency: total, done, overdue, completion rate, and what task_verdict judges (due, done late, not
    due); most overdue first, then least complete."""
    groups: dict[str, list[TaskFacts]] = {}
    for task in tasks:
        groups.setdefault(task.lead, []).append(task)
    rows = []
    for lead, items in groups.items():
        counts = task_counts(items, as_of)
        rows.append(
            {
                "lead": lead,
                "total": counts["total"],
                "done": counts["done"],
                "overdue": counts["overdue"],
                "completion_rate": percent(counts["done"], counts["total"]),
                "due": counts["due"],
                "done_late": counts["done_late"],
                "not_due": counts["not_due"],
            }
        )
    return sorted(rows, key=lambda r: (-r["overdue"], r["completion_rate"] or 0.0, r["lead"]))


def due_soon(tasks: Sequence[TaskFacts], as_of: date, days: int = DUE_SOON_DAYS) -> list[dict[str, Any]]:
    """Unfinished tasks due within `days` days from `as_of` (inclusive), soonest first."""
    horizon = as_of + timedelta(days=days)
    return _listed(
        [
            t
            for t in tasks
            if not is_done(t) and t.deadline and t.deadline_kind == "date" and as_of <= t.deadline <= horizon
        ],
        as_of,
    )


def overdue(tasks: Sequence[TaskFacts], as_of: date) -> list[dict[str, Any]]:
    """Overdue tasks, the longest overdue first."""
    return _listed([t for t in tasks if is_overdue(t, as_of)], as_of)


def _listed(tasks: list[TaskFacts], as_of: date) -> list[dict[str, Any]]:
    """Tasks as rows for a table, ordered by deadline; days_left is negative when overdue."""
    ordered = sorted(tasks, key=lambda t: (t.deadline or date.max, t.lead, t.title))
    return [
        {
            "title": t.title,
            "lead": t.lead,
            "deadline": t.deadline,
            "deadline_text": t.deadline_text,
            "status": t.status,
            "days_left": (t.deadline - as_of).days if t.deadline else None,
        }
        for t in ordered
    ]
