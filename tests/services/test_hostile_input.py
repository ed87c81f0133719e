"""Broken and hostile input: a clear error or a correct result, never a traceback or half a write.

Fuzzed with hypothesis from pieces real files are made of (quotes, delimiters, folding,
encodings, NUL bytes, formula starts, right-to-left names) as well as raw bytes, through
the same calls the app makes: read the file, import what was read in one unit of work.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from functools import partial
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm.data.unit_of_work import Database
from crm.domain.drafts import ContactDraft, EmailDraft
from crm.domain.enums import RecordKind
from crm.domain.errors import DomainError
from crm.domain.imports import ImportOptions, ReadResult
from crm.domain.queries import ListQuery
from crm.domain.text import name_key, search_document, search_terms
from crm.services import contacts
from crm.services.imports.csv_reader import headers_with_targets, read_csv
from crm.services.imports.run import ImportRefusedError
from crm.services.imports.vcard_reader import read_vcards
from crm.services.workspace import Workspace

FUZZ = settings(
    max_examples=150,
    deadline=None,  # a slow example is reported by the time check below, with its input
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SLOW_SECONDS = 5.0

CSV_HEADERS = st.sampled_from(
    [
        b"",
        b"First Name,Last Name,E-mail Address,Mobile Phone,Company,Notes\r\n",
        b"Name;Email;Phone;Country\r\n",
        b"\xef\xbb\xbfGiven name\tFamily name\tEmail 1\r\n",
        b"sep=;\r\nName;Email\r\n",
    ]
)
CSV_PIECES = st.sampled_from(
    [
        b",",
        b";",
        b"\t",
        b'"',
        b'""',
        b"\r\n",
        b"\n",
        b"\r",
        b"\x00",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\x80\x81\xfe",
        b"M\xfcller",  # Latin-1 in a UTF-8 file
        "Müller".encode(),
        "محمد".encode(),
        "יוסף".encode(),
        b"=cmd|' /C calc'!A0",
        b"+33 1 23 45 67 89",
        b"ana@example.org",
        b"@",
        b"Ana",
        b" ",
        b"FR",
        b"ZZ",
    ]
)
CSV_FILES = st.one_of(
    st.binary(max_size=2000),
    st.tuples(CSV_HEADERS, st.lists(CSV_PIECES, max_size=120).map(b"".join)).map(b"".join),
)

VCARD_PIECES = st.sampled_from(
    [
        b"BEGIN:VCARD\r\n",
        b"END:VCARD\r\n",
        b"VERSION:2.1\r\n",
        b"VERSION:3.0\r\n",
        b"VERSION:4.0\r\n",
        b"N:Haddad;Amira;;;\r\n",
        b"FN:Amira Haddad\r\n",
        "FN:محمد عباس\r\n".encode(),
        b"EMAIL;TYPE=work:amira@example.org\r\n",
        b"TEL;TYPE=cell:+972 50 123 4567\r\n",
        b"N;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:M=C3=BCller;J=\r\n",
        b"=\r\n",
        b"FN;CHARSET=x-unknown-charset:\xe9\xe8\r\n",
        b"NOTE;ENCODING=BASE64:bm90IGJhc2U2NA=\r\n",
        b"PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ\r\n",
        b"\r\n ",
        b"\r\n\t",
        b"\n",
        b":",
        b";",
        b"\\n",
        b"\\",
        b"\x00",
        b"ORG:Alliance\\; for Peace;Unit\r\n",
        b'X-UNKNOWN;PARAM="quoted:colon":value\r\n',
    ]
)
VCARD_FILES = st.one_of(
    st.binary(max_size=2000),
    st.lists(VCARD_PIECES, max_size=80).map(b"".join),
)


T = TypeVar("T")


def _timed(action: Callable[[], T], data: object) -> T:
    start = time.monotonic()
    try:
        return action()
    finally:
        took = time.monotonic() - start
        assert took < SLOW_SECONDS, f"{took:.1f} s on {data!r:.200}"


def _read_or_refuse(reader: Callable[[bytes], ReadResult], data: bytes) -> ReadResult | None:
    """Read ``data``; a refusal must be a DomainError with a message, anything else fails."""
    try:
        return _timed(lambda: reader(data), data)
    except DomainError as error:
        assert str(error).strip(), "a refusal without a reason"
        return None


def _import_all_or_nothing(db: Database, read: ReadResult) -> None:
    """Import what was read: it all goes in, or nothing does and the error says why."""
    workspace = Workspace(db)
    before = workspace.counts()
    try:
        result = _timed(lambda: workspace.import_contacts(read, ImportOptions()), read)
    except ImportRefusedError as error:
        assert "Nothing was imported" in str(error)
        assert workspace.counts() == before, "a refused import left rows behind"
        return
    except DomainError as error:
        assert str(error).strip()
        assert workspace.counts() == before, "a failed import left rows behind"
        return
    after = workspace.counts()
    assert after["contacts"] == before["contacts"] + result.created
    assert after["organizations"] == before["organizations"] + result.organizations_created


@FUZZ
@given(data=CSV_FILES)
def test_any_csv_file_is_read_and_imported_whole_or_refused(db: Database, data: bytes) -> None:
    """Bad quoting, mixed encodings, NUL bytes, stray BOMs: read, then all or nothing."""
    try:
        _timed(lambda: headers_with_targets(data), data)
    except DomainError as error:
        assert str(error).strip()
    read = _read_or_refuse(read_csv, data)
    if read is not None:
        _import_all_or_nothing(db, read)


@FUZZ
@given(data=VCARD_FILES)
def test_any_vcard_file_is_read_and_imported_whole_or_refused(db: Database, data: bytes) -> None:
    """Bad folding, unknown encodings and charsets, half cards: read, then all or nothing."""
    read = _read_or_refuse(read_vcards, data)
    if read is not None:
        _import_all_or_nothing(db, read)


def _csv_with_cell(cell: bytes) -> bytes:
    header = b"First Name,Last Name,E-mail Address,Notes\r\n"
    return header + b"Ana,Lima,ana@example.org," + cell + b"\r\n"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(_csv_with_cell(b"x" * 10_000_000), id="10 MB cell"),
        pytest.param(_csv_with_cell(b'"' + b"y" * 3_000_000), id="quote never closed"),
        pytest.param(
            b",".join(b"column %d" % n for n in range(100_000))
            + b"\r\n"
            + b",".join(b"v" for _ in range(100_000))
            + b"\r\n",
            id="100k columns",
        ),
        pytest.param(
            b"First Name,Last Name\r\n" + b"Ana\x00,Li\x00ma\r\n" * 3, id="NUL bytes in names"
        ),
        pytest.param(
            b"First Name,Last Name\r\n" + "Jürgen,Müller\r\n".encode() + b"J\xfcrgen,M\xfcller\r\n",
            id="UTF-8 and Latin-1 mixed",
        ),
        pytest.param(b"\x00" * 1_000_000, id="a megabyte of NUL"),
    ],
)
def test_huge_and_strange_csv_files(db: Database, data: bytes) -> None:
    """Each one is read and imported (or refused) in seconds, never half-written."""
    read = _read_or_refuse(read_csv, data)
    if read is not None:
        _import_all_or_nothing(db, read)


def test_a_huge_photo_in_a_vcard_is_passed_over(db: Database) -> None:
    """A 10 MB PHOTO does not hold up the card it is in, nor the next one."""
    photo = b"PHOTO;ENCODING=b;TYPE=JPEG:" + b"QUJD" * 2_500_000 + b"\r\n"
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Amira Haddad\r\nN:Haddad;Amira;;;\r\n"
        + photo
        + b"EMAIL:amira@example.org\r\nEND:VCARD\r\n"
        + b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Noa Levi\r\nN:Levi;Noa;;;\r\nEND:VCARD\r\n"
    )
    read = _read_or_refuse(read_vcards, data)
    assert read is not None
    assert [[e[0] for e in c.emails] for c in read.contacts] == [["amira@example.org"], []]
    _import_all_or_nothing(db, read)
    assert Workspace(db).counts()["contacts"] == 2


SEARCH_SYNTAX = st.sampled_from(
    [
        '"',
        "'",
        "*",
        "%",
        "_",
        "\\",
        "NEAR",
        "NEAR(",
        "AND",
        "OR",
        "NOT",
        "(",
        ")",
        "^",
        ":",
        "search_text:",
        "-",
        "+",
        "{",
        "}",
        "\x00",
        "haddad",
        "amira@",
        "O'Brien",
        "محمد",
        "50%",
        " ",
    ]
)
SEARCHES = st.one_of(st.text(max_size=40), st.lists(SEARCH_SYNTAX, max_size=12).map("".join))


def _people(db: Database) -> None:
    with db.unit_of_work(changes=True) as session:
        for given, family, title, email in (
            ("Amira", "Haddad", "Head of R&D (50%)", "amira@example.org"),
            ("Sean", "O'Brien", "NEAR East desk", "sean_obrien@example.org"),
            ("محمد", "عباس", None, None),
        ):
            contacts.create_contact(
                session,
                ContactDraft(
                    given_name=given,
                    family_name=family,
                    job_title=title,
                    emails=(EmailDraft(email, "work", True),) if email else (),
                ),
            )


@FUZZ
@given(text=SEARCHES)
def test_any_search_text_gives_rows_that_hold_its_words(db: Database, text: str) -> None:
    """FTS and LIKE syntax is searched for as text on every list, on both databases.

    Every contact found holds each word typed (folded, as the start of a word or within
    it), and a search made of words of a contact's own name finds that contact.
    """
    workspace = Workspace(db)
    if workspace.counts()["contacts"] == 0:
        _people(db)
    for kind in RecordKind:
        _timed(partial(workspace.page, kind, ListQuery(search=text), 0, 20), text)
    found = workspace.page(RecordKind.CONTACTS, ListQuery(search=text), 0, 20).rows
    # The words of each term as the index reads them: letters and digits (_ separates).
    words = [w for term in search_terms(text) for w in re.findall(r"[^\W_]+", term)]
    for row in found:
        # What a contact is found by: its words folded, and the spelling keys of its names.
        held = search_document(row.display_name, row.native_name, row.job_title, row.email)
        missing = [w for w in words if w not in held and not _spelled_alike(w, held)]
        assert not missing, f"{row.display_name} found by {text!r} without {missing}"


def _spelled_alike(word: str, held: str) -> bool:
    """A name also matches its other spellings (its key against theirs)."""
    key = name_key(word)
    return len(key) >= 3 and f"~{key}" in held


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("haddad", ["Amira Haddad"]),
        ('"haddad', ["Amira Haddad"]),
        ("haddad*", ["Amira Haddad"]),
        ("(haddad", ["Amira Haddad"]),
        ("NEAR(haddad amira)", []),  # NEAR is a word here, and no one's
        ("near east", ["Sean O'Brien"]),
        ("o'brien", ["Sean O'Brien"]),
        ("sean_obrien@", ["Sean O'Brien"]),
        ("محمد", ["محمد عباس"]),
        ("haddad OR levi", []),
        ("NOT haddad", []),
    ],
)
def test_search_syntax_is_read_as_text(db: Database, text: str, expected: list[str]) -> None:
    """Operators a search engine would obey are only words here: OR does not widen it."""
    _people(db)
    found = Workspace(db).page(RecordKind.CONTACTS, ListQuery(search=text), 0, 20).rows
    assert [row.display_name for row in found] == expected
