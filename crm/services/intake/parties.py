"""Who a document names: organizations (with acronyms), governments, people, their details.

Rules, each tied to how releases and articles are written:
- "Alliance for Middle East Peace (ALLMEP)": a name and the acronym it defines.
- Capitalised names ending or starting with an organization word (Forum, Institute,
  Coalition, Palais, Inc.), and short names the world knows (G7, UN).
- Governments: "the French government", "ministers from Brazil, Switzerland and Egypt",
  "co-chaired by France and Saudi Arabia", "present, but not Italy".
- People: a title before a name (President Emmanuel Macron; the Minister for Europe and
  Foreign Affairs, Jean Noël Barrot), a title after one (John Lyndon, Executive Director of
  ALLMEP; Nivine Sandouka, ALLMEP's Regional Director), a release's contact lines (Joelle
  Milman - Alliance for Middle East Peace) and an article's signature (Sergio Bassoli /
  (CGIL, International Dpt.)).
- Emails and phone numbers (phonenumbers' matcher, stored E.164) belong to the person named
  just before them; in a release's contact lines that person is its press contact.
"""

from __future__ import annotations

import re
from itertools import pairwise

import phonenumbers

from crm.domain.enums import OrganizationKind
from crm.domain.intake import ProposalKind, Vocabulary
from crm.domain.text import fold
from crm.services.duplicates import spells
from crm.services.intake.collector import Collector, Draft
from crm.services.intake.gazetteer import (
    DEMONYMS,
    KNOWN_BODIES,
    NAME_CONNECTORS,
    ORGANIZATION_WORDS,
    TITLE,
    country_code,
    country_name,
    organization_kind,
)

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
# A capitalised word: Forum, Two-State, High-Level, l'Élysée's É…, or an acronym (ALLMEP, G7).
_WORD = (  # one group, so that a quantifier or a space after it applies to every branch
    rf"(?:[{_UPPER}][{_LOWER}]*-[{_UPPER}][{_LOWER}]+"
    rf"|[{_UPPER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)+"  # EcoPeace
    rf"|[{_UPPER}][{_LOWER}'’.-]*[{_LOWER}.]|[{_UPPER}][{_UPPER}0-9]+)"
)
_CONNECT = r"(?:for|of|the|and|de|du|des|la|le|del|di|on|in|to)"
_SPACE = r"[ \t]+"  # a name keeps to its line: contact blocks put one thing per line
# "and the" starts another name in a list (Women Wage Peace and the … Coalition).
_SEPARATOR = rf"{_SPACE}(?:(?!and{_SPACE}(?:the\b|[A-Z]{{2,}}\b)){_CONNECT}{_SPACE})*(?:[ld]['’])?"
# A capitalised name that may hold small connecting words: Alliance for Middle East Peace,
# Palais de l'Élysée.
CAPITALISED = re.compile(rf"(?<![\w'’-])(?:{_WORD})(?:{_SEPARATOR}(?:{_WORD}))*")
_ACRONYM_DEFINED = re.compile(
    rf"(?P<name>(?:{_WORD})(?:\s+(?:{_CONNECT}\s+)?(?:{_WORD}))+)\s*\(\s*(?P<acronym>[{_UPPER}][{_UPPER}0-9&]{{1,11}})\s*\)"
)
# A capitalised word that does not end a sentence (no final period): for the names and
# titles inside a sentence, which must not run on into the next one.
_INNER_WORD = (
    rf"(?:[{_UPPER}][{_LOWER}]*-[{_UPPER}][{_LOWER}]+"
    rf"|[{_UPPER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)+"
    rf"|[{_UPPER}][{_LOWER}'’-]*[{_LOWER}]|[{_UPPER}][{_UPPER}0-9]+)"
)
_PERSON_WORD = rf"[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}]?[{_LOWER}]+)?"
PERSON = rf"(?:{_PERSON_WORD})(?:\s+(?:van|von|de|da|al|bin|ben|el|abu)?\s*{_PERSON_WORD}){{1,3}}"
_NOT_NAME_WORDS = frozenset(
    {
        "the", "on", "in", "at", "this", "that", "these", "it", "we", "our", "despite",
        "drawing", "visit", "please", "email", "phone", "courtesy", "however", "and", "but",
        "peace", "palestine", "israel", "gaza", "middle", "east", "civil", "society",
        "israeli", "palestinian", "paris", "new", "york", "tel", "aviv", "call", "summit",
        "conference", "declaration", "time", "two", "general", "assembly", "state",
        "states", "solution", "international", "high", "level", "friday", "monday",
        "tuesday", "wednesday", "thursday", "saturday", "sunday", "january", "february",
        "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "instagram", "facebook", "linkedin", "minister", "president",
    }
)  # fmt: skip
_SPEECH = r"(?:said|says|told|added|explained|noted|stated)"


