"""Read a document for intake: text, Markdown, HTML, a PDF's text or an .eml, as clean text.

What the reader returns is what the review screen shows and what every quote points into:
Markdown's link and emphasis marks and HTML's tags are taken out, paragraphs kept. The first
lines of a press release also say when and where it was issued (its dateline), by which
wire, and under which title.
"""

from __future__ import annotations

import email
import email.policy
import io
import re
import unicodedata
from datetime import date
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path

from crm.domain.enums import DocumentKind
from crm.domain.errors import DomainError
from crm.domain.intake import IntakeDocument
from crm.domain.validation import normalize_country
from crm.services.imports.text_encoding import decode_bytes
from crm.services.intake.dates import MONTHS

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MAIL_SUFFIXES = {".eml"}

_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*\)")
_MD_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_MD_EMPHASIS = re.compile(r"(?<![\w*_])(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1(?![\w*_])")
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)
_MD_RULE = re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.MULTILINE)
_TRAILING_SPACES = re.compile(r"[ \t]+$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{3,}")
# PARIS, FRANCE, June 15, 2025 /EINPresswire.com/ --   or   LONDON, 3 March 2026 –
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'’-]+(?:,\s*[A-Z][A-Za-z .'’-]+)*),\s*"
    r"(?:(?P<month>[A-Z][a-z]+)\.?\s+(?P<day>\d{1,2}),?|(?P<day2>\d{1,2})\s+(?P<month2>[A-Z][a-z]+))"
    r"\s+(?P<year>\d{4})\s*(?:/(?P<wire>[^/\n]+)/)?\s*(?:--|—|–|-)?",
    re.MULTILINE,
)
_URL_LINE = re.compile(r"(?:viewed|read|available) online at:?\s*(https?://\S+)", re.IGNORECASE)


def read_document(path: str | Path) -> IntakeDocument:
    """Read a file as an intake document; refuse what cannot be read, saying why."""
    source = Path(path)
    try:
        size = source.stat().st_size
    except OSError as error:
        raise DomainError(f"Cannot read {source}: {error.strerror or error}.") from None
    if size > MAX_DOCUMENT_BYTES:
        raise DomainError(
            f"{source.name} is {size // 1_048_576} MB; documents up to 20 MB are read."
        )
    data = source.read_bytes()
    suffix = source.suffix.lower()
    if suffix in MAIL_SUFFIXES:
        return _mail(data, source.name)
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        return document_from_text(pdf_text(data, source.name), source.name)
    text, _warning = decode_bytes(data)
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _looks_like_html(text)):
        title, body = html_text(text)
        return document_from_text(body, source.name, title)
    if suffix not in TEXT_SUFFIXES:
        raise DomainError(
            f"{source.name}: Convene reads plain text, Markdown, HTML and .eml messages."
        )
    return document_from_text(markdown_text(text), source.name)


def pdf_text(data: bytes, name: str) -> str:
    """The text layer of a PDF, page after page (a scanned page has none to give)."""
    from pypdf import PdfReader  # not a cost of every start
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DomainError(f"{name} is a PDF locked with a password; unlock it first.")
        # Layout mode keeps the blank line between paragraphs that plain mode drops.
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as error:
        raise DomainError(f"{name} could not be read as a PDF ({error}).") from None
    # Ligatures (ﬁ) and tabs between words are the PDF's layout, not the writer's text.
    text = ""
    for page in (_unwrapped(unicodedata.normalize("NFKC", page)) for page in pages):
        # A page break inside a paragraph or a block of lines is not the writer's.
        ended = not text or text.rstrip().endswith((".", "!", "?", ":"))
        text += ("\n\n" if ended else "\n") + page if text else page
    if not text.strip():
        raise DomainError(
            f"{name} has no text to read (a scanned document?): Convene reads a PDF's text, "
            "it does not recognise characters in images."
        )
    return markdown_text(text)


FULL_LINE = 0.75  # of a page's longest line: a line this long was wrapped, not ended


def _unwrapped(page: str) -> str:
    """Join the lines a PDF wrapped back into their paragraphs; keep short lines apart.

    A line nearly as long as the page's longest ran into the margin, so the next line goes
    on with it ("… Everyone's Internet" / "News Presswire"); a short line ended where its
    writer ended it (a name over an organization over a phone number).
    """
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in page.splitlines()]
    while lines and (not lines[-1] or re.fullmatch(r"(?:page\s*)?\d{1,4}", lines[-1], re.I)):
        lines.pop()  # the page's number and the blank lines above it
    while lines and not lines[0]:
        lines.pop(0)
    longest = max((len(line) for line in lines), default=0)
    joined: list[str] = []
    for line in lines:
        wrapped = joined and joined[-1] and len(joined[-1]) >= FULL_LINE * longest
        if line and wrapped and not joined[-1].endswith((".", ":", "!", "?")):
            joined[-1] += " " + line
        else:
            joined.append(line)
    return "\n".join(joined)


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head


