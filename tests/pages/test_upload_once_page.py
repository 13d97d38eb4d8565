"""AppTest: one upload, its warnings accepted, is read once — the check's plan is what the store commits."""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from typing import Any, TypeVar

import pytest

from dashboard.importing import importer
from dashboard.settings import Settings
from data_loaders.workbook import Workbook, open_workbook
from tests.pages.test_upload_page import (
    PHO_AN,
    app_db,
    batches,
    late_july,
    page,
    store_button,
    texts,
    upload,
)
from ui import upload as upload_ui

__all__ = ["app_db"]  # the fixture, shared with the upload page's other tests
T = TypeVar("T")


class InProcessPool:
    """The parse worker's pool run in this process (so calls can be counted); what crosses still pickles."""

    timeout_s = 60.0
    memory_mb = 1024.0

    def __init__(self) -> None:
        self.jobs: list[str] = []

    def run(self, job: Callable[..., T], *args: object, timeout_s: float | None = None) -> T:
        self.jobs.append(job.__name__)
        there: tuple[Any, ...] = pickle.loads(pickle.dumps(args))
        back: T = pickle.loads(pickle.dumps(job(*there)))
        return back


def test_an_upload_with_accepted_warnings_is_parsed_exactly_once(
    app_db, monkeypatch: pytest.MonkeyPatch
) -> None:
    pool = InProcessPool()
    monkeypatch.setattr(upload_ui, "get_pool", lambda settings=None: pool)
    opened: list[str] = []

    def counting_open(content: bytes, name: str, settings: Settings) -> Workbook:
        opened.append(name)
        return open_workbook(content, name, settings)

    monkeypatch.setattr(importer, "open_workbook", counting_open)
    at = upload(page(PHO_AN), ("pho_an_cuoi_thang_7.xlsx", late_july()))
    assert any("2 cảnh báo" in w for w in texts(at, "warning"))
    at.checkbox[0].check().run()  # a rerun of the page: the plan in the session, not a new check
    store_button(at).click().run()
    assert not at.exception
    stored = batches(app_db)
    assert len(stored) == 1 and stored[0].user == "an"
    assert "identity_mismatch" in " ".join(json.loads(stored[0].accepted_warnings_json))
    assert any(s.startswith("Đã lưu “pho_an_cuoi_thang_7.xlsx”: lô #1") for s in texts(at, "success"))
    assert pool.jobs == ["check_file", "store_file"]
    assert opened == ["pho_an_cuoi_thang_7.xlsx"]  # one parse for the upload, check and store together
