"""One import plans and stores at a time: a second import waits for the lock, then gives up with a message."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from dashboard.importing.import_lock import ImportLockError, take_import_lock

# PostgreSQL's advisory lock is one per database, not per test schema: another test run on the same server may
# hold it for a moment, so the import that should get it waits long enough.
HOLDER_WAIT = 30


def test_a_second_import_waits_then_gives_up_while_the_first_holds_the_lock(engine: Engine):
    with Session(engine) as first, Session(engine) as second:
        take_import_lock(session=first, wait_seconds=HOLDER_WAIT)
        with pytest.raises(ImportLockError) as caught:
            take_import_lock(session=second, wait_seconds=0.3)
        assert caught.value.code == "import_busy"
        assert caught.value.message.startswith(
            "Một lần nhập số liệu khác đang được lưu và chưa xong sau 0 giây."
        )


def test_the_lock_is_free_again_once_the_holder_commits(engine: Engine):
    with Session(engine) as first:
        take_import_lock(session=first, wait_seconds=HOLDER_WAIT)
        first.commit()
    with Session(engine) as second:
        take_import_lock(session=second, wait_seconds=HOLDER_WAIT)  # does not raise
        second.rollback()


def test_the_message_names_the_wait_in_whole_seconds(engine: Engine):
    with Session(engine) as first, Session(engine) as second:
        take_import_lock(session=first, wait_seconds=HOLDER_WAIT)
        with pytest.raises(ImportLockError) as caught:
            take_import_lock(session=second, wait_seconds=1.4)
        assert "sau 1 giây" in caught.value.message