def find_organizations(found: Collector) -> None:
    """Propose the organizations a document names, acronyms joined to their names."""
    text = found.text
    for match in _ACRONYM_DEFINED.finditer(text):
        name = _trim_name(match.group("name"))
        acronym = match.group("acronym")
        if name and len(name.split()) >= 2 and not TITLE.fullmatch(name):
            _organization(found, name, match.start("name"), acronym)
    for acronym, (name, kind) in KNOWN_BODIES.items():
        for match in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", text):
            agency = re.match(r" (?!General\b)([A-Z][a-z]+)\b", text[match.end() :])
            if acronym == "UN" and agency:  # UN Women: an agency's own name
                _organization(found, f"UN {agency.group(1)}", match.start(), kind=kind)
                continue
            if acronym == "UN" and text[match.end() : match.end() + 17] == " General Assembly":
                acronym_used, name_used = "UNGA", KNOWN_BODIES["UNGA"][0]
            else:
                acronym_used, name_used = acronym, name
            if found.find(ProposalKind.ORGANIZATION, acronym_used) is None:
                _organization(found, name_used, match.start(), acronym_used, kind)
            else:
                _organization(found, acronym_used, match.start(), acronym_used)
    if found.document.publisher:  # the wire named in the dateline
        at = max(0, found.document.dateline_end - 1)
        _organization(found, found.document.publisher, at, kind=OrganizationKind.MEDIA)
    for match in _AGENTS.finditer(text):  # "convened by the X and co-organized by Y and Z"
        for name_match in CAPITALISED.finditer(match.group("names")):
            name = _trim_name(name_match.group())
            start = match.start("names") + name_match.start()
            single = len(name.split()) == 1
            if single and (not name.isupper() or fold(name) in DEMONYMS):
                continue  # "convened by the French government": a government, found below
            if name and not _is_person_name(name) and country_code(name) is None:
                _organization(found, name, start)
    for match in CAPITALISED.finditer(text):
        _organization_named(found, match)
    _join_expansions(found)


def _organization_named(found: Collector, match: re.Match[str]) -> None:
    """Propose a capitalised name as an organization when its words say it is one."""
    text = found.text
    # A company's name ends at its Inc. or Ltd.: "Newsmatics Inc. All Right Reserved".
    name = _trim_name(re.split(r"(?<=\b(?:Inc|Ltd)\.)", match.group())[0])
    owner, _s, owned = name.rpartition("'s ")
    if owned and owner and " " not in owner and country_code(owner):
        name = f"{owned} of {country_name(country_code(owner) or '')}"  # Jordan's Ministry …
    words = re.findall(r"\w+", fold(name))
    if len(words) < 2 or TITLE.match(name):
        return
    told_as_event = EVENT_AFTER.match(text, match.end()) or EVENT_BEFORE.search(
        text, max(0, match.start() - 60), match.start()
    )
    if told_as_event and organization_kind(name) is not OrganizationKind.VENUE:
        return  # "met at the Dead Sea Youth Forum, organised by …": an event's name
    if _names_an_organization(words):
        _organization(found, name, match.start() + max(0, match.group().find(name)))


EVENT_AFTER = re.compile(r",?\s+(?:organi[sz]ed|hosted|convened)\s+by\b")
EVENT_BEFORE = re.compile(
    r"\b(?:met|gathered|took part|participated)\s+(?:\w+\s+){0,3}at\s+the\s+$"
)


def find_known_names(found: Collector, vocabulary: Vocabulary) -> list[tuple[Draft, int]]:
    """Find the organizations and people the database knows, wherever the text names them.

    Returns the people's mentions (for their emails, phones and attendances).
    """
    text = found.text
    for name, acronym in vocabulary.organizations:
        for term in filter(None, (name, acronym)):
            if len(term) < 2:
                continue
            for match in re.finditer(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text):
                _organization(found, name, match.start(), acronym)
    mentions = []
    for given, family in vocabulary.people:
        full = f"{given} {family}"
        for match in re.finditer(rf"(?<![\w-]){re.escape(full)}(?![\w-])", text):
            mentions.append((_person(found, full, match.start()), match.start()))
    return mentions


