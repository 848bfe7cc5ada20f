"""GOV.UK component parameters (and small marked-up fragments) for the toolkit pages."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from workwell.tables import ESCAPES, choice_labels, url_once

from ..models import ToolkitItem, ToolkitVersion
from ..models.toolkit import VERSION_NUMBER
from ..selectors.toolkit import Comparison, WordChange

Status = ToolkitVersion.Status

STATUS_TAG_CLASSES = {
    Status.DRAFT: "govuk-tag--grey",
    Status.CONSULTATION: "govuk-tag--yellow",
    Status.PUBLISHED: "govuk-tag--green",
    Status.SUPERSEDED: "govuk-tag--blue",
}
STATUS_EXPLAINED = {
    Status.DRAFT: "Only the learning team can see this draft.",
    Status.CONSULTATION: "Vanguards and the National Support Team can see this version and "
    "comment on it before it is published.",
    Status.PUBLISHED: "This is the current toolkit.",
    Status.SUPERSEDED: "A newer version of the toolkit has been published.",
}
# What the move button says, by the version's status now.
MOVE_ACTIONS = {
    Status.DRAFT: "Open for consultation",
    Status.CONSULTATION: "Publish this version",
}

# What the confirmation page says will happen.
MOVE_CONSEQUENCES = {
    Status.DRAFT: "Vanguard members and the National Support Team will be able to read this "
    "version and comment on it. You can still change its items during the consultation.",
    Status.CONSULTATION: "This version becomes the toolkit everyone sees, and the version "
    "published before it is marked as superseded. Once published, it can never be changed.",
}
MOVED_MESSAGES = {
    Status.CONSULTATION: "Version {n} is now open for consultation.",
    Status.PUBLISHED: "Version {n} has been published.",
}


def status_tag(version: ToolkitVersion) -> dict:
    return {"text": version.get_status_display(), "classes": STATUS_TAG_CLASSES[version.status]}


def version_label(version: ToolkitVersion) -> str:
    """'Version 0.3 (2025/26 Q1)'."""
    return f"Version {version.number} ({version.quarter})"


def version_header(version: ToolkitVersion, *, previous: ToolkitVersion | None) -> dict:
    """What the top of a version's page shows: its status, what that means, the learning
    team's next step for it, and the version to compare it with."""
    return {
        "status_tag": status_tag(version),
        "status_explained": STATUS_EXPLAINED[version.status],
        "move_action": MOVE_ACTIONS.get(version.status),
        "previous": previous,
    }


def version_page_urls(version: ToolkitVersion, *, current: bool) -> dict:
    """A version page's links: its PDF, and clearing its search and filters (back to
    /learning/toolkit/ when the published version is read there, `current`)."""
    published = version.status == ToolkitVersion.Status.PUBLISHED
    return {
        "pdf_url": url_once("learning:toolkit_pdf", version.number),
        "clear_url": url_once("learning:toolkit")
        if published and current
        else url_once("learning:toolkit_version", version.number),
    }


def version_list_rows(versions: list[ToolkitVersion], *, shown: ToolkitVersion | None) -> list:
    """The versions the user may see, newest first, as links (the shown one is not a link)."""
    url = version_urls()
    statuses = choice_labels(ToolkitVersion.status.field)
    return [
        {
            "label": version_label(version),
            "url": url(version.number),
            "status": statuses[version.status],
            "current": shown is not None and version.pk == shown.pk,
        }
        for version in versions
    ]


def version_list_items(rows: list[dict]) -> SafeString:
    """The versions list's `<li>` items (`version_list_rows`), written as the Django template
    loop wrote them, whitespace and all (a loop costs about 30 Python calls a lookup, a tenth
    of the toolkit page); tests/learning/test_learning_lists_fast.py renders both."""
    items = []
    for row in rows:
        label = row["label"].translate(ESCAPES)
        if row["current"]:
            shown = f"<strong>{label}</strong>"
        else:
            shown = f'<a class="govuk-link" href="{row["url"].translate(ESCAPES)}">{label}</a>'
        items.append(f"\n  <li>{shown}: {row['status'].lower().translate(ESCAPES)}</li>\n  ")
    return SafeString("".join(items))


