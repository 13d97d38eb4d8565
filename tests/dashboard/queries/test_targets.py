"""Which target applies: milestones by date, a unit's own over all units', a family's over the general one."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from dashboard.queries.targets import TargetRef, judge, milestones, next_milestone, target_for
from dashboard.store.models import Target
from dashboard.store.units import UnitMatcher
from tests.dashboard.stored_batches import stored_batch

JUNE, DECEMBER = date(2023, 6, 30), date(2023, 12, 31)


def add_batch(session: Session, targets: list[dict[str, object]], *, status: str = "active") -> int:
    """A targets batch holding these rows (defaults: 2023, all units, all sources, no date)."""
    batch_id = stored_batch(session, "targets", status=status, file_name="chi_tieu.xlsx")
    for row, t in enumerate(targets, 5):
        session.add(Target.model_validate({"batch_id": batch_id, "year": 2023, "row": row, **t}))
    session.commit()
    return batch_id


@pytest.fixture
def session(seeded: Engine):
    with Session(seeded) as s:
        yield s


def unit(session: Session, name: str) -> int:
    found = UnitMatcher.load(session=session).match(name)
    assert found is not None
    return found.id


SEED_MILESTONES: list[dict[str, object]] = [
    {"indicator": "disbursement_pct", "due": JUNE, "value": 60},
    {"indicator": "disbursement_pct", "due": DECEMBER, "value": 100},
    {"indicator": "disbursement_pct", "due": JUNE, "value": 40, "source_group": "ctmtqg_ntm"},
    {"indicator": "disbursement_pct", "due": JUNE, "value": 40, "source_group": "ctmtqg_gn"},
]


@pytest.mark.parametrize(
    ("on", "source_group", "expected"),
    [
        (date(2023, 5, 31), "", (JUNE, 60)),
        (JUNE, "", (JUNE, 60)),
        (date(2023, 7, 1), "", (DECEMBER, 100)),
        (date(2023, 5, 31), "ctmtqg_ntm", (JUNE, 40)),
        (
            date(2023, 7, 1),
            "ctmtqg_ntm",
            (DECEMBER, 100),
        ),  # the general year-end milestone covers the programmes
        (date(2023, 5, 31), "tinh", (JUNE, 60)),
        (date(2024, 1, 15), "", (DECEMBER, 100)),  # after every milestone: the last one still judges the year
        (None, "", (DECEMBER, 100)),
    ],
)
def test_the_next_milestone_applies(
    session: Session, on: date | None, source_group: str, expected: tuple[date, float]
) -> None:
    add_batch(session, SEED_MILESTONES)
    found = target_for(
        session=session,
        indicator="disbursement_pct",
        year=2023,
        unit_id=None,
        on=on,
        source_group=source_group,
    )
    assert found is not None and (found.due, found.value) == expected


def test_the_years_own_target_applies_after_its_milestones(session: Session) -> None:
    add_batch(
        session,
        [
            {"indicator": "online_rate", "value": 100},
            {"indicator": "online_rate", "due": JUNE, "value": 50},
        ],
    )
    for on, expected in ((date(2023, 3, 1), 50), (date(2023, 7, 1), 100), (None, 100)):
        found = target_for(session=session, indicator="online_rate", year=2023, unit_id=None, on=on)
        assert found is not None and found.value == expected, on
    assert target_for(session=session, indicator="online_rate", year=2022, unit_id=None) is None
    assert target_for(session=session, indicator="on_time_rate", year=2023, unit_id=None) is None


def test_a_units_own_target_beats_the_all_units_one(session: Session) -> None:
    khanh, an = unit(session, "Phổ Khánh"), unit(session, "Phổ An")
    add_batch(
        session,
        [
            *SEED_MILESTONES,
            {"indicator": "disbursement_pct", "due": JUNE, "value": 45, "unit_id": khanh},
            {"indicator": "on_time_rate", "value": 95},
            {"indicator": "on_time_rate", "value": 98, "unit_id": khanh},
        ],
    )
    assert target_for(session=session, indicator="on_time_rate", year=2023, unit_id=khanh).value == 98  # type: ignore[union-attr]
    assert target_for(session=session, indicator="on_time_rate", year=2023, unit_id=an).value == 95  # type: ignore[union-attr]
    assert target_for(session=session, indicator="on_time_rate", year=2023, unit_id=None).value == 95  # type: ignore[union-attr]
    # Only the date the unit has its own target for changes: the year-end milestone stays the general one.
    own = milestones(session=session, year=2023, unit_id=khanh)
    assert [(m.due, m.value, m.unit_id) for m in own] == [(JUNE, 45, khanh), (DECEMBER, 100, None)]
    assert [(m.due, m.value) for m in milestones(session=session, year=2023)] == [(JUNE, 60), (DECEMBER, 100)]
    assert [(m.due, m.value) for m in milestones(session=session, year=2023, source_group="ctmtqg_gn")] == [
        (JUNE, 40),
        (DECEMBER, 100),
    ]


def test_a_newer_file_wins_and_inactive_batches_are_ignored(session: Session) -> None:
    add_batch(session, [{"indicator": "task_completion_rate", "value": 90}])
    add_batch(session, [{"indicator": "task_completion_rate", "value": 100}])
    add_batch(session, [{"indicator": "task_completion_rate", "value": 10}], status="superseded")
    found = target_for(session=session, indicator="task_completion_rate", year=2023, unit_id=None)
    assert found is not None and found.value == 100 and found.tolerance == 5.0


def test_next_milestone_picks_the_first_due_on_or_after_the_day(session: Session) -> None:
    add_batch(session, SEED_MILESTONES)
    listed = milestones(session=session, year=2023)
    assert next_milestone(listed, date(2023, 5, 31)) == listed[0]
    assert next_milestone(listed, date(2023, 12, 31)) == listed[1]
    assert next_milestone(listed, date(2024, 1, 1)) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [(61.0, "met"), (60.0, "met"), (57.0, "close"), (56.9, "behind"), (None, None)],
)
def test_judge_uses_the_targets_tolerance(value: float | None, expected: str | None) -> None:
    june = TargetRef("disbursement_pct", 2023, None, "", JUNE, 60.0, 3.0, batch_id=1, row=5)
    assert judge(value, june) == expected
    assert judge(value, None) is None
