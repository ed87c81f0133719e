"""Render a record and its relations as HTML for the detail pane; every relation is a link."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from crm.domain.enums import ConsentStatus, RecordKind
from crm.domain.records import (
    AttendanceRow,
    ChangeRow,
    CitationRow,
    CommitmentDetail,
    ContactDetail,
    ContactListDetail,
    DocumentDetail,
    EventDetail,
    OrganizationDetail,
    Ref,
)
from crm.ui.columns import show
from crm.ui.table_model import is_right_to_left

# A link names a kind and an id: crm:contacts/5. The pane turns a click into navigation.
KIND_OF_REF = {
    "contact": RecordKind.CONTACTS,
    "organization": RecordKind.ORGANIZATIONS,
    "event": RecordKind.EVENTS,
    "attendance": RecordKind.ATTENDANCES,
    "commitment": RecordKind.COMMITMENTS,
    "document": RecordKind.DOCUMENTS,
    "list": RecordKind.LISTS,
}


# Links to the contacts table filtered to an organization's people or a list's members: the
# pane asks the window for that filter (its name), with the id the link ends in.
PEOPLE_OF_ORGANIZATION = "organization-people"
MEMBERS_OF_LIST = "list-members"
CONTACT_FILTER_OF_LINK = {PEOPLE_OF_ORGANIZATION: "organization_id", MEMBERS_OF_LIST: "list_id"}


def text(value: Any) -> str:
    """Escape a value for HTML, with its direction marked when it is Arabic or Hebrew."""
    shown = escape(show(value))
    if shown and is_right_to_left(shown):
        return f'<span dir="rtl">{shown}</span>'
    return shown


def link(ref: Ref | None) -> str:
    """Link to a related record."""
    if ref is None:
        return ""
    kind = KIND_OF_REF.get(ref.kind)
    if kind is None:
        return text(ref.label)
    return f'<a href="crm:{kind}/{ref.id}">{text(ref.label)}</a>'


def _fields(pairs: Iterable[tuple[str, Any]]) -> str:
    rows = "".join(
        f"<tr><td class='label'>{escape(label)}</td><td>{value}</td></tr>"
        for label, value in pairs
        if value not in (None, "", ())
    )
    return f"<table cellspacing='0' cellpadding='2'>{rows}</table>" if rows else ""


# A section names at most this many records: Qt lays a long list of links out in about
# quadratic time (the 20,000 members of a list took 9.4 s to show, 100,000 five minutes).
SHOWN_IN_SECTION = 300


def _section(title: str, items: list[str], empty: str = "") -> str:
    if not items and not empty:
        return ""
    body = "".join(f"<li>{item}</li>" for item in items) if items else f"<i>{escape(empty)}</i>"
    return f"<h3>{escape(title)}</h3>" + (f"<ul>{body}</ul>" if items else body)


def _linked_section(
    title: str, refs: Sequence[Ref], everyone: str, empty: str = "", total: int | None = None
) -> str:
    """Links to ``refs`` (of ``total``); past SHOWN_IN_SECTION, a link to ``everyone`` instead."""
    items = [link(ref) for ref in refs[:SHOWN_IN_SECTION]]
    left = (len(refs) if total is None else total) - len(items)
    if left:
        items.append(f'<i>and {left:,} more</i> — <a href="{everyone}">show them all</a>')
    return _section(title, items, empty)


def _sources(citations: Iterable[CitationRow]) -> str:
    items = [
        f"“{text(c.quote)}” — {link(Ref('document', c.document_id, c.document_title))}"
        + (f"<br><small>{text(c.note)}</small>" if c.note else "")
        for c in citations
    ]
    return _section("Where we know this from", items, "No source cited yet.")


def _page(title: str, subtitle: str, *parts: str) -> str:
    style = (
        "<style>td.label{color:palette(mid);padding-right:10px;vertical-align:top}"
        "h2{margin-bottom:0} h3{margin-top:14px;margin-bottom:4px}</style>"
    )
    sub = f"<p style='margin-top:2px'>{subtitle}</p>" if subtitle else ""
    return f"{style}<h2>{title}</h2>{sub}" + "".join(parts)


def contact_html(
    detail: ContactDetail, attendances: list[AttendanceRow], commitments: list[Any]
) -> str:
    """Describe a person: names, ways to reach them, affiliations, events, sources."""
    row = detail.row
    names = text(row.display_name)
    if row.native_name and row.native_name != row.display_name:
        names += f" &nbsp; {text(row.native_name)}"
    warning = "<p><b>Do not contact.</b></p>" if row.do_not_contact else ""
    emails = ", ".join(
        f"{text(e.address)} <small>({text(e.label)}{', primary' if e.primary else ''})</small>"
        for e in detail.emails
    )
    phones = ", ".join(f"{text(p.e164)} <small>({text(p.label)})</small>" for p in detail.phones)
    affiliations = [
        f"{link(Ref('organization', a.organization_id, a.organization))}"
        + (f" — {text(a.role)}" if a.role else "")
        + (f", {text(a.department)}" if a.department else "")
        + (
            f" <small>({text(a.start_date) or '…'} – {text(a.end_date) or 'now'})</small>"
            if a.start_date or a.end_date
            else ""
        )
        for a in detail.affiliations
    ]
    events = [
        f"{link(a.event)} — {text(a.role)}, {text(a.status)}"
        + (f" <small>(as {text(a.title_at_event)})</small>" if a.title_at_event else "")
        for a in attendances
    ]
    made = [f"{link(Ref('commitment', c.id, c.title))} — {text(c.status)}" for c in commitments]
    consent = ""
    if detail.consent_status is not ConsentStatus.UNKNOWN or detail.consent_date:
        consent = text(detail.consent_status)
        if detail.consent_date:
            consent += f" on {text(detail.consent_date)}"
    return _page(
        names,
        text(" · ".join(x for x in (row.job_title, row.organization) if x)),
        warning,
        _fields(
            [
                ("Email", emails),
                ("Phone", phones),
                ("Country", text(row.country)),
                ("City", text(row.city)),
                ("Press", text(detail.press_role or row.is_press)),
                ("Languages", text(detail.languages)),
                ("Tags", text(row.tags)),
                ("Consent", consent),
                ("Lawful basis", text(detail.lawful_basis)),
                ("Also written", text(detail.name_variants)),
                ("Notes", text(detail.notes)),
            ]
        ),
        _section("Affiliations", affiliations),
        _section("Events", events, "Not on any event's list."),
        _section("Commitments", made),
        _section("Lists", [link(r) for r in detail.lists]),
        _sources(detail.citations),
    )


def organization_html(
    detail: OrganizationDetail, attendances: list[AttendanceRow], commitments: list[Any]
) -> str:
    """Describe an organization: its place among others, its people, events, commitments."""
    row = detail.row
    parent = (
        link(Ref("organization", detail.parent_id, row.parent or "")) if detail.parent_id else ""
    )
    return _page(
        text(row.name),
        text(" · ".join(x for x in (row.acronym, show(row.kind), row.country) if x)),
        _fields(
            [
                ("Part of", parent),
                ("Website", text(row.website)),
                ("Email", text(row.email)),
                ("Phone", text(row.phone)),
                ("Address", text(detail.address)),
                ("Tags", text(row.tags)),
                ("Notes", text(detail.notes)),
            ]
        ),
        _section("Parts of it", [link(c) for c in detail.children]),
        _linked_section("People", detail.people, f"crm:{PEOPLE_OF_ORGANIZATION}/{row.id}"),
        _section(
            "Events", [f"{link(a.event)} — {text(a.role)}, {text(a.status)}" for a in attendances]
        ),
        _section(
            "Commitments",
            [f"{link(Ref('commitment', c.id, c.title))} — {text(c.status)}" for c in commitments],
        ),
        _sources(detail.citations),
    )


def event_html(detail: EventDetail, commitments: list[Any]) -> str:
    """Describe an event: when and where, who put it on, who came, what was committed."""
    row = detail.row
    when = text(row.start_date) or "date not known"
    if row.end_date and row.end_date != row.start_date:
        when += f" – {text(row.end_date)}"
    if detail.start_time:
        when += f", {detail.start_time:%H:%M}"
    where = ", ".join(text(x) for x in (row.venue, row.city, row.country) if x)
    counts = ", ".join(f"{count} {show(status)}" for status, count in detail.participant_counts)
    parent = link(Ref("event", detail.parent_id, row.parent or "")) if detail.parent_id else ""
    return _page(
        text(row.name),
        f"{text(row.kind)} · {text(row.status)} · {when}",
        _fields(
            [
                ("Where", where),
                ("Part of", parent),
                ("Time zone", text(detail.timezone)),
                (
                    "Participants",
                    f'{counts} <a href="crm:participants/{row.id}">(show)</a>' if counts else "",
                ),
                ("Reported attendance", text(detail.reported_attendance)),
                ("Tags", text(row.tags)),
                ("About", text(detail.description)),
            ]
        ),
        _section("Organizers", [f"{link(o.party)} — {text(o.role)}" for o in detail.organizers]),
        _section("Sessions and working groups", [link(e) for e in detail.sub_events]),
        _section(
            "Commitments made here",
            [f"{link(Ref('commitment', c.id, c.title))} — {text(c.status)}" for c in commitments],
        ),
        _sources(detail.citations),
    )


def attendance_html(row: AttendanceRow) -> str:
    """Describe one participant at one event."""
    return _page(
        link(row.participant),
        f"at {link(row.event)}",
        _fields(
            [
                ("Role", text(row.role)),
                ("Status", text(row.status)),
                ("Title then", text(row.title_at_event)),
                ("Organization then", text(row.organization_at_event)),
                ("On behalf of", text(row.on_behalf_of)),
                ("Checked in", text(row.checked_in_at)),
                ("Notes", text(row.notes)),
            ]
        ),
    )


def commitment_html(detail: CommitmentDetail) -> str:
    """Describe a commitment: by whom, where, how it has gone since."""
    row = detail.row
    endorsers = [link(e) for e in detail.endorsers]
    if row.endorser_count:
        endorsers.append(f"{row.endorser_count} in all")
    return _page(
        text(row.title),
        f"{text(row.kind)} · {text(row.status)}",
        _fields(
            [
                ("Made by", link(row.maker)),
                ("At", link(row.event)),
                ("Made on", text(row.made_on)),
                ("Due", text(row.due_on)),
                ("What", text(detail.text)),
                ("Notes", text(detail.notes)),
            ]
        ),
        _section("Endorsed by", endorsers),
        _section(
            "Follow-ups",
            [f"{text(f.on_date)} — {text(f.status)}: {text(f.note)}" for f in detail.follow_ups],
            "No follow-up yet.",
        ),
        _sources(detail.citations),
    )


def document_html(detail: DocumentDetail) -> str:
    """Show a document's text and the records that cite it."""
    row = detail.row
    cited = [f"{link(c.record)} — “{text(c.quote)}”" for c in detail.citations]
    body = "".join(f"<p>{text(p)}</p>" for p in detail.text.split("\n\n") if p.strip())
    return _page(
        text(row.title),
        text(
            " · ".join(
                x for x in (show(row.kind), row.publisher, row.author, show(row.published_on)) if x
            )
        ),
        _fields(
            [
                ("Link", text(row.url)),
                ("Language", text(row.language)),
                ("Notes", text(detail.notes)),
            ]
        ),
        _section("Records that cite it", cited),
        "<h3>Text</h3>" + body,
    )


