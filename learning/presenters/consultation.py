"""Consultation comments and panel reviews as GOV.UK component params (no queries here)."""

from functools import lru_cache

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from workwell.dates import govuk_date
from workwell.govuk import render_component

from ..models import ConsultationComment

Status = ConsultationComment.Status
COMMENT_TAG_CLASSES = {
    Status.OPEN: "govuk-tag--blue",
    Status.ACCEPTED: "govuk-tag--green",
    Status.DECLINED: "govuk-tag--orange",
    Status.ANSWERED: "govuk-tag--purple",
}
NST = "National Support Team"


def comment_tag(comment) -> dict:
    return {"text": comment.get_status_display(), "classes": COMMENT_TAG_CLASSES[comment.status]}


@lru_cache(maxsize=16)
def _tag_html(text: str, classes: str) -> SafeString:
    # A handful of distinct tags on every row of the list: rendered once each.
    return render_component("tag", {"text": text, "classes": classes})


def comment_tag_html(comment) -> SafeString:
    tag = comment_tag(comment)
    return _tag_html(tag["text"], tag["classes"])


def comment_about(comment) -> str:
    return comment.item_title or "The whole version"


def comment_from(comment) -> str:
    """ "Mem Alpha, Alpha Vanguard" or "Lee Learning, National Support Team"."""
    where = comment.vanguard.name if comment.vanguard_id else NST
    return f"{comment.author}, {where}"


def led_to_html(comment, *, yours: bool) -> SafeString:
    """ "Your comment led to this change: <item> in version 0.4", linked to the item."""
    item = comment.led_to
    url = reverse("learning:toolkit_item", args=[item.version.number, item.pk])
    whose = "Your comment" if yours else "This comment"
    return format_html(
        '{} led to this change: <a class="govuk-link" href="{}">{}</a> in version {}',
        whose,
        url,
        item.title,
        item.version.number,
    )


def comment_summary_rows(comment, *, viewer) -> list[dict]:
    rows = [
        {"key": {"text": "About"}, "value": {"text": comment_about(comment)}},
        {"key": {"text": "From"}, "value": {"text": comment_from(comment)}},
        {"key": {"text": "Sent"}, "value": {"text": govuk_date(comment.created_at)}},
        {"key": {"text": "Status"}, "value": {"html": comment_tag_html(comment)}},
    ]
    if comment.response:
        label = "Reason for declining" if comment.status == Status.DECLINED else "Answer"
        rows.append({"key": {"text": label}, "value": {"text": comment.response}})
    if comment.is_answered and comment.answered_at:
        answered = f"{comment.answered_by}, {govuk_date(comment.answered_at)}"
        rows.append({"key": {"text": "Answered by"}, "value": {"text": answered}})
    if comment.led_to_id:
        rows.append(
            {
                "key": {"text": "Change"},
                "value": {"html": led_to_html(comment, yours=comment.author_id == viewer.pk)},
            }
        )
    return rows


def comment_count_text(counts: dict[str, int]) -> str:
    """ "12 comments: 3 waiting for an answer, 4 accepted, 2 declined, 3 answered"."""
    total = sum(counts.values())
    if not total:
        return "No comments yet"
    parts = [f"{counts[status]} {Status(status).label.lower()}" for status in Status.values]
    noun = "comment" if total == 1 else "comments"
    return f"{total} {noun}: " + ", ".join(parts)


def led_to_note(comments, *, viewer) -> SafeString:
    """On a changed item (its page, the comparison): the accepted comments that led to it,
    "Your comment led to this change" first when the viewer wrote one."""
    if not comments:
        return SafeString("")
    if any(comment.author_id == viewer.pk for comment in comments):
        lead = "Your comment led to this change"
    elif len(comments) == 1:
        lead = "A consultation comment led to this change"
    else:
        lead = f"{len(comments)} consultation comments led to this change"
    links = format_html_join(
        ", ",
        '<a class="govuk-link" href="{}">comment from {}</a>',
        (
            (reverse("learning:comment_detail", args=[comment.pk]), comment_from(comment))
            for comment in comments
        ),
    )
    return format_html("{}: {}.", lead, links)


def drawn_reviews(reviews: list, *, show_reviewers: bool) -> SafeString:
    """A version's panel reviews (selectors.panels.version_reviews) as its page shows them."""
    return render_to_string(
        "learning/consultation/_version_reviews.html",
        {"reviews": reviews, "show_reviewers": show_reviewers},
    )
