"""Find out how a file's bytes are encoded, and say so when it had to guess."""

from __future__ import annotations

import codecs


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode a whole file: BOMs, UTF-16 without a BOM, UTF-8, else Windows-1252 with a warning.

    NUL characters are taken out (with a warning): no name or note means one, PostgreSQL
    refuses them in text, and a stray one would make the import fail on that database only.
    """
    text, warning = _decoded(data)
    if "\x00" in text:
        text = text.replace("\x00", "")
        warning = "; ".join(filter(None, (warning, "NUL characters removed")))
    return text, warning


def _decoded(data: bytes) -> tuple[str, str | None]:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _decode_as_claimed(data, encoding)
    utf16 = utf16_without_bom(data)
    if utf16 is not None:
        return _decode_as_claimed(data, utf16)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        return data.decode("cp1252", errors="replace"), (
            f"not UTF-8 (byte {error.start}); read as Windows-1252"
        )


def _decode_as_claimed(data: bytes, encoding: str) -> tuple[str, str | None]:
    """Decode with the encoding a file's start claims; where its bytes break that, say so.

    A file cut short (an odd byte at the end of UTF-16) or with a broken byte keeps every
    readable line; the broken characters become U+FFFD and the user is told where.
    """
    try:
        return data.decode(encoding), None
    except UnicodeDecodeError as error:
        name = encoding.replace("-sig", "").upper()
        return data.decode(encoding, errors="replace"), (
            f"not valid {name} at byte {error.start}; unreadable characters shown as �"
        )


def utf16_without_bom(data: bytes) -> str | None:
    """Recognise UTF-16 text by its zero bytes (Apple exports write it without a BOM)."""
    sample = data[:400]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    if even_zeros > half * 0.6:
        return "utf-16-be"
    if odd_zeros > half * 0.6:
        return "utf-16-le"
    return None
