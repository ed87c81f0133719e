"""The words intake's rules know: what makes a name an organization's, a title, a country.

Kept short and general on purpose: the rules must work on documents they were not written
for, and what a team's database already knows (its organizations and people) does the rest.
"""

from __future__ import annotations

import re
from functools import cache

import pycountry

from crm.domain.enums import OrganizationKind
from crm.domain.text import fold

# The last (or first) word of a name that makes it an organization's, and the kind it hints.
ORGANIZATION_WORDS: dict[str, OrganizationKind] = {
    "alliance": OrganizationKind.NETWORK,
    "coalition": OrganizationKind.NETWORK,
    "network": OrganizationKind.NETWORK,
    "forum": OrganizationKind.NGO,
    "institute": OrganizationKind.NGO,
    "foundation": OrganizationKind.FOUNDATION,
    "fund": OrganizationKind.FOUNDATION,
    "association": OrganizationKind.NGO,
    "movement": OrganizationKind.NGO,
    "initiative": OrganizationKind.NGO,
    "centre": OrganizationKind.NGO,
    "center": OrganizationKind.NGO,
    "council": OrganizationKind.NGO,
    "committee": OrganizationKind.NGO,
    "union": OrganizationKind.TRADE_UNION,
    "confederation": OrganizationKind.TRADE_UNION,
    "federation": OrganizationKind.NGO,
    "university": OrganizationKind.ACADEMIC,
    "ministry": OrganizationKind.MINISTRY,
    "government": OrganizationKind.GOVERNMENT,
    "nations": OrganizationKind.INTERGOVERNMENTAL,
    "presswire": OrganizationKind.MEDIA,
    "news": OrganizationKind.MEDIA,
    "times": OrganizationKind.MEDIA,
    "agency": OrganizationKind.NGO,
    "delegation": OrganizationKind.INTERGOVERNMENTAL,
    "observer": OrganizationKind.MEDIA,
    "inc": OrganizationKind.COMPANY,
    "ltd": OrganizationKind.COMPANY,
    "gmbh": OrganizationKind.COMPANY,
    "palais": OrganizationKind.VENUE,
    "palace": OrganizationKind.VENUE,
    "hall": OrganizationKind.VENUE,
    "hotel": OrganizationKind.VENUE,
    "confederazione": OrganizationKind.TRADE_UNION,
    "group": OrganizationKind.NGO,
    "commission": OrganizationKind.INTERGOVERNMENTAL,
    "authority": OrganizationKind.GOVERNMENT,
}
# Words that may sit inside a name without a capital: Alliance for Middle East Peace.
NAME_CONNECTORS = frozenset(
    {"for", "of", "the", "and", "de", "du", "des", "la", "le", "del", "di", "in", "on", "l", "d"}
)
# Bodies so widely known by their short names that a document rarely spells them out.
KNOWN_BODIES: dict[str, tuple[str, OrganizationKind]] = {
    "G7": ("Group of Seven", OrganizationKind.INTERGOVERNMENTAL),
    "G20": ("Group of Twenty", OrganizationKind.INTERGOVERNMENTAL),
    "UN": ("United Nations", OrganizationKind.INTERGOVERNMENTAL),
    "UNGA": ("United Nations General Assembly", OrganizationKind.INTERGOVERNMENTAL),
    "EU": ("European Union", OrganizationKind.INTERGOVERNMENTAL),
    "NATO": ("North Atlantic Treaty Organization", OrganizationKind.INTERGOVERNMENTAL),
    "OSCE": (
        "Organization for Security and Co-operation in Europe",
        OrganizationKind.INTERGOVERNMENTAL,
    ),
    "AU": ("African Union", OrganizationKind.INTERGOVERNMENTAL),
    "ASEAN": ("Association of Southeast Asian Nations", OrganizationKind.INTERGOVERNMENTAL),
    "UNESCO": (
        "United Nations Educational, Scientific and Cultural Organization",
        OrganizationKind.INTERGOVERNMENTAL,
    ),
    "UNRWA": (
        "United Nations Relief and Works Agency for Palestine Refugees",
        OrganizationKind.INTERGOVERNMENTAL,
    ),
}
# Titles that stand before a name (President Emmanuel Macron) or after it (…, Director of X).
TITLE_WORDS = (
    "President",
    "Prime Minister",
    "Minister",
    "Deputy Minister",
    "Foreign Minister",
    "Secretary-General",
    "Secretary General",
    "Secretary of State",
    "State Secretary",
    "Secretary",
    "Ambassador",
    "Special Envoy",
    "Envoy",
    "Executive Director",
    "Regional Director",
    "Managing Director",
    "Director-General",
    "Director General",
    "Director",
    "Chair",
    "Chairman",
    "Chairwoman",
    "Chairperson",
    "Co-Chair",
    "Founder",
    "Co-founder",
    "Co-Founder",
    "CEO",
    "Chief Executive",
    "Spokesperson",
    "Spokesman",
    "Spokeswoman",
    "Senator",
    "Mayor",
    "Governor",
    "King",
    "Queen",
    "Prince",
    "Rabbi",
    "Sheikh",
    "Professor",
    "Head",
    "Coordinator",
    "Programme Manager",
    "Program Manager",
    "Manager",
    "Communications Officer",
    "Officer",
    "Representative",
    "Advisor",
    "Adviser",
    "Editor",
    "Correspondent",
    "Journalist",
    "Dr",
    "Mr",
    "Mrs",
    "Ms",
)
_TITLE_PATTERN = "|".join(re.escape(t) for t in sorted(TITLE_WORDS, key=len, reverse=True))
TITLE = re.compile(rf"\b(?:{_TITLE_PATTERN})\b")
# Adjectives of countries a document uses for their governments ("the French government").
DEMONYMS = {
    "american": "US",
    "british": "GB",
    "canadian": "CA",
    "egyptian": "EG",
    "french": "FR",
    "german": "DE",
    "irish": "IE",
    "israeli": "IL",
    "italian": "IT",
    "jordanian": "JO",
    "norwegian": "NO",
    "palestinian": "PS",
    "qatari": "QA",
    "saudi": "SA",
    "spanish": "ES",
    "swiss": "CH",
    "turkish": "TR",
    "emirati": "AE",
}
_EXTRA_COUNTRY_NAMES = {"turkey": "TR", "the united arab emirates": "AE", "uae": "AE"}


