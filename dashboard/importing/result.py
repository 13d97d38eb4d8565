"""What importing one file came to: its problems, the sheets read, what was (or would be) stored and replaced."""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.importing.batches import Plan
from data_loaders.base import ParsedSheet
from data_loaders.problems import Problems
from data_loaders.saved_layout import HeaderFound


@dataclass(frozen=True)
class SheetNote:
    """A fact about one sheet that blocks nothing (a sheet skipped and why, the rows read): an INFO line."""

    sheet: str
    message: str

    def line(self, file_name: str) -> str:
        """The CLI form: 'INFO file › sheet: message'."""
        return f"INFO {file_name} › {self.sheet}: {self.message}"


@dataclass
class ImportResult:
    """What happened to one file: its problems, what was (or would be) stored and replaced."""

    file_name: str
    problems: Problems
    notes: list[SheetNote] = field(default_factory=list)  # every sheet not read says here why
    sheets: list[ParsedSheet] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    batch_ids: list[int] = field(default_factory=list)
    stored: bool = False
    blocked_by_warnings: bool = False
    unread: list[HeaderFound] = field(default_factory=list)  # sheets the uploader may say how to read
