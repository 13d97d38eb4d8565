"""Users read a Vietnamese title for every reason code, never the code: every code in the source has one."""

from __future__ import annotations

from dashboard.importing.reason_titles import OTHER, REASON_TITLES, readable_line, reason_title
from data_loaders.reasons import ReasonCode
from tests.dashboard.reason_codes import scan

VIETNAMESE = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


def test_the_scan_finds_codes_of_every_shape_it_reads():
    """The scanner itself can fail: codes given to problems, to refusals, through helpers and variables."""
    found = scan()
    assert {
        "unit_not_allowed",  # problems.error("…", …)
        "not_excel",  # FileRejected("…", …)
        "import_busy",  # ImportLockError("…", …)
        "bad_deadline",  # ParseError("…", …)
        "bad_saved_value",  # BadSavedValue's cls(text, "…", …)
        "bad_channel",  # a helper taking the code: _lookup(…, "…", …)
        "unknown_level",  # "…" if … else "…"
        "worker_timeout",  # code = "…"
        "bad_sort_order",  # the registry reader's local error("…", …)
    } <= set(found.codes)
    assert found.unresolved == []  # a code passed some other way must be taught to the scan


def test_every_reason_code_has_a_vietnamese_title_and_every_title_a_code():
    codes = set(scan().codes)
    assert sorted(codes - set(REASON_TITLES)) == []  # a code users would see raw
    assert sorted(set(REASON_TITLES) - codes) == []  # a title of a code nothing emits any more
    for code, title in REASON_TITLES.items():
        assert title != code and "_" not in title and VIETNAMESE & set(title.lower()), (code, title)


def test_every_reason_code_member_has_a_title_is_emitted_and_no_code_is_a_plain_string():
    found = scan()
    assert sorted(set(ReasonCode) - set(REASON_TITLES)) == []
    assert sorted(set(ReasonCode) - set(found.codes)) == []  # a member nothing emits any more
    assert all(isinstance(code, ReasonCode) for code in REASON_TITLES)
    assert found.free == []  # every problem names its reason by a ReasonCode member


def test_an_unknown_code_still_never_reaches_the_user():
    assert reason_title("something_new") == OTHER
    assert reason_title("not_excel") == "Không phải tệp Excel hoặc tệp bị hỏng"


def test_a_stored_warning_line_reads_without_its_code():
    line = "WARNING bao_cao.xlsx › Biểu II.06a › C12, D12 [identity_mismatch] Tổng số khác số kỳ trước + mới."
    assert readable_line(line) == (
        "bao_cao.xlsx › Biểu II.06a › C12, D12 — Số liệu không khớp nhau: Tổng số khác số kỳ trước + mới."
    )
    assert readable_line("a line in another form") == "a line in another form"
