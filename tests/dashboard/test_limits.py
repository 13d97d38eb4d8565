"""The read limits every reader is given (base.limits): the plain defaults match the settings' defaults, and
the limits made current are the ones cell-level checks read, per thread or task."""

from __future__ import annotations

import contextvars
import dataclasses

from base.limits import DEFAULTS, Limits, current, make_current
from dashboard.settings import Settings


def test_the_plain_defaults_are_the_settings_defaults():
    settings = Settings(_env_file=None)
    for field in dataclasses.fields(Limits):
        assert getattr(DEFAULTS, field.name) == getattr(settings, field.name), field.name


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
