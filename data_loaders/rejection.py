"""Why an uploaded file is refused as a whole: a reason code and a Vietnamese message, with the sheet and cell if known."""

from __future__ import annotations

from data_loaders.reasons import ReasonCode


class FileRejected(Exception):
    """The file cannot be read safely; `.code` is the reason, `.message` the Vietnamese explanation."""

    def __init__(self, code: ReasonCode, message: str, *, sheet: str = "", cell: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.sheet = sheet
        self.cell = cell
