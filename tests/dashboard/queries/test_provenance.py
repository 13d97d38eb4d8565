"""Source lines name who stored a file the way a reader understands it, and a change's sign sets the arrow."""

from __future__ import annotations

import pytest

from dashboard.queries.provenance import uploaded_by
from ui.components import delta_look


@pytest.mark.parametrize(
    ("user", "shown"),
    [
        ("mẫu", "dữ liệu mẫu"),
        ("cli", "nhập bằng dòng lệnh"),
        ("an", "bởi an"),
        ("Nguyễn Văn A", "bởi Nguyễn Văn A"),
    ],
)
def test_the_seed_and_the_command_line_are_not_named_as_people(user, shown):
    assert uploaded_by(user) == shown


@pytest.mark.parametrize(
    ("delta", "color", "look"),
    [
        (
            "\u22126,5 điểm",
            "normal",
            ("down", "red"),
        ),  # the real minus: Streamlit alone would draw it green, up
        ("\u22123 hồ sơ", "inverse", ("down", "green")),  # fewer overdue dossiers is good
        ("\u22120,1 điểm", "off", ("down", "off")),
        ("+19 hồ sơ", "inverse", ("auto", "inverse")),
        ("+0,9 điểm", "normal", ("auto", "normal")),
        (None, "normal", ("auto", "normal")),
    ],
)
def test_a_change_with_the_real_minus_sign_points_down(delta, color, look):
    assert delta_look(delta, color) == look
