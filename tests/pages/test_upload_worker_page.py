"""AppTest: the upload page survives a file whose reading or storing kills the worker process."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.importing import upload_jobs
from dashboard.importing.reason_titles import reason_title
from tests.conftest import official_report
from tests.dashboard import worker_jobs
from tests.pages.test_upload_page import (
    ADMIN,
    PHO_AN,
    app_db,
    batches,
    page,
    store_button,
    texts,
    unescape,
    upload,
)

__all__ = ["app_db"]  # the fixture, shared with the upload page's other tests


def cells(at: AppTest) -> list[str]:
    """Every cell of every table on the page, as the reader sees it."""
    return [unescape(str(v)) for t in at.table for v in t.value.to_numpy().ravel()]


def test_a_check_that_kills_the_worker_shows_a_message_and_the_next_upload_works(
    app_db, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(upload_jobs, "check_file", worker_jobs.abort)  # the child aborts like a native crash
    at = upload(page(PHO_AN), ("hong.xlsx", official_report()))
    assert not at.exception
    assert any("1 lỗi: tệp này sẽ KHÔNG được lưu" in e for e in texts(at, "error"))
    message = next(c for c in cells(at) if c.startswith("Không đọc được tệp"))
    assert "“hong.xlsx”" in message and "tệp có thể bị hỏng hoặc quá lớn" in message
    assert reason_title("worker_crashed") in cells(at) and "worker_crashed" not in cells(at)
    assert store_button(at).disabled
    monkeypatch.undo()
    at = upload(at, ("pho_an.xlsx", official_report()))
    assert "Tệp hợp lệ, sẵn sàng lưu." in texts(at, "success")
    store_button(at).click().run()
    assert len(batches(app_db)) == 1


def test_a_store_that_kills_the_worker_stores_nothing_and_says_so(
    app_db, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = upload(page(PHO_AN), ("pho_an.xlsx", official_report()))
    assert "Tệp hợp lệ, sẵn sàng lưu." in texts(at, "success")
    monkeypatch.setattr(upload_jobs, "store_file", worker_jobs.abort)
    store_button(at).click().run()
    assert not at.exception
    refused = [e for e in texts(at, "error") if e.startswith("Chưa lưu “pho_an.xlsx”")]
    assert refused and "Không ghi được tệp" in refused[0] and "Chưa có gì được lưu" in refused[0]
    assert batches(app_db) == []


def test_the_workbook_that_aborts_the_reader_gets_a_message_not_a_dead_server(app_db) -> None:
    at = upload(page(ADMIN), ("toan_trang.xlsx", worker_jobs.whole_sheet_workbook()))
    assert not at.exception
    assert any("tệp này sẽ KHÔNG được lưu" in e for e in texts(at, "error"))
    # The worker's message until the reader refuses such a sheet itself (then: too_many_cells).
    assert {reason_title("worker_crashed"), reason_title("too_many_cells")} & set(cells(at))
    at = upload(at, ("pho_an.xlsx", official_report()))
    assert "Tệp hợp lệ, sẵn sàng lưu." in texts(at, "success")
