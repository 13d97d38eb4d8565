"""What the fuzz suite runs in a worker child: import one mutant for real and read back what it stored."""

from __future__ import annotations

import resource
import time
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from dashboard.importing.importer import import_file
from dashboard.store.db import make_engine
from dashboard.store.models import DossierFigure
from tests.fuzz.mutants import FORM_FIELDS


@dataclass
class Imported:
    """A mutant's fate: stored batches and the dossier figures by sheet row, or the reason codes of its refusal."""

    stored: bool
    error_codes: list[str]
    warning_codes: list[str]
    figures: dict[int, dict[str, int | None]] = field(default_factory=dict)
    seconds: float = 0.0
    max_rss_mb: float = 0.0


@lru_cache(maxsize=2)
def _engine(url: str) -> Engine:
    return make_engine(url)


def import_mutant(url: str, content: bytes, name: str) -> Imported:
    """Store the mutant (warnings accepted, as a user would), then read its dossier figures back."""
    engine = _engine(url)
    started = time.monotonic()
    result = import_file(content, name, engine=engine, user="fuzz", accept_warnings=True)
    seconds = time.monotonic() - started
    figures: dict[int, dict[str, int | None]] = {}
    if result.stored:
        with Session(engine) as session:
            stored = session.exec(
                select(DossierFigure).where(col(DossierFigure.batch_id).in_(result.batch_ids))
            ).all()
        figures = {f.row: {key: getattr(f, key) for key in FORM_FIELDS.values()} for f in stored if f.row}
    return Imported(
        result.stored,
        [p.code for p in result.problems.errors],
        [p.code for p in result.problems.warnings],
        figures,
        seconds,
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )
