"""Jobs and files that break a parse worker child on purpose (imported by the child, so kept importable)."""

from __future__ import annotations

import io
import os
import resource
import time

import openpyxl


def abort(*_args: object) -> None:
    """A native crash, as when a reader's allocation fails: SIGABRT, no Python exception, no cleanup."""
    os.abort()


def sleep(seconds: float) -> str:
    time.sleep(seconds)
    return "slept"


def address_space_limit() -> int:
    """The child's soft RLIMIT_AS."""
    return resource.getrlimit(resource.RLIMIT_AS)[0]


def allocate(mb: int) -> int:
    """Touch `mb` megabytes (a runaway reader); returns the size if it fits under the cap."""
    block = bytearray(mb * 1024 * 1024)
    return len(block)


def fail(message: str) -> None:
    raise ValueError(message)


def whole_sheet_workbook() -> bytes:
    """A 5 KB .xlsx whose two cells (A1 and XFD1048576) span the whole sheet: calamine asks for 512 GB."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "Báo cáo"
    ws["XFD1048576"] = 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
