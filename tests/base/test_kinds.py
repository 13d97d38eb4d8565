"""The report kinds of the base package are the readers' kinds, in the order the readers are tried."""

from base.kinds import KIND_TITLES
from data_loaders.registry import BOOK_LOADERS, LOADERS


def test_every_reader_has_its_kind_and_title_in_the_base_in_reading_order() -> None:
    readers = [(book.kind, book.title) for book in BOOK_LOADERS] + [
        (sheet.kind, sheet.title) for sheet in LOADERS
    ]
    assert readers == list(KIND_TITLES.items())
