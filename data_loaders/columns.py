"""A report kind's columns as data (field, label, synonyms, required) and the one matcher of headers to fields."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from base.text import contains_words
from data_loaders.table import Column

OTHER = ""  # a column seen in real exports that holds none of the kind's fields ("Tên nhiệm vụ cha")


@dataclass(frozen=True)
class FieldSpec:
    """One field of a kind: its name (OTHER for a known column to leave alone), label and header synonyms.

    Synonyms are normalized (see base.text.normalize) and listed most specific first.
    """

    name: str
    label: str
    synonyms: tuple[str, ...]
    required: bool = False


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
