"""What a document says happened: events with dates and places, who took part, what was pledged.

- Events: a name in quotes after "a conference entitled"; a capitalised name holding an
  event word (Summit, Conference, Assembly; "G7 summit"); "a high-level meeting at the
  Palais de l'Élysée"; the name before a release title's colon when the body calls it an
  event ("a historic Paris Call for Peace, hosted by …"). The first event of the body is the
  document's own: "the event", "the conference", "this extraordinary event" mean it.
- Dates: each date in a sentence belongs to the event named last before it there; an
  event without one takes its frame's ("was part of a … Paris Call for Peace").
- Taking part: a person reading the statement or giving remarks is a speaker; a person
  quoted on it took part; delegations listed as present are delegates; "but not Italy"
  is an absence.
- Commitments: "called for A", "emphasised the need for A, B and C" (one call each), "X's
  2024 commitment to …" (a pledge by X), "affirmed his support for …" (a declaration by the
  person), a named Declaration ("adopted by 147 states": its endorsers' count), "a package
  of concrete proposals" (a recommendation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from crm.domain.enums import (
    AttendanceRole,
    AttendanceStatus,
    CommitmentKind,
    EventKind,
    OrganizationKind,
    OrganizerRole,
)
from crm.domain.intake import ProposalKind
from crm.domain.text import fold
from crm.services.intake.collector import Collector, Draft, squash
from crm.services.intake.dates import (
    MONTH_NAMES,
    MONTHS,
    WEEKDAYS,
    FoundDate,
    find_dates,
    years_in,
)
from crm.services.intake.gazetteer import (
    DEMONYMS,
    ORGANIZATION_WORDS,
    country_code,
    organization_kind,
)
from crm.services.intake.parties import CAPITALISED, EVENT_AFTER, EVENT_BEFORE

EVENT_WORDS: dict[str, EventKind] = {
    "summit": EventKind.SUMMIT,
    "conference": EventKind.CONFERENCE,
    "meeting": EventKind.MEETING,
    "assembly": EventKind.UN_SESSION,
    "session": EventKind.SESSION,
    "congress": EventKind.CONFERENCE,
    "symposium": EventKind.CONFERENCE,
    "convening": EventKind.MEETING,
    "gathering": EventKind.MEETING,
    "workshop": EventKind.WORKSHOP,
    "dialogue": EventKind.MEETING,
    "call": EventKind.CONFERENCE,
    "roundtable": EventKind.MEETING,
    "seminar": EventKind.WORKSHOP,
    "webinar": EventKind.WORKSHOP,
    "consultation": EventKind.MEETING,
    "retreat": EventKind.MEETING,
}
# A title's first words that say what kind of message it is, not what it is about.
_TITLE_LEADS = ("invitation", "save the date", "press release", "media advisory", "update")
_GENERIC_EVENT = re.compile(
    r"\b(?:the|this|that)\s+(?:[a-z-]+\s+){0,2}(?:event|conference|summit|meeting|gathering|convening)\b",
    re.IGNORECASE,
)
_ENTITLED = re.compile(
    r"\b(?P<noun>conference|summit|meeting|forum|gathering|event|dialogue)\s+"
    r"(?:entitled|called|named|titled)\s+[‘'\"“](?P<name>[^’'\"”\n]{3,120})[’'\"”]",
    re.IGNORECASE,
)
_DESCRIBED = re.compile(
    r"\b(?:a|an)\s+(?P<adjective>[a-z-]+-level|high-level|closed-door|private|public)\s+"
    r"(?P<noun>meeting|summit|conference|dialogue)\s+(?P<place>(?:at|in)\s+(?:the\s+)?"
    r"[A-ZÀ-Þ][\w'’-]*(?:\s+(?:(?:de|du|des|of|la|le)\s+)*(?:[ld]['’])?[A-ZÀ-Þ][\w'’-]*)*)"
)
_NEXT_EVENT = re.compile(
    r"\b(?:[Aa]|[Aa]n|[Tt]he)\s+(?P<what>(?:follow-up|next|annual|regional|ministerial|second|third)\s+"
    r"(?P<noun>meeting|conference|summit|session|dialogue|gathering|forum))\s+"
    r"(?:(?:will|would|is to|to)\s+be\s+)?(?:held\s+|hosted\s+)?in\s+"
    r"(?P<city>[A-Z][a-zà-ÿ]+(?:\s+[A-Z][a-zà-ÿ]+)?)"
)
_FRAME = re.compile(r"\b(?:part of|during|at|within)\s+(?:a|an|the)\s+(?:[a-z-]+\s+){0,2}$")
_HOSTED = re.compile(
    r"^,?\s+(?:(?:to be|will be|was|is)\s+)?(?:hosted|held|convened|organi[sz]ed|co-organi[sz]ed)\b"
)


# "held in Rome", "took place in Oslo", "On Friday 12 June in Paris": a city, after a verb of
# meeting or a date (a bare "in" is too often inside a name: Women in Mediation).
_PLACE = re.compile(
    r"(?:\b(?:held|place|met|meet|meets|gathered|convened|convenes)|\d|"
    rf"\b(?:{MONTH_NAMES}))"
    r"\s+in\s+(?P<city>[A-Z][a-zà-ÿ]+(?:\s+[A-Z][a-zà-ÿ]+)?)\b"
)
_NOT_WHEN = re.compile(r"\b(?:since|until|before|after|by)\s+(?:the\s+)?$", re.IGNORECASE)
YEAR_REACH = 40  # characters after an event's name within which a bare year is its year


@dataclass
class EventMention:
    """An event named at an offset (its own name, or "the event")."""

    draft: Draft
    at: int
    generic: bool = False  # "the event": dates and places in its sentence may be another's


def find_events(found: Collector) -> list[EventMention]:
    """Propose the events a document tells of; return every mention, generic ones included."""
    text = found.text
    mentions: list[EventMention] = []
    title = found.document.title
    head, colon, tail = title.partition(":")
    if colon and fold(head.strip()) in _TITLE_LEADS:  # "Invitation: Women in Mediation …"
        head = re.split(r",\s", tail.strip(), maxsplit=1)[0]
    if colon or head != title:
        head = head.strip()
        for match in re.finditer(re.escape(head), text):
            after = text[match.end() : match.end() + 40]
            before = text[max(0, match.start() - 40) : match.start()]
            in_title = text.startswith(title) and match.start() < len(title)
            if not in_title and (_HOSTED.match(after) or _FRAME.search(before)):
                mentions.append(EventMention(_event(found, head, match.start()), match.start()))
    for match in _ENTITLED.finditer(text):
        kind = EVENT_WORDS.get(match.group("noun").casefold(), EventKind.CONFERENCE)
        name = match.group("name").strip()
        mentions.append(EventMention(_event(found, name, match.start(), kind), match.start()))
    for match in _DESCRIBED.finditer(text):
        place = match.group("place").strip()
        name = f"{match.group('adjective').capitalize()} {match.group('noun')} {place}"
        venue = re.sub(r"^(?:at|in)\s+(?:the\s+)?", "", place)
        at = match.start("adjective")
        draft = _event(found, name, at, EVENT_WORDS[match.group("noun")])
        draft.fields.setdefault("venue_name", venue)
        mentions.append(EventMention(draft, at))
    for match in CAPITALISED.finditer(text):
        words = re.findall(r"[\w-]+", fold(match.group()))
        if not words or match.start() < len(title):
            continue
        word = next((w for w in words if w in EVENT_WORDS and w != "call"), None)
        told_as_event = EVENT_AFTER.match(text, match.end()) or EVENT_BEFORE.search(
            text, max(0, match.start() - 60), match.start()
        )
        if told_as_event and len(words) >= 2 and word is None:
            word = "gathering"  # "met at the Dead Sea Youth Forum, organised by …"
        if word is not None and not told_as_event and words[-1] in ORGANIZATION_WORDS:
            continue  # the Gaza Women's Dialogue Group is a group, not a dialogue
        if organization_kind(match.group()) is OrganizationKind.VENUE:
            continue  # "met at the Egmont Palace": the place, not the meeting
        if word is None or len(words) < 2:
            continue
        name = _event_name(text, match)
        draft = _event(found, name, match.start(), EVENT_WORDS[word])
        mentions.append(EventMention(draft, match.start()))
    for match in _NEXT_EVENT.finditer(text):  # "a follow-up meeting in Amman in September"
        name = (
            f"{match.group('what')[:1].upper()}{match.group('what')[1:]} in {match.group('city')}"
        )
        at = match.start("what")
        draft = _event(found, name, at, EVENT_WORDS.get(match.group("noun"), EventKind.MEETING))
        draft.fields.setdefault("city", match.group("city"))
        draft.fields.setdefault("status", "planned")
        mentions.append(EventMention(draft, at))
    for match in re.finditer(
        r"\b(?P<body>G7|G20|EU|UN)\s+(?P<noun>summit|conference|meeting)s?\b", text
    ):
        name = f"{match.group('body')} {match.group('noun')}"
        draft = _event(found, name, match.start(), EVENT_WORDS[match.group("noun")])
        mentions.append(EventMention(draft, match.start()))
    named = sorted(mentions, key=lambda m: m.at)
    mentions.extend(_working_groups(found, named))
    named = sorted(mentions, key=lambda m: m.at)
    # The document's own event: the one its title names, else the body's first.
    titled = [m for m in named if squash(m.draft.label) == squash(title.split(":", 1)[0])]
    main = (titled or named)[0].draft if named else None
    if main is not None:
        main.fields["main"] = True
        for draft in found.of_kind(ProposalKind.EVENT):
            if draft.fields.get("kind") is EventKind.WORKING_GROUP and draft is not main:
                draft.fields.setdefault("parent", main.key)
        first = min(m.at for m in named if m.draft is main)
        for match in _GENERIC_EVENT.finditer(text):
            if match.start() > first and not _inside_name(match.start(), named):
                mentions.append(EventMention(main, match.start(), generic=True))
    return sorted(mentions, key=lambda m: m.at)


_GROUPS = re.compile(r"\bworking groups?\s+on:?\s*(?P<list>1\).*?)(?=,\s+and\s+|\.\s|$)", re.DOTALL)
_NUMBERED = re.compile(r"(?P<number>\d)\)\s*(?P<name>.+?)(?=,\s*\d\)|$)", re.DOTALL)


def _working_groups(found: Collector, named: list[EventMention]) -> list[EventMention]:
    """Read "five working groups on: 1) Mutual Security …, 2) …": one event each.

    Each sits inside the event the sentence is about.
    """
    mentions = []
    for match in _GROUPS.finditer(found.text):
        quote = found.quote_at(match.start())
        frame = [m.draft for m in named if quote.start <= m.at < quote.end]
        for item in _NUMBERED.finditer(match.group("list")):
            title = re.sub(r"\s+", " ", item.group("name")).strip(" ,.")
            name = f"Working group {item.group('number')}: {title}"
            at = match.start("list") + item.start()
            draft = _event(found, name, at, EventKind.WORKING_GROUP)
            if frame:
                draft.fields.setdefault("parent", frame[0].key)
            mentions.append(EventMention(draft, at))
    return mentions


def _inside_name(offset: int, mentions: list[EventMention]) -> bool:
    return any(m.at <= offset < m.at + len(m.draft.label) for m in mentions)


def _event_name(text: str, match: re.Match[str]) -> str:
    """Read a capitalised event name, with the lower-case tail it runs on with.

    "… Peace Summit for the two-state solution", without an article in front.
    """
    name = match.group()
    tail = re.match(
        r"\s+(?:for|on|of)\s+the\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}", text[match.end() :]
    )
    if tail and "," not in tail.group():
        name += tail.group()
    name = re.sub(rf"\s+(?:in|on|of)\s+(?:{MONTH_NAMES})\b.*$", "", name.strip())
    return re.sub(r"^(?:The|A|An)\s+", "", name)


def _event(found: Collector, name: str, at: int, kind: EventKind | None = None) -> Draft:
    return found.add(
        ProposalKind.EVENT,
        name,
        {"name": name, "kind": kind or EventKind.CONFERENCE},
        at,
    )


def date_events(found: Collector, events: list[EventMention]) -> None:
    """Give each event the dates, places and head-counts its sentences give."""
    document = found.document
    years = years_in(found.text)
    named = [m for m in events if not m.generic or m.draft.fields.get("main")]
    for quote in found.quotes:
        in_sentence = [m for m in named if quote.start <= m.at < quote.end]
        if not in_sentence:
            continue
        for when in find_dates(quote.text, document.published_on, years):
            if quote.start + when.start < document.dateline_end:
                continue  # the release's own date, not the event's
            if _NOT_WHEN.search(quote.text[max(0, when.start - 12) : when.start]):
                continue  # "since October 7th" dates something else
            offset = quote.start + when.start
            owner = max(
                (m for m in in_sentence if m.at <= offset), key=lambda m: m.at, default=None
            )
            if owner is None:
                owner = min(in_sentence, key=lambda m: m.at)
            if when.year_only and offset - (owner.at + len(owner.draft.label)) > YEAR_REACH:
                continue  # a year far from the name is about something else
            _date(owner.draft, when)
        for place in _PLACE.finditer(quote.text):
            city = place.group("city")
            if _could_be_a_city(city):
                owner = max(
                    (m for m in in_sentence if m.at <= quote.start + place.start()),
                    key=lambda m: m.at,
                    default=in_sentence[0],
                )
                owner.draft.fields.setdefault("city", city)
        count = re.search(
            r"attended by (?:over |more than |some |about )?(?P<n>\d[\d,]*)", quote.text
        )
        if count:
            in_sentence[0].draft.fields.setdefault(
                "reported_attendance", int(count.group("n").replace(",", ""))
            )
    _frames(found, events)


def _could_be_a_city(word: str) -> bool:
    folded = fold(word)
    return (
        country_code(word) is None
        and folded not in MONTHS
        and folded not in WEEKDAYS
        and folded not in ("israel", "palestine", "gaza", "the")
    )


def _date(draft: Draft, when: FoundDate) -> None:
    if when.year_only:
        draft.fields.setdefault("year", when.day.year)
        return
    current = draft.fields.get("start_date")
    if current is None or (when.exact and not draft.fields.get("exact_date")):
        draft.fields["start_date"] = when.day
        draft.fields["exact_date"] = when.exact


def _frames(found: Collector, events: list[EventMention]) -> None:
    """An undated event a dated one was part of takes its date ("was part of a … Call")."""
    for mention in events:
        if mention.draft.fields.get("start_date") is not None:
            continue
        quote = found.quote_at(mention.at)
        index = found.quotes.index(quote)
        if index == 0:
            continue
        previous = found.quotes[index - 1]
        dated = [
            m.draft
            for m in events
            if previous.start <= m.at < previous.end and m.draft.fields.get("start_date")
        ]
        if dated and re.search(r"\bpart of\b", quote.text):
            mention.draft.fields["start_date"] = dated[0].fields["start_date"]
            mention.draft.fields["exact_date"] = dated[0].fields.get("exact_date", False)
            dated[0].fields.setdefault("parent", mention.draft.key)
    for draft in found.of_kind(ProposalKind.EVENT):  # a session takes its conference's day
        parent = found.drafts.get(draft.fields.get("parent") or "")
        if (
            draft.fields.get("start_date") is None
            and parent is not None
            and parent.fields.get("start_date") is not None
            and parent.fields.get("exact_date")
        ):
            draft.fields["start_date"] = parent.fields["start_date"]
            draft.fields["exact_date"] = True
    document_date = found.document.published_on
    for draft in found.of_kind(ProposalKind.EVENT):
        day = draft.fields.get("start_date")
        if isinstance(day, date) and document_date and day <= document_date:
            draft.fields.setdefault("status", "held")


_SPEAKER = re.compile(
    r"\b(?:read the statement|remarks|addressed|delivered|spoke|keynote|opened the)\b",
    re.IGNORECASE,
)
_HOST = re.compile(r"\b(?:hosted|host|convened|welcomed)\b", re.IGNORECASE)


def find_attendances(
    found: Collector,
    people: list[tuple[Draft, int]],
    events: list[EventMention],
    governments: dict[str, list[tuple[Draft, int]]],
) -> None:
    """Propose who took part in which event, in which role and with what status."""
    if not events:
        return
    main = next((m.draft for m in events if m.draft.fields.get("main")), events[0].draft)
    for person, at in people:
        if person.fields.get("is_author") or person.fields.get("is_press"):
            continue
        quote = found.quote_at(at)
        event = _event_of(found, quote.start, quote.end, events, held_only=True) or main
        if _SPEAKER.search(quote.text):
            role = AttendanceRole.SPEAKER
        elif (
            _HOST.search(quote.text[: max(0, at - quote.start)])
            and "patronage" not in quote.text.casefold()
        ):
            role = AttendanceRole.HOST
        else:
            role = AttendanceRole.PARTICIPANT
        _attendance(found, person, event, role, AttendanceStatus.ATTENDED, at)
    for draft, at in governments.get("delegate", []):
        event = _event_of(found, *_span(found, at), events) or main
        _attendance(found, draft, event, AttendanceRole.DELEGATE, AttendanceStatus.ATTENDED, at)
    for draft, at in governments.get("absent", []):
        _attendance(found, draft, main, AttendanceRole.DELEGATE, AttendanceStatus.ABSENT, at)


def _span(found: Collector, at: int) -> tuple[int, int]:
    quote = found.quote_at(at)
    return quote.start, quote.end


def _event_of(
    found: Collector, start: int, end: int, events: list[EventMention], held_only: bool = False
) -> Draft | None:
    """The first event a sentence names (one that took place, for who took part)."""
    inside = [
        m
        for m in events
        if start <= m.at < end and not (held_only and m.draft.fields.get("status") == "planned")
    ]
    return inside[0].draft if inside else None


def _attendance(
    found: Collector,
    party: Draft,
    event: Draft,
    role: AttendanceRole,
    status: AttendanceStatus,
    at: int,
) -> None:
    key = f"attendance:{party.key}@{event.key}"
    existing = found.drafts.get(key)
    ranking = list(AttendanceRole)
    if existing is not None:
        if ranking.index(role) < ranking.index(existing.fields["role"]):
            existing.fields["role"] = role  # a speaker quoted again stays a speaker
        return
    found.add(
        ProposalKind.ATTENDANCE,
        f"{party.label} at {event.label}",
        {"party": party.key, "event": event.key, "role": role, "status": status},
        at,
        key=key,
    )


_CALLED = re.compile(
    r"\b(?:called|calls|call|calling)\s+(?:for|on\s+[^,.]+?\s+to)\s+(?P<what>[^.;]+)"
    r"|\b(?:emphasi[sz]ed|stressed|underlined|urged)\s+the\s+need\s+(?:for|to)\s+(?P<need>[^.;]+)",
)
_SUPPORT = re.compile(
    r"\b(?:affirmed|reaffirmed|declared|expressed|pledged)\s+(?:his|her|their|its)\s+"
    r"(?P<what>(?:support|commitment)\s+(?:for|to)\s+[^.;]+?)(?=\s+and\s+(?:emphasi|said|call)|[.;]|$)"
)
_PLEDGE = re.compile(
    r"\b(?P<maker>(?:the\s+)?[A-Z][\w-]*)['’]s\s+(?:(?P<year>\d{4})\s+)?commitment\s+to\s+(?P<what>[^.;]+)"
)
_PLEDGED = re.compile(
    r"\b(?:pledged|promised|undertook|(?:has|have)\s+committed|committed\s+(?:itself|themselves|himself|herself))\s+to\s+"
    r"(?P<what>(?!the\b)[^.;]+)"
    r"|\b(?:said|announced|confirmed|told\s+[a-z ]{3,30}?)\s+(?:that\s+)?"
    r"(?P<subject>it|they|he|she|the\s+[a-z]+|(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,5})"
    r"\s+would\s+(?P<would>[^.;]+)"
)
_DECLARATION = re.compile(r"\b(?P<name>(?:[A-Z][\w-]*\s+){1,4}Declaration)\b")
_ADOPTED_BY = re.compile(r"adopted by (?P<n>\d[\d,]*)\s+(?:states|countries|governments|members)")
_PROPOSALS = re.compile(
    r"\ba\s+package\s+of\s+(?P<what>(?:[a-z]+\s+)?proposals)[^.;]*?\bfor\s+(?P<aim>a\s+new\s+[^.,;]+)"
)
_FINAL_DECLARATION = re.compile(r"\bthe\s+final\s+declaration\b")


def find_commitments(
    found: Collector, people: list[tuple[Draft, int]], events: list[EventMention]
) -> None:
    """Propose what was called for, pledged or declared, by whom and where."""
    text = found.text
    main = next((m.draft for m in events if m.draft.fields.get("main")), None)
    for match in _CALLED.finditer(text):
        what = match.group("what") or match.group("need")
        start = match.start("what") if match.group("what") else match.start("need")
        items = _listed(_cut(what))
        event = _event_of(found, *_span(found, start), events) or main
        for item in items:
            _commitment(found, item, CommitmentKind.CALL, start, event=event)
    for match in _SUPPORT.finditer(text):
        maker = _last_person_before(people, match.start())
        event = _event_of(found, *_span(found, match.start()), events) or main
        what = _cut(match.group("what"))
        _commitment(
            found, what, CommitmentKind.DECLARATION, match.start(), event=event, maker=maker
        )
    for match in _PLEDGED.finditer(text):
        quote = found.quote_at(match.start())
        subject = match.group("subject") or ""
        named = found.find(ProposalKind.ORGANIZATION, re.sub(r"^the\s+", "", subject))
        maker = (
            named
            or _last_person_before(people, match.start(), since=quote.start)
            or _subject(found, quote.start, match.start())
        )
        what = _cut(match.group("what") or match.group("would"))
        # A pledge made at an event is about the event it names, if another (a follow-up).
        event = _event_of(found, quote.start, quote.end, events)
        _commitment(found, what, CommitmentKind.PLEDGE, match.start(), event=event, maker=maker)
    for match in _PLEDGE.finditer(text):
        maker = found.find(ProposalKind.ORGANIZATION, re.sub(r"^the\s+", "", match.group("maker")))
        what = _cut(match.group("what"))
        made = int(match.group("year")) if match.group("year") else None
        _commitment(found, what, CommitmentKind.PLEDGE, match.start(), maker=maker, year=made)
    for match in _DECLARATION.finditer(text):
        name = re.sub(r"^(?:The|A|An|In|And)\s+", "", match.group("name"))
        if name in ("Declaration",) or len(name.split()) < 2:
            continue
        quote = found.quote_at(match.start())
        adopted = _ADOPTED_BY.search(quote.text)
        when = find_dates(text[match.end() : match.end() + 20], found.document.published_on, [])
        draft = _commitment(found, name, CommitmentKind.DECLARATION, match.start(), title=name)
        if adopted:
            draft.fields.setdefault("endorser_count", int(adopted.group("n").replace(",", "")))
        if when:
            draft.fields.setdefault("made_on", when[0].day)
        events_here = [m.draft for m in events if quote.start <= m.at < match.start()]
        if events_here:
            draft.fields.setdefault("event", events_here[-1].key)
    for match in _PROPOSALS.finditer(text):
        what = f"A package of concrete proposals for {_cut(match.group('aim'))}"
        _commitment(
            found, what, CommitmentKind.RECOMMENDATION, match.start(), event=main, status="proposed"
        )
    for match in _FINAL_DECLARATION.finditer(text):
        if main is not None:
            title = f"Final declaration of {main.label}"
            _commitment(
                found, title, CommitmentKind.DECLARATION, match.start(), event=main, title=title
            )


def _subject(found: Collector, start: int, end: int) -> Draft | None:
    """The organization a sentence is about: the first one named before the verb."""
    named = [
        d
        for d in found.of_kind(ProposalKind.ORGANIZATION)
        for alias in d.aliases
        if alias and alias in found.text[start:end]
    ]
    return named[0] if named else None


def _cut(text: str) -> str:
    """End a pledge's words where the sentence turns: ", aimed at …", ", which …"."""
    text = re.split(
        r",\s+(?:aimed|which|who|while|whilst|so that|in order|ensuring)\b|\s+–\s+|\s+—\s+", text
    )[0]
    return re.sub(r"\s+", " ", text).strip(" ,.")


