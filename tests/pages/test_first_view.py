"""A page opened without a period shows its dataset's newest month, names it, and offers the current month."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from base.formatting import NO_DATA
from tests.pages.apptest_data import ROOT, captions, pointed_at, run_page
from tests.pages.test_overview_page import sample_dir  # noqa: F401 - the module's sample database

# The sample workbooks end with December 2023 for every dataset shown here (see their file names).
PAGES = [
    ("overview.py", "Số liệu mới nhất: tháng 12/2023."),
    ("dossiers.py", "Số liệu mới nhất: tháng 12/2023."),
    ("revenue.py", "Số liệu mới nhất: tháng 12/2023."),
    ("expenditure.py", "Số liệu mới nhất: tháng 12/2023."),
    ("investment.py", "Số liệu mới nhất: tháng 12/2023."),
]


@pytest.fixture
def samples(sample_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:  # noqa: F811
    yield from pointed_at(monkeypatch, sample_dir)


@pytest.mark.parametrize(("script", "note"), PAGES)
def test_the_first_view_is_the_newest_month_with_data_and_says_so(samples, script: str, note: str) -> None:
    at = run_page(str(ROOT / "pages" / script))
    notes = [c for c in captions(at) if c.startswith("Số liệu mới nhất")]
    assert notes and notes[0].startswith(note), captions(at)
    assert "Xem tháng" in notes[0] and "?ky=m" in notes[0]  # the current month one click away
    assert at.query_params["ky"] == "m2023-12"
    values = [m.value for m in at.metric]
    assert values and any(any(ch.isdigit() for ch in v) for v in values), values
    assert sum(v == NO_DATA for v in values) < len(values)


def test_a_period_in_the_url_is_kept_and_not_annotated(samples) -> None:
    at = run_page(str(ROOT / "pages" / "dossiers.py"), ky="m2023-05")
    assert at.query_params["ky"] == "m2023-05"
    assert not [c for c in captions(at) if c.startswith("Số liệu mới nhất")]


def test_without_data_the_page_opens_on_last_month(tmp_path, monkeypatch) -> None:
    from tests.pages.apptest_data import fresh_db, use_data_dir

    use_data_dir(monkeypatch, tmp_path)
    fresh_db()
    at = run_page(str(ROOT / "pages" / "dossiers.py"))
    assert not [c for c in captions(at) if c.startswith("Số liệu mới nhất")]
    assert at.query_params["ky"].startswith("m")
