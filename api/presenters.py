"""GOV.UK component parameters for the API token pages and the documentation page."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from workwell.dates import govuk_date, govuk_datetime

from .pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

__all__ = ["DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "endpoint_rows", "filter_rows", "token_table"]

FILTERS = ("quarter", "vanguard", "region", "updated_since")


def _status(token, now) -> dict:
    if token.revoked_at is not None:
        return {"text": "Revoked", "classes": "govuk-tag--grey"}
    if token.expires_at <= now:
        return {"text": "Expired", "classes": "govuk-tag--grey"}
    return {"text": "Active", "classes": "govuk-tag--green"}


def token_table(tokens, *, now, show_owner: bool) -> dict | None:
    """Tokens as a table: name (and owner), prefix, made, last used, expires, status, and a
    revoke link while it is active; None when there are none."""
    tokens = list(tokens)
    if not tokens:
        return None
    caption = "Everyone’s API tokens" if show_owner else "Your API tokens"
    head = [{"text": "Name"}]
    if show_owner:
        head.append({"text": "Owner"})
    head += [
        {"text": "Starts with"},
        {"text": "Created"},
        {"text": "Last used"},
        {"text": "Expires"},
        {"text": "Status"},
        {"html": '<span class="govuk-visually-hidden">Action</span>'},
    ]
    rows = []
    for token in tokens:
        status = _status(token, now)
        revoke = (
            format_html(
                '<a class="govuk-link" href="{}">Revoke<span class="govuk-visually-hidden"> '
                "{}</span></a>",
                reverse("api_tokens:revoke", args=[token.pk]),
                # Everyone's list may hold two owners' tokens of one name: say whose.
                f"{token.name} of {token.owner.full_name}" if show_owner else token.name,
            )
            if status["text"] == "Active"
            else ""
        )
        row = [{"text": token.name}]
        if show_owner:
            row.append({"text": f"{token.owner.full_name} ({token.owner.email})"})
        row += [
            {"html": format_html("<code>{}…</code>", f"wwp_{token.prefix}")},
            {"text": govuk_date(token.created_at)},
            {"text": govuk_datetime(token.last_used_at) if token.last_used_at else "Never"},
            {"text": govuk_date(token.expires_at)},
            {
                "html": format_html(
                    '<strong class="govuk-tag {}">{}</strong>', status["classes"], status["text"]
                )
            },
            {"html": revoke},
        ]
        rows.append(row)
    return {
        "caption": caption,
        "captionClasses": "govuk-table__caption--m",
        "head": head,
        "rows": rows,
        "classes": "govuk-table--small-text-until-tablet",
    }


PERIODS = {"s": "second", "m": "minute", "h": "hour", "d": "day"}


def rate_in_words(rate: str) -> str:
    """A DRF rate ("120/minute") as words: "120 requests a minute"."""
    number, period = rate.split("/")
    return f"{number} requests a {PERIODS.get(period[:1], period)}"


def endpoint_rows(endpoints) -> dict:
    """The documentation page's table of endpoints."""
    return {
        "caption": "Endpoints",
        "captionClasses": "govuk-table__caption--m",
        "head": [{"text": "Address"}, {"text": "What it returns"}],
        "rows": [
            [
                {"html": format_html("<code>GET {}</code>", endpoint.path)},
                {"text": endpoint.summary},
            ]
            for endpoint in endpoints
        ],
    }


def filter_rows(endpoints) -> dict:
    """Which list takes which filter, from the schema."""
    lists = [endpoint for endpoint in endpoints if not endpoint.has_id]
    rows = []
    for name in FILTERS:
        takes = [e for e in lists if any(p == name for p, _d in e.parameters)]
        if not takes:
            continue
        meanings = {}
        for endpoint in takes:
            meaning = next(d for p, d in endpoint.parameters if p == name)
            meanings.setdefault(meaning, []).append(endpoint.name)
        if len(meanings) == 1:
            meaning_html = format_html("{}", next(iter(meanings)))
        else:  # the quarter: each list says which of its dates counts
            meaning_html = format_html_join(
                mark_safe("<br>"), "{}: {}", ((", ".join(n), m) for m, n in meanings.items())
            )
        rows.append(
            [
                {"html": format_html("<code>{}</code>", name)},
                {"html": meaning_html},
                {"text": ", ".join(e.name for e in takes)},
            ]
        )
    return {
        "caption": "Filters",
        "captionClasses": "govuk-table__caption--m",
        "head": [{"text": "Parameter"}, {"text": "Meaning"}, {"text": "Lists"}],
        "rows": rows,
    }