@cache
def country_codes() -> dict[str, str]:
    """Map every country's folded English names (official, common, short) to its code."""
    names: dict[str, str] = dict(_EXTRA_COUNTRY_NAMES)
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                names[fold(value)] = country.alpha_2
    return names


def country_code(name: str) -> str | None:
    """Return the code of a country named in text (Brazil, the United Arab Emirates)."""
    folded = fold(name.strip())
    codes = country_codes()
    return codes.get(folded) or codes.get(folded.removeprefix("the "))


@cache
def country_name(code: str) -> str:
    """The English name a government is called by: Government of Türkiye, of Iceland."""
    country = pycountry.countries.get(alpha_2=code)
    name = str(getattr(country, "common_name", None) or getattr(country, "name", code))
    return {"AE": "the United Arab Emirates", "US": "the United States"}.get(code, name)


def organization_kind(name: str) -> OrganizationKind | None:
    """Guess an organization's kind from its name's words; None when no word says."""
    words = re.findall(r"\w+", fold(name))
    if words and ORGANIZATION_WORDS.get(words[0]) is OrganizationKind.VENUE:
        return OrganizationKind.VENUE  # Palais des Nations is a place, not the nations
    for word in (words[-1:] + words[:1]) if words else []:
        if word in ORGANIZATION_WORDS:
            return ORGANIZATION_WORDS[word]
    for word in words:
        if word in ORGANIZATION_WORDS:
            return ORGANIZATION_WORDS[word]
    return None