def _listed(text: str) -> list[str]:
    """Split "A, B, and C" into its items; "A and B" stays one (mutual recognition and …)."""
    if re.search(r"\s+and\s+for\s+", text):  # "a fund and for exchange programmes"
        return [re.sub(r"^for\s+", "", p) for p in re.split(r"\s+and\s+(?=for\s+)", text)]
    if "," not in text:
        return [text]
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?", text) if p.strip()]
    return [re.sub(r"^and\s+", "", p) for p in parts]


def _last_person_before(
    people: list[tuple[Draft, int]], offset: int, since: int = 0
) -> Draft | None:
    before = [(d, at) for d, at in people if since <= at < offset]
    return max(before, key=lambda m: m[1])[0] if before else None


def _commitment(
    found: Collector,
    what: str,
    kind: CommitmentKind,
    at: int,
    event: Draft | None = None,
    maker: Draft | None = None,
    year: int | None = None,
    title: str | None = None,
    status: str = "made",
) -> Draft:
    label = title or (what[:1].upper() + what[1:])
    fields = {
        "title": label[:300],
        "kind": kind,
        "status": status,
        "text": what,
        "event": event.key if event else None,
        "maker": maker.key if maker else None,
        "year": year,
    }
    draft = found.add(ProposalKind.COMMITMENT, label[:300], fields, at)
    if event is not None and draft.fields.get("made_on") is None:
        day = event.fields.get("start_date")
        if day is not None:
            draft.fields["made_on"] = day
    return draft


