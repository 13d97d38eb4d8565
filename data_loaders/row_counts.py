"""How many data rows of a sheet were read, stored and skipped (with why), so no row vanishes without a word."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

SKIP_TOTAL = "dòng tổng cộng"
SKIP_HEADING = "dòng tiêu đề nhóm"
SKIP_BLANK = "dòng chỉ có số thứ tự"
SKIP_ERROR = "dòng có lỗi (xem các lỗi ở trên)"
# What a loader leaves unstored without naming it: group, total and "Trong đó" rows are sums of the rows stored.
SKIP_OTHER = "dòng tổng, dòng nhóm hoặc dòng “Trong đó” (là tổng của các dòng đã lưu)"


@dataclass
class RowCounts:
    """Data rows of one sheet: read from the table, stored, and skipped by reason."""

    read: int | None = None  # None until the loader counts its table's rows
    stored: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def skip(self, reason: str, n: int = 1) -> None:
        """Count rows left out for a reason (nothing for none)."""
        if n > 0:
            self.skipped[reason] += n

    def settle(self, stored: int) -> None:
        """Record the rows stored; rows read but neither stored nor skipped get the loader's generic reason."""
        self.stored = stored
        if self.read is None:
            self.read = stored + sum(self.skipped.values())
        rest = self.read - stored - sum(self.skipped.values())
        if rest > 0:
            self.skip(SKIP_OTHER, rest)

    def as_dict(self) -> dict[str, Any]:
        """The counts as JSON-ready data, kept on the batch."""
        return {"read": self.read, "stored": self.stored, "skipped": dict(self.skipped)}

    def line(self) -> str:
        """'đọc 12 dòng, lưu 10, bỏ qua 2 (1 dòng tổng cộng; 1 dòng tiêu đề nhóm)'."""
        skipped = sum(self.skipped.values())
        text = f"đọc {self.read or 0} dòng, lưu {self.stored}, bỏ qua {skipped}"
        if skipped:
            text += " (" + "; ".join(f"{n} {reason}" for reason, n in self.skipped.most_common()) + ")"
        return text