def markdown_text(text: str) -> str:
    """Take Markdown's marks out, keeping the words: [a](url) → a, *b* → b, # c → c."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _MD_AUTOLINK.sub(lambda m: m.group(1), text)
    text = _MD_HEADING.sub("", text)
    text = _MD_RULE.sub("", text)
    text = _MD_EMPHASIS.sub(lambda m: m.group(2), text)
    text = _TRAILING_SPACES.sub("", text)
    return _BLANK_LINES.sub("\n\n", text).strip() + "\n"


class _TextOfHtml(HTMLParser):
    _BLOCKS = frozenset(
        [
            "p",
            "div",
            "br",
            "li",
            "tr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "section",
            "article",
            "header",
            "footer",
        ]
    )
    _SKIPPED = frozenset({"script", "style", "head", "nav", "noscript"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self.heading = ""
        self._skipping = 0
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in.append(tag)
        if tag in self._SKIPPED and tag != "head":
            self._skipping += 1
        if tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIPPED and tag != "head" and self._skipping:
            self._skipping -= 1
        if tag in self._BLOCKS:
            self.parts.append("\n\n")
        if tag in self._in:
            del self._in[len(self._in) - 1 - self._in[::-1].index(tag)]

    def handle_data(self, data: str) -> None:
        if "title" in self._in:
            self.title += data
            return
        if self._skipping:
            return
        if "h1" in self._in:
            self.heading += data
        self.parts.append(re.sub(r"\s+", " ", data))


def html_text(html: str) -> tuple[str | None, str]:
    """Return an HTML page's title and its text, one paragraph per block."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    text = _BLANK_LINES.sub("\n\n", text).strip() + "\n"
    title = parser.heading.strip() or parser.title.strip() or None
    return title, text


def _mail(data: bytes, name: str) -> IntakeDocument:
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage):  # pragma: no cover - the default policy's type
        raise DomainError(f"{name} is not a mail message.")
    body_part = message.get_body(preferencelist=("plain", "html"))
    if body_part is None:
        raise DomainError(f"{name} has no text to read.")
    content = body_part.get_content()
    if body_part.get_content_subtype() == "html":
        _title, text = html_text(content)
    else:
        text = markdown_text(content)
    subject = str(message.get("subject", "") or "").strip() or None
    sent: date | None = None
    if message.get("date"):
        try:
            sent = parsedate_to_datetime(str(message["date"])).date()
        except (TypeError, ValueError):
            sent = None
    found = document_from_text(text, name, subject)
    sender = message.get("from")
    author = sender.addresses[0].display_name if sender and sender.addresses else None
    return IntakeDocument(
        title=found.title,
        text=found.text,
        kind=DocumentKind.EMAIL if found.kind is DocumentKind.ARTICLE else found.kind,
        file_name=name,
        published_on=found.published_on or sent,
        city=found.city,
        country=found.country,
        publisher=found.publisher,
        url=found.url,
        author=author or found.author,
        dateline_end=found.dateline_end,
    )


def document_from_text(text: str, file_name: str, title: str | None = None) -> IntakeDocument:
    """Read what a document's first lines say: its title, and a press release's dateline."""
    # A NUL (a PDF's text layer or a mail can hold one) means nothing, and no record can
    # store it; files read as text lose theirs in decode_bytes.
    text = text.replace("\x00", "")
    title = title.replace("\x00", "") if title is not None else None
    if title is None:  # the first paragraph: a long title wraps in a PDF's text
        first = text.strip().split("\n\n", 1)[0]
        title = " ".join(first.split()) or Path(file_name).stem
    published: date | None = None
    city = country = publisher = None
    dateline = _DATELINE.search(text[:3000])
    if dateline is not None:
        published = _dateline_date(dateline)
        places = [p.strip() for p in dateline.group("place").split(",")]
        city = places[0].title()
        if len(places) > 1:
            code = normalize_country(places[-1])
            country = code if isinstance(code, str) else None
        wire = dateline.group("wire")
        if wire:
            publisher = _wire_name(wire)
    url = _URL_LINE.search(text)
    is_release = dateline is not None or "press release" in text.casefold()
    return IntakeDocument(
        title=title[:500],
        text=text,
        kind=DocumentKind.PRESS_RELEASE if is_release else DocumentKind.ARTICLE,
        file_name=file_name,
        published_on=published,
        city=city,
        country=country,
        publisher=publisher,
        url=url.group(1).rstrip(">).,") if url else None,
        dateline_end=dateline.end() if dateline is not None else 0,
    )


def _dateline_date(found: re.Match[str]) -> date | None:
    month = MONTHS.get((found.group("month") or found.group("month2") or "").casefold())
    day = int(found.group("day") or found.group("day2") or 0)
    if month is None:
        return None
    try:
        return date(int(found.group("year")), month, day)
    except ValueError:
        return None


def _wire_name(wire: str) -> str:
    """EINPresswire.com → EIN Presswire: the wire's name without its web address."""
    name = re.sub(r"\.(com|net|org)$", "", wire.strip(), flags=re.IGNORECASE)
    return re.sub(r"(?<=[A-Z])(?=[A-Z][a-z])", " ", name)