def list_html(detail: ContactListDetail) -> str:
    """Show a contact list and its members."""
    row = detail.row
    return _page(
        text(row.name),
        f"{row.size:,} contact{'s' if row.size != 1 else ''}",
        _fields([("About", text(row.description))]),
        _linked_section(
            "Members",
            detail.members,
            f"crm:{MEMBERS_OF_LIST}/{row.id}",
            "Nobody on this list yet.",
            row.size,
        ),
    )


_ROW_NAMES = {
    "contact_emails": "email",
    "contact_phones": "phone",
    "affiliations": "affiliation",
    "social_handles": "social handle",
    "commitment_follow_ups": "follow-up",
}
_SHOWN_VALUE = 80


def _value(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    shown = str(value)
    shown = shown if len(shown) <= _SHOWN_VALUE else shown[: _SHOWN_VALUE - 1] + "…"
    return f"“{text(shown)}”"


def history_html(entries: Iterable[ChangeRow]) -> str:
    """The record's change history, newest first: when, who, what from what to what.

    Shown, never edited: the pane is read-only and the history has no editor anywhere.
    """
    items = []
    for entry in entries:
        when = entry.at.astimezone().strftime("%d %b %Y %H:%M")
        what = entry.action.value
        row = _ROW_NAMES.get(entry.record_type)
        if row is not None:
            what = f"{row} {what}" + (f": {entry.summary}" if entry.summary else "")
        changes = "; ".join(
            f"{escape(name.replace('_', ' '))} {_value(old)} → {_value(new)}"
            for name, (old, new) in sorted(entry.fields.items())
            if name != "id" and not name.endswith("_id")
        )
        items.append(
            f"<small>{escape(when)} · {text(entry.actor)}</small> — {escape(what)}"
            + (f"<br><small>{changes}</small>" if changes else "")
        )
    return _section("History", items, "No change recorded.")