_ORGANIZED = re.compile(
    r"\b(?P<verb>co-organi[sz]ed|organi[sz]ed|hosted|convened|co-chaired|co-hosted)"
    r"(?:\s+under\s+[^,.;]*?)?\s+by\s+(?P<names>[^.;:()\n]+)"
    r"|\bunder\s+the\s+(?:[Hh]igh\s+)?[Pp]atronage\s+of\s+(?P<patron>[^.;:()\n]+)"
)
_CLAUSE_END = re.compile(
    r"\s+(?:and\s+)?(?:co-)?(?:organi[sz]ed|hosted|convened|chaired)\b|\s+by\s+"
    r"|\s+and\s+(?!the\b)[a-z]"
)
_ROLE_OF = {
    "co-organised": OrganizerRole.CO_ORGANIZER,
    "co-organized": OrganizerRole.CO_ORGANIZER,
    "organised": OrganizerRole.ORGANIZER,
    "organized": OrganizerRole.ORGANIZER,
    "hosted": OrganizerRole.HOST,
    "co-hosted": OrganizerRole.CO_ORGANIZER,
    "convened": OrganizerRole.HOST,
    "co-chaired": OrganizerRole.CO_CHAIR,
}


def find_organizers(
    found: Collector, events: list[EventMention], people: list[tuple[Draft, int]]
) -> None:
    """Give events the parties that put them on.

    Hosted, convened, co-organised or co-chaired by, or under the patronage of, a party
    the document names.
    """
    main = next((m.draft for m in events if m.draft.fields.get("main")), None)
    for match in _overlapping(_ORGANIZED, found.text):
        quote = found.quote_at(match.start())
        before = [m for m in events if quote.start <= m.at < match.start()]
        event = before[-1].draft if before else main
        if event is None:
            continue
        if match.group("patron"):
            role, names, start = OrganizerRole.PATRON, match.group("patron"), match.start("patron")
        else:
            role = _ROLE_OF[match.group("verb").casefold()]
            names, start = match.group("names"), match.start("names")
        # The list ends where the sentence turns: "… by X and co-organized by Y",
        # "… of President Macron by the Forum", "… of President Macron and marked …".
        names = _CLAUSE_END.split(names, maxsplit=1)[0]
        for party in _parties_in(found, names, start, people):
            organizers = event.fields.setdefault("organizers", [])
            if all(key != party.key for _role, key in organizers):
                organizers.append((role, party.key))