def _join_expansions(found: Collector) -> None:
    """One organization under two names: EIN Presswire, Everyone's Internet News Presswire."""
    organizations = found.of_kind(ProposalKind.ORGANIZATION)
    for short in organizations:
        first, _space, tail = short.label.partition(" ")
        if not (first.isupper() and tail):
            continue
        for long in organizations:
            if long is short or long.key not in found.drafts or not long.label.endswith(tail):
                continue
            spelt = re.sub(r"['’]s\b", "", long.label[: -len(tail)])
            if spelt.strip() and spells(first, spelt):
                found.merge(short, long)


def _names_an_organization(words: list[str]) -> bool:
    """Tell whether a name's words make it an organization's.

    An organization word ends the name or starts it (Paris Peace Forum, Palais des
    Nations), or stands before its purpose (Peres Center for Peace and Innovation).
    """
    if words[0] in ("government", "ministry") and len(words) < 3:
        return False
    if words[-1] in ORGANIZATION_WORDS or words[0] in ORGANIZATION_WORDS:
        return True
    return any(
        word in ORGANIZATION_WORDS and following in ("for", "of", "to", "on")
        for word, following in pairwise(words)
    )


# Words that stand before a name in a sentence or a wire's footer, never inside one.
_LEADING_NOISE = frozenset(
    {"a", "an", "at", "about", "source", "contact", "media", "press", "note"}
)


def _trim_name(name: str) -> str:
    """Take the sentence's own words off a name's ends: "The event", "At the …"."""
    # A name does not run over a sentence's end (… Innovation. The forum …).
    name = re.split(r"(?<!\bInc)(?<!\bLtd)(?<!\bSt)(?<!\bDr)(?<!\bMr)(?<!\bMs)\.\s", name)[0]
    words = name.split()
    while words and (fold(words[0]) in NAME_CONNECTORS or fold(words[0]) in _LEADING_NOISE):
        words.pop(0)
    while words and fold(words[-1]) in NAME_CONNECTORS:
        words.pop()
    trimmed = " ".join(words).strip(" ,;:")
    return trimmed if trimmed.endswith(("Inc.", "Ltd.")) else trimmed.rstrip(".")


def _organization(
    found: Collector,
    name: str,
    at: int,
    acronym: str | None = None,
    kind: OrganizationKind | None = None,
) -> Draft:
    known = KNOWN_BODIES.get(name)
    if known is not None and acronym is None:  # "G7" alone: the name the world knows
        name, kind, acronym = known[0], known[1], name
    aliases = (acronym,) if acronym else ()
    return found.add(
        ProposalKind.ORGANIZATION,
        name,
        {"name": name, "acronym": acronym, "kind": kind or organization_kind(name)},
        at,
        aliases,
    )


def government(found: Collector, code: str, at: int) -> Draft:
    """Propose the government of a country (Government of Brazil)."""
    name = f"Government of {country_name(code)}"
    return found.add(
        ProposalKind.ORGANIZATION,
        name,
        {"name": name, "kind": OrganizationKind.GOVERNMENT, "country": code},
        at,
        (f"gov:{code}",),
    )


_AGENTS = re.compile(
    r"\b(?:convened|organi[sz]ed|co-organi[sz]ed|hosted|funded|sponsored|supported|endorsed)"
    r"\s+by\s+(?P<names>[^.;:()\n]+)"
)
_COUNTRY_LIST = re.compile(
    r"(?i:(?P<trigger>ministers?|delegations?|representatives?|governments?|states?|leaders?"
    r"|diplomats?|officials?|envoys?|ambassadors?))"
    r"\s+(?:from|of)\s+(?P<list>[^.;:()]+)"
)
_CO_CHAIRED = re.compile(r"co-chaired by (?P<list>[^.;:()]+)")
_NOT_PRESENT = re.compile(
    r"(?:were|was)\s+present,?\s+but\s+not\s+(?P<list>[^.;:()\n]+)", re.IGNORECASE
)
_ADJECTIVES = "|".join(w.capitalize() for w in DEMONYMS)
_DEMONYM_BODY = re.compile(
    rf"\b(?P<adjective>{_ADJECTIVES})\s+"
    r"(?P<body>government|President|Prime Minister|Foreign Minister|presidency)\b"
)


