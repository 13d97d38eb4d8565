"""The read limits made current (base.limits) hold in their own thread or task only; settings serve as limits."""

from __future__ import annotations

import contextvars

from base.limits import DEFAULTS, Limits, current, make_current
from dashboard.settings import Settings


def test_outside_any_workbook_the_defaults_are_current():
    assert contextvars.Context().run(current) is DEFAULTS


def test_made_current_in_one_context_only():
    tight = Limits(max_cells=10, max_count=99)

    def read() -> tuple[int, int]:
        make_current(tight)
        return current().max_cells, current().max_count

    assert contextvars.Context().run(read) == (10, 99)
    assert contextvars.Context().run(current) is DEFAULTS  # another task never sees it


def test_settings_serve_as_limits():
    settings = Settings(_env_file=None, max_cells=1234)

    def read() -> int:
        make_current(settings)
        return current().max_cells

    assert contextvars.Context().run(read) == 1234
