"""An address checked with its domain checked once says exactly what email-validator says."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from crm.domain.validation import normalize_email

LOCAL_PIECES = st.sampled_from(
    [
        "ana",
        "Ana",
        "O'Brien",
        "a.b",
        ".",
        "..",
        "a+tag",
        "x_y",
        "info",
        "POSTMASTER",
        "é",
        "محمد",
        " ",
        '"',
        '"q"',
        "<",
        "(",
        ")",
        ",",
        "a" * 40,
        "-",
        "~",
        "=",
        "/",
        "#",
        "!",
    ]
)
DOMAIN_PIECES = st.sampled_from(
    [
        "example",
        "Example",
        "org",
        "ORG",
        "co",
        "uk",
        "münchen",
        "xn--mnchen-3ya",
        "ab--cd",
        "a" * 63,
        "a" * 64,
        "123",
        "local",
        "test",
        "localhost",
        "-bad",
        "bad-",
        "",
        "b_c",
        "gov",
        "il",
        "ps",
        "фонд",
    ]
)


def _library(text: str) -> str | None:
    try:
        return str(validate_email(text, check_deliverability=False).normalized)
    except EmailNotValidError:
        return None


@settings(max_examples=2000, deadline=None)
@given(
    local=st.lists(LOCAL_PIECES, min_size=1, max_size=5).map("".join),
    labels=st.lists(DOMAIN_PIECES, min_size=1, max_size=5),
)
def test_every_address_is_judged_as_the_library_judges_it(local: str, labels: list[str]) -> None:
    """Accepted or refused, and the normalized form, as email-validator alone would say."""
    text = f"{local}@{'.'.join(labels)}".strip()
    ours = normalize_email(text)
    theirs = _library(text)
    if theirs is None:
        assert not isinstance(ours, str), f"{text!r}: we accept what the library refuses"
    else:
        assert ours == theirs, f"{text!r}: {ours!r} != {theirs!r}"


def test_addresses_near_the_length_limit() -> None:
    """254 octets is the most an address may have, counted in every form the library counts."""
    for local_length in range(180, 200):
        domain = "b" * 60 + "." + "c" * 60 + ".org"
        text = "a" * local_length + "@" + domain
        ours = normalize_email(text)
        theirs = _library(text)
        assert (ours if isinstance(ours, str) else None) == theirs, text
