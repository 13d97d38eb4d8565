"""The parse worker: same answers as in-process, and a crash, a hang or a runaway file loses one job, not us."""

from __future__ import annotations

import os
import resource
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from dashboard.access.auth import Account
from dashboard.importing import upload_jobs
from dashboard.importing.importer import import_file
from dashboard.importing.parse_worker import WorkerJobError, WorkerLost, WorkerPool
from dashboard.importing.upload_jobs import Database
from dashboard.settings import Settings
from dashboard.store.models import Batch, DossierFigure
from tests.conftest import PHO_AN_TOTAL, official_report
from tests.dashboard import worker_jobs

ADMIN = Account("quantri", "Quản trị", "admin", frozenset())
PHO_AN = Account("an", "Nguyễn Văn An", "uploader", frozenset({"xa-pho-an"}))


@pytest.fixture(scope="module")
def pool() -> Iterator[WorkerPool]:
    workers = WorkerPool(memory_mb=1024, timeout_s=60)
    yield workers
    workers.close()


def test_a_valid_file_is_checked_in_the_worker_exactly_as_in_process(
    seeded: Engine, pool: WorkerPool
) -> None:
    settings = Settings()
    first = import_file(
        official_report(), "pho_an.xlsx", engine=seeded, user="an"
    )  # so the check replaces it
    assert first.stored
    args = (Database.of(seeded, settings), official_report(), "pho_an_lai.xlsx", PHO_AN, settings)
    here = upload_jobs.check_file(*args)
    there = pool.run(upload_jobs.check_file, *args)
    assert there.result.problems == here.result.problems
    assert [(s.sheet, s.kind, s.unit, s.period, s.records) for s in there.result.sheets] == [
        (s.sheet, s.kind, s.unit, s.period, s.records) for s in here.result.sheets
    ]
    assert [[b.id for b in p.replaces] for p in there.result.plans] == [first.batch_ids]
    assert [[b.id for b in p.replaces] for p in here.result.plans] == [first.batch_ids]
    assert (there.previews, there.replaced, there.refused_units) == (here.previews, here.replaced, [])
    assert len(there.previews) == 1 and there.replaced[0].identical
    assert not there.result.problems.has_errors() and not there.result.stored
    with Session(seeded) as session:  # a dry run, in either process
        assert session.exec(select(func.count()).select_from(Batch)).one() == 1


def test_storing_in_the_worker_writes_the_figures_of_the_file(seeded: Engine, pool: WorkerPool) -> None:
    settings = Settings()
    database = Database.of(seeded, settings)
    checked = pool.run(upload_jobs.check_file, database, official_report(), "a.xlsx", PHO_AN, settings)
    result = pool.run(upload_jobs.store_file, database, checked.plan, PHO_AN, settings, [], False)
    assert result.stored and len(result.batch_ids) == 1
    with Session(seeded) as session:
        rows = session.exec(
            select(DossierFigure.sector, DossierFigure.received_total).where(
                DossierFigure.batch_id == result.batch_ids[0]
            )
        ).all()
    # The file's two sector rows and its total row ('' = the whole commune), first column of each.
    assert dict(rows) == {"Hộ tịch": 1000, "Chứng thực": 1098, "": PHO_AN_TOTAL[0]}


def test_a_child_killed_by_a_signal_is_replaced_and_the_next_job_works(pool: WorkerPool) -> None:
    first = pool.run(os.getpid)
    with pytest.raises(WorkerLost) as lost:
        pool.run(worker_jobs.abort)
    assert lost.value.reason == "crashed" and "-6" in lost.value.detail  # SIGABRT
    second = pool.run(os.getpid)
    assert os.getpid() not in (first, second) and first != second


def test_a_job_past_the_time_limit_is_stopped_and_the_child_replaced(pool: WorkerPool) -> None:
    with pytest.raises(WorkerLost) as lost:
        pool.run(worker_jobs.sleep, 30, timeout_s=0.5)
    assert lost.value.reason == "timeout"
    assert pool.run(worker_jobs.sleep, 0) == "slept"


def test_the_memory_cap_is_set_in_the_child_only(pool: WorkerPool) -> None:
    assert pool.run(worker_jobs.address_space_limit) == 1024 * 1024 * 1024
    assert resource.getrlimit(resource.RLIMIT_AS)[0] != 1024 * 1024 * 1024
    assert pool.run(worker_jobs.allocate, 64) == 64 * 1024 * 1024
    with pytest.raises(WorkerJobError, match="MemoryError"):
        pool.run(worker_jobs.allocate, 2048)
    assert pool.run(worker_jobs.allocate, 64) == 64 * 1024 * 1024  # a fresh child took over


def test_an_exception_in_a_job_comes_back_with_its_traceback_and_the_child_stays(pool: WorkerPool) -> None:
    pid = pool.run(os.getpid)
    with pytest.raises(WorkerJobError, match="ValueError: bad cell"):
        pool.run(worker_jobs.fail, "bad cell")
    assert pool.run(os.getpid) == pid


def test_a_file_that_aborts_the_reader_loses_one_check_and_the_next_upload_works(seeded: Engine) -> None:
    from ui.upload import check_upload

    crashed = check_upload(seeded, worker_jobs.whole_sheet_workbook(), "toan_trang.xlsx", ADMIN)
    assert crashed.has_errors and not crashed.previews
    codes = {p.code for p in crashed.result.problems.errors}
    # Until the reader refuses such a sheet itself, the child aborts and the worker's message stands in.
    assert codes in ({"worker_crashed"}, {"too_many_cells"}), codes
    message = crashed.result.problems.errors[0].message
    assert "toan_trang.xlsx" in message or codes == {"too_many_cells"}
    fine = check_upload(seeded, official_report(), "pho_an.xlsx", ADMIN)
    assert not fine.has_errors and len(fine.previews) == 1