def countries_listed(text: str) -> list[tuple[str, int]]:
    """Read "Brazil, Switzerland, …, Egypt and Turkey": codes with their offsets, in order.

    Reading stops at the first item that is not a country, so a list ends where it does.
    """
    codes: list[tuple[str, int]] = []
    position = 0
    for item in re.split(r"(,\s*(?:and\s+)?|\s+and\s+|\s+or\s+)", text):
        if re.fullmatch(r",\s*(?:and\s+)?|\s+and\s+|\s+or\s+", item or ""):
            position += len(item)
            continue
        # The last item may run on into the sentence: "… and Jordan at the Palais des Nations".
        head = re.split(r"\s+(?=[a-z])(?!the\b)", item.strip(), maxsplit=1)[0]
        code = country_code(item.strip()) or country_code(head)
        if code is None:
            break
        if code not in (c for c, _ in codes):
            codes.append((code, position + len(item) - len(item.lstrip())))
        position += len(item)
    return codes


def find_governments(found: Collector) -> dict[str, list[tuple[Draft, int]]]:
    """Propose the governments a document shows taking part, staying away, or co-chairing.

    Returns the drafts by part: "delegate", "absent", "co_chair", "named".
    """
    text = found.text
    parts: dict[str, list[tuple[Draft, int]]] = {"delegate": [], "absent": [], "co_chair": []}
    for pattern, part in (
        (_COUNTRY_LIST, "delegate"),
        (_CO_CHAIRED, "co_chair"),
        (_NOT_PRESENT, "absent"),
    ):
        for match in pattern.finditer(text):
            if part == "delegate" and match.group("trigger").startswith(("state", "leader")):
                continue  # "adopted by 147 states of …" counts; it names no one
            start = match.start("list")
            for code, offset in countries_listed(match.group("list")):
                parts[part].append((government(found, code, start + offset), start + offset))
    parts["named"] = []
    for match in _DEMONYM_BODY.finditer(text):
        code = DEMONYMS[match.group("adjective").casefold()]
        parts["named"].append((government(found, code, match.start()), match.start()))
    return parts


_TITLE_PREFIX = r"(?:Co-|Deputy\s+|Vice[- ]|Acting\s+|Senior\s+|State\s+)?"
# Titles written in lower case after a name: "Leila Mansour, founder of …".
_LOWER_TITLES = (
    r"(?:founder|co-founder|director|researcher|professor|lecturer|chair|president|"
    r"coordinator|spokesperson|editor|correspondent|journalist|member|head|secretary)"
)


def find_people(found: Collector) -> list[tuple[Draft, int]]:
    """Propose the people a document names; return each mention with its offset."""
    text = found.text
    mentions: list[tuple[Draft, int]] = []
    title_before = re.compile(
        rf"(?P<title>(?:(?:{'|'.join(w.capitalize() for w in DEMONYMS)})\s+)?"
        rf"{_TITLE_PREFIX}(?:{TITLE.pattern})"
        rf"(?:\s+(?:for|of)\s+{_INNER_WORD}(?:\s+(?:and\s+)?{_INNER_WORD})*)?)"
        rf"(?:(?<=Dr)\.|(?<=Mr)\.|(?<=Ms)\.|(?<=Mrs)\.|(?<=Prof)\.)?,?\s+(?P<name>{PERSON})"
    )
    for match in title_before.finditer(text):
        name = match.group("name")
        if _is_person_name(name) and ". " not in match.group("title"):  # one sentence
            title = _clean_title(match.group("title"))
            mentions.append(
                (_person(found, name, match.start("name"), title=title), match.start("name"))
            )
    title_after = re.compile(
        rf"(?P<name>{PERSON}),\s+(?:(?P<owner>{_WORD})['’]s\s+)?"
        rf"(?P<title>(?:{_WORD}\s+){{0,2}}{_TITLE_PREFIX}(?:{TITLE.pattern})(?:\s+{_WORD})*?"
        rf"|(?:[a-z]+\s+)?{_LOWER_TITLES})"
        rf"(?:\s+(?:of|at)\s+(?:the\s+)?(?P<org>{_INNER_WORD}(?:\s+(?:{_CONNECT}\s+)?{_INNER_WORD})*))?"
        rf"(?=[,.;\s])"
    )
    for match in title_after.finditer(text):
        name = match.group("name")
        if not _is_person_name(name):
            continue
        organization = match.group("owner") or match.group("org")
        draft = _person(found, name, match.start("name"), title=match.group("title"))
        if organization:
            _affiliate(found, draft, organization, match.start("name"))
        mentions.append((draft, match.start("name")))
    for match in re.finditer(
        rf"{_SPEECH}\s+(?P<name>{PERSON})|(?P<name2>{PERSON})\s+{_SPEECH}", text
    ):
        name = match.group("name") or match.group("name2")
        start = match.start("name") if match.group("name") else match.start("name2")
        if _is_person_name(name) and not _inside_longer_name(text, start, name):
            mentions.append((_person(found, name, start), start))
    mentions.extend(_contact_lines(found))
    mentions.extend(_signature(found))
    mentions.extend(_bylines(found))
    surname_only = re.compile(
        rf"\b(?:{TITLE.pattern})\s+(?P<surname>{_PERSON_WORD})\b(?!\s+{_PERSON_WORD})"
    )
    for match in surname_only.finditer(text):  # "President Macron": a person already named
        for draft in found.of_kind(ProposalKind.PERSON):
            if draft.fields.get("family_name") == match.group("surname"):
                mentions.append((draft, match.start("surname")))
    return sorted(mentions, key=lambda m: m[1])