def version_urls():
    """`lambda number: reverse("learning:toolkit_version", args=[number])`, reversing once for
    the page rather than once a version (a number is digits and one dot: nothing to quote)."""
    before, after = reverse("learning:toolkit_version", args=["0.0"]).rsplit("0.0", 1)

    def url(number: str) -> str:
        if VERSION_NUMBER.fullmatch(number):
            return f"{before}{number}{after}"
        return reverse("learning:toolkit_version", args=[number])

    return url


def item_summary_rows(item: ToolkitItem) -> list[dict]:
    bands = ", ".join(band.capitalize() for band in item.bands) or "Any"
    dimensions = ", ".join(d.name for d in item.dimension_list) or "None"
    rows = [
        {"key": {"text": "Kind"}, "value": {"text": item.get_kind_display()}},
        {
            "key": {"text": "Programme themes"},
            "value": {"text": ", ".join(t.name for t in item.theme_list) or "Not tagged"},
        },
        {"key": {"text": "Maturity dimensions"}, "value": {"text": dimensions}},
        {"key": {"text": "Serves vanguards that are"}, "value": {"text": bands}},
    ]
    if item.offer_list:
        offers = format_html_join(
            ", ",
            '<a class="govuk-link" href="{}">{}</a>',
            ((reverse("offers:detail", args=[o.pk]), o.title) for o in item.offer_list),
        )
        rows.append({"key": {"text": "Support offers"}, "value": {"html": offers}})
    return rows


def item_resource(item: ToolkitItem, *, number: str) -> SafeString | str:
    """The item's file or link, as a link (FutureNHS links open in the same tab, as GOV.UK
    advises)."""
    if item.file:
        return format_html(
            '<a class="govuk-link" href="{}">Download {}</a>',
            reverse("learning:toolkit_item_file", args=[number, item.pk]),
            item.download_name,
        )
    if item.link_url:
        return format_html(
            '<a class="govuk-link" href="{}" rel="noopener noreferrer">{}</a>',
            item.link_url,
            item.link_text or item.link_url,
        )
    return ""


# --- What changed ---------------------------------------------------------------------------


def comparison_summary(comparison: Comparison) -> str:
    """'3 added, 1 removed, 4 changed' (and how many stayed the same)."""
    parts = [
        f"{len(comparison.added)} added",
        f"{len(comparison.removed)} removed",
        f"{len(comparison.changed)} changed",
    ]
    return ", ".join(parts) + f" ({comparison.unchanged} unchanged)"


def marked_words(words: list[WordChange]) -> SafeString:
    """The new text with removed words struck out and added words marked, each run with
    visually-hidden words for screen readers (which do not announce <ins> and <del>)."""
    parts = []
    for run in words:
        if not run.text.strip():  # a line break added or removed: shown, not announced
            parts.append(run.text)
        elif run.kind == "added":
            parts.append(
                format_html(
                    '<ins class="app-diff__added"><span class="govuk-visually-hidden">'
                    "added: </span>{}</ins>",
                    run.text,
                )
            )
        elif run.kind == "removed":
            parts.append(
                format_html(
                    '<del class="app-diff__removed"><span class="govuk-visually-hidden">'
                    "removed: </span>{}</del>",
                    run.text,
                )
            )
        else:
            parts.append(format_html("{}", run.text))
    return SafeString(" ".join(parts))


def comparison_rows(comparison: Comparison, led_to: dict | None = None) -> dict:
    """The added, removed and changed items, with their changed text marked word by word.
    `led_to`: a note per new item's id on the consultation comments that led to it."""
    led_to = led_to or {}
    return {
        "added": [
            {"title": item.title, "summary": item.summary, "led_to": led_to.get(item.pk, "")}
            for item in comparison.added
        ],
        "removed": [{"title": item.title, "summary": item.summary} for item in comparison.removed],
        "changed": [
            {
                "title": change.new.title,
                "fields": [
                    {"name": field.name, "html": marked_words(field.words)}
                    for field in change.fields
                ],
                "other": ", ".join(change.other_changes),
                "led_to": led_to.get(change.new.pk, ""),
            }
            for change in comparison.changed
        ],
    }
