"""Find out how a file's bytes are encoded, and say so when it had to guess."""

from __future__ import annotations

import codecs


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode a whole file: BOMs, UTF-16 without a BOM, UTF-8, else Windows-1252 with a warning."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding), None
    utf16 = utf16_without_bom(data)
    if utf16 is not None:
        return data.decode(utf16), None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        return data.decode("cp1252", errors="replace"), (
            f"not UTF-8 (byte {error.start}); read as Windows-1252"
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