def _inside_longer_name(text: str, start: int, name: str) -> bool:
    """Tell whether a name is the tail of a longer one (… Ministry of Foreign Affairs said)."""
    before = text[max(0, start - 40) : start]
    return bool(re.search(rf"(?:{_WORD})\s+(?:{_CONNECT}\s+)+$", before))


def _is_person_name(name: str) -> bool:
    words = name.split()
    if len(words) < 2:
        return False
    parts = [part for word in words for part in re.split(r"[-'’]", fold(word))]
    if any(p in _NOT_NAME_WORDS or p in ORGANIZATION_WORDS for p in parts):
        return False
    if any(TITLE.fullmatch(word) for word in words[1:]) or fold(words[0]) in DEMONYMS:
        return False  # "Jordanian Director" is a title, not a name
    return country_code(name) is None and not any(country_code(w) for w in words)


def _clean_title(title: str) -> str:
    words = title.split()
    if words and fold(words[0]) in DEMONYMS:  # "French President": President, of France
        words = words[1:]
    return " ".join(words)


HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "prof", "professor", "sir", "dame"})


def _person(found: Collector, name: str, at: int, title: str | None = None) -> Draft:
    words = name.split()
    prefix = None
    while len(words) > 2 and TITLE.fullmatch(words[0].rstrip(".")):
        # "Ambassador Pierre-Christophe Chatzisavas, head of …": the title is not a name.
        title = title or words[0].rstrip(".")
        words = words[1:]
    if title and fold(title.rstrip(".")) in HONORIFICS:
        prefix, title = title.rstrip("."), None  # Dr. is how to address her, not her job
    name = " ".join(words)
    fields = {
        "given_name": " ".join(words[:-1]),
        "family_name": words[-1],
        "job_title": title,
        "prefix": prefix,
    }
    draft = found.add(ProposalKind.PERSON, name, fields, at)
    if title and title.startswith("Minister for "):  # the ministry is an organization too
        ministry = _organization(
            found, "Ministry" + title.removeprefix("Minister"), at, kind=OrganizationKind.MINISTRY
        )
        draft.fields.setdefault("organization", ministry.key)
    return draft


def _affiliate(found: Collector, person: Draft, organization: str, at: int) -> None:
    organization = _trim_name(organization)
    draft = found.find(ProposalKind.ORGANIZATION, organization)
    if draft is None:
        draft = _organization(found, organization, at)
    if not person.fields.get("organization"):
        person.fields["organization"] = draft.key


_CONTACT_LINE = re.compile(rf"^(?P<name>{PERSON})\s+[-–—]\s+(?P<org>[^\n]+)$", re.MULTILINE)
_NAME_LINE = re.compile(
    rf"^(?P<name>{PERSON})[ \t]*\n(?P<org>[^\n]+)\n(?P<detail>[^\n]+)$", re.MULTILINE
)
_SIGNATURE = re.compile(
    rf"^(?P<name>{PERSON})[ \t]*\n\s*\((?P<org>[^,)\n]+)(?:,\s*(?P<department>[^)\n]+))?\)\s*$",
    re.MULTILINE,
)


