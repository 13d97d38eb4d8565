"""Stored task lists through the importer: the report section, scoping by list period and unit, replacement."""

import random
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, col

from dashboard.importing.importer import import_file
from dashboard.queries.tasks import task_lists, tasks_section
from dashboard.store.models import Batch, Task
from dashboard.store.units import UnitMatcher
from dashboard.workbooks.tasks import generate_tasks_samples
from data_loaders import registry, tasks_sheet

YEAR_2022 = (date(2022, 1, 1), date(2022, 12, 31))
SECTION_KEYS = [
    "as_of",
    "total",
    "done",
    "done_on_time",
    "done_late",
    "in_progress",
    "overdue",
    "no_deadline",
    "due",
    "not_due",
    "completion_rate",
    "due_completion_rate",
    "by_lead",
]


@pytest.fixture
def samples(seeded, monkeypatch, tmp_path):
    """The two sample lists (the 2022 plan, the June 2023 conclusion) imported into the seeded database."""
    loader = registry.Loader(
        tasks_sheet.KIND, tasks_sheet.TITLE, tasks_sheet.looks_like, tasks_sheet.read_sheet
    )
    monkeypatch.setattr(registry, "LOADERS", (loader, *registry.LOADERS))
    paths = generate_tasks_samples(tmp_path, random.Random(2023))
    for path in paths:
        result = import_file(path.read_bytes(), path.name, engine=seeded, user="test")
        assert result.stored, [p.line(path.name) for p in result.problems.items]
    return paths


def section(engine, *, unit=None, start=None, end=None, as_of):
    with Session(engine) as s:
        ref = UnitMatcher.load(session=s).match(unit) if unit else None
        unit_id = ref.id if ref else None
        return tasks_section(session=s, unit_id=unit_id, start=start, end=end, as_of=as_of)


def test_the_2022_plan_reproduces_seed_000(samples, seeded):
    k = section(seeded, start=YEAR_2022[0], end=YEAR_2022[1], as_of=date(2022, 6, 15))
    assert list(k) == SECTION_KEYS
    assert (k["total"], k["done"], k["completion_rate"]) == (45, 24, 53.33)
    assert (k["done_on_time"], k["done_late"], k["in_progress"], k["overdue"], k["no_deadline"]) == (
        18,
        4,
        13,
        2,
        21,
    )
    assert k["as_of"] == "2022-06-15"
    assert sum(r["total"] for r in k["by_lead"]) == 45
    assert k["by_lead"][0]["overdue"] >= k["by_lead"][-1]["overdue"]
    assert {r["lead"] for r in k["by_lead"]} >= {"Sở Nội vụ", "UBND xã Phổ An", "Phòng Tư pháp"}


@pytest.mark.parametrize(
    ("as_of", "overdue"),
    [
        (date(2022, 3, 31), 0),  # the first-quarter deadline day itself
        (date(2022, 4, 1), 2),  # two first-quarter tasks unfinished
        (date(2022, 6, 30), 2),
        (date(2022, 7, 1), 4),  # + two due "trước ngày 30/6/2022" / "Quý II"
        (date(2022, 10, 1), 8),  # + four third-quarter tasks
        (date(2023, 1, 1), 10),  # + two fourth-quarter tasks
    ],
)
def test_overdue_counts_unfinished_tasks_past_their_deadline_on_the_as_of_day(
    samples, seeded, as_of, overdue
):
    k = section(seeded, start=YEAR_2022[0], end=YEAR_2022[1], as_of=as_of)
    assert (k["overdue"], k["done"]) == (overdue, 24)


def test_lists_are_scoped_by_their_period_not_by_each_deadline(samples, seeded):
    assert section(seeded, as_of=date(2023, 7, 10))["total"] == 58  # no period: every active list
    conclusion = section(seeded, start=date(2023, 7, 1), end=date(2023, 7, 31), as_of=date(2023, 7, 10))
    assert (
        conclusion["total"],
        conclusion["done"],
        conclusion["overdue"],
        conclusion["completion_rate"],
    ) == (
        13,
        4,
        3,
        30.77,
    )
    # The conclusion dated 12/06/2023 is not in a scope that ends before the meeting.
    assert (
        section(seeded, start=date(2023, 1, 1), end=date(2023, 6, 11), as_of=date(2023, 6, 11))["total"] == 0
    )


def test_unit_scope_follows_the_lead_agency(samples, seeded):
    k = section(seeded, unit="Phòng Tư pháp", start=YEAR_2022[0], end=YEAR_2022[1], as_of=date(2022, 6, 15))
    assert (k["total"], k["done"], [r["lead"] for r in k["by_lead"]]) == (7, 3, ["Phòng Tư pháp"])
    assert section(seeded, unit="Phổ An", as_of=date(2022, 7, 1))["overdue"] == 1


def test_overdue_and_due_soon_lists(samples, seeded):
    with Session(seeded) as s:
        lists = task_lists(
            session=s, unit_id=None, start=YEAR_2022[0], end=YEAR_2022[1], as_of=date(2022, 6, 16)
        )
    assert [(t["lead"], t["days_left"]) for t in lists["overdue"]] == [  # both due 31/03/2022
        ("Cơ quan Tổ chức – Nội vụ", -77),
        ("Văn phòng HĐND và UBND thị xã", -77),
    ]
    assert sorted((t["deadline"], t["lead"]) for t in lists["due_soon"]) == [
        (date(2022, 6, 30), "Phòng Văn hóa và Thông tin"),
        (date(2022, 6, 30), "UBND xã Phổ An"),
    ]


def test_importing_the_plan_again_replaces_it(samples, seeded):
    plan = samples[0]
    assert import_file(plan.read_bytes(), plan.name, engine=seeded, user="test").stored
    with Session(seeded) as s:
        statuses = dict(s.execute(select(col(Batch.status), func.count()).group_by(Batch.status)).all())
        stored = s.execute(select(func.count()).select_from(Task)).scalar_one()
    assert (statuses, stored) == ({"active": 2, "superseded": 1}, 45 + 45 + 13)
    assert section(seeded, start=YEAR_2022[0], end=YEAR_2022[1], as_of=date(2022, 6, 15))["total"] == 45
