"""The file picker in Vietnamese: Streamlit's dropzone has fixed English texts ("Upload", "25MB per file • XLSX…",
"Add files"), so CSS hides them and draws ours in their place, and a caption says the same in plain text."""

from __future__ import annotations

from base.formatting import vn_number

# Macro workbooks (.xlsm, .xlsb) are not offered; the importer refuses them too.
ACCEPTED_TYPES = ["xlsx", "xls"]
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What st.file_uploader gets: the browser offers and takes only these. The MIME type in the list makes Streamlit
# skip its own server-side name check, whose English error would break the page before our script runs: a name
# sent past the browser (a hand-made request) reaches the importer, which refuses it in Vietnamese.
PICKER_TYPES = [*ACCEPTED_TYPES, XLSX_MIME]
BUTTON = "Chọn tệp"


def size_text(limit_mb: float) -> str:
    """'25 MB' / '2,5 MB'."""
    return f"{vn_number(limit_mb, 1 if limit_mb % 1 else 0)} MB"


def dropzone_text(limit_mb: float) -> str:
    """What the dropzone says instead of Streamlit's English line."""
    types = ", ".join("." + t for t in ACCEPTED_TYPES)
    return f"Kéo thả tệp vào đây · tối đa {size_text(limit_mb)} mỗi tệp · {types}"


def picker_caption(limit_mb: float) -> str:
    """The same, as text under the picker (screen readers and searches see it; CSS content they may not)."""
    return (
        f"Kéo thả tệp vào khung trên hoặc bấm “{BUTTON}”. Mỗi tệp tối đa {size_text(limit_mb)}; chỉ nhận tệp "
        "Excel .xlsx, .xls (tệp có macro .xlsm, .xlsb không được nhận)."
    )


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def picker_css(limit_mb: float) -> str:
    """A style block that puts our texts over the dropzone's English ones (the element stays, only its look)."""
    zone = '[data-testid="stFileUploaderDropzone"]'
    return f"""<style>
{zone} [data-testid="stFileUploaderDropzoneInstructions"] span {{ display: none; }}
{zone} [data-testid="stFileUploaderDropzoneInstructions"] > div::after {{
  content: {_css_string(dropzone_text(limit_mb))}; font-size: 0.875rem; opacity: 0.8;
}}
{zone} [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p {{ font-size: 0; }}
{zone} [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p::after {{
  content: {_css_string(BUTTON)}; font-size: 1rem;
}}
</style>"""