_BYLINE = re.compile(rf"^By\s+(?P<name>{PERSON})(?:,\s*(?P<org>[^\n]+))?$", re.MULTILINE)
_PRESS_LEAD = re.compile(
    rf"(?:Press enquiries|Press inquiries|Media enquiries|Media inquiries|Media contact|"
    rf"Press contact|Contact)\s*:\s*(?P<name>{PERSON})(?:,\s*(?P<org>[^,\n]+))?",
)


def _bylines(found: Collector) -> list[tuple[Draft, int]]:
    """Read an article's byline and a press contact's lead line.

    "By Samira Nassar, Regional Observer"; "Press enquiries: Rania Odeh, JOHUD communications".
    """
    mentions = []
    for match in _BYLINE.finditer(found.text):
        if _is_person_name(match.group("name")):
            draft = _person(found, match.group("name"), match.start("name"))
            draft.fields["is_author"] = True
            if match.group("org"):
                org = _organization(found, match.group("org").strip(), match.start("org"))
                org.fields.setdefault("kind", OrganizationKind.MEDIA)
                draft.fields.setdefault("organization", org.key)
            mentions.append((draft, match.start("name")))
    for match in _PRESS_LEAD.finditer(found.text):
        if not _is_person_name(match.group("name")):
            continue
        draft = _person(found, match.group("name"), match.start("name"))
        draft.fields["is_press"] = True
        draft.fields.setdefault("job_title", "Press contact")
        org_text = (match.group("org") or "").strip()
        org_name = re.split(r"\s+(?=[a-z])", org_text, maxsplit=1)[0]  # "JOHUD communications"
        known = found.find(ProposalKind.ORGANIZATION, org_name) if org_name else None
        if known is not None:
            draft.fields.setdefault("organization", known.key)
        mentions.append((draft, match.start("name")))
    return mentions


def _contact_lines(found: Collector) -> list[tuple[Draft, int]]:
    """A release's contact lines: "Name - Organization", or a name over its organization."""
    mentions = []
    for match in _CONTACT_LINE.finditer(found.text):
        if _is_person_name(match.group("name")):
            draft = _person(found, match.group("name"), match.start())
            _affiliate(found, draft, match.group("org").strip(), match.start("org"))
            mentions.append((draft, match.start()))
    for match in _NAME_LINE.finditer(found.text):
        detail = match.group("detail")
        if _is_person_name(match.group("name")) and re.search(r"[@+]|\d{3}", detail):
            draft = _person(found, match.group("name"), match.start())
            _affiliate(found, draft, match.group("org").strip(), match.start("org"))
            mentions.append((draft, match.start()))
    return mentions


def _signature(found: Collector) -> list[tuple[Draft, int]]:
    """An article's signature: the author's name over (Organization, Department)."""
    mentions = []
    for match in _SIGNATURE.finditer(found.text):
        if not _is_person_name(match.group("name")):
            continue
        draft = _person(found, match.group("name"), match.start())
        draft.fields["is_author"] = True
        _affiliate(found, draft, match.group("org").strip(), match.start("org"))
        department = match.group("department")
        if department:
            draft.fields.setdefault("department", department.strip())
        mentions.append((draft, match.start()))
    return mentions


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PRESS_BLOCK = 0.25  # a press release's contact lines stand in its first quarter or its last


def find_contact_details(found: Collector, people: list[tuple[Draft, int]], region: str) -> None:
    """Give each email and phone number to the person named just before it."""
    text = found.text
    details: list[tuple[int, str, str]] = []
    for match in _EMAIL.finditer(text):
        details.append((match.start(), "emails", match.group().rstrip(".").lower()))
    for number in phonenumbers.PhoneNumberMatcher(text, region):
        e164 = phonenumbers.format_number(number.number, phonenumbers.PhoneNumberFormat.E164)
        details.append((number.start, "phones", f"{number.raw_string}\t{e164}"))
    for offset, field_name, value in sorted(details):
        before = [(d, at) for d, at in people if at <= offset and offset - at <= 400]
        if not before:
            continue
        person = max(before, key=lambda m: m[1])[0]
        values = person.fields.setdefault(field_name, [])
        if value not in values:
            values.append(value)
        in_contact_block = offset < PRESS_BLOCK * len(text) or offset > (1 - PRESS_BLOCK) * len(
            text
        )
        if found.document.kind.value == "press_release" and in_contact_block:
            person.fields["is_press"] = True
            person.fields.setdefault("job_title", "Press contact")
