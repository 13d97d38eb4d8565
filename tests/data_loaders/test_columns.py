"""The one matcher of header texts to a kind's fields: exact beats contains, then the longer, then the earlier
synonym; between two columns of one field the earlier synonym wins."""

from __future__ import annotations

from data_loaders.columns import OTHER, FieldSpec, best_field, header_hits, match_columns
from data_loaders.table import Column

SPECS = (
    FieldSpec("name", "Tên nhiệm vụ", ("ten nhiem vu", "noi dung nhiem vu", "noi dung"), required=True),
    FieldSpec("lead", "Cơ quan chủ trì", ("co quan chu tri", "don vi chu tri", "chu tri")),
    FieldSpec("due", "Thời hạn", ("thoi han hoan thanh", "thoi han"), required=True),
    FieldSpec(OTHER, "", ("ten nhiem vu cha",)),
)


def _col(index: int, *segments: str) -> Column:
    return Column(index, segments, segments)


def test_best_field_exact_beats_a_longer_contained_synonym():
    assert best_field("chu tri", SPECS) == ("lead", (True, 7, -2))


def test_best_field_the_longest_contained_synonym_wins():
    # "noi dung nhiem vu" (17) and "noi dung" (8) both occur: the longer names the field
    assert best_field("noi dung nhiem vu duoc giao", SPECS) == ("name", (False, 17, -1))


def test_best_field_matches_whole_words_only():
    assert best_field("thoi hanh", SPECS) is None
    assert best_field("so luong", SPECS) is None


def test_best_field_can_name_a_known_other_column():
    assert best_field("ten nhiem vu cha", SPECS) == (OTHER, (True, 16, 0))


def test_match_columns_orders_by_column_and_skips_other_and_unnamed_columns():
    columns = [
        _col(0, "stt"),
        _col(1, "ten nhiem vu cha"),
        _col(2, "ten nhiem vu"),
        _col(3),
        _col(4, "thoi han", "hoan thanh"),  # two header rows: "thoi han hoan thanh"
        _col(5, "don vi chu tri"),
    ]
    assert match_columns(columns, SPECS) == {"name": 2, "due": 4, "lead": 5}


def test_match_columns_between_two_columns_of_one_field_the_earlier_synonym_wins():
    columns = [_col(0, "noi dung"), _col(1, "noi dung nhiem vu")]
    assert match_columns(columns, SPECS) == {"name": 1}
    # an exact header beats one that merely contains an earlier synonym
    columns = [_col(0, "ten nhiem vu duoc giao"), _col(1, "noi dung")]
    assert match_columns(columns, SPECS) == {"name": 1}


def test_match_columns_leaves_skipped_columns_alone():
    columns = [_col(0, "chu tri"), _col(1, "co quan chu tri")]
    assert match_columns(columns, SPECS, skip=[1]) == {"lead": 0}


def test_header_hits_counts_fields_named_and_lists_required_ones_missing():
    assert header_hits(["ten nhiem vu", "noi dung", "chu tri", "", "ten nhiem vu cha"], SPECS) == (
        2,
        ["Thời hạn"],
    )
    assert header_hits([], SPECS) == (0, ["Tên nhiệm vụ", "Thời hạn"])
