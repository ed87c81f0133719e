"""A tolerant vCard 2.1/3.0/4.0 reader: bytes first, one bad card never stops the file.

The order is the one real files demand: normalise line ends and unfold on bytes (some writers
fold inside a UTF-8 character), split name, parameters and value (a quoted parameter may hold
":" or ";"), undo quoted-printable, decode the charset, and only then split and unescape.
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass, field
from typing import Any

from crm.domain.errors import DomainError
from crm.domain.imports import ImportedContact, ImportProblem, ReadResult
from crm.services.imports.text_encoding import utf16_without_bom

_LABELS = {
    "cell": "mobile",
    "mobile": "mobile",
    "home": "home",
    "work": "work",
    "fax": "fax",
    "pager": "other",
    "other": "other",
    "main": "work",
    "voice": "",
}


@dataclass
class _Line:
    number: int
    name: str
    params: dict[str, list[str]]
    value: bytes


@dataclass
class _Card:
    start: int
    version: str = "3.0"
    lines: list[_Line] = field(default_factory=list)


def _normalise(data: bytes) -> bytes:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        data = data.decode("utf-16", errors="replace").encode("utf-8")
    elif (encoding := utf16_without_bom(data)) is not None:
        data = data.decode(encoding, errors="replace").encode("utf-8")
    # No value means a NUL, and PostgreSQL refuses them in text (UTF-8 has no other zero byte).
    data = data.replace(b"\x00", b"")
    # iOS writes CR CR LF; some files mix LF-only blocks into CRLF ones.
    return data.replace(b"\r\r\n", b"\n").replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def _split_name(raw: bytes) -> tuple[bytes, bytes] | None:
    """Split at the first colon outside double quotes."""
    quoted = False
    for index, byte in enumerate(raw):
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x3A and not quoted:
            return raw[:index], raw[index + 1 :]
    return None


def _params(head: str) -> tuple[str, dict[str, list[str]]]:
    parts = re.findall(r'(?:[^;"]|"[^"]*")+', head)
    name = parts[0].strip().upper() if parts else ""
    if "." in name:  # Apple groups: item1.EMAIL
        name = name.rsplit(".", 1)[1]
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        key, has_value, value = part.partition("=")
        if not has_value:  # vCard 2.1 bare parameters: TEL;WORK;VOICE, QUOTED-PRINTABLE
            key, value = (
                ("ENCODING" if key.upper() in ("QUOTED-PRINTABLE", "BASE64", "8BIT") else "TYPE"),
                key,
            )
        values = [v.strip().strip('"') for v in value.split(",")]
        params.setdefault(key.strip().upper(), []).extend(v for v in values if v)
    return name, params


def _is_quoted_printable(head: bytes) -> bool:
    return b"QUOTED-PRINTABLE" in head.upper()


def _logical_lines(data: bytes) -> list[tuple[int, bytes]]:
    """Unfold: a line starting with a space or tab continues the last; so does a QP soft break."""
    lines: list[tuple[int, bytes]] = []
    physical = data.split(b"\n")
    index = 0
    while index < len(physical):
        number, line = index + 1, physical[index]
        index += 1
        if line[:1] in (b" ", b"\t") and lines:
            start, previous = lines[-1]
            lines[-1] = (start, previous + line[1:])
            continue
        split = _split_name(line)
        if split is not None and _is_quoted_printable(split[0]):
            while line.endswith(b"=") and index < len(physical):
                following = physical[index]
                index += 1
                if not following and index < len(physical):
                    following = physical[index]  # Android: a blank line after a soft break
                    index += 1
                line = line[:-1] + following.lstrip(b" \t")
        lines.append((number, line))
    return lines


def _decode(line: _Line, problems: list[ImportProblem]) -> str:
    raw = line.value
    if "QUOTED-PRINTABLE" in (v.upper() for v in line.params.get("ENCODING", [])):
        raw = quopri.decodestring(raw)
    charset = (line.params.get("CHARSET") or ["utf-8"])[0]
    try:
        return raw.decode(charset)
    except (LookupError, UnicodeDecodeError):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(
                ImportProblem(line.number, f"{line.name}: not {charset}; read as Windows-1252")
            )
            return raw.decode("cp1252", errors="replace")


_ESCAPES = {"n": "\n", "N": "\n", "\\": "\\", ",": ",", ";": ";"}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def _split(text: str, separator: str, version: str) -> list[str]:
    """Split a structured value on unescaped separators (2.1 knows only the semicolon escape)."""
    if version == "2.1" and separator == ",":
        return [text]
    pieces = re.split(r"(?<!\\)" + re.escape(separator), text)
    return [_unescape(p) for p in pieces]


def _label(params: dict[str, list[str]]) -> tuple[str, bool]:
    types = [t.lower() for t in params.get("TYPE", [])]
    primary = "pref" in types or "PREF" in params
    for kind in types:
        if _LABELS.get(kind):
            return _LABELS[kind], primary
    return "other" if types and not all(
        t in ("internet", "voice", "pref") for t in types
    ) else "work", primary


def _contact(card: _Card, problems: list[ImportProblem]) -> ImportedContact | None:
    values: dict[str, Any] = {"line": card.start}
    emails: list[tuple[str, str, bool]] = []
    phones: list[tuple[str, str, bool]] = []
    tags: list[str] = []
    languages: list[str] = []
    for line in card.lines:
        text = _decode(line, problems)
        name = line.name
        if name == "N":
            parts = [*_split(text, ";", card.version), "", "", "", ""]
            family, given, prefix = parts[0], parts[1], parts[3]
            values.update(
                family_name=family.strip() or None,
                given_name=given.strip() or None,
                prefix=prefix.strip() or None,
            )
        elif name == "FN":
            values["full_name"] = _unescape(text).strip() or None
        elif name == "ORG":
            units = [u.strip() for u in _split(text, ";", card.version)]
            values["organization"] = units[0] or None
            values["department"] = (units[1] if len(units) > 1 else "") or None
        elif name == "TITLE":
            values["job_title"] = _unescape(text).strip() or None
        elif name == "EMAIL" and text.strip():
            label, primary = _label(line.params)
            emails.append((text.strip(), label, primary))
        elif name == "TEL" and text.strip():
            label, primary = _label(line.params)
            number = text.strip().removeprefix("tel:")
            phones.append((number, "fax" if "fax" in str(line.params).lower() else label, primary))
        elif name == "NOTE":
            values["notes"] = _unescape(text).strip() or None
        elif name == "CATEGORIES":
            tags.extend(t.strip() for t in _split(text, ",", card.version) if t.strip())
        elif name == "ADR" and "city" not in values:
            parts = [*_split(text, ";", card.version), "", "", "", "", "", "", ""]
            values["city"] = parts[3].strip() or None
            values["country"] = parts[6].strip() or None
        elif name == "X-CONVENE-NATIVE-NAME":
            values["native_name"] = _unescape(text).strip() or None
        elif name == "LANG":
            languages.append(text.strip())
        elif name == "UID":
            values["uid"] = text.strip() or None
    contact = ImportedContact(
        **values,
        emails=tuple(emails),
        phones=tuple(phones),
        tags=tuple(tags),
        languages=tuple(languages),
    )
    if not contact.has_data():
        problems.append(
            ImportProblem(
                card.start, "a card with no name, email, phone or organization was passed over"
            )
        )
        return None
    return contact


def read_vcards(data: bytes) -> ReadResult:
    """Read every card of a file; refuse a file that holds no vCard at all."""
    lines = _logical_lines(_normalise(data))
    problems: list[ImportProblem] = []
    cards: list[_Card] = []
    current: _Card | None = None
    for number, raw in lines:
        if not raw.strip() or raw.startswith(b"#"):
            continue
        split = _split_name(raw)
        if split is None:
            if current is not None:
                problems.append(ImportProblem(number, "a line with no “:” was passed over"))
            continue
        head, value = split
        name, params = _params(head.decode("utf-8", errors="replace"))
        text = value.decode("utf-8", errors="replace").strip().upper()
        if name == "BEGIN" and text == "VCARD":
            current = _Card(number)
        elif name == "END" and text == "VCARD":
            if current is not None:
                cards.append(current)
            current = None
        elif current is not None:
            if name == "VERSION":
                current.version = text
            else:
                current.lines.append(_Line(number, name, params, value))
    if current is not None:
        problems.append(
            ImportProblem(
                current.start, "the last card has no END:VCARD; read up to the end of the file"
            )
        )
        cards.append(current)
    if not cards:
        first = lines[0][1][:40].decode("utf-8", errors="replace") if lines else ""
        raise DomainError(f"Not a vCard file: no BEGIN:VCARD found (line 1: “{first}”).")
    contacts = []
    for card in cards:
        try:
            contact = _contact(card, problems)
        except (ValueError, TypeError) as error:
            problems.append(ImportProblem(card.start, f"card passed over: {error}"))
            continue
        if contact is not None:
            contacts.append(contact)
    return ReadResult(tuple(contacts), tuple(problems))
