"""The text of a PDF as a reader sees it, read without any PDF library (none is installed, and fpdf2 only writes).

Enough of the format for the files fpdf2 writes: numbered objects whose streams are plain or FlateDecode, Type0
fonts whose ToUnicode CMaps map 2-byte glyph codes to text (bfchar and bfrange), and page content that selects a
font with `Tf` and shows strings with `Tj` or `TJ`. The text is NFC-normalised, whitespace collapsed.
"""

from __future__ import annotations

import re
import unicodedata
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj\s*<<")
_LENGTH = re.compile(rb"/Length (\d+)")
_FONT_DICT = re.compile(rb"/Font\s*<<(.*?)>>", re.S)
_FONT_REF = re.compile(rb"/(F\d+) (\d+) 0 R")
_TO_UNICODE = re.compile(rb"/ToUnicode (\d+) 0 R")
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
_TOKENS = re.compile(
    rb"/(F\d+)\s+[\d.]+\s+Tf|\((?:\\.|[^\\)])*\)\s*Tj|\[(?:\((?:\\.|[^\\)])*\)|[^\]])*\]\s*TJ", re.S
)
_STRING = re.compile(rb"\(((?:\\.|[^\\)])*)\)", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Object number -> (its dictionary, its decoded stream or None)."""
    found: dict[int, tuple[bytes, bytes | None]] = {}
    for match in _OBJECT.finditer(data):
        start = match.end() - 2
        depth, i = 0, start
        while i < len(data):  # the dictionary ends where its << >> pairs balance
            if data.startswith(b"<<", i):
                depth, i = depth + 1, i + 2
            elif data.startswith(b">>", i):
                depth, i = depth - 1, i + 2
                if depth == 0:
                    break
            else:
                i += 1
        head = data[start:i]
        stream = None
        rest = data[i : i + 20].lstrip()
        if rest.startswith(b"stream"):
            body = data.index(b"stream", i) + len(b"stream")
            body += 2 if data[body : body + 2] == b"\r\n" else 1
            length = _LENGTH.search(head)
            assert length, "a stream without a direct /Length"
            stream = data[body : body + int(length.group(1))]
            if b"/FlateDecode" in head:
                stream = zlib.decompress(stream)
        found[int(match.group(1))] = (head, stream)
    return found


def _cmap(text: bytes) -> dict[int, str]:
    """A ToUnicode CMap: glyph code -> text."""
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        pairs = _HEX.findall(block)
        for code, uni in zip(pairs[::2], pairs[1::2], strict=True):
            out[int(code, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        values = _HEX.findall(block)
        for lo, hi, first in zip(values[::3], values[1::3], values[2::3], strict=True):
            base = int(first, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(base + offset)
    return out


def _unescape(raw: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(raw):
        ch = raw[i : i + 1]
        if ch != b"\\":
            out += ch
            i += 1
            continue
        nxt = raw[i + 1 : i + 2]
        if nxt in _ESCAPES:
            out += _ESCAPES[nxt]
            i += 2
        elif nxt.isdigit():
            digits = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
            assert digits
            out.append(int(digits.group(), 8) & 0xFF)
            i += 1 + len(digits.group())
        else:
            out += nxt
            i += 2
    return bytes(out)


def pdf_text(data: bytes) -> str:
    """Every string the pages show, in content order, joined by spaces."""
    objects = _objects(data)
    fonts: dict[bytes, dict[int, str]] = {}
    for head, _stream in objects.values():
        for block in _FONT_DICT.findall(head):
            for name, ref in _FONT_REF.findall(block):
                to_unicode = _TO_UNICODE.search(objects[int(ref)][0])
                assert to_unicode, f"font {name!r} has no ToUnicode map"
                stream = objects[int(to_unicode.group(1))][1]
                assert stream is not None
                fonts[name] = _cmap(stream)
    assert fonts, "no fonts found"
    pieces: list[str] = []
    for head, stream in objects.values():
        if stream is None or b"/Length1" in head or b"begincmap" in stream or b"BT" not in stream:
            continue  # font files and CMaps; what is left is page content
        cmap: dict[int, str] = {}
        for token in _TOKENS.finditer(stream):
            if token.group(1):
                cmap = fonts[token.group(1)]
                continue
            for raw in _STRING.findall(token.group(0)):
                codes = _unescape(raw)
                pieces.append(
                    "".join(
                        cmap.get(int.from_bytes(codes[k : k + 2], "big"), "\ufffd")
                        for k in range(0, len(codes), 2)
                    )
                )
    return " ".join(unicodedata.normalize("NFC", " ".join(pieces)).split())
