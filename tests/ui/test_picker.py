"""The file picker in Vietnamese (ui.picker): the size limit as people write it, the texts drawn over
Streamlit's English ones, and CSS strings that stay strings."""

from __future__ import annotations

import re

from ui.picker import (
    ACCEPTED_TYPES,
    PICKER_TYPES,
    XLSX_MIME,
    dropzone_text,
    picker_caption,
    picker_css,
    size_text,
)


def test_size_text():
    assert size_text(25) == "25 MB"
    assert size_text(2.5) == "2,5 MB"
    assert size_text(1000) == "1.000 MB"


def test_only_excel_without_macros_is_offered():
    assert ACCEPTED_TYPES == ["xlsx", "xls"]
    assert PICKER_TYPES == ["xlsx", "xls", XLSX_MIME]
    assert "xlsm" not in " ".join(PICKER_TYPES) and "xlsb" not in " ".join(PICKER_TYPES)


def test_dropzone_text_and_caption_say_the_limit_and_the_types():
    assert dropzone_text(25) == "Kéo thả tệp vào đây · tối đa 25 MB mỗi tệp · .xlsx, .xls"
    caption = picker_caption(2.5)
    assert "Mỗi tệp tối đa 2,5 MB" in caption
    assert "“Chọn tệp”" in caption and ".xlsm, .xlsb không được nhận" in caption


def test_picker_css_draws_our_texts_as_css_strings():
    css = picker_css(25)
    contents = re.findall(r'content: ("(?:[^"\\]|\\.)*");', css)
    assert contents == ['"Kéo thả tệp vào đây · tối đa 25 MB mỗi tệp · .xlsx, .xls"', '"Chọn tệp"']
    assert css.startswith("<style>") and css.rstrip().endswith("</style>")
