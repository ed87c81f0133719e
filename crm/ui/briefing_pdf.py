"""An event's briefing as a PDF, written with Qt's own PDF writer (no extra library).

The participants by role, the press list and the commitments, then a sheet of name badges.

The lists are an HTML document laid out page by page on A4 with a footer; the badges are
drawn eight to a page, each name in its own script and shrunk to fit its badge. Writing
needs only a QGuiApplication (offscreen from the command line) and runs on any thread.
"""

from __future__ import annotations

import argparse
from html import escape
from pathlib import Path
from typing import TextIO

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from crm.domain.briefing import Briefing, BriefingPerson
from crm.domain.enums import AttendanceRole, RecordKind
from crm.domain.errors import DomainError
from crm.domain.records import Ref
from crm.services.files import atomic_file
from crm.services.workspace import Workspace
from crm.ui.columns import show
from crm.ui.table_model import is_right_to_left

MARGIN_MM = 14.0
RESOLUTION = 300  # dots per inch: sharp text, small files
BADGE_COLUMNS, BADGE_ROWS = 2, 4
ROLE_COLOURS = {
    AttendanceRole.HOST: "#7a1f1f",
    AttendanceRole.ORGANIZER: "#7a4b1f",
    AttendanceRole.SPEAKER: "#1f4f7a",
    AttendanceRole.PARTICIPANT: "#2f6b3a",
    AttendanceRole.DELEGATE: "#4b2f7a",
    AttendanceRole.PRESS: "#a0522d",
    AttendanceRole.OBSERVER: "#555555",
    AttendanceRole.STAFF: "#333333",
}
STYLE = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; }
h1 { font-size: 17pt; margin-bottom: 2pt; }
h2 { font-size: 13pt; margin-top: 16pt; }
h3 { font-size: 10pt; margin-top: 8pt; margin-bottom: 2pt; }
p.meta { color: #444; margin-top: 0; }
table { border-collapse: collapse; }
th { background: #e8e8e8; text-align: left; padding: 3px 5px; font-weight: bold; }
td { padding: 3px 5px; border-bottom: 1px solid #ddd; vertical-align: top; }
"""


def ensure_gui() -> None:
    """Make sure fonts and painting work: a command-line run has no window, so offscreen."""
    if QGuiApplication.instance() is None:
        QGuiApplication(["convene", "-platform", "offscreen"])


def _text(value: object) -> str:
    shown = escape(show(value)) if value not in (None, "") else ""
    if shown and is_right_to_left(shown):
        return f'<span dir="rtl">{shown}</span>'
    return shown


def _when(briefing: Briefing) -> str:
    row = briefing.event.row
    parts = []
    if row.start_date:
        day = row.start_date.strftime("%A %-d %B %Y")
        if row.end_date and row.end_date != row.start_date:
            day += " – " + row.end_date.strftime("%A %-d %B %Y")
        parts.append(day)
    place = ", ".join(x for x in (row.venue, row.city, row.country) if x)
    if place:
        parts.append(place)
    return " · ".join(parts) or "date and place not recorded"


def _table(headers: tuple[str, ...], rows: list[tuple[object, ...]]) -> str:
    """An HTML table of ``rows`` under ``headers``; empty when there are no rows."""
    if not rows:
        return ""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_text(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table width='100%'><tr>{head}</tr>{body}</table>"


def briefing_html(briefing: Briefing) -> str:
    """The briefing's lists as HTML (what the PDF's text pages show)."""
    event = briefing.event
    counts = ", ".join(f"{count} {show(status)}" for status, count in event.participant_counts)
    organizers = ", ".join(f"{o.party.label} ({show(o.role)})" for o in event.organizers)
    parts = [
        f"<h1>{_text(event.row.name)}</h1>",
        f"<p class='meta'>{_text(_when(briefing))}<br>"
        + (f"Organised by {_text(organizers)}<br>" if organizers else "")
        + f"Participants: {_text(counts) or 'none yet'}</p>",
    ]
    parts.append("<h2>Participants by role</h2>")
    for role, people in briefing.by_role():
        parts.append(f"<h3>{_text(show(role)).capitalize()} ({len(people)})</h3>")
        parts.append(
            _table(
                ("Name", "In own script", "Title", "Organization", "Status"),
                [(p.name, p.native_name, p.title, p.organization, p.status) for p in people],
            )
        )
    if not briefing.participants:
        parts.append("<p>No participants recorded.</p>")
    parts.append(f"<h2>Press list ({len(briefing.press)})</h2>")
    parts.append(
        _table(
            ("Name", "Outlet", "Email", "Phone", "Status"),
            [
                (
                    p.name,
                    p.organization,
                    "do not contact" if p.do_not_contact else p.email,
                    p.phone,
                    p.status,
                )
                for p in briefing.press
            ],
        )
        or "<p>No press on the list.</p>"
    )
    parts.append(f"<h2>Commitments made here ({len(briefing.commitments)})</h2>")
    parts.append(
        _table(
            ("Commitment", "Kind", "By", "Status", "Made on"),
            [
                (c.title, c.kind, c.maker.label if c.maker else None, c.status, c.made_on)
                for c in briefing.commitments
            ],
        )
        or "<p>None recorded.</p>"
    )
    return f"<html><head><style>{STYLE}</style></head><body>{''.join(parts)}</body></html>"


def write_briefing_pdf(briefing: Briefing, path: str | Path) -> int:
    """Write the briefing to ``path``, whole or not at all; return its number of pages."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pages = _write(briefing, buffer)
    buffer.close()
    with atomic_file(path) as out:
        out.write(bytes(buffer.data().data()))
    return pages


def _write(briefing: Briefing, device: QBuffer) -> int:
    ensure_gui()
    writer = QPdfWriter(device)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(f"Briefing — {briefing.event.row.name}")
    writer.setCreator("Convene")
    painter = QPainter(writer)
    try:
        pages = _lists(painter, writer, briefing)
        badges = briefing.badges
        per_page = BADGE_COLUMNS * BADGE_ROWS
        for start in range(0, len(badges), per_page):
            writer.newPage()
            _badge_page(painter, writer, briefing, badges[start : start + per_page])
            pages += 1
    finally:
        painter.end()
    return pages


def _lists(painter: QPainter, writer: QPdfWriter, briefing: Briefing) -> int:
    width, height = writer.width(), writer.height()
    footer = height * 0.04
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    document.setDefaultFont(QFont("DejaVu Sans", 9))
    document.setHtml(briefing_html(briefing))
    document.setPageSize(QSizeF(width, height - footer))
    pages = document.pageCount()
    small = QFont("DejaVu Sans", 7)
    for page in range(pages):
        if page:
            writer.newPage()
        painter.save()
        painter.translate(0, -page * (height - footer))
        document.drawContents(painter, QRectF(0, page * (height - footer), width, height - footer))
        painter.restore()
        painter.setFont(small)
        painter.setPen(QColor("#666"))
        painter.drawText(
            QRectF(0, height - footer * 0.8, width, footer * 0.8),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            f"{briefing.event.row.name} — briefing, page {page + 1} of {pages}",
        )
    return pages


def _badge_page(
    painter: QPainter, writer: QPdfWriter, briefing: Briefing, people: list[BriefingPerson]
) -> None:
    width, height = writer.width(), writer.height()
    gap = width * 0.03
    badge_w = (width - gap * (BADGE_COLUMNS - 1)) / BADGE_COLUMNS
    badge_h = (height - gap * (BADGE_ROWS - 1)) / BADGE_ROWS
    for index, person in enumerate(people):
        column, row = index % BADGE_COLUMNS, index // BADGE_COLUMNS
        box = QRectF(column * (badge_w + gap), row * (badge_h + gap), badge_w, badge_h)
        _badge(painter, box, person, briefing.event.row.name)


def _badge(painter: QPainter, box: QRectF, person: BriefingPerson, event_name: str) -> None:
    pad = box.width() * 0.05
    painter.setPen(QColor("#999"))
    painter.drawRoundedRect(box, pad, pad)
    band = QRectF(box.left(), box.top(), box.width(), box.height() * 0.16)
    colour = QColor(ROLE_COLOURS.get(person.role, "#333"))
    painter.fillRect(band.adjusted(1, 1, -1, 0), colour)
    painter.setPen(QColor("white"))
    painter.setFont(QFont("DejaVu Sans", 11, QFont.Weight.Bold))
    painter.drawText(band, int(Qt.AlignmentFlag.AlignCenter), show(person.role).upper())
    inner = box.adjusted(pad, band.height() + pad, -pad, -pad)
    painter.setPen(QColor("black"))
    name_font = _fitted(painter, person.name, inner.width(), 24, 14)
    painter.setFont(name_font)
    line = QFontMetricsF(name_font, painter.device()).height()
    # A name too long for one line even at the smallest size wraps onto a second.
    lines = 1 if _fits(painter, name_font, person.name, inner.width()) else 2
    painter.drawText(
        QRectF(inner.left(), inner.top(), inner.width(), line * 1.2 * lines),
        int(
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap
        ),
        person.name,
    )
    y = inner.top() + line * 1.25 * lines
    if person.native_name:
        native_font = _fitted(painter, person.native_name, inner.width(), 18, 10)
        painter.setFont(native_font)
        native_line = QFontMetricsF(native_font, painter.device()).height()
        painter.drawText(
            QRectF(inner.left(), y, inner.width(), native_line * 1.2),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter),
            person.native_name,
        )
        y += native_line * 1.25
    painter.setFont(QFont("DejaVu Sans", 10))
    details = "\n".join(x for x in (person.title, person.organization) if x)
    painter.setPen(QColor("#333"))
    painter.drawText(
        QRectF(inner.left(), y, inner.width(), inner.bottom() - y - line * 0.6),
        int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
        details,
    )
    painter.setFont(QFont("DejaVu Sans", 7))
    painter.setPen(QColor("#777"))
    painter.drawText(
        QRectF(inner.left(), inner.bottom() - line * 0.6, inner.width(), line * 0.6),
        int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
        event_name,
    )


def _fitted(painter: QPainter, text: str, width: float, largest: int, smallest: int) -> QFont:
    """The largest bold font (in points) in which ``text`` fits ``width``."""
    for size in range(largest, smallest - 1, -1):
        font = QFont("DejaVu Sans", size, QFont.Weight.Bold)
        if _fits(painter, font, text, width):
            return font
    return QFont("DejaVu Sans", smallest, QFont.Weight.Bold)


def _fits(painter: QPainter, font: QFont, text: str, width: float) -> bool:
    return QFontMetricsF(font, painter.device()).horizontalAdvance(text) <= width


def find_event(workspace: Workspace, text: str) -> Ref:
    """The event a user names by id or by name; refuse a name that fits none or several."""
    if text.isdigit():
        return workspace.ref(RecordKind.EVENTS, int(text))
    found = workspace.find(RecordKind.EVENTS, text, 20)
    exact = [ref for ref in found if ref.label.casefold().startswith(text.casefold())]
    if len(found) == 1:
        return found[0]
    if len(exact) == 1:
        return exact[0]
    if not found:
        raise DomainError(f"No event is called “{text}”; `convene list events` lists them.")
    names = "; ".join(f"#{ref.id} {ref.label}" for ref in found[:8])
    raise DomainError(f"“{text}” fits several events ({names}); give its number.")


def run_briefing(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    """Run `convene briefing EVENT --output FILE.pdf`."""
    event = find_event(workspace, args.event)
    briefing = workspace.briefing(event.id)
    pages = write_briefing_pdf(briefing, args.output)
    print(
        f"briefing of {event.label} written to {args.output}: {pages} pages, "
        f"{len(briefing.participants)} participants, {len(briefing.badges)} badges",
        file=out,
    )
    return 0