def _overlapping(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """Find every match, each search starting just after the last one's start.

    One sentence may say "hosted by X and co-organized by Y": the second inside the first.
    """
    found = []
    match = pattern.search(text)
    while match is not None:
        found.append(match)
        match = pattern.search(text, match.start() + 1)
    return found


def _parties_in(
    found: Collector, text: str, start: int, people: list[tuple[Draft, int]]
) -> list[Draft]:
    """The organizations and people already proposed that a list of names holds, in order."""
    end = start + len(text)
    named: list[tuple[int, Draft]] = []
    for draft in found.of_kind(ProposalKind.ORGANIZATION):
        for alias in sorted(draft.aliases, key=len, reverse=True):
            at = found.text.find(alias, start, end) if alias else -1
            if at >= 0:
                named.append((at, draft))
                break
    for person, at in people:
        if start <= at < end:
            named.append((at, person))
    for code_at, draft in _governments_named(found, text, start):
        named.append((code_at, draft))
    chosen: list[Draft] = []
    for _at, draft in sorted(named, key=lambda item: item[0]):
        if draft not in chosen:
            chosen.append(draft)
    return chosen


def _governments_named(found: Collector, text: str, start: int) -> list[tuple[int, Draft]]:
    """Find the governments a list names: "the French government", "France and Saudi Arabia"."""
    named = []
    for draft in found.of_kind(ProposalKind.ORGANIZATION):
        code = draft.fields.get("country")
        if draft.fields.get("kind") is not OrganizationKind.GOVERNMENT or not code:
            continue
        for word in re.finditer(r"[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*", text):
            if country_code(word.group()) == code or DEMONYMS.get(fold(word.group())) == code:
                named.append((start + word.start(), draft))
                break
    return named
