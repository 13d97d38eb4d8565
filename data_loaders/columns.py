"""A report kind's columns as data (field, label, synonyms, required) and the one matcher of headers to fields."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass

from base.text import contains_words
from data_loaders.problems import Problems, cell_ref
from data_loaders.reasons import ReasonCode, duplicate_column, header_rows, missing_column
from data_loaders.table import Column, Table

OTHER = ""  # a column seen in real exports that holds none of the kind's fields ("Tên nhiệm vụ cha")


@dataclass(frozen=True)
class FieldSpec:
    """One field of a kind: its name (OTHER for a known column to leave alone), label and header synonyms.

    Synonyms are normalized (see base.text.normalize) and listed most specific first. A kind whose columns
    are told by rules (a `classify` function) has no synonyms; its specs say what a missing column is called.
    """

    name: str
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    alternatives: tuple[str, ...] = ()  # fields that stand in for this one when it is required
    headers: tuple[str, ...] = ()  # header texts the "missing column" message shows (besides the label)


Score = tuple[bool, int, int]  # (exact, synonym length, -position in its list): higher is more specific


def best_field(label: str, specs: Iterable[FieldSpec]) -> tuple[str, Score] | None:
    """The field a normalized header names: exact beats contains, then the longer synonym, then the earlier one."""
    best: tuple[str, Score] | None = None
    for spec in specs:
        for position, syn in enumerate(spec.synonyms):
            exact = label == syn
            if not exact and not contains_words(label, syn):
                continue
            score = (exact, len(syn), -position)
            if best is None or score > best[1]:
                best = (spec.name, score)
    return best


def match_columns(
    columns: Iterable[Column], specs: Iterable[FieldSpec], *, skip: Iterable[int] = ()
) -> dict[str, int]:
    """field -> column index; where two headers name one field the more specific one wins (then the first).

    Each header names the field of its longest synonym; two headers of one field are ranked exact first, then
    by how early their synonym stands in the field's list.
    """
    specs = tuple(specs)
    skipped = set(skip)
    chosen: dict[str, tuple[Score, int]] = {}
    for column in columns:
        if column.index in skipped or not column.segments:
            continue
        found = best_field(column.label, specs)
        if found is None or found[0] == OTHER:
            continue
        name, (exact, length, position) = found
        # Between two columns of one field the synonym list decides: it is ordered most specific first.
        rank = (exact, position, length)
        if name not in chosen or rank > chosen[name][0]:
            chosen[name] = (rank, column.index)
    return {name: index for name, (_score, index) in sorted(chosen.items(), key=lambda item: item[1][1])}


def header_hits(texts: Iterable[str], specs: Iterable[FieldSpec]) -> tuple[int, list[str]]:
    """How many normalized header texts name a field of the kind, and the labels of required fields none names."""
    specs = tuple(specs)
    named = {found[0] for t in texts if t and (found := best_field(t, specs)) is not None}
    hits = len(named - {OTHER})
    return hits, [s.label for s in specs if s.required and s.name not in named]


def classify_columns(
    table: Table,
    classify: Callable[[Column], str | None],
    labels: Mapping[str, str],
    problems: Problems,
    *,
    skip: Iterable[int | None] = (),
    aside: Callable[[str, int, Mapping[str, int]], bool] | None = None,
) -> dict[str, int]:
    """field -> column index by a kind's rules; a second column of one field is a 'duplicate_column' error.

    `aside(field, index, found)` may take a column before that (a fallback, an extra sub-column): True when it did.
    """
    skipped = set(skip)
    found: dict[str, int] = {}
    for column in table.columns:
        name = classify(column)
        if name is None or column.index in skipped:
            continue
        if aside is not None and aside(name, column.index, found):
            continue
        if name in found:
            first, second = (
                cell_ref(table.header_start, found[name]),
                cell_ref(table.header_start, column.index),
            )
            problems.error(
                ReasonCode.DUPLICATE_COLUMN,
                duplicate_column(labels.get(name, name), first, second),
                sheet=table.sheet.name,
                cell=second,
            )
            continue
        found[name] = column.index
    return found


def report_missing(
    table: Table,
    found: Collection[str],
    needs: Iterable[FieldSpec],
    problems: Problems,
    *,
    cell: str = "",
    first_only: bool = False,
) -> None:
    """A 'missing_column' error for each needed field the header names neither itself nor an alternative of.

    The cell is the header's first row unless given; `first_only` stops at the first missing field."""
    needs = tuple(needs)
    rows = header_rows(table.header_start, table.header_end)
    for spec in needs:
        if spec.name in found or any(a in found for a in spec.alternatives):
            continue
        problems.error(
            ReasonCode.MISSING_COLUMN,
            missing_column(table.sheet.name, rows, spec.label, spec.headers, [s.label for s in needs]),
            sheet=table.sheet.name,
            cell=cell or f"dòng {table.header_start + 1}",
        )
        if first_only:
            return
