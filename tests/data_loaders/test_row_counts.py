"""Rows of a sheet read, stored and skipped by reason, so no row vanishes without a word."""

from __future__ import annotations

from data_loaders.row_counts import SKIP_BLANK, SKIP_OTHER, SKIP_TOTAL, RowCounts


def test_skip_counts_by_reason_and_ignores_nothing_to_skip():
    counts = RowCounts(read=10)
    counts.skip(SKIP_TOTAL)
    counts.skip(SKIP_BLANK, 2)
    counts.skip(SKIP_TOTAL, 1)
    counts.skip(SKIP_BLANK, 0)
    counts.skip(SKIP_BLANK, -3)
    assert dict(counts.skipped) == {SKIP_TOTAL: 2, SKIP_BLANK: 2}


def test_settle_gives_the_rows_left_unaccounted_the_generic_reason():
    counts = RowCounts(read=12)
    counts.skip(SKIP_TOTAL, 1)
    counts.settle(stored=8)
    assert counts.stored == 8
    assert dict(counts.skipped) == {SKIP_TOTAL: 1, SKIP_OTHER: 3}  # 12 - 8 - 1


def test_settle_without_a_read_count_takes_stored_plus_skipped():
    counts = RowCounts()
    counts.skip(SKIP_TOTAL, 2)
    counts.settle(stored=5)
    assert counts.read == 7
    assert dict(counts.skipped) == {SKIP_TOTAL: 2}


def test_settle_when_everything_is_accounted_adds_no_reason():
    counts = RowCounts(read=3)
    counts.skip(SKIP_TOTAL, 1)
    counts.settle(stored=2)
    assert SKIP_OTHER not in counts.skipped


def test_as_dict_and_line():
    counts = RowCounts(read=12)
    counts.skip(SKIP_TOTAL, 1)
    counts.skip(SKIP_BLANK, 3)
    counts.settle(stored=8)
    assert counts.as_dict() == {"read": 12, "stored": 8, "skipped": {SKIP_TOTAL: 1, SKIP_BLANK: 3}}
    # the most frequent reason first
    assert counts.line() == "đọc 12 dòng, lưu 8, bỏ qua 4 (3 dòng chỉ có số thứ tự; 1 dòng tổng cộng)"


def test_line_without_skipped_rows_has_no_reasons():
    counts = RowCounts(read=4)
    counts.settle(stored=4)
    assert counts.line() == "đọc 4 dòng, lưu 4, bỏ qua 0"
    assert RowCounts().line() == "đọc 0 dòng, lưu 0, bỏ qua 0"
