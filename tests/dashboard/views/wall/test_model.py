"""The wall's small shared types (dashboard.wall.model): a rate rated against its target, and the status board's
alerts, red before amber, once each and capped."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session

from dashboard.store.models import Target
from dashboard.views.wall.model import MAX_ALERTS, Alert, Rated, rated, top_alerts
from tests.dashboard.stored_batches import stored_batch


def test_red_before_amber_in_raised_order_and_no_green():
    alerts = [
        Alert("close", "Thu NS gần đạt"),
        Alert("behind", "Phổ An trực tuyến 40%"),
        Alert("met", "Chi NS đạt"),
        Alert("close", "Giải ngân gần đạt"),
        Alert("behind", "12 nhiệm vụ quá hạn"),
    ]
    assert [a.text for a in top_alerts(alerts)] == [
        "Phổ An trực tuyến 40%",
        "12 nhiệm vụ quá hạn",
        "Thu NS gần đạt",
        "Giải ngân gần đạt",
    ]


def test_an_alert_raised_twice_is_shown_once_and_the_board_is_capped():
    alerts = [Alert("behind", "A"), Alert("behind", "A")] + [Alert("close", str(i)) for i in range(9)]
    shown = top_alerts(alerts)
    assert len(shown) == MAX_ALERTS == 5
    assert [a.text for a in shown] == ["A", "0", "1", "2", "3"]
    assert [a.text for a in top_alerts(alerts, limit=2)] == ["A", "0"]


def _target(session: Session, value: float, *, unit_id: int | None = None, tolerance: float = 5.0) -> None:
    batch_id = stored_batch(session, "targets", file_name="chi_tieu.xlsx")
    session.add(
        Target(
            batch_id=batch_id,
            indicator="online_rate",
            year=2023,
            unit_id=unit_id,
            value=value,
            tolerance=tolerance,
        )
    )
    session.commit()


def test_a_rate_without_a_target_is_not_rated(sqlite_engine: Engine):
    with Session(sqlite_engine) as session:
        assert rated(
            session=session, indicator="online_rate", value=72.5, unit_id=None, on=date(2023, 5, 31)
        ) == Rated(72.5)


def test_a_rate_is_rated_against_the_target_and_its_tolerance(sqlite_engine: Engine):
    with Session(sqlite_engine) as session:
        _target(session, 80.0, tolerance=3.0)
        on = date(2023, 5, 31)
        assert rated(session=session, indicator="online_rate", value=81.0, unit_id=None, on=on) == Rated(
            81.0, 80.0, "met"
        )
        assert rated(session=session, indicator="online_rate", value=77.0, unit_id=None, on=on) == Rated(
            77.0, 80.0, "close"
        )
        assert rated(session=session, indicator="online_rate", value=76.9, unit_id=None, on=on) == Rated(
            76.9, 80.0, "behind"
        )
        # a missing figure keeps the target but has no status
        assert rated(session=session, indicator="online_rate", value=None, unit_id=None, on=on) == Rated(
            None, 80.0, None
        )
        # another year has no target
        assert rated(
            session=session, indicator="online_rate", value=50.0, unit_id=None, on=date(2024, 1, 31)
        ) == Rated(50.0)
